// A Starling app: its route table, its server and its window (or --serve), in one object.
#pragma once

#include <starling/desktop.h>
#include <starling/routes.h>
#include <starling/server.h>
#include <starling/starling_export.h>
#include <starling/streamhub.h>

#include <QSize>
#include <QString>
#include <QStringList>

#include <memory>

namespace starling {

// Who the app is. Every field left empty is taken from the identity starling_add_app() compiles into the
// executable (:/starling/app/app.json, from its CMake arguments), then from the default given here.
struct AppInfo
{
    // Reverse-DNS id (org.example.Notes): the desktop entry's name, and the window's app id on Wayland.
    QString id = {};
    // Application name: window title fallback, data paths (QStandardPaths). CMake's NAME.
    QString name = {};
    QString organization = {}; // organisation name: data paths. CMake's ORGANIZATION.
    QString version = {}; // CMake's VERSION; "0.0.0" without one
    QString description = {}; // one line for --help. CMake's SUMMARY.
    // With --dev: the source directory of the app's resources, laid out like them (":/pages/index.html" is
    // <devResourceDir>/pages/index.html); starling_add_app() sets it to its RESOURCES folder. Static files,
    // page(), render(), Template::fromResource() and readResource() read a file here first and fall back to
    // the compiled-in copy; edits under it reload the windows. When it does not exist (an installed app),
    // --dev logs one warning and serves the compiled-in resources.
    QString devResourceDir = {};
    // The window icon and the pages' /favicon.ico: a resource path or file (SVG or PNG). Default: CMake's
    // ICON, else Starling's icon.
    QString icon = {};
    // A new window's size when none was saved from an earlier run (default 1024 x 720).
    QSize windowSize = {};
    // The URL schemes that are the app's own ("notes" for notes://...): such URLs on the command line are
    // delivered to the app (Desktop::opened()). CMake's URL_SCHEMES, which also registers them with the
    // desktop; an app built without starling_add_app() registers them itself.
    QStringList urlSchemes = {};
    // When the app shows a tray icon (Desktop::showTray()), closing its last window leaves it running in the
    // tray: the icon or its ShowWindow item opens a window again, a Quit item or hideTray() ends it.
    bool keepRunningInTray = false;
};

// Create it first in main() (it creates the Qt application object), add routes, then exec().
//
//     starling::App app(argc, argv); // AppInfo from starling_add_app(), or {.name = "Hello", ...}
//     app.get("/", [](const starling::Request &) { return starling::page(":/pages/index.html"); });
//     return app.exec();
//
// Command line: --serve (no window, no GUI: prints `starling: serving <url>` and serves any browser),
// --port N, --verbose (debug logging), --new-window, --dev (resources from the source tree, uncached; with a
// window also the inspector and live reload; see devResourceDir), --help, --version, then the URLs (of the
// app's schemes) and files to open (Desktop::opened(); ignored with --serve).
// The constructor makes the app's data folder (QStandardPaths::AppDataLocation) private: created 0700, or
// an existing one stripped of group and other permissions. Files an app keeps there are its own to protect.
// Main thread only; not copyable.
class STARLING_EXPORT App : public RouteMethods<App>
{
    Q_DISABLE_COPY_MOVE(App)

public:
    App(int &argc, char **argv, const AppInfo &info = {}, const ServerOptions &options = {});
    ~App();

    void route(Method method, const QString &pattern, Handler handler);
    void route(Method method, const QString &pattern, StreamHandler handler);
    void serveResources(const QString &urlPrefix, const QString &resourceRoot); // see Server
    void setErrorPage(const Template &page); // see Server

    StreamHub &hub();
    Topic topic(const QString &name) { return hub().topic(name); }
    Topic topic(const QString &name, const Request &request, TopicScope scope)
    {
        return hub().topic(name, request, scope);
    }
    Server &server();
    // Dialogs, clipboard, notifications, tray, menus and window control (see desktop.h). Under --serve its
    // operations are refused: there are no windows.
    Desktop &desktop();

    // Listens, then shows the window (or, with --serve, prints the URL) and runs the event loop. Returns the
    // exit code: 1 when the server cannot listen (e.g. the requested port is taken), with the reason on
    // stderr.
    int exec();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace starling
