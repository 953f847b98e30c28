// Native: the desktop around the window. The page calls Starling's /_starling/ endpoints with plain Datastar
// actions (dialogs, clipboard, notifications, window control, opening); the C++ below shows the same
// capabilities from a handler: reading a file the user chose, a confirmation asked from C++, and the tray.
#include "examples.h"
#include "gallery.h"

#include <datastar/event.h>
#include <datastar/responses.h>
#include <starling/app.h>
#include <starling/httperror.h>
#include <starling/stream.h>
#include <starling/template.h>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QKeySequence>
#include <QLocale>

namespace gallery {

namespace {

// One line appended to the page's log (#native-log); the template escapes what it is given.
datastar::Event logLine(const QString &text)
{
    static const starling::Template line(QStringLiteral("<li>{{text}}</li>"));
    return datastar::patchElements(
        line.render({ { QStringLiteral("text"), text } }),
        { .selector = QStringLiteral("#native-log"), .mode = datastar::ElementPatchMode::Prepend });
}

// What the backend may read: a file the user chose in a dialog or dropped on the window during this run,
// never a path a page made up.
QString describeChosenFile(const starling::Desktop &desktop, const QString &path)
{
    if (!desktop.isGranted(path))
        throw starling::HttpError(403, QStringLiteral("%1 was not chosen by the user.").arg(path));
    const QFileInfo info(path);
    if (info.isDir())
        return QStringLiteral("%1 is a folder.").arg(info.fileName());
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("%1 cannot be read: %2").arg(info.fileName(), file.errorString());
    const QString firstLine = QString::fromUtf8(file.readLine(200)).trimmed();
    return QStringLiteral("%1: %2, first line \"%3\"")
        .arg(info.fileName(), QLocale().formattedDataSize(info.size()), firstLine);
}

} // namespace

void registerNative(starling::App &app)
{
    starling::Desktop &desktop = app.desktop();

    // The page says whether there is a desktop: under --serve (a browser) it shows why the buttons are off.
    app.get(QStringLiteral("/examples/native"), [&desktop](const starling::Request &) {
        return examplePage(QStringLiteral("native"),
                           { { QStringLiteral("desktop"), desktop.isAvailable() },
                             { QStringLiteral("schemes"), desktop.urlSchemes().join(u", ") } });
    });

    // The backend opens what the user chose: the path comes back from the page, so it is checked.
    app.post(QStringLiteral("/examples/native/peek"),
             [&desktop](const starling::Request &request, starling::Stream &stream) {
                 stream.send(
                     logLine(describeChosenFile(desktop, request.signal<QString>(QStringLiteral("peek")))));
             });

    // A confirmation asked from C++: the request answers at once, the user's choice reaches the page later.
    app.post(QStringLiteral("/examples/native/confirm"),
             [&desktop](const starling::Request &request, starling::Stream &stream) {
                 const QString windowId = request.pageId();
                 stream.send(logLine(QStringLiteral("Asked from C++…")));
                 desktop.messageBox(windowId,
                                    { .kind = starling::MessageKind::Question,
                                      .title = QStringLiteral("Asked from C++"),
                                      .text = QStringLiteral("Do you like hypermedia?"),
                                      .buttons = { QStringLiteral("yes"), QStringLiteral("no") } },
                                    [&desktop, windowId](const starling::DesktopResult &result) {
                                        const QString answer = result.isDone()
                                            ? QStringLiteral("C++ got the answer: %1").arg(result.button)
                                            : QStringLiteral("C++ got no answer (%1)")
                                                  .arg(result.error.isEmpty() ? QStringLiteral("cancelled")
                                                                              : result.error);
                                        desktop.sendToPage(windowId, { logLine(answer) });
                                    });
             });

    // The tray icon, from C++: its items call this page's routes, or run C++.
    app.post(QStringLiteral("/examples/native/tray"), [&desktop](const starling::Request &request) {
        if (!request.signal<bool>(QStringLiteral("trayShown"))) {
            desktop.hideTray();
            return datastar::signalsResponse({ { QStringLiteral("trayError"), QString() } });
        }
        const starling::DesktopResult shown
            = desktop.showTray({ .items = { { .text = QStringLiteral("Say hello in the window"),
                                              .route = QStringLiteral("/examples/native/hello") },
                                            starling::TrayItem::separator(),
                                            starling::TrayItem::showWindow(),
                                            starling::TrayItem::quit() } });
        return datastar::signalsResponse({ { QStringLiteral("trayShown"), shown.isDone() },
                                           { QStringLiteral("trayError"), shown.error } });
    });

    // What the tray item and a clicked notification call: the page whose window they bring forward posts.
    app.post(QStringLiteral("/examples/native/hello"),
             [](const starling::Request &, starling::Stream &stream) {
                 stream.send(logLine(QStringLiteral("Hello from the tray.")));
             });
    app.post(QStringLiteral("/examples/native/clicked"),
             [](const starling::Request &, starling::Stream &stream) {
                 stream.send(logLine(QStringLiteral("The notification was clicked.")));
             });

    // Files dropped on any window, and the app's starling-gallery:// links, reach the page as signals; these
    // routes log them too.
    desktop.setDropRoute(QStringLiteral("/examples/native/dropped"));
    app.post(
        QStringLiteral("/examples/native/dropped"),
        [](const starling::Request &request, starling::Stream &stream) {
            const QJsonArray paths
                = request.optionalSignal<QJsonArray>(QStringLiteral("droppedFiles")).value_or(QJsonArray());
            stream.send(logLine(QStringLiteral("Files dropped on the window: %1.").arg(paths.size())));
        });
    desktop.setOpenRoute(QStringLiteral("/examples/native/opened"));
    app.post(QStringLiteral("/examples/native/opened"),
             [](const starling::Request &request, starling::Stream &stream) {
                 const QJsonObject opened
                     = request.optionalSignal<QJsonObject>(QStringLiteral("opened")).value_or(QJsonObject());
                 stream.send(logLine(QStringLiteral("Opened with %1 link(s) and %2 file(s).")
                                         .arg(opened.value(QStringLiteral("urls")).toArray().size())
                                         .arg(opened.value(QStringLiteral("paths")).toArray().size())));
             });
}

} // namespace gallery
