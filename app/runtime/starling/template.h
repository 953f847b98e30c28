// Mustache templates with HTML escaping, for rendering pages and fragments from data.
#pragma once

#include <starling/starling_export.h>

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace starling {

// A parsed Mustache template (https://mustache.github.io): `{{name}}` inserts HTML-escaped text,
// `{{{name}}}` raw HTML, `{{#list}}...{{/list}}` repeats for arrays and shows for true values,
// `{{^name}}` shows for false, empty or missing ones. Data comes as JSON: numbers print as JSON does.
// A value type (copies share the parsed template); every member may be called from any thread.
class STARLING_EXPORT Template
{
public:
    explicit Template(const QString &text);
    // Invalid when the file is missing. With --dev the template follows its source file (see
    // AppInfo::devResourceDir): every use reads the file again and parses it again when its text changed, so
    // a template kept for the app's lifetime still shows edits; a new syntax error is logged
    // (starling.server).
    static Template fromResource(const QString &resourcePath);

    bool isValid() const;
    QString errorString() const; // why the template is invalid (file missing, syntax error)

    // The rendered text; empty when the template is invalid.
    QString render(const QJsonObject &data) const;
    // The same with partials: `{{> name}}` renders the Mustache text partials[name] in the current context.
    QString render(const QJsonObject &data, const QHash<QString, QString> &partials) const;
    // The same with templates as partials (e.g. from fromResource(), which follow their files with --dev).
    QString render(const QJsonObject &data, const QHash<QString, Template> &partials) const;

private:
    struct Parsed;
    struct DevSource;
    explicit Template(std::shared_ptr<const Parsed> parsed);
    std::shared_ptr<const Parsed> current() const;
    QString renderWith(const QJsonObject &data, const QHash<QString, std::string> &partials) const;

    std::shared_ptr<const Parsed> m_parsed;
    std::shared_ptr<DevSource> m_devSource; // set by fromResource() with --dev
};

} // namespace starling
