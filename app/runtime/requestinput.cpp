#include "httpsyntax_p.h"
#include "multipartparser_p.h"
#include "requestinput_p.h"

#include <datastar/readsignals.h>
#include <starling/httperror.h>

#include <QHttpServerRequest>
#include <QLocale>

#include <stdexcept>

namespace starling::detail {

namespace {

using httpsyntax::hexDigitValue;

QHttpServerRequest::Method toQt(Method method)
{
    switch (method) {
    case Method::Get:
        return QHttpServerRequest::Method::Get;
    case Method::Post:
        return QHttpServerRequest::Method::Post;
    case Method::Put:
        return QHttpServerRequest::Method::Put;
    case Method::Patch:
        return QHttpServerRequest::Method::Patch;
    case Method::Delete:
        return QHttpServerRequest::Method::Delete;
    }
    return QHttpServerRequest::Method::Unknown;
}

// A present field's value is never null, so that Request::formField() can tell an empty field from a missing
// one.
QString fieldValue(QByteArrayView utf8)
{
    return utf8.isEmpty() ? QStringLiteral("") : QString::fromUtf8(utf8);
}

// application/x-www-form-urlencoded decoding as the URL standard has it: '+' is a space, %XX a byte, and a
// '%' without two hex digits stays as it is; the bytes are UTF-8.
QString decodeFormComponent(QByteArrayView encoded)
{
    QByteArray bytes;
    bytes.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        const int high = c == '%' && i + 2 < encoded.size() ? hexDigitValue(encoded[i + 1]) : -1;
        const int low = high < 0 ? -1 : hexDigitValue(encoded[i + 2]);
        if (low >= 0) {
            bytes.append(char(high * 16 + low));
            i += 2;
        } else {
            bytes.append(c == '+' ? ' ' : c);
        }
    }
    return fieldValue(bytes);
}

// The fields of an urlencoded form (empty pieces between '&' are skipped, as the URL standard does).
RequestInput::Form readUrlEncoded(QByteArrayView encoded)
{
    const qsizetype maxFields = MultipartLimits {}.maxParts;
    RequestInput::Form form;
    qsizetype count = 0;
    for (qsizetype start = 0; start < encoded.size();) {
        qsizetype end = encoded.indexOf('&', start);
        if (end < 0)
            end = encoded.size();
        const QByteArrayView pair = encoded.sliced(start, end - start);
        start = end + 1;
        if (pair.isEmpty())
            continue;
        if (++count > maxFields)
            throw HttpError(413,
                            QStringLiteral("the form has more than %1 fields, the limit").arg(maxFields));
        const qsizetype equals = pair.indexOf('=');
        const QString name = decodeFormComponent(equals < 0 ? pair : pair.first(equals));
        form.fields[name].append(
            decodeFormComponent(equals < 0 ? QByteArrayView() : pair.sliced(equals + 1)));
    }
    return form;
}

RequestInput::Form readMultipart(const QByteArray &contentType, const QByteArray &body)
{
    MultipartParser parser;
    if (!parser.parse(contentType, body))
        throw HttpError(parser.errorStatus(), QStringLiteral("malformed form: %1").arg(parser.errorString()));
    RequestInput::Form form;
    for (const MultipartPart &part : parser.parts()) {
        if (!part.fileName) {
            form.fields[part.name].append(fieldValue(part.content));
            continue;
        }
        // A file input left empty is sent as a part with no file name and no bytes.
        if (part.fileName->isEmpty() && part.content.isEmpty())
            continue;
        // RFC 7578's default for a file sent without a type.
        const QByteArray type
            = part.contentType.isEmpty() ? QByteArray("application/octet-stream") : part.contentType;
        form.files.append(UploadedFile { .fieldName = part.name,
                                         .fileName = *part.fileName,
                                         .contentType = type,
                                         .content = part.content });
    }
    return form;
}

RequestInput::Form readForm(Method method, const QUrl &url, const QByteArray &contentType,
                            const QByteArray &body)
{
    // Datastar's client sends a GET's form in the query (as browsers submit a GET form), and a form of every
    // other method in the body.
    if (method == Method::Get)
        return readUrlEncoded(url.query(QUrl::FullyEncoded).toUtf8());
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mediaType
        = (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed().toLower();
    if (mediaType == "application/x-www-form-urlencoded")
        return readUrlEncoded(body);
    if (mediaType == "multipart/form-data")
        return readMultipart(contentType, body);
    if (contentType.isEmpty() && body.isEmpty())
        return {};
    QString shown = QStringLiteral("none");
    if (!contentType.isEmpty()) {
        constexpr qsizetype Shown = 64; // the header is the client's: long enough to recognise, no more
        shown = QStringLiteral("'%1%2'").arg(
            QString::fromUtf8(contentType.first(qMin(contentType.size(), Shown))),
            contentType.size() > Shown ? QStringLiteral("...") : QString());
    }
    throw HttpError(415,
                    QStringLiteral("a form was expected (Content-Type application/x-www-form-urlencoded or "
                                   "multipart/form-data), but the request's Content-Type is %1")
                        .arg(shown));
}

} // namespace

const QJsonObject &RequestInput::signalValues(Method method, const QUrl &url, const QByteArray &body)
{
    if (!m_signalsRead.load(std::memory_order_acquire)) {
        const QMutexLocker lock(&m_mutex);
        if (!m_signalsRead.load(std::memory_order_relaxed)) {
            datastar::ReadSignalsError error;
            m_signals = datastar::readSignals(toQt(method), url, body, &error);
            if (error.isError())
                m_signalsOutcome = { error.httpStatus(), error.message() };
            m_signalsRead.store(true, std::memory_order_release);
        }
    }
    if (m_signalsOutcome.status != 0)
        throw HttpError(m_signalsOutcome.status, m_signalsOutcome.message);
    return m_signals;
}

const RequestInput::Form &RequestInput::form(Method method, const QUrl &url, const QByteArray &contentType,
                                             const QByteArray &body)
{
    if (!m_formRead.load(std::memory_order_acquire)) {
        const QMutexLocker lock(&m_mutex);
        if (!m_formRead.load(std::memory_order_relaxed)) {
            try {
                m_form = readForm(method, url, contentType, body);
            } catch (const HttpError &error) {
                m_formOutcome = { error.status(), error.message() };
            }
            m_formRead.store(true, std::memory_order_release);
        }
    }
    if (m_formOutcome.status != 0)
        throw HttpError(m_formOutcome.status, m_formOutcome.message);
    return m_form;
}

QJsonValue RequestInput::valueAt(const QJsonObject &values, QStringView path)
{
    if (path.isEmpty())
        throw std::invalid_argument("Request::signal(): the signal path is empty");
    QJsonValue value = values;
    qsizetype start = 0;
    for (;;) {
        qsizetype dot = path.indexOf(u'.', start);
        if (dot < 0)
            dot = path.size();
        const QStringView key = path.sliced(start, dot - start);
        if (key.isEmpty()) {
            throw std::invalid_argument("Request::signal(): the signal path '" + path.toString().toStdString()
                                        + "' has an empty segment");
        }
        if (value.isUndefined() || value.isNull())
            return QJsonValue::Undefined;
        if (!value.isObject()) {
            const QStringView parent = path.first(start - 1);
            throw HttpError(400,
                            QStringLiteral("signal '%1' must be an object to hold '%2', got %3")
                                .arg(parent, path, describe(value)));
        }
        value = value.toObject().value(key);
        if (dot == path.size())
            return value.isNull() ? QJsonValue(QJsonValue::Undefined) : value;
        start = dot + 1;
    }
}

std::optional<qint64> RequestInput::integerOf(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    // toInteger() gives its default for a fraction or a number out of qint64's range; 0 is integral only
    // when the number is 0.
    const qint64 integer = value.toInteger(0);
    if (integer == 0 && value.toDouble() != 0.0)
        return std::nullopt;
    return integer;
}

QString RequestInput::describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double: {
        const std::optional<qint64> integer = integerOf(value);
        return QStringLiteral("the number %1")
            .arg(integer ? QString::number(*integer)
                         : QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest));
    }
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

} // namespace starling::detail
