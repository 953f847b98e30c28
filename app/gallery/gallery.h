// The Starling Gallery's shared parts: the list on the home page and the page layout every example uses.
#pragma once

#include <starling/app.h>
#include <starling/template.h>

#include <QHash>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace gallery {

// Where an entry is listed on the home page.
enum class Section { Guide, Tao, Apps };

// One entry of the home page. A guide example lives at /examples/<slug>: its page is
// :/gallery/examples/<slug>.html (a Mustache fragment) inside the shared layout, with that fragment and its
// C++ (:/gallery/source/<slug>.cpp) shown beside it. An app sets `href` to its own page instead.
struct Entry
{
    QString slug {};
    QString title {};
    QString summary {};
    Section section = Section::Guide;
    void (*registerRoutes)(starling::App &) = nullptr; // adds the entry's routes; may be null
    QString href {}; // empty: /examples/<slug>
};

// Every entry, in home-page order (gallery.cpp).
const QList<Entry> &entries();

// Registers the home page, the shared assets (/gallery/...) and every entry's routes.
void registerGallery(starling::App &app);

// The example page for `slug` as HTML: its fragment rendered with `data` (user data is escaped) inside the
// layout, with its sources. The fragment may use every template of :/gallery/partials/ as a partial
// (`{{> card}}` for partials/card.html). Empty when there is no such example.
QString renderExamplePage(const QString &slug, const QJsonObject &data = {});

// The same, as a response; an unknown slug throws HttpError 404 (the gallery's error page for a navigation).
QHttpServerResponse examplePage(const QString &slug, const QJsonObject &data = {});

// The links to the entries before and after `slug` in entries() order, as {previous: {href, title}, next:
// {href, title}} (either missing at an end; empty for an unknown slug). The layout shows them with the
// partial `pager` ({{#pagerLinks}}{{> pager}}{{/pagerLinks}}: data and partial need different names); an app
// with a page of its own does the same.
QJsonObject pager(const QString &slug);

// Renders the template :/gallery/<path> (e.g. "partials/card.html") with `data` and partials(); empty when
// missing.
QString renderPartial(const QString &path, const QJsonObject &data);

// Every template under :/gallery/partials/, by file name without extension (`{{> card}}`). Pages show their
// sources with `{{> source-panel}}` from a `sources` array (sourceFiles()); `sourcesClosed` folds them.
const QHash<QString, starling::Template> &partials();

// The files a page shows as its source: {name, text} for each resource path, read at each call (so --dev
// shows the edited file); a missing file is left out.
QJsonArray sourceFiles(const QStringList &resourcePaths);

} // namespace gallery
