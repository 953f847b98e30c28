#include "httptransport_p.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QMutex>

#if STARLING_QHTTPSERVER_68
#include <QHttpHeaders>
#endif

namespace datastar::detail {

namespace {

// One buffer for the whole chunk: QIODevice::write(const QByteArray &) keeps a large buffer as it is, while
// each small write after such a buffer starts a new block of the socket's queue (QtHttpServer 6.8's
// writeChunk() makes four writes). Written piecewise, a client that stopped reading cost several times its
// backlog.
QByteArray framedChunk(const QByteArray &bytes)
{
    const QByteArray sizeLine = QByteArray::number(bytes.size(), 16);
    QByteArray chunk;
    chunk.reserve(sizeLine.size() + bytes.size() + 4);
    chunk.append(sizeLine).append("\r\n").append(bytes).append("\r\n");
    return chunk;
}

#if STARLING_QHTTPSERVER_68

QHttpHeaders toHttpHeaders(const HeaderList &headers)
{
    QHttpHeaders result;
    for (const auto &[name, value] : headers)
        result.append(name, value);
    return result;
}

// A TCP connection on this host, as both a QTcpSocket and a QHttpServerRequest can tell it.
struct ConnectionKey
{
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    quint16 localPort = 0;

    friend bool operator==(const ConnectionKey &, const ConnectionKey &) = default;
    friend size_t qHash(const ConnectionKey &key, size_t seed = 0)
    {
        return qHashMulti(seed, key.peerAddress, key.peerPort, key.localPort);
    }
};

// Every open connection a datastar::TcpServer accepted, in any thread. Sockets are looked up from their own
// thread only, where they cannot be deleted meanwhile.
class ConnectionRegistry
{
public:
    static ConnectionRegistry &instance()
    {
        static ConnectionRegistry registry;
        return registry;
    }

    void add(QTcpSocket *socket)
    {
        const ConnectionKey key { socket->peerAddress(), socket->peerPort(), socket->localPort() };
        {
            QMutexLocker locker(&m_mutex);
            // A key still held by a socket that closed but is not yet deleted now names the new connection.
            m_sockets.insert(key, socket);
        }
        QObject::connect(socket, &QObject::destroyed, [this, key, socket] {
            QMutexLocker locker(&m_mutex);
            if (m_sockets.value(key) == socket)
                m_sockets.remove(key);
        });
    }

    QTcpSocket *find(const ConnectionKey &key) const
    {
        QMutexLocker locker(&m_mutex);
        return m_sockets.value(key);
    }

private:
    mutable QMutex m_mutex;
    QHash<ConnectionKey, QTcpSocket *> m_sockets;
};

#else

QByteArray chunkedHead(const HeaderList &headers)
{
    constexpr QByteArrayView StatusLine = "HTTP/1.1 200 OK\r\n";
    constexpr QByteArrayView Framing = "Transfer-Encoding: chunked\r\n\r\n";
    qsizetype size = StatusLine.size() + Framing.size();
    for (const auto &[name, value] : headers)
        size += name.size() + value.size() + 4;
    QByteArray head; // built in place: one allocation per stream
    head.reserve(size);
    head.append(StatusLine);
    for (const auto &[name, value] : headers)
        head.append(name).append(": ").append(value).append("\r\n");
    head.append(Framing);
    return head;
}

#endif

} // namespace

#if STARLING_QHTTPSERVER_68

void setHeader(QHttpServerResponse &response, const QByteArray &name, const QByteArray &value)
{
    QHttpHeaders headers = response.headers();
    headers.replaceOrAppend(name, value);
    response.setHeaders(std::move(headers));
}

void addHeader(QHttpServerResponse &response, const QByteArray &name, const QByteArray &value)
{
    QHttpHeaders headers = response.headers();
    headers.append(name, value);
    response.setHeaders(std::move(headers));
}

HeaderList requestHeaders(const QHttpServerRequest &request)
{
    return request.headers().toListOfPairs();
}

bool bind(QAbstractHttpServer &http, QTcpServer *tcp)
{
    return http.bind(tcp);
}

void sendResponse(QHttpServerResponder &&responder, QHttpServerResponse &&response)
{
    responder.sendResponse(response);
}

QTcpSocket *connectionSocket(const QHttpServerRequest &request, const QHttpServerResponder &)
{
    return ConnectionRegistry::instance().find(
        { request.remoteAddress(), request.remotePort(), request.localPort() });
}

void trackConnection(QTcpSocket *socket)
{
    ConnectionRegistry::instance().add(socket);
}

bool ChunkedResponse::begin(const HeaderList &headers)
{
    if (!m_responder)
        return false;
    m_responder->writeBeginChunked(toHttpHeaders(headers));
    return true;
}

bool ChunkedResponse::writeChunk(const QByteArray &bytes)
{
    if (!m_responder)
        return false;
    if (m_socket) {
        // The responder only writes to this socket, in order: framing the chunk here changes no byte.
        const QByteArray chunk = framedChunk(bytes);
        return m_socket->write(chunk) == chunk.size();
    }
    m_responder->writeChunk(bytes);
    return true;
}

bool ChunkedResponse::end(const QByteArray &lastBytes)
{
    if (!m_responder)
        return false;
    m_responder->writeEndChunked(lastBytes);
    return true;
}

#else

void setHeader(QHttpServerResponse &response, const QByteArray &name, const QByteArray &value)
{
    response.setHeader(name, value);
}

void addHeader(QHttpServerResponse &response, const QByteArray &name, const QByteArray &value)
{
    response.addHeader(name, value);
}

HeaderList requestHeaders(const QHttpServerRequest &request)
{
    return request.headers();
}

bool bind(QAbstractHttpServer &http, QTcpServer *tcp)
{
    http.bind(tcp);
    return true;
}

void sendResponse(QHttpServerResponder &&responder, QHttpServerResponse &&response)
{
    response.write(std::move(responder));
}

QTcpSocket *connectionSocket(const QHttpServerRequest &, const QHttpServerResponder &responder)
{
    return responder.socket();
}

void trackConnection(QTcpSocket *)
{
    // Qt 6.4's responders expose their socket: nothing to track.
}

bool ChunkedResponse::begin(const HeaderList &headers)
{
    const QByteArray head = chunkedHead(headers);
    return m_socket && m_socket->write(head) == head.size();
}

bool ChunkedResponse::writeChunk(const QByteArray &bytes)
{
    const QByteArray chunk = framedChunk(bytes);
    return m_socket && m_socket->write(chunk) == chunk.size();
}

bool ChunkedResponse::end(const QByteArray &lastBytes)
{
    if (!lastBytes.isEmpty() && !writeChunk(lastBytes))
        return false;
    return m_socket && m_socket->write("0\r\n\r\n", 5) == 5;
}

#endif

ChunkedResponse::ChunkedResponse(QHttpServerResponder &&responder, QTcpSocket *socket)
    : m_responder(std::move(responder))
    , m_socket(socket)
{ }

void ChunkedResponse::abandon()
{
#if STARLING_QHTTPSERVER_68
    if (m_responder)
        new QHttpServerResponder(std::move(*m_responder)); // deliberately never deleted, see the header
#endif
    m_responder.reset(); // on 6.8 moved from, owning nothing; on 6.4 its destructor does nothing
    m_socket = nullptr;
}

} // namespace datastar::detail
