#include "httpclient.h"

#include <QTest>

namespace runtimetest {

QByteArray requestBytes(const QByteArray &method, const QByteArray &target, const Headers &headers,
                        const QByteArray &body)
{
    QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\n";
    bool framed = false;
    for (const auto &[name, value] : headers) {
        bytes += name + ": " + value + "\r\n";
        framed = framed || name.compare("content-length", Qt::CaseInsensitive) == 0
            || name.compare("transfer-encoding", Qt::CaseInsensitive) == 0;
    }
    if (!body.isEmpty() && !framed)
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

Headers ownHeaders(quint16 port, const QByteArray &secret)
{
    const QByteArray origin = "127.0.0.1:" + QByteArray::number(port);
    return { { "Host", origin }, { "Starling-Token", secret }, { "Origin", "http://" + origin } };
}

std::unique_ptr<HttpConnection> exchange(quint16 port, const QByteArray &bytes)
{
    auto connection = std::make_unique<HttpConnection>(port);
    if (!connection->connectToServer())
        return nullptr;
    connection->send(bytes);
    (void)QTest::qWaitFor([&] { return connection->isComplete() || !connection->isConnected(); },
                          WaitTimeoutMs);
    return connection;
}

HttpConnection::HttpConnection(quint16 port, QObject *parent)
    : QObject(parent)
    , m_port(port)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readAvailable);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        readAvailable();
        if (isHeadComplete() && !m_chunked && m_length < 0)
            m_complete = true; // a body delimited by the connection's end
    });
}

bool HttpConnection::connectToServer()
{
    m_socket.connectToHost(QHostAddress::LocalHost, m_port);
    return m_socket.waitForConnected(WaitTimeoutMs);
}

void HttpConnection::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

bool HttpConnection::waitForHead()
{
    return QTest::qWaitFor([this] { return isHeadComplete(); }, WaitTimeoutMs);
}

bool HttpConnection::waitForComplete()
{
    return QTest::qWaitFor([this] { return m_complete; }, WaitTimeoutMs);
}

bool HttpConnection::waitForBodyContaining(const QByteArray &part)
{
    return QTest::qWaitFor([this, &part] { return m_body.contains(part); }, WaitTimeoutMs);
}

bool HttpConnection::waitForDisconnected()
{
    return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; },
                           WaitTimeoutMs);
}

void HttpConnection::expectNextResponse()
{
    m_raw = m_raw.mid(m_pos);
    m_headEnd = -1;
    m_status = 0;
    m_headers.clear();
    m_chunked = false;
    m_length = -1;
    m_pos = 0;
    m_body.clear();
    m_complete = false;
}

void HttpConnection::setReading(bool reading)
{
    m_reading = reading;
    // A small receive buffer makes a stopped reader back up after little data.
    m_socket.setReadBufferSize(reading ? 0 : 1);
    if (reading)
        readAvailable();
}

void HttpConnection::abort()
{
    m_socket.abort();
}

QByteArray HttpConnection::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

int HttpConnection::headerCount(const QByteArray &name) const
{
    int count = 0;
    for (const auto &header : m_headers)
        count += header.first.compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    return count;
}

void HttpConnection::readAvailable()
{
    if (!m_reading || !m_socket.isOpen())
        return;
    m_raw += m_socket.readAll();
    parse();
}

void HttpConnection::parse()
{
    if (m_headEnd < 0) {
        const qsizetype end = m_raw.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_headEnd = end + 4;
        const QList<QByteArray> lines = m_raw.left(end).split('\n');
        m_status = lines.first().split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            m_headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
        }
        m_chunked = header("transfer-encoding").toLower() == "chunked";
        if (!header("content-length").isNull())
            m_length = header("content-length").toLongLong();
        m_pos = m_headEnd;
    }
    if (m_chunked) {
        while (!m_complete) {
            const qsizetype lineEnd = m_raw.indexOf("\r\n", m_pos);
            if (lineEnd < 0)
                return;
            const qint64 size = m_raw.mid(m_pos, lineEnd - m_pos).toLongLong(nullptr, 16);
            if (m_raw.size() < lineEnd + 2 + size + 2)
                return;
            m_body += m_raw.mid(lineEnd + 2, size);
            m_pos = lineEnd + 2 + size + 2;
            m_complete = size == 0;
        }
        return;
    }
    m_body += m_raw.mid(m_pos);
    m_pos = m_raw.size();
    if (m_length >= 0 && m_body.size() >= m_length)
        m_complete = true;
}

} // namespace runtimetest
