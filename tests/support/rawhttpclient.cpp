#include "rawhttpclient.h"

#include <QHostAddress>
#include <QTest>

#include <cctype>

namespace testhttp {

RawHttpClient::RawHttpClient(quint16 port, QObject *parent)
    : QObject(parent)
    , m_port(port)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
        if (m_reading)
            readAvailable();
    });
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        m_disconnected = true;
        if (m_reading && m_socket.isOpen())
            readAvailable();
        parse(); // a body delimited by the end of the connection is complete now
        Q_EMIT bytesArrived();
    });
}

RawHttpClient::~RawHttpClient()
{
    m_socket.abort();
}

bool RawHttpClient::connectToServer()
{
    m_socket.connectToHost(QHostAddress::LocalHost, m_port);
    if (!m_socket.waitForConnected(WaitTimeoutMs))
        return false;
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    return true;
}

void RawHttpClient::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

void RawHttpClient::expectNextResponse()
{
    m_raw = m_raw.mid(m_bodyPos);
    m_headEnd = -1;
    m_statusLine.clear();
    m_statusCode = 0;
    m_headers.clear();
    m_chunked = false;
    m_contentLength = -1;
    m_bodyPos = 0;
    m_body.clear();
    m_chunks.clear();
    m_complete = false;
    m_framingError.clear();
    parse();
}

bool RawHttpClient::sendRequest(const QByteArray &method, const QByteArray &target, const Headers &headers,
                                const QByteArray &body)
{
    if (!connectToServer())
        return false;
    QByteArray request = method + ' ' + target + " HTTP/1.1\r\n";
    request += "Host: 127.0.0.1:" + QByteArray::number(m_port) + "\r\n";
    bool hasLength = false;
    for (const auto &[name, value] : headers) {
        request += name + ": " + value + "\r\n";
        hasLength = hasLength || name.compare("content-length", Qt::CaseInsensitive) == 0;
    }
    if (!body.isEmpty() && !hasLength)
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "\r\n";
    request += body;
    send(request);
    return true;
}

bool RawHttpClient::waitForHead(int timeoutMs)
{
    return QTest::qWaitFor([this] { return isHeadComplete(); }, timeoutMs);
}

bool RawHttpClient::waitForComplete(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_complete || hasFramingError(); }, timeoutMs) && m_complete;
}

bool RawHttpClient::waitForBodySize(qsizetype size, int timeoutMs)
{
    return QTest::qWaitFor([this, size] { return m_body.size() >= size || hasFramingError(); }, timeoutMs)
        && m_body.size() >= size;
}

bool RawHttpClient::waitForBody(const QByteArray &body, int timeoutMs)
{
    // Waits until at least as many bytes arrived, then compares (a wrong body fails at once, not by timeout).
    return waitForBodySize(body.size(), timeoutMs) && m_body == body;
}

bool RawHttpClient::waitForBodyContaining(const QByteArray &part, int timeoutMs)
{
    return QTest::qWaitFor([this, &part] { return m_body.contains(part) || hasFramingError(); }, timeoutMs)
        && m_body.contains(part);
}

bool RawHttpClient::waitForDisconnected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_disconnected; }, timeoutMs);
}

void RawHttpClient::setReading(bool reading)
{
    m_reading = reading;
    if (!reading) {
        // Qt stops reading from the kernel once its own buffer holds this much.
        m_socket.setReadBufferSize(4096);
    } else {
        m_socket.setReadBufferSize(0);
        readAvailable();
    }
}

void RawHttpClient::abort()
{
    m_socket.abort();
}

bool RawHttpClient::isConnected() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

void RawHttpClient::readAvailable()
{
    const QByteArray bytes = m_socket.readAll();
    if (bytes.isEmpty())
        return;
    m_raw += bytes;
    parse();
    Q_EMIT bytesArrived();
}

QByteArray RawHttpClient::rawHead() const
{
    return m_headEnd < 0 ? QByteArray() : m_raw.left(m_headEnd);
}

bool RawHttpClient::hasHeader(const QByteArray &name) const
{
    return headerCount(name) > 0;
}

QByteArray RawHttpClient::header(const QByteArray &name) const
{
    for (const auto &[n, v] : m_headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

int RawHttpClient::headerCount(const QByteArray &name) const
{
    int count = 0;
    for (const auto &header : m_headers)
        count += header.first.compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    return count;
}

QByteArray RawHttpClient::bytesAfterEnd() const
{
    return m_complete ? m_raw.mid(m_bodyPos) : QByteArray();
}

void RawHttpClient::parse()
{
    if (m_headEnd < 0)
        parseHead();
    if (m_headEnd < 0 || m_complete || hasFramingError())
        return;
    if (m_chunked) {
        parseChunks();
    } else if (m_contentLength >= 0) {
        const qsizetype take = qMin<qsizetype>(m_contentLength - m_body.size(), m_raw.size() - m_bodyPos);
        m_body += m_raw.mid(m_bodyPos, take);
        m_bodyPos += take;
        m_complete = m_body.size() == m_contentLength;
    } else {
        m_body += m_raw.mid(m_bodyPos);
        m_bodyPos = m_raw.size();
        m_complete = m_disconnected;
    }
}

void RawHttpClient::parseHead()
{
    const qsizetype end = m_raw.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    m_headEnd = end + 4;
    m_bodyPos = m_headEnd;
    QByteArrayList lines = m_raw.left(end + 2).split('\n'); // each line with its CRLF, then an empty tail
    lines.removeLast();
    for (QByteArray &line : lines) {
        if (!line.endsWith('\r')) {
            m_framingError = QStringLiteral("header line without CRLF: %1").arg(QString::fromLatin1(line));
            return;
        }
        line.chop(1);
    }
    m_statusLine = lines.takeFirst();
    const QByteArrayList statusParts = m_statusLine.split(' ');
    if (statusParts.size() >= 2 && statusParts.at(0).startsWith("HTTP/1."))
        m_statusCode = statusParts.at(1).toInt();
    for (const QByteArray &line : std::as_const(lines)) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            m_framingError = QStringLiteral("malformed header line: %1").arg(QString::fromLatin1(line));
            return;
        }
        m_headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
    }
    m_chunked = header("transfer-encoding").toLower().contains("chunked");
    if (!m_chunked && hasHeader("content-length"))
        m_contentLength = header("content-length").toLongLong();
}

void RawHttpClient::parseChunks()
{
    for (;;) {
        const qsizetype lineEnd = m_raw.indexOf("\r\n", m_bodyPos);
        if (lineEnd < 0)
            return;
        const QByteArray sizeLine = m_raw.mid(m_bodyPos, lineEnd - m_bodyPos);
        bool ok = !sizeLine.isEmpty();
        for (char c : sizeLine)
            ok = ok && std::isxdigit(static_cast<unsigned char>(c));
        const qint64 size = ok ? sizeLine.toLongLong(&ok, 16) : -1;
        if (!ok || size < 0) {
            m_framingError = QStringLiteral("bad chunk size line at body offset %1: \"%2\"")
                                 .arg(m_bodyPos - m_headEnd)
                                 .arg(QString::fromLatin1(sizeLine.left(40)));
            return;
        }
        const qsizetype dataStart = lineEnd + 2;
        if (m_raw.size() < dataStart + size + 2)
            return;
        if (m_raw.mid(dataStart + size, 2) != "\r\n") {
            m_framingError = QStringLiteral("chunk of %1 bytes not followed by CRLF").arg(size);
            return;
        }
        m_bodyPos = dataStart + size + 2;
        if (size == 0) { // the terminating chunk (no trailers expected)
            m_complete = true;
            return;
        }
        const QByteArray chunk = m_raw.mid(dataStart, size);
        m_chunks.append(chunk);
        m_body += chunk;
    }
}

} // namespace testhttp
