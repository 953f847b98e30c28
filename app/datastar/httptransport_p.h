// The one place that knows which QtHttpServer Starling is built against. Qt 6.4 and Qt 6.8+ differ in how
// response headers are set, how a response or a chunked body is written, and whether a responder exposes its
// socket; the SDK, the runtime and the tests go through these functions instead. Qt 6.5 to 6.7 are not
// supported (the top-level CMakeLists.txt refuses them).
#pragma once

#include <datastar/datastar_export.h>

#include <QByteArray>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QTcpSocket>
#include <QtHttpServer/qthttpserverversion.h>

#include <optional>

class QAbstractHttpServer;
class QHttpServerRequest;
class QTcpServer;

// 6.8 replaced 6.4's header lists by QHttpHeaders, the responder's socket and raw writes by a chunked-body
// API, and the QTcpSocket of QAbstractHttpServer::handleRequest by a QHttpServerResponder.
#define STARLING_QHTTPSERVER_68 (QTHTTPSERVER_VERSION >= QT_VERSION_CHECK(6, 8, 0))

namespace datastar::detail {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Replaces every header `name` (compared without case) by one with `value`.
DATASTAR_PRIVATE_EXPORT void setHeader(QHttpServerResponse &response, const QByteArray &name,
                                       const QByteArray &value);
// Adds a header, keeping those of the same name (Set-Cookie, Allow).
DATASTAR_PRIVATE_EXPORT void addHeader(QHttpServerResponse &response, const QByteArray &name,
                                       const QByteArray &value);

// The request's header fields in the order they arrived.
DATASTAR_PRIVATE_EXPORT HeaderList requestHeaders(const QHttpServerRequest &request);

// Binds `http` to `tcp`, which already listens; false when Qt refused (6.8 reports it, 6.4 does not).
[[nodiscard]] DATASTAR_PRIVATE_EXPORT bool bind(QAbstractHttpServer &http, QTcpServer *tcp);

// Writes `response`, a complete answer, on the responder's connection.
DATASTAR_PRIVATE_EXPORT void sendResponse(QHttpServerResponder &&responder, QHttpServerResponse &&response);

// The open connection a request arrived on: on Qt 6.4 the responder's own socket; on 6.8 and later the
// socket that a datastar::TcpServer accepted with the request's addresses (null behind any other
// QTcpServer). Call it from the handler, in the connection's thread.
DATASTAR_PRIVATE_EXPORT QTcpSocket *connectionSocket(const QHttpServerRequest &request,
                                                     const QHttpServerResponder &responder);

// Makes a connection findable by connectionSocket() while it exists. Called by datastar::TcpServer for each
// connection it accepts.
DATASTAR_PRIVATE_EXPORT void trackConnection(QTcpSocket *socket);

// A `200` response whose body is written in chunks (Transfer-Encoding: chunked) as it is produced. On Qt 6.4
// the head and the chunk framing are written to the connection's socket here; on 6.8 and later the head and
// the end go through QHttpServerResponder's chunked API, and each chunk is framed here into one buffer when
// the socket is known. The wire bytes are the same.
class ChunkedResponse
{
    Q_DISABLE_COPY_MOVE(ChunkedResponse)

public:
    // `socket` is connectionSocket()'s answer for the responder: needed on Qt 6.4; on 6.8, without it each
    // chunk is written through the responder.
    ChunkedResponse(QHttpServerResponder &&responder, QTcpSocket *socket);

    // Each returns false when the connection refused the bytes (Qt 6.4; 6.8's responder reports no failure);
    // the response is then unusable.
    [[nodiscard]] bool begin(const HeaderList &headers); // adds Transfer-Encoding: chunked
    [[nodiscard]] bool writeChunk(const QByteArray &bytes); // bytes must not be empty
    [[nodiscard]] bool end(const QByteArray &lastBytes); // the last chunk (may be empty), then the terminator

    // For when the connection's socket is destroyed while the response is open: its HTTP server is going
    // away, and on Qt 6.8 releasing the responder would call into the server's connection handler, freed
    // with it. The responder is left unreleased (a few bytes leak); nothing may be written afterwards.
    void abandon();

private:
    std::optional<QHttpServerResponder> m_responder; // kept for the connection's lifetime
    QPointer<QTcpSocket> m_socket;
};

} // namespace datastar::detail
