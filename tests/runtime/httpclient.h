// A raw HTTP/1.1 client for the runtime's tests: sends exactly the bytes a test builds (any Host, any
// framing, a head without its body) and decodes the answer as it arrives (Content-Length, chunked, or until
// the connection closes).
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpSocket>

#include <memory>

namespace runtimetest {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// Waits end as soon as their condition holds; the bound is generous because the machine is shared.
inline constexpr int WaitTimeoutMs = 30000;

// `METHOD target HTTP/1.1`, then `headers` in order, then Content-Length when there is a body and the
// headers set no length or Transfer-Encoding, then the body.
QByteArray requestBytes(const QByteArray &method, const QByteArray &target, const Headers &headers,
                        const QByteArray &body = {});

class HttpConnection;

// The headers the app's own web view sends: Host 127.0.0.1:<port>, the Starling token, and (for writes)
// the app's Origin.
Headers ownHeaders(quint16 port, const QByteArray &secret);

// Connects, sends `bytes` and waits until the answer is complete (or the connection closed); the connection
// is kept for inspection. Null if it could not connect.
std::unique_ptr<HttpConnection> exchange(quint16 port, const QByteArray &bytes);

class HttpConnection : public QObject
{
    Q_OBJECT

public:
    explicit HttpConnection(quint16 port, QObject *parent = nullptr);

    bool connectToServer();
    void send(const QByteArray &bytes);

    bool waitForHead();
    bool waitForComplete(); // the whole body (by length, terminating chunk, or close)
    bool waitForBodyContaining(const QByteArray &part);
    bool waitForDisconnected();

    void expectNextResponse(); // forgets the answer read so far: the next request on this connection
    void setReading(bool reading); // false: bytes stay in the kernel, the server's writes back up
    void abort();

    bool isHeadComplete() const { return m_headEnd >= 0; }
    bool isComplete() const { return m_complete; }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    int status() const { return m_status; }
    QByteArray header(const QByteArray &name) const; // first value; null when absent
    int headerCount(const QByteArray &name) const;
    QByteArray body() const { return m_body; } // de-chunked

private:
    void readAvailable();
    void parse();

    QTcpSocket m_socket;
    quint16 m_port;
    bool m_reading = true;
    QByteArray m_raw;
    qsizetype m_headEnd = -1;
    int m_status = 0;
    Headers m_headers;
    bool m_chunked = false;
    qint64 m_length = -1;
    qsizetype m_pos = 0; // next undecoded byte of m_raw
    QByteArray m_body;
    bool m_complete = false;
};

} // namespace runtimetest
