#include "logging_p.h"
#include "requestscreen_p.h"

#include <QTcpSocket>
#include <QTimer>

#include <chrono>

namespace starling::detail {

namespace {

constexpr qsizetype MaxHeadBytes = 64 * 1024;
constexpr qsizetype MaxChunkLineBytes = 1024;
// After a refusal the client may still be sending the body; closing with unread bytes would reset the
// connection and could destroy the answer before the client reads it, so the screen reads and drops for a
// while first.
constexpr auto DiscardTime = std::chrono::seconds(2);

} // namespace

RequestScreen::RequestScreen(QTcpSocket *socket, qsizetype maxBodyBytes)
    : QObject(socket)
    , m_socket(socket)
    , m_maxBodyBytes(maxBodyBytes)
{
    connect(socket, &QTcpSocket::readyRead, this, &RequestScreen::screenAvailable);
}

void RequestScreen::screenAvailable()
{
    if (m_state == State::Refused) {
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    // Everything available is new to us: QtHttpServer read all that was there at the previous readyRead.
    if (!screen(m_socket->peek(m_socket->bytesAvailable())))
        m_socket->skip(m_socket->bytesAvailable()); // QtHttpServer, next in line, finds nothing to read
}

bool RequestScreen::screen(const QByteArray &bytes)
{
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        switch (m_state) {
        case State::Head:
        case State::ChunkSize:
        case State::Trailer: {
            const qsizetype newline = bytes.indexOf('\n', pos);
            const qsizetype end = newline < 0 ? bytes.size() : newline + 1;
            m_line.append(bytes.constData() + pos, end - pos);
            pos = end;
            if (m_state == State::Head && m_line.size() > MaxHeadBytes) {
                refuse(431, "Request Header Fields Too Large",
                       QStringLiteral("the request head is over 64 KiB"));
                return false;
            }
            if (m_state != State::Head && m_line.size() > MaxChunkLineBytes) {
                refuse(400, "Bad Request", QStringLiteral("a chunk line is over 1 KiB"));
                return false;
            }
            if (newline < 0)
                break;
            if (m_state == State::Head) {
                if (m_line == "\r\n" || m_line == "\n") {
                    m_line.clear(); // blank lines between requests are allowed
                } else if (m_line.endsWith("\r\n\r\n") || m_line.endsWith("\n\n")) {
                    const bool ok = screenHead(m_line);
                    m_line.clear();
                    if (!ok)
                        return false;
                }
            } else if (m_state == State::ChunkSize) {
                const bool ok = screenChunkLine(m_line);
                m_line.clear();
                if (!ok)
                    return false;
            } else if (m_line == "\r\n" || m_line == "\n") { // end of the trailer: the request is complete
                m_line.clear();
                m_state = State::Head;
            } else {
                m_line.clear(); // one trailer field
            }
            break;
        }
        case State::Body:
        case State::ChunkData: {
            const qint64 skip = std::min<qint64>(m_remaining, bytes.size() - pos);
            pos += skip;
            m_remaining -= skip;
            if (m_remaining == 0)
                m_state = m_state == State::Body ? State::Head : State::ChunkSize;
            break;
        }
        case State::Refused:
            return false;
        }
    }
    return true;
}

bool RequestScreen::screenHead(const QByteArray &head)
{
    qint64 contentLength = -1;
    bool chunked = false;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (!ok || length < 0 || (contentLength >= 0 && length != contentLength)) {
                refuse(400, "Bad Request", QStringLiteral("invalid Content-Length"));
                return false;
            }
            contentLength = length;
        } else if (name == "transfer-encoding") {
            if (value.toLower() != "chunked") {
                refuse(400, "Bad Request", QStringLiteral("unsupported Transfer-Encoding (only chunked)"));
                return false;
            }
            chunked = true;
        }
    }
    if (chunked && contentLength >= 0) {
        refuse(400, "Bad Request", QStringLiteral("both Content-Length and Transfer-Encoding"));
        return false;
    }
    if (contentLength > m_maxBodyBytes) {
        refuse(413, "Payload Too Large",
               QStringLiteral("the body (%1 bytes) is over the limit of %2 bytes")
                   .arg(contentLength)
                   .arg(m_maxBodyBytes));
        return false;
    }
    m_bodySize = 0;
    if (chunked) {
        m_state = State::ChunkSize;
    } else if (contentLength > 0) {
        m_remaining = contentLength;
        m_state = State::Body;
    }
    return true;
}

bool RequestScreen::screenChunkLine(const QByteArray &line)
{
    const qsizetype extension = line.indexOf(';'); // chunk extensions are ignored
    const QByteArray sizeText = (extension < 0 ? line : line.left(extension)).trimmed();
    bool ok = false;
    const qint64 size = sizeText.toLongLong(&ok, 16);
    if (!ok || size < 0 || sizeText.size() > 15) {
        refuse(400, "Bad Request", QStringLiteral("invalid chunk size"));
        return false;
    }
    m_bodySize += size;
    if (m_bodySize > m_maxBodyBytes) {
        refuse(413, "Payload Too Large",
               QStringLiteral("the chunked body is over the limit of %1 bytes").arg(m_maxBodyBytes));
        return false;
    }
    if (size == 0) {
        m_state = State::Trailer;
    } else {
        m_remaining = size + 2; // the data and its CRLF
        m_state = State::ChunkData;
    }
    return true;
}

void RequestScreen::refuse(int status, const QByteArray &reason, const QString &message)
{
    m_state = State::Refused;
    qCWarning(lcServer).noquote() << "refused a request from" << m_socket->peerAddress().toString() << "with"
                                  << status << "before reading it:" << message;
    const QByteArray body = "Refused: " + message.toUtf8() + ".\n";
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
                    + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                    + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    m_socket->flush();
    QTimer::singleShot(DiscardTime, m_socket, [socket = m_socket] { socket->disconnectFromHost(); });
}

ScreeningTcpServer::ScreeningTcpServer(qsizetype maxBodyBytes, QObject *parent)
    : datastar::TcpServer(parent)
    , m_maxBodyBytes(maxBodyBytes)
{ }

void ScreeningTcpServer::connectionAccepted(QTcpSocket *socket)
{
    new RequestScreen(socket, m_maxBodyBytes); // connects to readyRead before QtHttpServer does
}

} // namespace starling::detail
