#include "conformancerequest.h"

#include "jsonorder_p.h"

#include <datastar/options.h>
#include <datastar/readsignals.h>

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <optional>

namespace starling::conformance {

namespace {

// A value's own JSON text: false -> "false", 2 -> "2", {"a":1} -> {"a":1}.
QString jsonText(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.sliced(1, array.size() - 2));
}

QString typeName(QJsonValue::Type type)
{
    switch (type) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

// Reads the options of one entry of `events`, remembering the first thing that was wrong.
class EventReader
{
public:
    EventReader(const QJsonObject &object, qsizetype index, const QHash<QString, QByteArrayView> &rawMembers)
        : m_object(object)
        , m_index(index)
        , m_raw(rawMembers)
    { }

    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }

    void fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("events[%1]: %2").arg(m_index).arg(message);
    }

    bool has(const QString &key) const { return m_object.contains(key); }

    // Checks the type of an option that is present; false (and an error) when it is of another type.
    bool expect(const QString &key, QJsonValue::Type type, const QString &what)
    {
        const QJsonValue value = m_object.value(key);
        if (value.type() == type)
            return true;
        fail(QStringLiteral("'%1' must be %2, not %3").arg(key, what, typeName(value.type())));
        return false;
    }

    QString string(const QString &key)
    {
        if (!has(key) || !expect(key, QJsonValue::String, QStringLiteral("a string")))
            return {};
        return m_object.value(key).toString();
    }

    bool boolean(const QString &key, bool fallback)
    {
        if (!has(key) || !expect(key, QJsonValue::Bool, QStringLiteral("a boolean")))
            return fallback;
        return m_object.value(key).toBool();
    }

    QString eventId()
    {
        const QString key = QStringLiteral("eventId");
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return {};
        if (value.isString())
            return value.toString();
        if (value.isDouble())
            return jsonText(value);
        fail(QStringLiteral("'eventId' must be a string or a number, not %1").arg(typeName(value.type())));
        return {};
    }

    std::chrono::milliseconds retryDuration()
    {
        const QString key = QStringLiteral("retryDuration");
        if (!has(key) || !expect(key, QJsonValue::Double, QStringLiteral("a number of milliseconds")))
            return datastar::DefaultRetryDuration;
        const double value = m_object.value(key).toDouble();
        // Integral and exactly representable: what a JSON number of milliseconds can sensibly be.
        if (value < 0 || value > 9007199254740992.0 || std::floor(value) != value) {
            fail(QStringLiteral("'retryDuration' must be a whole number of milliseconds >= 0, not %1")
                     .arg(jsonText(value)));
            return datastar::DefaultRetryDuration;
        }
        return std::chrono::milliseconds(static_cast<qint64>(value));
    }

    // Script attributes as name="value" pairs, in the order the request wrote them.
    QList<datastar::ScriptAttribute> attributes()
    {
        const QString key = QStringLiteral("attributes");
        if (!has(key) || !expect(key, QJsonValue::Object, QStringLiteral("an object of name: value")))
            return {};
        const QJsonObject object = m_object.value(key).toObject();
        QStringList names = detail::objectKeys(m_raw.value(key));
        // Fall back to Qt's order when the text disagrees with what Qt parsed (it should not).
        if (names.size() != object.size()
            || !std::all_of(names.cbegin(), names.cend(),
                            [&](const QString &name) { return object.contains(name); }))
            names = object.keys();
        QList<datastar::ScriptAttribute> attributes;
        for (const QString &name : std::as_const(names)) {
            const QJsonValue value = object.value(name);
            attributes.append({ name, value.isString() ? value.toString() : jsonText(value) });
        }
        return attributes;
    }

    // The mode and namespace names are checked here, so that a typo is reported by name.
    datastar::ElementPatchMode mode()
    {
        const QString name = string(QStringLiteral("mode"));
        if (name.isEmpty() && !has(QStringLiteral("mode")))
            return datastar::ElementPatchMode::Outer;
        const std::optional<datastar::ElementPatchMode> mode = datastar::elementPatchModeFromName(name);
        if (!mode && !failed())
            fail(QStringLiteral(
                     "unknown mode '%1' (outer, inner, replace, prepend, append, before, after, remove)")
                     .arg(name));
        return mode.value_or(datastar::ElementPatchMode::Outer);
    }

    datastar::ElementNamespace elementNamespace()
    {
        const QString name = string(QStringLiteral("namespace"));
        if (name.isEmpty() && !has(QStringLiteral("namespace")))
            return datastar::ElementNamespace::Html;
        const std::optional<datastar::ElementNamespace> ns = datastar::elementNamespaceFromName(name);
        if (!ns && !failed())
            fail(QStringLiteral("unknown namespace '%1' (html, svg, mathml)").arg(name));
        return ns.value_or(datastar::ElementNamespace::Html);
    }

    QJsonValue value(const QString &key) const { return m_object.value(key); }
    QByteArrayView raw(const QString &key) const { return m_raw.value(key); }

private:
    const QJsonObject &m_object;
    qsizetype m_index;
    const QHash<QString, QByteArrayView> &m_raw;
    QString m_error;
};

datastar::Event patchElementsEvent(EventReader &reader)
{
    const QString elements = reader.string(QStringLiteral("elements"));
    return datastar::patchElements(
        elements,
        {
            .selector = reader.string(QStringLiteral("selector")),
            .mode = reader.mode(),
            .elementNamespace = reader.elementNamespace(),
            .useViewTransition = reader.boolean(QStringLiteral("useViewTransition"), false),
            .eventId = reader.eventId(),
            .retryDuration = reader.retryDuration(),
        });
}

datastar::Event removeElementsEvent(EventReader &reader)
{
    const QString selector = reader.string(QStringLiteral("selector"));
    const QString elements = reader.string(QStringLiteral("elements"));
    return datastar::removeElements(
        selector, elements,
        {
            .useViewTransition = reader.boolean(QStringLiteral("useViewTransition"), false),
            .eventId = reader.eventId(),
            .retryDuration = reader.retryDuration(),
        });
}

datastar::PatchSignalsOptions patchSignalsOptions(EventReader &reader)
{
    return {
        .onlyIfMissing = reader.boolean(QStringLiteral("onlyIfMissing"), false),
        .eventId = reader.eventId(),
        .retryDuration = reader.retryDuration(),
    };
}

datastar::Event patchSignalsEvent(EventReader &reader)
{
    const QString rawKey = QStringLiteral("signals-raw");
    const QString objectKey = QStringLiteral("signals");
    const datastar::PatchSignalsOptions options = patchSignalsOptions(reader);
    if (reader.has(rawKey))
        return datastar::patchSignalsRaw(reader.string(rawKey), options);
    if (!reader.has(objectKey)) {
        reader.fail(QStringLiteral("patchSignals needs 'signals' (an object) or 'signals-raw' (JSON text)"));
        return {};
    }
    if (!reader.expect(objectKey, QJsonValue::Object, QStringLiteral("an object")))
        return {};
    const QJsonObject signalsObject = reader.value(objectKey).toObject();
    // Qt writes keys sorted; when the request wrote them in another order, send its own (compacted) text, as
    // a server that kept the client's object would.
    const QByteArray written = detail::compacted(reader.raw(objectKey));
    if (!written.isEmpty() && written != QJsonDocument(signalsObject).toJson(QJsonDocument::Compact)
        && QJsonDocument::fromJson(written).object() == signalsObject)
        return datastar::patchSignalsRaw(QString::fromUtf8(written), options);
    return datastar::patchSignals(signalsObject, options);
}

datastar::Event removeSignalsEvent(EventReader &reader)
{
    const QString key = QStringLiteral("paths");
    const datastar::PatchSignalsOptions options = patchSignalsOptions(reader);
    QStringList paths;
    const QJsonValue value = reader.value(key);
    if (value.isString()) {
        paths.append(value.toString());
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &path : array) {
            if (!path.isString()) {
                reader.fail(QStringLiteral("'paths' must hold strings, not %1").arg(typeName(path.type())));
                return {};
            }
            paths.append(path.toString());
        }
    } else {
        reader.fail(
            QStringLiteral("'paths' must be an array of strings, not %1").arg(typeName(value.type())));
        return {};
    }
    return datastar::removeSignals(paths, options);
}

datastar::Event executeScriptEvent(EventReader &reader)
{
    const QString script = reader.string(QStringLiteral("script"));
    return datastar::executeScript(script,
                                   {
                                       .autoRemove = reader.boolean(QStringLiteral("autoRemove"), true),
                                       .attributes = reader.attributes(),
                                       .eventId = reader.eventId(),
                                       .retryDuration = reader.retryDuration(),
                                   });
}

// The `datastar` query parameter, decoded as readSignals() does (form encoding: '+' is a space).
std::optional<QByteArray> datastarParameter(const QUrl &url)
{
    const QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    for (const QByteArray &item : query.split('&')) {
        const qsizetype equals = item.indexOf('=');
        QByteArray key = item.left(equals < 0 ? item.size() : equals);
        if (QByteArray::fromPercentEncoding(key.replace('+', ' ')) != "datastar")
            continue;
        QByteArray value = equals < 0 ? QByteArray() : item.mid(equals + 1);
        return QByteArray::fromPercentEncoding(value.replace('+', ' '));
    }
    return std::nullopt;
}

} // namespace

ConformanceRequest ConformanceRequest::fromHttp(QHttpServerRequest::Method method, const QUrl &url,
                                                const QByteArray &body)
{
    datastar::ReadSignalsError error;
    const QJsonObject signalsObject = datastar::readSignals(method, url, body, &error);
    ConformanceRequest request;
    if (error.isError()) {
        request.m_error = QStringLiteral("cannot read the signals: %1").arg(error.message());
        request.m_status = error.httpStatus();
        return request;
    }
    // The same text readSignals() parsed, for the order of keys.
    const std::optional<QByteArray> parameter = datastarParameter(url);
    const bool fromQuery = method == QHttpServerRequest::Method::Get
        || (method == QHttpServerRequest::Method::Delete && parameter.has_value());
    const QByteArray json = fromQuery ? parameter.value_or(QByteArray()) : body;
    return fromSignals(signalsObject, json);
}

ConformanceRequest ConformanceRequest::fromHttp(const QHttpServerRequest &request)
{
    return fromHttp(request.method(), request.url(), request.body());
}

ConformanceRequest ConformanceRequest::fromSignals(const QJsonObject &signalsObject, const QByteArray &json)
{
    ConformanceRequest request;
    const QJsonValue eventsValue = signalsObject.value(QStringLiteral("events"));
    if (!eventsValue.isArray()) {
        request.m_error = eventsValue.isUndefined()
            ? QStringLiteral("the signals have no 'events' array")
            : QStringLiteral("'events' must be an array, not %1").arg(typeName(eventsValue.type()));
        return request;
    }
    const QJsonArray events = eventsValue.toArray();
    QList<QHash<QString, QByteArrayView>> rawMembers = detail::eventMembers(json);
    if (rawMembers.size() != events.size())
        rawMembers = QList<QHash<QString, QByteArrayView>>(events.size());

    for (qsizetype i = 0; i < events.size(); ++i) {
        const QJsonValue entry = events.at(i);
        if (!entry.isObject()) {
            request.m_error
                = QStringLiteral("events[%1]: must be an object, not %2").arg(i).arg(typeName(entry.type()));
            request.m_events.clear();
            return request;
        }
        const QJsonObject object = entry.toObject();
        EventReader reader(object, i, rawMembers.at(i));
        const QString type = reader.string(QStringLiteral("type"));
        datastar::Event event;
        if (reader.failed()) {
        } else if (type == u"patchElements") {
            event = patchElementsEvent(reader);
        } else if (type == u"patchSignals") {
            event = patchSignalsEvent(reader);
        } else if (type == u"executeScript") {
            event = executeScriptEvent(reader);
        } else if (type == u"removeElements") {
            event = removeElementsEvent(reader);
        } else if (type == u"removeSignals") {
            event = removeSignalsEvent(reader);
        } else if (!reader.has(QStringLiteral("type"))) {
            reader.fail(QStringLiteral("no 'type'"));
        } else {
            reader.fail(QStringLiteral("unknown type '%1' (patchElements, patchSignals, executeScript, "
                                       "removeElements, removeSignals)")
                            .arg(type));
        }
        if (!reader.failed() && !event.isValid())
            reader.fail(QStringLiteral("%1 rejected by the SDK: %2").arg(type, event.errorString()));
        if (reader.failed()) {
            request.m_error = reader.error();
            request.m_events.clear();
            return request;
        }
        request.m_events.append(event);
    }
    return request;
}

} // namespace starling::conformance
