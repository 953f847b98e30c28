// Owns the bytes of every connection: requests reach QtHttpServer only as the screen parsed them.
#pragma once

#include "requestparser_p.h"

#include <datastar/tcpserver.h>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <utility>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

namespace starling::detail {

class ScreeningTcpServer;

// The settings a ScreeningTcpServer enforces (from ServerOptions).
struct ConnectionLimits
{
    RequestLimits request;
    int maxConnections = 1024;
    int maxUntrustedConnections = 64;
    qint64 maxBufferedBodyBytes = 64 * 1024 * 1024;
    std::chrono::milliseconds idleTimeout { 30000 };
    std::chrono::milliseconds headerTimeout { 10000 };
    std::chrono::milliseconds bodyTimeout { 30000 };
};

// Sits between one connection's socket and QtHttpServer. Its readyRead slot runs first and takes every byte
// off the socket; a RequestParser decides where each request ends and whether it is acceptable. A complete
// request is written back into the socket's read buffer in canonical form, one at a time, for QtHttpServer's
// own readyRead slot to parse: Qt never sees a byte the screen did not judge, and a pipelined request waits
// until the one before it was answered. Refusals are answered here (400, 408, 413, 417, 431, 501, 503, 505)
// and end the connection.
//
// The runtime reports what became of each request it was handed: answered (the connection takes the next
// request, or closes for Connection: close and HTTP/1.0), or turned into an SSE stream that outlives the
// handler (nothing more is read from the connection: anything sent behind the stream's request is dropped,
// and the connection closes when the stream ends). Lives in the socket's thread, as the socket's child.
class RequestScreen : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestScreen)

public:
    RequestScreen(QTcpSocket *socket, ScreeningTcpServer *server);
    ~RequestScreen() override;

    // The screen of the connection `request` arrived on; null when it came through another server.
    static RequestScreen *of(const QHttpServerRequest &request, const QHttpServerResponder &responder);

    // Whether the connection stays open after the current request's answer.
    bool keepAlive() const { return m_keepAlive; }
    // The current request presented the app's secret: the connection no longer counts as untrusted.
    void markTrusted();
    bool isTrusted() const { return m_trusted; }
    // The current request's answer was written whole.
    void requestAnswered();
    // The current request's answer is an SSE stream, open until `stream` is destroyed.
    void streamStarted(QObject *stream);

    void closeNow(const char *why); // drops the connection at once (eviction, shutdown)

private:
    friend class ScreeningTcpServer; // forgets its screens when it goes first
    enum class State { Reading, Handed, Streaming, Refused };
    // Answer: a handed-over request must have been answered, or have become a stream, by the next turn of the
    // event loop (the runtime answers synchronously); a 0 ms timer checks it.
    enum class Wait { None, Idle, Head, Body, Answer };

    void takeAvailable(); // readyRead: takes the socket's bytes, then processes them
    void process(); // parses what is buffered; hands over one complete request
    void handOver();
    void refuse(int status, const QString &reason);
    void watch(Wait wait);
    void timedOut();
    void accountBody(qint64 bytes); // the body held now; 503 when over the server's budget
    void releaseBody(); // gives the held body's bytes back to the server's budget
    void afterAnswer();
    void closeWhenWritten();

    QTcpSocket *m_socket;
    ScreeningTcpServer *m_server; // null once the server is gone (it outlives no connection by design)
    const ConnectionLimits m_limits;
    RequestParser m_parser;
    QByteArray m_input; // bytes taken off the socket, not parsed yet
    State m_state = State::Reading;
    Wait m_wait = Wait::None;
    QTimer m_timer;
    bool m_keepAlive = true;
    bool m_trusted = false;
    bool m_inReadyRead = false; // inside the socket's readyRead: QtHttpServer's slot runs after ours
    bool m_handingOver = false; // our own readyRead emission: the slot must not take the bytes back
    bool m_discardingLogged = false;
    qint64 m_accountedBodyBytes = 0;
    bool m_countedUntrusted = false; // in its server's count of untrusted connections
};

// A datastar::TcpServer that puts a RequestScreen on every connection and enforces the connection limits:
// at most maxConnections at once (more are closed on accept), and at most maxUntrustedConnections that have
// not yet presented the secret — a new one closes the oldest of those, so idle connections held by another
// process can never lock the app's own window out. Also raises the process's soft open-file limit to its
// hard limit, and keeps the total of buffered request bodies under maxBufferedBodyBytes (503 beyond).
class ScreeningTcpServer : public datastar::TcpServer
{
    Q_OBJECT

public:
    ScreeningTcpServer(const ConnectionLimits &limits, QObject *parent = nullptr);
    ~ScreeningTcpServer() override;

    const ConnectionLimits &limits() const { return m_limits; }
    int connectionCount() const { return int(m_screens.size()); }

protected:
    void incomingConnection(qintptr socketDescriptor) override;
    void connectionAccepted(QTcpSocket *socket) override;

private:
    friend class RequestScreen;
    bool reserveBodyBytes(qint64 bytes); // false when over maxBufferedBodyBytes (nothing reserved)
    void releaseBodyBytes(qint64 bytes);
    void forget(RequestScreen *screen)
    {
        m_screens.removeOne(screen);
        noteTrusted(screen); // no longer counts as untrusted either
    }
    void noteTrusted(RequestScreen *screen)
    {
        if (std::exchange(screen->m_countedUntrusted, false))
            --m_untrusted;
    }

    ConnectionLimits m_limits;
    int m_connectionCap; // maxConnections, lowered to what the open-file limit allows
    QList<RequestScreen *> m_screens; // in the order they were accepted
    int m_untrusted = 0; // of m_screens, those not yet trusted: counted, since a burst is accepted at once
    qint64 m_bufferedBodyBytes = 0;
};

} // namespace starling::detail
