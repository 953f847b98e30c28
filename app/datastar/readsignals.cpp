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

struct StrictProblem
{
    ReadSignalsError::Kind kind;
    QString what;
    qsizetype offset;
};

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// RFC 8259's number: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
bool isJsonNumber(QByteArrayView token)
{
    qsizetype i = 0;
    auto digits = [&] {
        const qsizetype start = i;
        while (i < token.size() && isDigit(token[i]))
            ++i;
        return i > start;
    };
    if (i < token.size() && token[i] == '-')
        ++i;
    if (i < token.size() && token[i] == '0')
        ++i;
    else if (!digits())
        return false;
    if (i < token.size() && token[i] == '.' && (++i, !digits()))
        return false;
    if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
        ++i;
        if (i < token.size() && (token[i] == '+' || token[i] == '-'))
            ++i;
        if (!digits())
            return false;
    }
    return i == token.size();
}

// What QJsonDocument::fromJson() lets through (Qt 6.4, and later versions' parser alike) that readSignals()
// refuses: raw control characters (U+0000..U+001F) inside strings, escapes other than \" \\ \/ \b \f \n \r \t
// \uXXXX (Qt keeps the escaped character), numbers such as "1." or ".5", and nesting deeper than
// MaxSignalsDepth (Qt stops only at 1024). One pass with no recursion, over text Qt has parsed, so strings
// and tokens are where this walk takes them to be.
std::optional<StrictProblem> strictJsonProblem(QByteArrayView json)
{
    using Kind = ReadSignalsError::Kind;
    auto controlCharacter = [](uchar c) {
        const QString code = QString::number(uint(c), 16).toUpper().rightJustified(4, u'0');
        return QStringLiteral("unescaped control character U+%1 in a string (write it as \\u%1)").arg(code);
    };
    int depth = 0;
    qsizetype i = 0;
    while (i < json.size()) {
        const char c = json[i];
        if (c == '"') {
            for (++i; i < json.size() && json[i] != '"'; ++i) {
                const uchar inString = uchar(json[i]);
                if (inString < 0x20)
                    return StrictProblem { Kind::MalformedJson, controlCharacter(inString), i };
                if (inString != '\\' || i + 1 >= json.size())
                    continue;
                const uchar escaped = uchar(json[++i]);
                if (escaped == 'u') {
                    i += 4; // Qt has checked the four hex digits
                } else if (escaped < 0x20) {
                    return StrictProblem { Kind::MalformedJson, controlCharacter(escaped), i };
                } else if (!QByteArrayView("\"\\/bfnrt").contains(char(escaped))) {
                    const QString shown = escaped < 0x80
                        ? QStringLiteral("'\\%1'").arg(QLatin1Char(char(escaped)))
                        : QStringLiteral("(a backslash before a non-ASCII character)");
                    return StrictProblem {
                        Kind::MalformedJson,
                        QStringLiteral("invalid escape sequence %1 in a string").arg(shown), i - 1
                    };
                }
            }
            ++i; // the closing quote
        } else if (c == '{' || c == '[') {
            if (++depth > MaxSignalsDepth)
                return StrictProblem { Kind::TooDeep, QString(), i };
            ++i;
        } else if (c == '}' || c == ']') {
            --depth;
            ++i;
        } else if (c == '-' || c == '.' || isDigit(c)) {
            const qsizetype start = i;
            while (i < json.size() && (isDigit(json[i]) || QByteArrayView("+-.eE").contains(json[i])))
                ++i;
            const QByteArrayView token = json.sliced(start, i - start);
            if (!isJsonNumber(token)) {
                constexpr qsizetype Shown = 24;
                const QString shown = token.size() <= Shown
                    ? QString::fromLatin1(token)
                    : QString::fromLatin1(token.first(Shown)) + QStringLiteral("...");
                return StrictProblem { Kind::MalformedJson, QStringLiteral("invalid number '%1'").arg(shown),
                                       start };
            }
        } else {
            ++i;
        }
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
    case Kind::TooDeep:
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

    // Qt's parser first (it stops at 1024 levels, so it recurses within bounds); then what it lets through.
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    const std::optional<QString> nonObject = document.isObject() ? std::nullopt : describeNonObject(json);
    if (document.isObject() || nonObject || parseError.error == QJsonParseError::DeepNesting) {
        if (const std::optional<StrictProblem> problem = strictJsonProblem(json)) {
            if (problem->kind == ReadSignalsError::Kind::TooDeep)
                return fail(
                    error, problem->kind,
                    QStringLiteral("signals in %1 nest objects and arrays deeper than the limit of %2 "
                                   "levels (at offset %3)")
                        .arg(source)
                        .arg(MaxSignalsDepth)
                        .arg(problem->offset));
            return fail(error, problem->kind,
                        QStringLiteral("signals in %1 are not valid JSON: %2 at offset %3")
                            .arg(source, problem->what, QString::number(problem->offset)));
        }
    }
    if (document.isObject())
        return document.object();
    if (nonObject) {
        return fail(error, ReadSignalsError::Kind::NotAnObject,
                    QStringLiteral("signals in %1 must be a JSON object, got %2").arg(source, *nonObject));
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
