// The SSE stream of one request: headers at once, then Datastar events until the server or the client ends
// it.
#pragma once

#include <datastar/datastar_export.h>
#include <datastar/event.h>
#include <datastar/eventmethods.h>

#include <QByteArray>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QList>
#include <QObject>
#include <QPair>
#include <QtHttpServer/qthttpserverversion.h>

#include <chrono>
#include <memory>

namespace datastar {

namespace detail {
class StreamChannel;
}

// The responder parameter of a QHttpServer route handler: `QHttpServerResponder &&` up to Qt 6.7,
// `QHttpServerResponder &` from Qt 6.8 on. A handler written with it builds on both:
//     server.route("/feed", [](const QHttpServerRequest &request, datastar::RouteResponder responder) {
//         auto *stream = datastar::ServerSentEventGenerator::start(request, std::move(responder));
//         ...
//     });
#if QTHTTPSERVER_VERSION >= QT_VERSION_CHECK(6, 8, 0)
using RouteResponder = QHttpServerResponder &;
#else
using RouteResponder = QHttpServerResponder &&;
#endif

enum class Compression {
    None,
    // Used only when the request's Accept-Encoding lists br (with q > 0); every write is flushed through the
    // encoder, so nothing waits in it.
    Brotli,
};

struct StreamOptions
{
    Compression compression = Compression::None;
    BrotliOptions brotli = {}; // with Compression::Brotli
    std::chrono::milliseconds keepAliveInterval { 0 }; // a comment line this often while idle; 0: off
    // The connection's kernel send buffer (SO_SNDBUF, which Linux doubles) on a watched stream; 0 keeps the
    // system's, which Linux grows up to 4 MiB. pendingBytes() does not see what the kernel holds: a small
    // buffer makes a client that stopped reading show as behind after little data.
    int socketSendBufferBytes = 0;
    // More response headers, after the stream's own (e.g. a Set-Cookie). A header whose name or value holds
    // a line break or NUL is left out and logged.
    QList<QPair<QByteArray, QByteArray>> headers = {};
};

// A thread-safe handle on a stream that may outlive it: send() returns false once the stream is closed or
// gone. Copies refer to the same stream.
class DATASTAR_EXPORT EventSender : public EventMethods<EventSender>
{
public:
    EventSender() = default; // refers to no stream: send() returns false

    bool send(const Event &event) const;
    void close() const;
    bool isOpen() const;

private:
    friend class ServerSentEventGenerator;
    explicit EventSender(std::shared_ptr<detail::StreamChannel> channel);
    std::shared_ptr<detail::StreamChannel> m_channel;
};

// Owns the responder of a request and writes `200 text/event-stream` (Cache-Control: no-cache,
// Connection: keep-alive, Transfer-Encoding: chunked) at once, then each event as it is sent. A normal end
// (close()) writes the terminating chunk, so the client knows the stream finished rather than dropped.
//
// Threads: send(), close(), isOpen() and pendingBytes() may be called from any thread; events reach the
// socket in the order their send() calls returned, whole, from the socket's thread. Events that are ready
// together are written together.
//
// Ownership: the generator owns itself and deletes itself (deleteLater) once closed, whether by close(), by
// the client disconnecting or by a failed write; hold it in a QPointer, or hold a sender(), beyond the
// current call. Deleting an open generator ends the stream as close() does (closed() is emitted first).
class DATASTAR_EXPORT ServerSentEventGenerator : public QObject, public EventMethods<ServerSentEventGenerator>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerSentEventGenerator)

public:
    enum class CloseReason {
        Server, // close() was called: the stream ended normally
        ClientDisconnected, // the client went away (closed the page, reloaded, crashed)
        WriteFailed, // the socket refused a write
        Aborted, // abort() was called: the connection was dropped
    };
    Q_ENUM(CloseReason)

    // Starts the stream on the request's connection; the generator lives in the connection's thread. It
    // watches the connection's socket for disconnects and back-pressure: on Qt 6.4 always, on Qt 6.8+ when
    // the server is bound to a datastar::TcpServer (tcpserver.h). Behind any other QTcpServer on 6.8+ the
    // stream is unwatched: closed(ClientDisconnected) never comes (the stream lasts until close()), abort()
    // closes normally, and pendingBytes() counts only what the generator still queues.
    static ServerSentEventGenerator *start(const QHttpServerRequest &request,
                                           QHttpServerResponder &&responder,
                                           const StreamOptions &options = {});
    ~ServerSentEventGenerator() override;

    // Queues the event; false (and nothing written) when the stream is closed or the event is invalid.
    bool send(const Event &event) const;

    // Ends the stream normally after everything already sent. Idempotent.
    void close();

    // Drops the connection at once, without the terminating chunk and discarding what is not yet written: the
    // client sees a broken stream and reconnects (sending Last-Event-ID), e.g. to cut off a consumer that
    // fell too far behind. Any thread; does nothing once closing or closed.
    void abort();

    bool isOpen() const;
    bool isCompressed() const;

    // Bytes sent but not yet handed to the operating system (queued here or in the socket's buffer): how far
    // a slow client is behind.
    qint64 pendingBytes() const;

    EventSender sender() const;

Q_SIGNALS:
    // Emitted once, in the socket's thread; the generator deletes itself afterwards.
    void closed(datastar::ServerSentEventGenerator::CloseReason reason);
    // Everything sent so far has been handed to the operating system.
    void drained();

private:
    ServerSentEventGenerator(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                             const StreamOptions &options);
    bool connectionOpen() const;
    void writePending();
    void writeFailed();
    void noteSocketProgress();
    void finish(CloseReason reason);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace datastar
