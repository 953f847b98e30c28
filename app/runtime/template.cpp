#include <starling/template.h>

#include <QFile>
#include <QJsonArray>

#include <kainjow/mustache.hpp>

namespace starling {

namespace mustache = kainjow::mustache;

struct Template::Parsed
{
    explicit Parsed(const std::string &text)
        : mustache(text)
    { }
    // kainjow's render() is not const; each render works on a copy of the parsed template.
    mustache::mustache mustache;
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
{
    if (!m_parsed->mustache.is_valid())
        m_error = QString::fromStdString(m_parsed->mustache.error_message());
}

Template Template::fromResource(const QString &resourcePath)
{
    QFile file(resourcePath);
    if (!file.open(QIODevice::ReadOnly)) {
        Template missing(QString {});
        missing.m_error = QStringLiteral("template %1 not found").arg(resourcePath);
        return missing;
    }
    Template loaded(QString::fromUtf8(file.readAll()));
    if (!loaded.m_error.isEmpty())
        loaded.m_error = QStringLiteral("template %1: %2").arg(resourcePath, loaded.m_error);
    return loaded;
}

bool Template::isValid() const
{
    return m_error.isEmpty();
}

QString Template::errorString() const
{
    return m_error;
}

QString Template::render(const QJsonObject &data) const
{
    if (!isValid())
        return {};
    mustache::mustache copy = m_parsed->mustache;
    return QString::fromStdString(copy.render(toData(data)));
}

QString Template::render(const QJsonObject &data, const QHash<QString, QString> &partials) const
{
    if (!isValid())
        return {};
    mustache::data context = toData(data);
    for (auto it = partials.begin(); it != partials.end(); ++it) {
        const std::string text = it.value().toStdString();
        context.set(it.key().toStdString(), mustache::partial([text] { return text; }));
    }
    mustache::mustache copy = m_parsed->mustache;
    return QString::fromStdString(copy.render(context));
}

} // namespace starling
