// A Starling app: its route table, its server and its window (or --serve), in one object.
#pragma once

#include <starling/routes.h>
#include <starling/server.h>
#include <starling/streamhub.h>

#include <QString>

#include <memory>

namespace starling {

struct AppInfo
{
    QString name; // application name: window title fallback, data paths (QStandardPaths)
    QString organization; // organisation name: data paths
    QString version = QStringLiteral("0.0.0");
    QString description = {}; // one line for --help
    // With --dev: the source directory of the app's resources, laid out like them (":/pages/index.html" is
    // <devResourceDir>/pages/index.html), typically a compile definition set by the app's CMake
    // (`STARLING_GALLERY_RESOURCES="${PROJECT_SOURCE_DIR}/resources"`). Static files, page(), render(),
    // Template::fromResource() and readResource() read a file here first and fall back to the compiled-in
    // copy; edits under it reload the windows. When it does not exist (an installed app), --dev logs one
    // warning and serves the compiled-in resources.
    QString devResourceDir = {};
};

// Create it first in main() (it creates the Qt application object), add routes, then exec().
//
//     starling::App app(argc, argv, {.name = "Hello", .organization = "Example"});
//     app.get("/", [](const starling::Request &) { return starling::page(":/pages/index.html"); });
//     return app.exec();
//
// Command line: --serve (no window, no GUI: prints `starling: serving <url>` and serves any browser),
// --port N, --verbose (debug logging), --new-window, --dev (resources from the source tree, uncached; with a
// window also the inspector and live reload; see devResourceDir), --help, --version.
// The constructor makes the app's data folder (QStandardPaths::AppDataLocation) private: created 0700, or
// an existing one stripped of group and other permissions. Files an app keeps there are its own to protect.
// Main thread only; not copyable.
class App : public RouteMethods<App>
{
    Q_DISABLE_COPY_MOVE(App)

public:
    App(int &argc, char **argv, const AppInfo &info, const ServerOptions &options = {});
    ~App();

    void route(Method method, const QString &pattern, Handler handler);
    void route(Method method, const QString &pattern, StreamHandler handler);
    void serveResources(const QString &urlPrefix, const QString &resourceRoot); // see Server

    StreamHub &hub();
    Topic topic(const QString &name) { return hub().topic(name); }
    Server &server();

    // Listens, then shows the window (or, with --serve, prints the URL) and runs the event loop. Returns the
    // exit code: 1 when the server cannot listen (e.g. the requested port is taken), with the reason on
    // stderr.
    int exec();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace starling
