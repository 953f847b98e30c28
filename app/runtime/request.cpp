#include "logging_p.h"
#include "requestinput_p.h"

#include <starling/httperror.h>
#include <starling/request.h>

#include <QHttpServerRequest>

#include <algorithm>
#include <climits>
#include <httptransport_p.h>
#include <limits>

namespace starling {

namespace {

// Page ids name hub streams and topics and show in logs: a short, plain shape keeps them harmless there.
QString validPageId(const QByteArray &header)
{
    if (header.isNull())
        return {};
    const bool valid
        = !header.isEmpty() && header.size() <= 64 && std::all_of(header.cbegin(), header.cend(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                  || c == '_' || c == '.';
          });
    if (!valid) {
        qCInfo(lcServer) << "ignoring a malformed Starling-Page header of" << header.size() << "bytes";
        return {};
    }
    return QString::fromLatin1(header);
}

} // namespace

Request::Request(Method method, const QHttpServerRequest &request, QHash<QString, QString> pathParams)
    : m_method(method)
    , m_url(request.url())
    , m_pathParams(std::move(pathParams))
    , m_headers(datastar::detail::requestHeaders(request))
    , m_body(request.body())
    , m_input(std::make_shared<detail::RequestInput>())
{
    m_pageId = validPageId(header("starling-page"));
}

QString Request::query(const QString &name) const
{
    return QUrlQuery(m_url).queryItemValue(name, QUrl::FullyDecoded);
}

QByteArray Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject Request::signalValues() const
{
    return m_input->signalValues(m_method, m_url, m_body);
}

QJsonValue Request::checkedSignal(QAnyStringView pathView, SignalType type, Presence presence) const
{
    using detail::RequestInput;
    const QString path = pathView.toString();
    const QJsonValue value = RequestInput::valueAt(m_input->signalValues(m_method, m_url, m_body), path);
    QString expected;
    bool matches = false;
    switch (type) {
    case SignalType::Bool:
        expected = QStringLiteral("a boolean");
        matches = value.isBool();
        break;
    case SignalType::Int: {
        expected = QStringLiteral("an integer from %1 to %2").arg(INT_MIN).arg(INT_MAX);
        const std::optional<qint64> integer = RequestInput::integerOf(value);
        matches = integer && *integer >= INT_MIN && *integer <= INT_MAX;
        break;
    }
    case SignalType::Int64:
        expected = QStringLiteral("an integer from %1 to %2")
                       .arg(std::numeric_limits<qint64>::min())
                       .arg(std::numeric_limits<qint64>::max());
        matches = RequestInput::integerOf(value).has_value();
        break;
    case SignalType::Double:
        expected = QStringLiteral("a number");
        matches = value.isDouble();
        break;
    case SignalType::String:
        expected = QStringLiteral("a string");
        matches = value.isString();
        break;
    case SignalType::Object:
        expected = QStringLiteral("an object");
        matches = value.isObject();
        break;
    case SignalType::Array:
        expected = QStringLiteral("an array");
        matches = value.isArray();
        break;
    }
    if (value.isUndefined()) {
        if (presence == Presence::Optional)
            return value;
        throw HttpError(400, QStringLiteral("signal '%1' is missing (expected %2)").arg(path, expected));
    }
    if (!matches) {
        throw HttpError(400,
                        QStringLiteral("signal '%1' must be %2, got %3")
                            .arg(path, expected, RequestInput::describe(value)));
    }
    return value;
}

QMap<QString, QStringList> Request::formFields() const
{
    return m_input->form(m_method, m_url, header("content-type"), m_body).fields;
}

QString Request::formField(const QString &name) const
{
    const QStringList values = formFields().value(name);
    return values.isEmpty() ? QString() : values.first();
}

QList<UploadedFile> Request::files() const
{
    return m_input->form(m_method, m_url, header("content-type"), m_body).files;
}

} // namespace starling
