#include "devresources_p.h"
#include "logging_p.h"

#include <starling/resources.h>
#include <starling/template.h>

#include <QJsonArray>
#include <QMutex>

#include <kainjow/mustache.hpp>

namespace starling {

namespace mustache = kainjow::mustache;

struct Template::Parsed
{
    explicit Parsed(std::string source)
        : text(std::move(source))
        , mustache(text)
    {
        if (!mustache.is_valid())
            error = QString::fromStdString(mustache.error_message());
    }

    // The template read from `resourcePath` (bytes: the file, or nullopt when there is none).
    static std::shared_ptr<const Parsed> fromResource(const QString &resourcePath,
                                                      const std::optional<QByteArray> &bytes)
    {
        auto parsed = std::make_shared<Parsed>(bytes ? bytes->toStdString() : std::string());
        if (!bytes)
            parsed->error = QStringLiteral("template %1 not found").arg(resourcePath);
        else if (!parsed->error.isEmpty())
            parsed->error = QStringLiteral("template %1: %2").arg(resourcePath, parsed->error);
        return parsed;
    }

    std::string text; // the source, also what a partial inserts
    // kainjow's render() is not const; each render works on a copy of the parsed template.
    mustache::mustache mustache;
    QString error; // empty when valid
};

// --dev: the resource the template was read from, read again at each use (see current()).
struct Template::DevSource
{
    QString resourcePath;
    QMutex mutex;
    std::optional<QByteArray> bytes; // as last read; guarded by mutex
    std::shared_ptr<const Parsed> parsed; // parsed from bytes; guarded by mutex
};

namespace {

mustache::data toData(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object: {
        mustache::data object;
        const QJsonObject json = value.toObject();
        for (auto it = json.begin(); it != json.end(); ++it)
            object.set(it.key().toStdString(), toData(it.value()));
        return object;
    }
    case QJsonValue::Array: {
        mustache::data list(mustache::data::type::list);
        for (const QJsonValue &item : value.toArray())
            list.push_back(toData(item));
        return list;
    }
    case QJsonValue::String:
        return mustache::data(value.toString().toStdString());
    case QJsonValue::Bool:
        return mustache::data(value.toBool());
    case QJsonValue::Double:
        return mustache::data(QJsonValue(value).toVariant().toString().toStdString());
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return mustache::data(false);
}

} // namespace

Template::Template(const QString &text)
    : m_parsed(std::make_shared<const Parsed>(text.toStdString()))
{ }

Template::Template(std::shared_ptr<const Parsed> parsed)
    : m_parsed(std::move(parsed))
{ }

Template Template::fromResource(const QString &resourcePath)
{
    std::optional<QByteArray> bytes = readResource(resourcePath);
    Template loaded(Parsed::fromResource(resourcePath, bytes));
    if (detail::DevResources::isEnabled()) {
        loaded.m_devSource = std::make_shared<DevSource>();
        loaded.m_devSource->resourcePath = resourcePath;
        loaded.m_devSource->bytes = std::move(bytes);
        loaded.m_devSource->parsed = loaded.m_parsed;
    }
    return loaded;
}

std::shared_ptr<const Template::Parsed> Template::current() const
{
    if (!m_devSource)
        return m_parsed;
    std::optional<QByteArray> bytes = readResource(m_devSource->resourcePath);
    const QMutexLocker locker(&m_devSource->mutex);
    if (bytes != m_devSource->bytes) {
        m_devSource->parsed = Parsed::fromResource(m_devSource->resourcePath, bytes);
        m_devSource->bytes = std::move(bytes);
        if (!m_devSource->parsed->error.isEmpty())
            qCWarning(lcServer).noquote() << "--dev:" << m_devSource->parsed->error;
    }
    return m_devSource->parsed;
}

bool Template::isValid() const
{
    return current()->error.isEmpty();
}

QString Template::errorString() const
{
    return current()->error;
}

QString Template::render(const QJsonObject &data) const
{
    return renderWith(data, {});
}

QString Template::render(const QJsonObject &data, const QHash<QString, QString> &partials) const
{
    QHash<QString, std::string> texts;
    for (auto it = partials.begin(); it != partials.end(); ++it)
        texts.insert(it.key(), it.value().toStdString());
    return renderWith(data, texts);
}

QString Template::render(const QJsonObject &data, const QHash<QString, Template> &partials) const
{
    // Each partial's text is taken once per render (with --dev: read once), however often it is used.
    QHash<QString, std::string> texts;
    for (auto it = partials.begin(); it != partials.end(); ++it)
        texts.insert(it.key(), it.value().current()->text);
    return renderWith(data, texts);
}

QString Template::renderWith(const QJsonObject &data, const QHash<QString, std::string> &partials) const
{
    const std::shared_ptr<const Parsed> parsed = current();
    if (!parsed->error.isEmpty())
        return {};
    mustache::data context = toData(data);
    for (auto it = partials.begin(); it != partials.end(); ++it) {
        const std::string text = it.value();
        context.set(it.key().toStdString(), mustache::partial([text] { return text; }));
    }
    mustache::mustache copy = parsed->mustache;
    return QString::fromStdString(copy.render(context));
}

} // namespace starling
