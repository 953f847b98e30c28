#include "httpsyntax_p.h"
#include "multipartparser_p.h"

#include <cstring>

namespace starling::detail {

namespace {

using namespace httpsyntax;

constexpr qsizetype MaxBoundaryLength = 70; // RFC 2046

// RFC 2046's bchars: what a boundary may hold (a space, but not as its last character).
bool isBoundary(QByteArrayView boundary)
{
    if (boundary.isEmpty() || boundary.size() > MaxBoundaryLength || boundary.back() == ' ')
        return false;
    for (char c : boundary) {
        const bool alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alphanumeric && (c == '\0' || std::strchr("'()+_,-./:=? ", c) == nullptr))
            return false;
    }
    return true;
}

// A header value of the form `type; name=value; name="value"` (Content-Type, Content-Disposition).
// Parameter names are lower-cased; quoted values end at the next '"' (the HTML standard escapes a '"' in a
// name as %22 and never writes a backslash escape).
struct HeaderValue
{
    QByteArray type;
    QList<QPair<QByteArray, QByteArray>> parameters;
};

std::optional<HeaderValue> parseHeaderValue(QByteArrayView text, QString *problem)
{
    HeaderValue result;
    const qsizetype semicolon = text.indexOf(';');
    result.type = trimmed(semicolon < 0 ? text : text.first(semicolon)).toByteArray();
    if (semicolon < 0)
        return result;
    QByteArrayView rest = text.sliced(semicolon);
    while (!(rest = trimmed(rest)).isEmpty()) {
        if (rest.front() != ';') {
            *problem = QStringLiteral("expected ';' before '%1'").arg(QString::fromUtf8(rest.first(1)));
            return std::nullopt;
        }
        rest = trimmed(rest.sliced(1));
        const qsizetype equals = rest.indexOf('=');
        const QByteArrayView name = equals < 0 ? rest : rest.first(equals);
        if (equals < 0 || !isToken(name)) {
            *problem = QStringLiteral("a parameter that is not name=value");
            return std::nullopt;
        }
        rest = rest.sliced(equals + 1);
        QByteArrayView value;
        if (rest.startsWith('"')) {
            const qsizetype close = rest.indexOf('"', 1);
            if (close < 0) {
                *problem
                    = QStringLiteral("parameter '%1' has no closing quote").arg(QString::fromLatin1(name));
                return std::nullopt;
            }
            value = rest.sliced(1, close - 1);
            rest = rest.sliced(close + 1);
        } else {
            qsizetype end = 0;
            while (end < rest.size() && isTokenChar(rest[end]))
                ++end;
            value = rest.first(end);
            rest = rest.sliced(end);
            if (value.isEmpty()) {
                *problem = QStringLiteral("parameter '%1' has no value").arg(QString::fromLatin1(name));
                return std::nullopt;
            }
        }
        const QByteArray lowerName = name.toByteArray().toLower();
        for (const auto &[seen, unused] : std::as_const(result.parameters)) {
            if (seen == lowerName) {
                *problem = QStringLiteral("parameter '%1' appears twice").arg(QString::fromLatin1(lowerName));
                return std::nullopt;
            }
        }
        result.parameters.append({ lowerName, value.toByteArray() });
    }
    return result;
}

std::optional<QByteArray> parameter(const HeaderValue &value, QByteArrayView name)
{
    for (const auto &[key, parameterValue] : value.parameters) {
        if (key == name)
            return parameterValue;
    }
    return std::nullopt;
}

// A name or file name as browsers write it: UTF-8 with '"', CR and LF escaped as %22, %0D and %0A.
QString decodeName(QByteArrayView raw)
{
    QByteArray bytes;
    bytes.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QByteArrayView next = raw.sliced(i).first(qMin<qsizetype>(3, raw.size() - i));
        if (next == "%22" || next == "%0D" || next == "%0A") {
            bytes.append(next == "%22" ? '"' : next == "%0D" ? '\r' : '\n');
            i += 2;
        } else {
            bytes.append(raw[i]);
        }
    }
    return QString::fromUtf8(bytes);
}

// RFC 8187's ext-value, `charset'language'percent-encoded`, in UTF-8 or ISO-8859-1.
std::optional<QString> decodeExtValue(QByteArrayView raw, QString *problem)
{
    const qsizetype first = raw.indexOf('\'');
    const qsizetype second = first < 0 ? -1 : raw.indexOf('\'', first + 1);
    if (second < 0) {
        *problem = QStringLiteral("filename* is not charset'language'value");
        return std::nullopt;
    }
    const QByteArrayView charset = raw.first(first);
    const bool utf8 = charset.compare("UTF-8", Qt::CaseInsensitive) == 0;
    if (!utf8 && charset.compare("ISO-8859-1", Qt::CaseInsensitive) != 0) {
        *problem = QStringLiteral("filename* is in charset '%1'; only UTF-8 and ISO-8859-1 are read")
                       .arg(QString::fromLatin1(charset.first(qMin<qsizetype>(charset.size(), 32))));
        return std::nullopt;
    }
    QByteArray bytes;
    const QByteArrayView encoded = raw.sliced(second + 1);
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c != '%') {
            bytes.append(c);
            continue;
        }
        const int high = i + 2 < encoded.size() ? hexDigitValue(encoded[i + 1]) : -1;
        const int low = high < 0 ? -1 : hexDigitValue(encoded[i + 2]);
        if (low < 0) {
            *problem = QStringLiteral("filename* has a '%' that is not followed by two hex digits");
            return std::nullopt;
        }
        bytes.append(char(high * 16 + low));
        i += 2;
    }
    return utf8 ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes);
}

} // namespace

MultipartParser::MultipartParser(const MultipartLimits &limits)
    : m_limits(limits)
{ }

std::optional<QByteArray> MultipartParser::boundary(QByteArrayView contentType, QString *error)
{
    QString problem;
    const std::optional<HeaderValue> value = parseHeaderValue(contentType, &problem);
    std::optional<QByteArray> boundary = value ? parameter(*value, "boundary") : std::nullopt;
    if (value && !boundary)
        problem = QStringLiteral("it has no boundary parameter");
    else if (boundary && !isBoundary(*boundary))
        problem = QStringLiteral("its boundary is not 1 to 70 characters of letters, digits and '()+_,-./:=? "
                                 "(RFC 2046)");
    if (problem.isEmpty())
        return boundary;
    if (error)
        *error = QStringLiteral("the multipart Content-Type is malformed: %1").arg(problem);
    return std::nullopt;
}

bool MultipartParser::fail(int status, const QString &message)
{
    m_parts.clear();
    m_errorStatus = status;
    m_errorString = message;
    return false;
}

bool MultipartParser::parse(QByteArrayView contentType, QByteArrayView body)
{
    m_parts.clear();
    m_errorStatus = 0;
    m_errorString.clear();

    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArrayView mediaType = trimmed(semicolon < 0 ? contentType : contentType.first(semicolon));
    if (mediaType.compare("multipart/form-data", Qt::CaseInsensitive) != 0)
        return fail(415, QStringLiteral("the body is not multipart/form-data"));
    QString problem;
    const std::optional<QByteArray> boundary = MultipartParser::boundary(contentType, &problem);
    if (!boundary)
        return fail(400, problem);

    // Every boundary after the first is preceded by CRLF, which belongs to it rather than to the content.
    const QByteArray dashBoundary = "--" + *boundary;
    const QByteArray delimiter = "\r\n" + dashBoundary;
    if (!body.startsWith(dashBoundary))
        return fail(400, QStringLiteral("the body does not start with its boundary line"));
    qsizetype at = dashBoundary.size();
    for (;;) {
        const QByteArrayView after = body.sliced(at);
        if (after.startsWith("--")) {
            if (after.size() == 2 || after.sliced(2) == "\r\n")
                return true;
            return fail(400, QStringLiteral("bytes follow the closing boundary at offset %1").arg(at + 2));
        }
        if (after.isEmpty())
            return fail(400, QStringLiteral("the body ends without its closing boundary (--boundary--)"));
        if (!after.startsWith("\r\n")) {
            return fail(400,
                        QStringLiteral("the boundary at offset %1 is followed by something other than CRLF "
                                       "or \"--\" (a part may not contain its boundary)")
                            .arg(at - dashBoundary.size()));
        }
        at += 2;
        const qsizetype number = m_parts.size() + 1;
        if (number > m_limits.maxParts) {
            return fail(413,
                        QStringLiteral("the form has more than %1 parts, the limit").arg(m_limits.maxParts));
        }

        // The header lines end at the first blank line, looked for only as far as the limit allows.
        if (body.sliced(at).startsWith("\r\n"))
            return fail(400, QStringLiteral("part %1 (offset %2) has no header lines").arg(number).arg(at));
        const qsizetype window = qMin(body.size() - at, m_limits.maxHeaderBytes + 2);
        const qsizetype blank = body.sliced(at, window).indexOf("\r\n\r\n");
        if (blank < 0 || blank + 2 > m_limits.maxHeaderBytes) {
            if (blank >= 0 || window < body.size() - at) {
                return fail(413,
                            QStringLiteral("the header lines of part %1 are over the limit of %2 bytes")
                                .arg(number)
                                .arg(m_limits.maxHeaderBytes));
            }
            return fail(400,
                        QStringLiteral("the header lines of part %1 (offset %2) do not end with a blank line")
                            .arg(number)
                            .arg(at));
        }
        MultipartPart part;
        if (!parseHeaders(body.sliced(at, blank), part, at))
            return false;
        const qsizetype contentStart = at + blank + 4;

        // The blank line's CRLF may also be read as the one before a boundary (a part without content, by
        // RFC 2046's grammar); browsers never write that, so it is refused rather than read two ways.
        const qsizetype end = body.indexOf(delimiter, contentStart - 2);
        if (end == contentStart - 2) {
            return fail(400,
                        QStringLiteral("part %1 (offset %2) has a boundary right after its blank line; a "
                                       "part's content (even empty) ends with CRLF before the boundary")
                            .arg(number)
                            .arg(at));
        }
        if (end < 0) {
            return fail(400,
                        QStringLiteral("part %1 (offset %2) is not ended by a boundary: the body is cut off")
                            .arg(number)
                            .arg(at));
        }
        part.content = body.sliced(contentStart, end - contentStart).toByteArray();
        m_parts.append(std::move(part));
        at = end + delimiter.size();
    }
}

bool MultipartParser::parseHeaders(QByteArrayView block, MultipartPart &part, qsizetype offset)
{
    const qsizetype number = m_parts.size() + 1;
    bool hasDisposition = false;
    qsizetype lineStart = 0;
    while (lineStart <= block.size()) {
        qsizetype lineEnd = block.indexOf("\r\n", lineStart);
        if (lineEnd < 0)
            lineEnd = block.size();
        const QByteArrayView line = block.sliced(lineStart, lineEnd - lineStart);
        const qsizetype lineOffset = offset + lineStart;
        lineStart = lineEnd + 2;

        if (line.startsWith(' ') || line.startsWith('\t'))
            return fail(
                400,
                QStringLiteral("part %1 has a folded header line at offset %2").arg(number).arg(lineOffset));
        if (line.startsWith("--")) // no header name starts so; a boundary line before the blank line does
            return fail(
                400,
                QStringLiteral("part %1 has a line starting with \"--\" among its headers at offset %2")
                    .arg(number)
                    .arg(lineOffset));
        const qsizetype colon = line.indexOf(':');
        if (colon < 0 || !isToken(line.first(colon))) {
            return fail(400,
                        QStringLiteral("part %1 has a malformed header line at offset %2 (expected "
                                       "Name: value)")
                            .arg(number)
                            .arg(lineOffset));
        }
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (!isFieldValue(value)) {
            return fail(400,
                        QStringLiteral("part %1's header %2 holds a control character (offset %3)")
                            .arg(number)
                            .arg(QString::fromLatin1(name))
                            .arg(lineOffset));
        }
        part.headers.append({ name.toByteArray(), value.toByteArray() });

        if (name.compare("content-disposition", Qt::CaseInsensitive) == 0) {
            if (hasDisposition)
                return fail(400, QStringLiteral("part %1 has two Content-Disposition headers").arg(number));
            hasDisposition = true;
            if (!parseDisposition(value, part, lineOffset))
                return false;
        } else if (name.compare("content-type", Qt::CaseInsensitive) == 0) {
            if (!part.contentType.isNull())
                return fail(400, QStringLiteral("part %1 has two Content-Type headers").arg(number));
            part.contentType = value.toByteArray();
        } else if (name.compare("content-transfer-encoding", Qt::CaseInsensitive) == 0) {
            // RFC 7578 deprecates it; bytes in another encoding would reach the handler undecoded.
            bool identity = false;
            for (QByteArrayView known : { "7bit", "8bit", "binary" })
                identity = identity || value.compare(known, Qt::CaseInsensitive) == 0;
            if (!identity) {
                return fail(400,
                            QStringLiteral("part %1 has Content-Transfer-Encoding '%2'; only 7bit, 8bit and "
                                           "binary are accepted")
                                .arg(number)
                                .arg(QString::fromUtf8(value.first(qMin<qsizetype>(value.size(), 32)))));
            }
        }
    }
    if (!hasDisposition)
        return fail(
            400,
            QStringLiteral("part %1 (offset %2) has no Content-Disposition header").arg(number).arg(offset));
    return true;
}

bool MultipartParser::parseDisposition(QByteArrayView value, MultipartPart &part, qsizetype offset)
{
    const qsizetype number = m_parts.size() + 1;
    QString problem;
    const std::optional<HeaderValue> disposition = parseHeaderValue(value, &problem);
    if (!disposition) {
        return fail(400,
                    QStringLiteral("part %1's Content-Disposition (offset %2) is malformed: %3")
                        .arg(number)
                        .arg(offset)
                        .arg(problem));
    }
    if (disposition->type.compare("form-data", Qt::CaseInsensitive) != 0) {
        return fail(400, QStringLiteral("part %1's Content-Disposition is not form-data").arg(number));
    }
    const std::optional<QByteArray> name = parameter(*disposition, "name");
    if (!name)
        return fail(400, QStringLiteral("part %1's Content-Disposition has no name").arg(number));
    part.name = decodeName(*name);
    if (const std::optional<QByteArray> extended = parameter(*disposition, "filename*")) {
        part.fileName = decodeExtValue(*extended, &problem);
        if (!part.fileName)
            return fail(400, QStringLiteral("part %1's Content-Disposition: %2").arg(number).arg(problem));
    } else if (const std::optional<QByteArray> fileName = parameter(*disposition, "filename")) {
        part.fileName = decodeName(*fileName);
    }
    return true;
}

} // namespace starling::detail
