// Mustache templates with HTML escaping, for rendering pages and fragments from data.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace starling {

// A parsed Mustache template (https://mustache.github.io): `{{name}}` inserts HTML-escaped text,
// `{{{name}}}` raw HTML, `{{#list}}...{{/list}}` repeats for arrays and shows for true values,
// `{{^name}}` shows for false, empty or missing ones. Data comes as JSON: numbers print as JSON does.
// A value type (copies share the parsed template); render() may be called from any thread.
class Template
{
public:
    explicit Template(const QString &text);
    static Template fromResource(const QString &resourcePath); // invalid when the file is missing

    bool isValid() const;
    QString errorString() const; // why the template is invalid (file missing, syntax error)

    // The rendered text; empty when the template is invalid.
    QString render(const QJsonObject &data) const;
    // The same with partials: `{{> name}}` renders the Mustache text partials[name] in the current context.
    QString render(const QJsonObject &data, const QHash<QString, QString> &partials) const;

private:
    struct Parsed;
    std::shared_ptr<const Parsed> m_parsed;
    QString m_error;
};

} // namespace starling
