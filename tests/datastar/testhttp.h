// Test helpers shared by the SDK's tests: a QHttpServer on the loopback interface and a raw HTTP/1.1 client
// that shows the exact bytes a server writes and de-chunks them strictly (so framing mistakes fail tests).
#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QHttpServer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpSocket>

#include <memory>

namespace testhttp {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// Generous: the machine is shared; waits end as soon as their condition holds.
inline constexpr int WaitTimeoutMs = 20000;

// A QHttpServer listening on 127.0.0.1, on a free port. Add routes with server().route(...).
class TestServer
{
public:
    TestServer();
    QHttpServer &server() { return *m_server; }
    quint16 port() const { return m_port; }
    bool isListening() const { return m_port != 0; }

private:
    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
};

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

    bool waitForHead(int timeoutMs = WaitTimeoutMs);
    bool waitForComplete(int timeoutMs
                         = WaitTimeoutMs); // the whole body (terminating chunk / Content-Length)
    bool waitForBodySize(qsizetype size, int timeoutMs = WaitTimeoutMs);
    bool waitForBody(const QByteArray &body, int timeoutMs = WaitTimeoutMs); // body() == body
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

// SSE helpers.
// Builds an event from its lines: each line gets "\n", then the blank line.
QByteArray sse(std::initializer_list<const char *> lines);

// Splits an SSE body at blank lines into whole events (each ending in "\n\n"); a trailing partial event is
// returned in `rest` (or, without `rest`, as a last element).
QByteArrayList splitEvents(const QByteArray &body, QByteArray *rest = nullptr);

// Removes comment lines (`:` ...) that stand where an event could start, with one blank line following them;
// counts them in `comments`. Comments inside an event are left in place (and so make the comparison fail).
QByteArray stripComments(const QByteArray &body, int *comments = nullptr);

} // namespace testhttp
