// Parses a multipart/form-data body (RFC 7578, framed as RFC 2046 says) from bytes, strictly.
#pragma once

#include <starling/starling_export.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace starling::detail {

// What one body may hold besides its size, which the request screen has already bounded (maxBodyBytes).
struct MultipartLimits
{
    qsizetype maxParts = 1000; // over it: 413
    qsizetype maxHeaderBytes = 8 * 1024; // one part's header lines with their CRLFs; over it: 413
};

// One part as sent. Names and file names are UTF-8 (invalid sequences become U+FFFD) with the HTML
// standard's escapes undone: %22 is '"', %0D is CR, %0A is LF.
struct STARLING_PRIVATE_EXPORT MultipartPart
{
    QString name; // Content-Disposition's name
    std::optional<QString> fileName; // filename* (UTF-8 or ISO-8859-1) over filename; nullopt without either
    QByteArray contentType; // the part's Content-Type, trimmed; empty when it has none
    QList<QPair<QByteArray, QByteArray>> headers; // every header line, names as sent, values trimmed
    QByteArray content;
};

// Parses one body; no socket, no event loop. The body must start with the first boundary line and end with
// the closing one (a final CRLF may follow): no preamble, no epilogue, no padding after a boundary, lines
// end in CRLF. A boundary followed by anything but CRLF or "--" is refused, since a part's content may not
// hold it. Each part needs a Content-Disposition of type form-data with a name; Content-Transfer-Encoding,
// when present, must be 7bit, 8bit or binary. Header lines follow HTTP's rules (a token name, no
// whitespace before the colon, no control characters, no folding). Quoted parameter values end at the next
// '"', without backslash escapes, as the HTML standard writes them.
class STARLING_PRIVATE_EXPORT MultipartParser
{
public:
    explicit MultipartParser(const MultipartLimits &limits = {});

    // `contentType` is the request's whole Content-Type value (multipart/form-data with a boundary). On
    // failure returns false, parts() is empty and errorStatus()/errorString() say why (400 malformed, 413
    // over a limit).
    bool parse(QByteArrayView contentType, QByteArrayView body);

    const QList<MultipartPart> &parts() const { return m_parts; }
    int errorStatus() const { return m_errorStatus; } // 0 after a successful parse
    QString errorString() const { return m_errorString; }

    // The boundary parameter of a multipart Content-Type (1 to 70 characters of RFC 2046's set, quoted or
    // not); nullopt with `error` set when it is missing or invalid.
    static std::optional<QByteArray> boundary(QByteArrayView contentType, QString *error = nullptr);

private:
    bool parseHeaders(QByteArrayView block, MultipartPart &part, qsizetype offset);
    bool parseDisposition(QByteArrayView value, MultipartPart &part, qsizetype offset);
    bool fail(int status, const QString &message);

    MultipartLimits m_limits;
    QList<MultipartPart> m_parts;
    int m_errorStatus = 0;
    QString m_errorString;
};

} // namespace starling::detail
