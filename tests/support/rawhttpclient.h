// A raw HTTP/1.1 client for tests: it sends exactly the bytes a test builds and shows exactly the bytes a
// server writes, de-chunked strictly (so framing mistakes fail tests).
#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpSocket>

namespace testhttp {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// Generous: the machine is shared; waits end as soon as their condition holds.
inline constexpr int WaitTimeoutMs = 30000;

// One HTTP/1.1 exchange over a QTcpSocket. Everything received is kept (rawBytes()); once the head is
// complete the body is decoded as it arrives: chunked (strictly: `<hex>\r\n<bytes>\r\n`, `0\r\n\r\n`), by
// Content-Length, or until the connection closes.
class RawHttpClient : public QObject
{
    Q_OBJECT

public:
    explicit RawHttpClient(quint16 port, QObject *parent = nullptr);
    ~RawHttpClient() override;

    // Connects and writes the request (Host and, with a body, Content-Length are added). False if it could
    // not connect.
    bool sendRequest(const QByteArray &method, const QByteArray &target, const Headers &headers = {},
                     const QByteArray &body = {});
    // For requests a test frames itself (any Host, any framing, a head without its body): connect, then send
    // the exact bytes, as often as the test likes on one connection.
    bool connectToServer();
    void send(const QByteArray &bytes);
    // Forgets the answer read so far, keeping what came after it: the next answer on this connection.
    void expectNextResponse();

    bool waitForHead(int timeoutMs = WaitTimeoutMs);
    bool waitForComplete(int timeoutMs
                         = WaitTimeoutMs); // the whole body (terminating chunk / Content-Length)
    bool waitForBodySize(qsizetype size, int timeoutMs = WaitTimeoutMs);
    bool waitForBody(const QByteArray &body, int timeoutMs = WaitTimeoutMs); // body() == body
    bool waitForBodyContaining(const QByteArray &part, int timeoutMs = WaitTimeoutMs);
    bool waitForDisconnected(int timeoutMs = WaitTimeoutMs);

    // Stops taking bytes off the socket (the kernel buffers fill, the server's writes back up) / resumes.
    void setReading(bool reading);
    void abort(); // drops the connection at once, like a closed browser tab

    QByteArray rawBytes() const { return m_raw; }
    bool isHeadComplete() const { return m_headEnd >= 0; }
    QByteArray rawHead() const; // status line and headers, up to and including the blank line
    QByteArray statusLine() const { return m_statusLine; }
    int statusCode() const { return m_statusCode; }
    Headers headers() const { return m_headers; }
    bool hasHeader(const QByteArray &name) const;
    QByteArray header(const QByteArray &name) const; // first value, case-insensitive name; null if absent
    int headerCount(const QByteArray &name) const;

    bool isChunked() const { return m_chunked; }
    QByteArray body() const { return m_body; } // de-chunked
    QByteArrayList chunks() const { return m_chunks; }
    bool isComplete() const { return m_complete; }
    bool hasFramingError() const { return !m_framingError.isEmpty(); }
    QString framingError() const { return m_framingError; }
    QByteArray bytesAfterEnd() const; // anything received after the terminating chunk
    bool isConnected() const;

Q_SIGNALS:
    void bytesArrived();

private:
    void readAvailable();
    void parse();
    void parseHead();
    void parseChunks();

    QTcpSocket m_socket;
    quint16 m_port;
    bool m_reading = true;
    bool m_disconnected = false;
    QByteArray m_raw;
    qsizetype m_headEnd = -1; // index just past the blank line
    QByteArray m_statusLine;
    int m_statusCode = 0;
    Headers m_headers;
    bool m_chunked = false;
    qint64 m_contentLength = -1;
    qsizetype m_bodyPos = 0; // next unparsed byte of m_raw
    QByteArray m_body;
    QByteArrayList m_chunks;
    bool m_complete = false;
    QString m_framingError;
};

} // namespace testhttp
