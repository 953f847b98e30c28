// Reading the signals a Datastar page sends with each backend action.
#pragma once

#include <datastar/datastar_export.h>
#include <datastar/options.h>

#include <QByteArray>
#include <QHttpServerRequest>
#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace datastar {

// Why readSignals() failed; httpStatus() is the status to answer with, message() says what was wrong.
class DATASTAR_EXPORT ReadSignalsError
{
public:
    enum class Kind {
        None,
        MalformedJson, // 400: not JSON by RFC 8259 (Qt alone would accept raw control characters in strings)
        NotAnObject, // 400: valid JSON, but not a JSON object
        TooLarge, // 413: over the size limit
        TooDeep, // 400: objects and arrays nested deeper than MaxSignalsDepth
    };

    ReadSignalsError() = default;
    ReadSignalsError(Kind kind, QString message);

    Kind kind() const { return m_kind; }
    bool isError() const { return m_kind != Kind::None; }
    QString message() const { return m_message; }
    int httpStatus() const; // 400, 413, or 200 when there is no error

private:
    Kind m_kind = Kind::None;
    QString m_message;
};

// The signals of a request: GET reads the `datastar` query parameter (form-encoded: `+` is a space, as
// URLSearchParams writes it); DELETE the query parameter when present, else the body; every other method the
// JSON body. A request without any (no parameter, a blank value or body) has no signals: an empty object.
// The size limit counts decoded bytes. The JSON must be valid by RFC 8259, stricter than QJsonDocument: raw
// control characters (U+0000..U+001F) in strings, unknown escapes (\a) and numbers like "1." are refused,
// while their escaped forms (\u0000) are fine. Nesting is bounded by MaxSignalsDepth. On failure returns an
// empty object and fills `error` (when given).
DATASTAR_EXPORT QJsonObject readSignals(const QHttpServerRequest &request, ReadSignalsError *error = nullptr,
                                        qsizetype maxBytes = MaxSignalsBytes);

// The same rules on a request's parts, for servers that do not use QHttpServerRequest.
DATASTAR_EXPORT QJsonObject readSignals(QHttpServerRequest::Method method, const QUrl &url,
                                        const QByteArray &body, ReadSignalsError *error = nullptr,
                                        qsizetype maxBytes = MaxSignalsBytes);

} // namespace datastar
