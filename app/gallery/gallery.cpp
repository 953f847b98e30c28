#include "gallery.h"

#include "examples/examples.h"
// The apps' registration functions (one header each) are included here:
// #include "todo/todo.h"
#include "monitor/monitorfeed.h"
#include "todo/todoexample.h"

#include <starling/httperror.h>
#include <starling/resources.h>
#include <starling/response.h>
#include <starling/template.h>

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <iterator>

namespace gallery {

const QList<Entry> &entries()
{
    static const QList<Entry> list = {
        { .slug = QStringLiteral("getting-started"),
          .title = QStringLiteral("Getting started"),
          .summary
          = QStringLiteral("data-on:click with @get: HAL answers with a text/html patch, then over SSE."),
          .registerRoutes = registerGettingStarted },
        { .slug = QStringLiteral("reactive-signals"),
          .title = QStringLiteral("Reactive signals"),
          .summary = QStringLiteral("data-bind, data-text, data-computed, data-show, data-class, data-attr, "
                                    "data-signals and data-on, all in the page."),
          .registerRoutes = registerReactiveSignals },
        { .slug = QStringLiteral("patching-signals"),
          .title = QStringLiteral("Patching signals"),
          .summary = QStringLiteral("The backend patches signals with application/json and over SSE, "
                                    "onlyIfMissing, and removes a signal with null."),
          .registerRoutes = registerPatchingSignals },
        { .slug = QStringLiteral("backend-requests"),
          .title = QStringLiteral("Expressions and backend requests"),
          .summary = QStringLiteral("Datastar expressions; @get, @post, @put, @patch and @delete send the "
                                    "signals (not the _local ones), and the backend logs what it got."),
          .registerRoutes = registerBackendRequests },
        { .slug = QStringLiteral("indicator"),
          .title = QStringLiteral("Loading indicator"),
          .summary = QStringLiteral("data-indicator shows that a deliberately slow request is in flight."),
          .registerRoutes = registerIndicator },
        { .slug = QStringLiteral("executing-scripts"),
          .title = QStringLiteral("Executing scripts"),
          .summary = QStringLiteral("The backend runs JavaScript with a text/javascript answer and with an "
                                    "SSE executeScript event."),
          .registerRoutes = registerExecutingScripts },
        { .slug = QStringLiteral("quiz"),
          .title = QStringLiteral("The quiz"),
          .summary = QStringLiteral("The backend serves a question, checks the answer and keeps the score."),
          .registerRoutes = registerQuiz },
        { .slug = QStringLiteral("nested-signals"),
          .title = QStringLiteral("Nested signals"),
          .summary
          = QStringLiteral("Signals in dot notation, toggled together and read back on the backend."),
          .registerRoutes = registerNestedSignals },
        { .slug = QStringLiteral("web-components"),
          .title = QStringLiteral("External scripts and web components"),
          .summary = QStringLiteral("Props down, events up: functions, an async function answering with an "
                                    "event, and a web component bound with data-bind."),
          .registerRoutes = registerWebComponents },
        { .slug = QStringLiteral("fat-morph"),
          .title = QStringLiteral("In morph we trust"),
          .summary = QStringLiteral("The backend re-sends the whole page on every keystroke; what you type "
                                    "and the focus survive."),
          .section = Section::Tao,
          .registerRoutes = registerFatMorph },
        { .slug = QStringLiteral("redirect"),
          .title = QStringLiteral("Redirect from the backend"),
          .summary = QStringLiteral("The backend decides where the page goes next."),
          .section = Section::Tao,
          .registerRoutes = registerRedirect },
        { .slug = QStringLiteral("navigation"),
          .title = QStringLiteral("Page navigation"),
          .summary = QStringLiteral("Plain anchors between pages, with view transitions where the engine has "
                                    "them."),
          .section = Section::Tao,
          .registerRoutes = registerNavigation },
        { .slug = QStringLiteral("templates"),
          .title = QStringLiteral("Backend templating"),
          .summary
          = QStringLiteral("One template for a card, used for the first render and for every patch."),
          .section = Section::Tao,
          .registerRoutes = registerTemplates },
        { .slug = QStringLiteral("cqrs"),
          .title = QStringLiteral("CQRS"),
          .summary = QStringLiteral("One read stream per window, writes as short POSTs: open two windows and "
                                    "watch them stay in sync."),
          .section = Section::Tao,
          .registerRoutes = registerCqrs },
        // The apps: one entry each, e.g.
        // { .slug = QStringLiteral("todo"), .title = ..., .summary = ..., .section = Section::Apps,
        //   .registerRoutes = registerTodo, .href = QStringLiteral("/todo") },
        { .slug = QStringLiteral("todo"),
          .title = QStringLiteral("To-do"),
          .summary = QStringLiteral("Add, edit, complete and filter to-dos kept in SQLite; every open window "
                                    "stays in sync through the stream hub."),
          .section = Section::Apps,
          .registerRoutes = registerTodo,
          .href = QStringLiteral("/todo") },
        { .slug = QStringLiteral("monitor"),
          .title = QStringLiteral("System monitor"),
          .summary
          = QStringLiteral("CPU per core, memory, load and the busiest processes from /proc, streamed "
                           "ten times a second with a live SVG chart drawn by the backend."),
          .section = Section::Apps,
          .registerRoutes = registerMonitor,
          .href = QStringLiteral("/monitor") },
        { .slug = QStringLiteral("native"),
          .title = QStringLiteral("Native"),
          .summary
          = QStringLiteral("File dialogs, message boxes, the clipboard, notifications, the tray, window "
                           "control, dropped files and deep links, from a page and from C++."),
          .section = Section::Apps,
          .registerRoutes = registerNative },
    };
    return list;
}

namespace {

const Entry *findEntry(const QString &slug)
{
    for (const Entry &entry : entries()) {
        if (entry.slug == slug && entry.href.isEmpty())
            return &entry;
    }
    return nullptr;
}

QString hrefOf(const Entry &entry)
{
    return entry.href.isEmpty() ? QStringLiteral("/examples/") + entry.slug : entry.href;
}

// Parsed once: templates are values that share their parse.
const starling::Template &cachedTemplate(const QString &resourcePath)
{
    static QHash<QString, starling::Template> cache;
    auto it = cache.find(resourcePath);
    if (it == cache.end())
        it = cache.insert(resourcePath, starling::Template::fromResource(resourcePath));
    return it.value();
}

// title: the page's heading; documentTitle: the window's title.
QString renderLayout(const QString &title, const QString &documentTitle, const QString &summary,
                     const QString &content, const QJsonArray &sources, const QJsonObject &pagerLinks)
{
    return cachedTemplate(QStringLiteral(":/gallery/layout.html"))
        .render({ { QStringLiteral("title"), title },
                  { QStringLiteral("documentTitle"), documentTitle },
                  { QStringLiteral("summary"), summary },
                  { QStringLiteral("content"), content },
                  { QStringLiteral("sources"), sources },
                  { QStringLiteral("hasSources"), !sources.isEmpty() },
                  // false rather than {}: an empty object would still show the (empty) pager
                  { QStringLiteral("pagerLinks"),
                    pagerLinks.isEmpty() ? QJsonValue(false) : QJsonValue(pagerLinks) } },
                partials());
}

QString renderHome()
{
    QJsonArray guide, tao, apps;
    for (const Entry &entry : entries()) {
        const QJsonObject item { { QStringLiteral("title"), entry.title },
                                 { QStringLiteral("summary"), entry.summary },
                                 { QStringLiteral("slug"), entry.slug },
                                 { QStringLiteral("href"), hrefOf(entry) } };
        (entry.section == Section::Guide ? guide : entry.section == Section::Tao ? tao : apps).append(item);
    }
    const QString content = renderPartial(QStringLiteral("home.html"),
                                          { { QStringLiteral("guide"), guide },
                                            { QStringLiteral("tao"), tao },
                                            { QStringLiteral("apps"), apps },
                                            { QStringLiteral("hasApps"), !apps.isEmpty() } });
    const QString name = QStringLiteral("Starling Gallery");
    return renderLayout(
        name, name,
        QStringLiteral("Datastar's guide, example by example, running on Starling's own client "
                       "and backend. Each page shows its HTML and its C++ handlers."),
        content, {}, {});
}

} // namespace

// Templates rather than text, so that with --dev they follow their source files.
const QHash<QString, starling::Template> &partials()
{
    static const QHash<QString, starling::Template> map = [] {
        QHash<QString, starling::Template> result;
        const QDir dir(QStringLiteral(":/gallery/partials"));
        for (const QFileInfo &file : dir.entryInfoList(QDir::Files))
            result.insert(file.completeBaseName(), starling::Template::fromResource(file.filePath()));
        return result;
    }();
    return map;
}

// Through the runtime, so that with --dev the sources shown are those being edited.
QJsonArray sourceFiles(const QStringList &resourcePaths)
{
    QJsonArray files;
    for (const QString &path : resourcePaths) {
        const std::optional<QByteArray> text = starling::readResource(path);
        if (text)
            files.append(QJsonObject { { QStringLiteral("name"), path.section(u'/', -1) },
                                       { QStringLiteral("text"), QString::fromUtf8(*text) } });
    }
    return files;
}

QJsonObject pager(const QString &slug)
{
    const QList<Entry> &list = entries();
    const auto at
        = std::find_if(list.cbegin(), list.cend(), [&](const Entry &entry) { return entry.slug == slug; });
    if (at == list.cend())
        return {};
    const auto link = [](const Entry &entry) {
        return QJsonObject { { QStringLiteral("href"), hrefOf(entry) },
                             { QStringLiteral("title"), entry.title } };
    };
    QJsonObject links;
    if (at != list.cbegin())
        links.insert(QStringLiteral("previous"), link(*std::prev(at)));
    if (std::next(at) != list.cend())
        links.insert(QStringLiteral("next"), link(*std::next(at)));
    return links;
}

QString renderPartial(const QString &path, const QJsonObject &data)
{
    return cachedTemplate(QStringLiteral(":/gallery/") + path).render(data, partials());
}

QString renderExamplePage(const QString &slug, const QJsonObject &data)
{
    const Entry *entry = findEntry(slug);
    if (!entry)
        return {};
    const QString htmlPath = QStringLiteral(":/gallery/examples/%1.html").arg(slug);
    const QString cppPath = QStringLiteral(":/gallery/source/%1.cpp").arg(slug);
    return renderLayout(entry->title, entry->title + QStringLiteral(" · Starling Gallery"), entry->summary,
                        cachedTemplate(htmlPath).render(data, partials()), sourceFiles({ htmlPath, cppPath }),
                        pager(slug));
}

QHttpServerResponse examplePage(const QString &slug, const QJsonObject &data)
{
    const QString page = renderExamplePage(slug, data);
    if (page.isEmpty()) // a navigation shows it on the gallery's error page (registerGallery)
        throw starling::HttpError(404, QStringLiteral("No such example: %1").arg(slug));
    return starling::html(page);
}

void registerGallery(starling::App &app)
{
    app.setErrorPage(starling::Template::fromResource(QStringLiteral(":/gallery/error.html")));
    app.get(QStringLiteral("/"), [](const starling::Request &) { return starling::html(renderHome()); });
    app.serveResources(QStringLiteral("/gallery"), QStringLiteral(":/gallery/assets"));

    // Each entry's own routes first: the first route added for a path wins, so an example may answer its
    // page itself (with data) before the generic route below.
    for (const Entry &entry : entries()) {
        if (entry.registerRoutes)
            entry.registerRoutes(app);
    }
    app.get(QStringLiteral("/examples/:slug"), [](const starling::Request &request) {
        return examplePage(request.param(QStringLiteral("slug")));
    });
}

} // namespace gallery
