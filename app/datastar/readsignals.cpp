#include "logging_p.h"

#include <datastar/readsignals.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace datastar {

namespace {

// The `datastar` parameter of a query, decoded as application/x-www-form-urlencoded ('+' is a space), which
// is how browsers' URLSearchParams and Go's url.Values encode it. nullopt when absent.
std::optional<QByteArray> datastarParameter(const QUrl &url)
{
    const QByteArray query = url.query(QUrl::FullyEncoded).toUtf8();
    const QList<QByteArray> pairs = query.split('&');
    for (const QByteArray &pair : pairs) {
        const qsizetype equals = pair.indexOf('=');
        const QByteArray key = equals < 0 ? pair : pair.left(equals);
        if (QByteArray::fromPercentEncoding(QByteArray(key).replace('+', ' ')) != "datastar")
            continue;
        QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
        return QByteArray::fromPercentEncoding(value.replace('+', ' '));
    }
    return std::nullopt;
}

// What a JSON text that is not an object holds ("an array", "a number", ...), or nothing when it is not JSON.
// QJsonDocument refuses a top-level scalar, so one is recognised by parsing it inside an array.
std::optional<QString> describeNonObject(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + json + ']', &error);
    if (error.error != QJsonParseError::NoError || wrapped.array().size() != 1)
        return std::nullopt;
    const QJsonValue value = wrapped.array().first();
    switch (value.type()) {
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Object:
    case QJsonValue::Undefined:
        break;
    }
    return std::nullopt;
}

QJsonObject fail(ReadSignalsError *error, ReadSignalsError::Kind kind, const QString &message)
{
    qCInfo(lcDatastar).noquote() << "readSignals:" << message;
    if (error)
        *error = ReadSignalsError(kind, message);
    return {};
}

} // namespace

ReadSignalsError::ReadSignalsError(Kind kind, QString message)
    : m_kind(kind)
    , m_message(std::move(message))
{ }

int ReadSignalsError::httpStatus() const
{
    switch (m_kind) {
    case Kind::None:
        return 200;
    case Kind::TooLarge:
        return 413;
    case Kind::MalformedJson:
    case Kind::NotAnObject:
        break;
    }
    return 400;
}

QJsonObject readSignals(QHttpServerRequest::Method method, const QUrl &url, const QByteArray &body,
                        ReadSignalsError *error, qsizetype maxBytes)
{
    if (error)
        *error = {};

    QByteArray json;
    QString source;
    if (method == QHttpServerRequest::Method::Get || method == QHttpServerRequest::Method::Delete) {
        if (std::optional<QByteArray> parameter = datastarParameter(url)) {
            json = std::move(*parameter);
            source = QStringLiteral("the datastar query parameter");
        } else if (method == QHttpServerRequest::Method::Get) {
            return {};
        }
    }
    if (source.isEmpty()) {
        json = body;
        source = QStringLiteral("the request body");
    }

    if (json.size() > maxBytes) {
        return fail(error, ReadSignalsError::Kind::TooLarge,
                    QStringLiteral("signals in %1 are %2 bytes, over the limit of %3 bytes")
                        .arg(source)
                        .arg(json.size())
                        .arg(maxBytes));
    }
    if (json.trimmed().isEmpty())
        return {};

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isObject())
        return document.object();
    if (const std::optional<QString> kind = describeNonObject(json)) {
        return fail(error, ReadSignalsError::Kind::NotAnObject,
                    QStringLiteral("signals in %1 must be a JSON object, got %2").arg(source, *kind));
    }
    return fail(error, ReadSignalsError::Kind::MalformedJson,
                QStringLiteral("signals in %1 are not valid JSON: %2 at offset %3")
                    .arg(source, parseError.errorString())
                    .arg(parseError.offset));
}

QJsonObject readSignals(const QHttpServerRequest &request, ReadSignalsError *error, qsizetype maxBytes)
{
    return readSignals(request.method(), request.url(), request.body(), error, maxBytes);
}

} // namespace datastar
