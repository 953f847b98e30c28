#include "httpsyntax_p.h"
#include "requestparser_p.h"

#include <cstring>

namespace starling::detail {

namespace {

using namespace httpsyntax;

constexpr qsizetype MaxContentLengthDigits = 18; // fits qint64
constexpr qsizetype MaxChunkSizeDigits = 15;

// The comma-separated elements of a list field, trimmed and lower-cased; empty elements dropped.
QList<QByteArray> listElements(QByteArrayView value)
{
    QList<QByteArray> elements;
    for (const QByteArray &element : value.toByteArray().split(',')) {
        const QByteArray item = trimmed(element).toByteArray().toLower();
        if (!item.isEmpty())
            elements.append(item);
    }
    return elements;
}

bool isKnownMethod(QByteArrayView method)
{
    for (QByteArrayView known : { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" }) {
        if (method == known)
            return true;
    }
    return false;
}

bool isHopByHop(const QByteArray &lowerName)
{
    for (QByteArrayView name : { "connection", "keep-alive", "transfer-encoding", "content-length", "expect",
                                 "upgrade", "te", "trailer", "proxy-connection" }) {
        if (lowerName == name)
            return true;
    }
    return false;
}

// The line ending at `newline` (exclusive) without its CR; false when another CR is inside it.
bool stripLineEnd(QByteArrayView &line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    return !line.contains('\r');
}

} // namespace

QByteArray ParsedRequest::canonical() const
{
    QByteArray bytes;
    qsizetype size = method.size() + target.size() + version.size() + 4 + body.size() + 40;
    for (const auto &[name, value] : fields)
        size += name.size() + value.size() + 4;
    bytes.reserve(size);
    bytes += method + ' ' + target + ' ' + version + "\r\n";
    for (const auto &[name, value] : fields)
        bytes += name + ": " + value + "\r\n";
    if (!body.isEmpty())
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    bytes += "\r\n";
    bytes += body;
    return bytes;
}

RequestParser::RequestParser(const RequestLimits &limits)
    : m_limits(limits)
{ }

void RequestParser::next()
{
    m_phase = Phase::Idle;
    m_head.clear();
    m_lineStart = 0;
    m_trailerBytes = 0;
    m_bodyLength = 0;
    m_remaining = 0;
    m_expectsContinue = false;
    m_chunked = false;
    m_request = {};
}

RequestParser::Result RequestParser::refuse(int status, const QString &reason, qsizetype consumed)
{
    m_phase = Phase::Refused;
    m_refusalStatus = status;
    m_refusalReason = reason;
    return { Status::Refused, consumed };
}

bool RequestParser::refuseInHead(int status, const QString &reason)
{
    m_refusalStatus = status;
    m_refusalReason = reason;
    return false;
}

RequestParser::Result RequestParser::parse(QByteArrayView input)
{
    qsizetype pos = 0;
    while (pos < input.size()) {
        switch (m_phase) {
        case Phase::Refused:
            return { Status::Refused, 0 };
        case Phase::Done:
            return { Status::Complete, pos };
        case Phase::Idle:
            // Empty lines before a request are tolerated (RFC 9112, 2.2).
            if (input[pos] == '\n'
                || (input[pos] == '\r' && pos + 1 < input.size() && input[pos + 1] == '\n')) {
                pos += input[pos] == '\n' ? 1 : 2;
                continue;
            }
            if (input[pos] == '\r')
                return { Status::NeedMore, pos }; // a CR alone: the LF may follow in the next read
            m_phase = Phase::Head;
            break;
        case Phase::Head:
        case Phase::ChunkSize:
        case Phase::ChunkEnd:
        case Phase::Trailer: {
            const char *newline = static_cast<const char *>(
                std::memchr(input.data() + pos, '\n', size_t(input.size() - pos)));
            const qsizetype end = newline ? newline - input.data() + 1 : input.size();
            m_head.append(input.data() + pos, end - pos);
            pos = end;
            if (m_phase == Phase::Head || m_phase == Phase::Trailer) {
                if (m_trailerBytes + m_head.size() > m_limits.maxHeadBytes) {
                    return refuse(
                        431, QStringLiteral("the request head is over %1 bytes").arg(m_limits.maxHeadBytes),
                        pos);
                }
            } else if (m_head.size() > m_limits.maxChunkLineBytes) {
                return refuse(400,
                              QStringLiteral("a chunk line is over %1 bytes").arg(m_limits.maxChunkLineBytes),
                              pos);
            }
            if (!newline)
                return { Status::NeedMore, pos };

            const qsizetype lineStart = m_lineStart;
            m_lineStart = m_head.size();
            QByteArrayView line = QByteArrayView(m_head).sliced(lineStart, m_head.size() - lineStart - 1);
            if (!stripLineEnd(line))
                return refuse(400, QStringLiteral("a line holds a carriage return that does not end it"),
                              pos);
            if (m_phase == Phase::Head) {
                if (!line.isEmpty())
                    break; // the next field line
                if (!parseHead())
                    return refuse(m_refusalStatus, m_refusalReason, pos);
                m_head.clear();
                m_lineStart = 0;
                if (m_phase == Phase::Done)
                    return { Status::Complete, pos };
                return { Status::HeadParsed, pos };
            }
            if (m_phase == Phase::ChunkSize) {
                if (!parseChunkSize(line))
                    return refuse(m_refusalStatus, m_refusalReason, pos);
                m_head.clear();
                m_lineStart = 0;
                if (m_request.body.size() > m_limits.maxBodyBytes) {
                    return refuse(413,
                                  QStringLiteral("the chunked body is over the limit of %1 bytes")
                                      .arg(m_limits.maxBodyBytes),
                                  pos);
                }
                break;
            }
            if (m_phase == Phase::ChunkEnd) {
                if (!line.isEmpty())
                    return refuse(400, QStringLiteral("a chunk's data is longer than its size"), pos);
                m_head.clear();
                m_lineStart = 0;
                m_phase = Phase::ChunkSize;
                break;
            }
            // Trailer fields are checked like header fields, then dropped: nothing downstream reads them.
            // (`line` points into m_head: judge it before m_head is cleared.)
            const bool lastLine = line.isEmpty();
            const qsizetype colon = line.indexOf(':');
            if (!lastLine
                && (colon <= 0 || !isToken(line.first(colon)) || !isFieldValue(line.sliced(colon + 1))))
                return refuse(400, QStringLiteral("a malformed trailer field"), pos);
            m_trailerBytes += m_head.size();
            m_head.clear();
            m_lineStart = 0;
            if (lastLine) {
                m_phase = Phase::Done;
                return { Status::Complete, pos };
            }
            break;
        }
        case Phase::Body:
        case Phase::ChunkData: {
            const qsizetype take = qsizetype(std::min<qint64>(m_remaining, input.size() - pos));
            m_request.body.append(input.data() + pos, take);
            pos += take;
            m_remaining -= take;
            if (m_remaining > 0)
                break;
            if (m_phase == Phase::Body) {
                m_phase = Phase::Done;
                return { Status::Complete, pos };
            }
            m_phase = Phase::ChunkEnd;
            break;
        }
        }
    }
    if (m_phase == Phase::Done)
        return { Status::Complete, pos };
    return { m_phase == Phase::Refused ? Status::Refused : Status::NeedMore, pos };
}

bool RequestParser::parseHead()
{
    QList<QByteArrayView> lines;
    QByteArrayView rest(m_head);
    while (!rest.isEmpty()) {
        const qsizetype newline = rest.indexOf('\n');
        QByteArrayView line = rest.first(newline);
        stripLineEnd(line);
        if (!line.isEmpty())
            lines.append(line);
        rest = rest.sliced(newline + 1);
    }
    if (lines.size() - 1 > m_limits.maxHeaderFields) {
        return refuseInHead(431,
                            QStringLiteral("the request has %1 header fields, more than the limit of %2")
                                .arg(lines.size() - 1)
                                .arg(m_limits.maxHeaderFields));
    }
    if (!parseRequestLine(lines.first()))
        return false;

    int hosts = 0;
    qint64 contentLength = -1;
    QList<QByteArray> transferCodings;
    QList<QByteArray> connectionOptions;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (!parseField(lines[i]))
            return false;
        const QByteArray name = m_request.fields.last().first.toLower();
        const QByteArray &value = m_request.fields.last().second;
        if (name == "host") {
            ++hosts;
        } else if (name == "content-length") {
            bool ok = !value.isEmpty() && value.size() <= MaxContentLengthDigits;
            for (char c : value)
                ok = ok && c >= '0' && c <= '9';
            const qint64 length = ok ? value.toLongLong(&ok) : -1;
            if (!ok || (contentLength >= 0 && length != contentLength))
                return refuseInHead(
                    400, QStringLiteral("invalid Content-Length \"%1\"").arg(QString::fromLatin1(value)));
            contentLength = length;
        } else if (name == "transfer-encoding") {
            transferCodings += listElements(value);
        } else if (name == "connection") {
            connectionOptions += listElements(value);
        } else if (name == "expect") {
            if (value.compare("100-continue", Qt::CaseInsensitive) != 0)
                return refuseInHead(417, QStringLiteral("only \"Expect: 100-continue\" is supported"));
            m_expectsContinue = true;
        }
        if (isHopByHop(name))
            m_request.fields.removeLast();
    }

    const bool http11 = m_request.version == "HTTP/1.1";
    if (hosts > 1 || (http11 && hosts == 0))
        return refuseInHead(400, QStringLiteral("an HTTP/1.1 request needs exactly one Host field"));
    if (!transferCodings.isEmpty()) {
        if (!http11)
            return refuseInHead(400, QStringLiteral("Transfer-Encoding in an HTTP/1.0 request"));
        if (contentLength >= 0)
            return refuseInHead(400, QStringLiteral("both Content-Length and Transfer-Encoding"));
        if (transferCodings != QList<QByteArray> { "chunked" })
            return refuseInHead(501, QStringLiteral("unsupported Transfer-Encoding (only chunked)"));
        m_chunked = true;
    }
    if (contentLength > m_limits.maxBodyBytes) {
        return refuseInHead(413,
                            QStringLiteral("the body (%1 bytes) is over the limit of %2 bytes")
                                .arg(contentLength)
                                .arg(m_limits.maxBodyBytes));
    }
    const bool close = connectionOptions.contains("close");
    m_request.keepAlive = http11 ? !close : (!close && connectionOptions.contains("keep-alive"));

    if (m_chunked) {
        m_bodyLength = -1;
        m_phase = Phase::ChunkSize;
    } else if (contentLength > 0) {
        m_bodyLength = contentLength;
        m_remaining = contentLength;
        m_request.body.reserve(qsizetype(contentLength));
        m_phase = Phase::Body;
    } else {
        m_expectsContinue = false; // nothing to continue with
        m_phase = Phase::Done;
    }
    return true;
}

bool RequestParser::parseRequestLine(QByteArrayView line)
{
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace)
        return refuseInHead(400, QStringLiteral("a malformed request line"));
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(lastSpace + 1);
    if (!isToken(method))
        return refuseInHead(400, QStringLiteral("a malformed request line"));
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        const bool looksLikeHttp = version.size() == 8 && version.startsWith("HTTP/") && version[6] == '.'
            && version[5] >= '0' && version[5] <= '9' && version[7] >= '0' && version[7] <= '9';
        return refuseInHead(looksLikeHttp ? 505 : 400,
                            looksLikeHttp ? QStringLiteral("only HTTP/1.0 and HTTP/1.1 are supported")
                                          : QStringLiteral("a malformed request line"));
    }
    if (target.isEmpty() || target.front() != '/')
        return refuseInHead(400, QStringLiteral("the request target must be a path starting with '/'"));
    for (char c : target) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f)
            return refuseInHead(
                400, QStringLiteral("the request target holds a byte that must be percent-encoded"));
    }
    if (!isKnownMethod(method))
        return refuseInHead(
            501, QStringLiteral("the method %1 is not supported").arg(QString::fromLatin1(method)));
    m_request.method = method.toByteArray();
    m_request.target = target.toByteArray();
    m_request.version = version.toByteArray();
    return true;
}

bool RequestParser::parseField(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return refuseInHead(400, QStringLiteral("a folded header line (obsolete line folding)"));
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return refuseInHead(400, QStringLiteral("a header line without a colon"));
    const QByteArrayView name = line.first(colon);
    if (!name.isEmpty() && (name.back() == ' ' || name.back() == '\t'))
        return refuseInHead(400, QStringLiteral("whitespace between a header name and its colon"));
    if (!isToken(name))
        return refuseInHead(400, QStringLiteral("an invalid header name"));
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    if (!isFieldValue(value)) {
        return refuseInHead(
            400, QStringLiteral("the header %1 holds a control character").arg(QString::fromLatin1(name)));
    }
    m_request.fields.append({ name.toByteArray(), value.toByteArray() });
    return true;
}

bool RequestParser::parseChunkSize(QByteArrayView line)
{
    const qsizetype extension = line.indexOf(';');
    const QByteArrayView digits = trimmed(extension < 0 ? line : line.first(extension));
    bool ok = !digits.isEmpty() && digits.size() <= MaxChunkSizeDigits;
    for (char c : digits)
        ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    if (!ok || (extension >= 0 && !isFieldValue(line.sliced(extension))))
        return refuseInHead(400, QStringLiteral("an invalid chunk size line"));
    const qint64 size = digits.toByteArray().toLongLong(nullptr, 16);
    if (size == 0) {
        m_phase = Phase::Trailer;
        return true;
    }
    if (m_request.body.size() + size > m_limits.maxBodyBytes) {
        return refuseInHead(
            413, QStringLiteral("the chunked body is over the limit of %1 bytes").arg(m_limits.maxBodyBytes));
    }
    m_remaining = size;
    m_phase = Phase::ChunkData;
    return true;
}

} // namespace starling::detail
