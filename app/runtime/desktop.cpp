#include "desktop_p.h"
#include "logging_p.h"
#include "notifier_p.h"
#include "quickdialogs_p.h"
#include "tray_p.h"
#include "windowhost_p.h"

#include <datastar/datastar.h>
#include <starling/desktop.h>
#include <starling/streamhub.h>

#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QMimeDatabase>
#include <QPointer>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QSet>

#include <memory>

namespace starling {

DialogProvider::~DialogProvider() = default;

namespace {

QString desktopOnly()
{
    return QCoreApplication::translate(
        "starling", "This is a desktop capability: it works in the app's own window only.");
}

// Why there is no clipboard to use, or empty when there is one. Qt's offscreen and minimal platforms keep a
// clipboard inside the process only, which no other program sees: as good as none.
QString missingClipboard()
{
    const QString platform = QGuiApplication::platformName();
    if (platform != u"offscreen" && platform != u"minimal" && QGuiApplication::clipboard())
        return {};
    return QCoreApplication::translate("starling", "There is no clipboard: the %1 platform has none.")
        .arg(platform);
}

// An absolute, clean form of a path for comparing grants (symbolic links resolved where the file exists).
QString normalised(const QString &path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

// True for what would start a program when handed to the desktop's default handler.
bool startsPrograms(const QFileInfo &file)
{
    if (file.isDir())
        return false;
    if (file.isExecutable())
        return true;
    static const QStringList ProgramTypes = {
        QStringLiteral("application/x-desktop"),
        QStringLiteral("application/x-executable"),
        QStringLiteral("application/x-sharedlib"),
        QStringLiteral("application/x-shellscript"),
        QStringLiteral("application/x-ms-dos-executable"),
        QStringLiteral("application/x-msi"),
        QStringLiteral("application/vnd.microsoft.portable-executable"),
        QStringLiteral("application/x-java-archive"),
        QStringLiteral("application/x-perl"),
        QStringLiteral("text/x-python"),
        QStringLiteral("application/x-ruby"),
        QStringLiteral("application/x-appimage"),
        QStringLiteral("application/vnd.flatpak.ref"),
        QStringLiteral("application/vnd.debian.binary-package"),
        QStringLiteral("application/x-rpm"),
    };
    const QMimeDatabase types;
    for (const QMimeType &type : { types.mimeTypeForFile(file, QMimeDatabase::MatchExtension),
                                   types.mimeTypeForFile(file, QMimeDatabase::MatchContent) }) {
        for (const QString &program : ProgramTypes) {
            if (type.inherits(program))
                return true;
        }
    }
    return file.suffix().compare(u"desktop", Qt::CaseInsensitive) == 0;
}

} // namespace

bool detail::isCallableRoute(const QString &route)
{
    return route.startsWith(u'/') && !route.startsWith(u"//")
        && std::none_of(route.cbegin(), route.cend(), [](QChar c) {
               return c == u'\'' || c == u'"' || c == u'\\' || c == u'<' || c == u'>' || c == u'&'
                   || c.unicode() < 0x20;
           });
}

namespace {

// The scheme a command-line argument starts with ("notes" of "notes://x", "file" of "file:///x"), lower-case;
// empty for a path.
QString schemeOf(const QString &argument)
{
    static const QRegularExpression Scheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*):"));
    const QRegularExpressionMatch match = Scheme.match(argument);
    return match.hasMatch() ? match.captured(1).toLower() : QString();
}

// A scheme an app may claim: well-formed and lower-case, and none of those the browser and the file manager
// own (the runtime reads file: URLs itself).
bool isUrlScheme(const QString &scheme)
{
    static const QRegularExpression Scheme(QStringLiteral("^[a-z][a-z0-9+.-]*$"));
    return Scheme.match(scheme).hasMatch() && scheme != u"http" && scheme != u"https" && scheme != u"file";
}

} // namespace

using detail::isCallableRoute;

struct Desktop::Private
{
    // A dialog that has not been answered yet: answered once, by its provider or by its window closing.
    struct PendingDialog
    {
        QString windowId;
        DesktopCallback done;
    };

    QPointer<detail::WindowHost> host;
    StreamHub *hub = nullptr;
    std::unique_ptr<DialogProvider> provider;
    QSet<QString> grantedFiles;
    QSet<QString> grantedFolders;
    QHash<QString, QList<datastar::Event>> undelivered; // by window id: for the page's next stream
    QList<std::shared_ptr<PendingDialog>> pendingDialogs;
    QPointer<QWindow> lastActive;
    QString dropRoute;
    QString openRoute;
    QStringList urlSchemes;
    int calls = 0;
    detail::Notifier *notifier = nullptr; // with a window host
    detail::Tray *tray = nullptr; // once shown
    bool keepRunningInTray = false;
    int trayMessages = 0;
    struct Click
    {
        QString windowId;
        QString route;
        QString id;
    };
    Click lastTrayMessage; // what a click on the tray's message is about
    // The menus, kept here too: set before the windows exist (App::exec() makes them), given to them then.
    QList<Menu> menuBar = Desktop::standardMenus();
    bool menuBarVisible = true;
    QList<MenuItem> contextMenu;

    DialogProvider &dialogs()
    {
        if (!provider)
            provider = std::make_unique<detail::QuickDialogProvider>(host);
        return *provider;
    }

    void grant(const QStringList &paths, bool folders)
    {
        for (const QString &path : paths)
            (folders ? grantedFolders : grantedFiles).insert(normalised(path));
    }

    // Runs a dialog through the provider so that it is answered once: by the provider, or Cancelled when its
    // window closes first.
    void runDialog(const QString &windowId, const DesktopCallback &done,
                   const std::function<void(QWindow *, DesktopCallback)> &show)
    {
        auto pending = std::make_shared<PendingDialog>(PendingDialog { windowId, done });
        pendingDialogs.append(pending);
        QWindow *window = host ? host->window(windowId) : nullptr;
        show(window, [this, pending](const DesktopResult &result) {
            if (!pendingDialogs.removeOne(pending))
                return; // answered already (its window closed)
            pending->done(result);
        });
    }

    // The window `windowId`, else the most recent one, else a new one on the home page: shown, raised and
    // activated. Its id, or empty when no window could be opened.
    QString bringForward(Desktop &desktop, const QString &windowId)
    {
        QWindow *target = desktop.window(windowId);
        if (!target)
            target = desktop.window(desktop.activeWindowId());
        if (!target)
            target = desktop.openWindow();
        if (!target)
            return {};
        if (target->windowStates() & Qt::WindowMinimized)
            target->showNormal();
        else
            target->show();
        target->raise();
        target->requestActivate();
        return detail::WindowHost::idOf(target);
    }

    // A click on a notification: its window comes forward, then its page calls the route.
    void notificationClicked(Desktop &desktop, const Click &click)
    {
        const QString windowId = bringForward(desktop, click.windowId);
        if (windowId.isEmpty())
            return;
        if (!click.route.isEmpty())
            desktop.callRoute(windowId, click.route);
        Q_EMIT desktop.notificationClicked(windowId, click.id);
    }

    // No notification server: the tray's own message where it has one that does not go through that server
    // (Qt's D-Bus tray sends its messages to the notification server as well), else Failed.
    void notifyInTray(const QString &windowId, const Notification &notification, const DesktopCallback &done)
    {
        if (!tray || !tray->isVisible()) {
            qCWarning(lcDesktop) << "no notification: no notification server runs, and no tray icon is shown";
            done(DesktopResult::failed(QCoreApplication::translate(
                "starling",
                "No notification server is running on this desktop, and the app has no tray icon.")));
            return;
        }
        notifier->hasStatusNotifierWatcher([this, windowId, notification, done](bool dbusTray) {
            if (dbusTray || !tray || !tray->isVisible()) {
                qCWarning(lcDesktop) << "no notification: no notification server runs";
                done(DesktopResult::failed(QCoreApplication::translate(
                    "starling", "No notification server is running on this desktop.")));
                return;
            }
            const QString id = QStringLiteral("tray-%1").arg(++trayMessages);
            lastTrayMessage = { windowId, notification.route, id };
            tray->showMessage(notification.title, notification.body, notification.timeoutMs);
            qCInfo(lcDesktop).noquote() << "no notification server: the message shows at the tray icon";
            done({ .id = id });
        });
    }

    void windowClosed(const QString &windowId)
    {
        undelivered.remove(windowId);
        const QList<std::shared_ptr<PendingDialog>> pending = pendingDialogs;
        for (const std::shared_ptr<PendingDialog> &dialog : pending) {
            if (dialog->windowId != windowId || !pendingDialogs.removeOne(dialog))
                continue;
            qCInfo(lcDesktop).noquote() << "a dialog of" << windowId << "is cancelled: its window closed";
            dialog->done(DesktopResult::cancelled());
        }
    }
};

Desktop::Desktop(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{ }

Desktop::~Desktop()
{
    // Whoever waits hears back, also when the app goes first.
    const QList<std::shared_ptr<Private::PendingDialog>> pending = std::exchange(d->pendingDialogs, {});
    for (const std::shared_ptr<Private::PendingDialog> &dialog : pending)
        dialog->done(DesktopResult::cancelled());
}

std::unique_ptr<Desktop> detail::DesktopAccess::create()
{
    return std::unique_ptr<Desktop>(new Desktop);
}

void detail::DesktopAccess::attach(Desktop &desktop, WindowHost *host, StreamHub *hub)
{
    desktop.attach(host, hub);
}

void Desktop::attach(detail::WindowHost *host, StreamHub *hub)
{
    d->host = host;
    d->hub = hub;
    hub->setPageChannel(QString::fromLatin1(PageChannelTopic));
    // A page's channel starts with what was sent to it while it had no stream.
    hub->topic(QString::fromLatin1(PageChannelTopic)).setRefresh([this](const Request &request) {
        return d->undelivered.take(request.pageId());
    });
    host->setMenuBar(d->menuBar);
    host->setMenuBarVisible(d->menuBarVisible);
    host->setContextMenu(d->contextMenu);
    connect(host, &detail::WindowHost::routeRequested, this,
            [this](const QString &windowId, const QString &route) { callRoute(windowId, route); });
    connect(host, &detail::WindowHost::windowClosed, this,
            [this](const QString &windowId) { d->windowClosed(windowId); });
    connect(host, &detail::WindowHost::filesDropped, this,
            [this](const QString &windowId, const QList<QUrl> &urls) {
                QStringList paths;
                for (const QUrl &url : urls) {
                    if (url.isLocalFile())
                        paths.append(QDir::cleanPath(url.toLocalFile()));
                }
                if (paths.isEmpty())
                    return;
                for (const QString &path : std::as_const(paths))
                    d->grant({ path }, QFileInfo(path).isDir());
                qCInfo(lcDesktop).noquote() << paths.size() << "files dropped on" << windowId;
                sendToPage(windowId,
                           { datastar::patchSignals(QJsonObject {
                               { QStringLiteral("droppedFiles"), QJsonArray::fromStringList(paths) } }) });
                if (!d->dropRoute.isEmpty())
                    callRoute(windowId, d->dropRoute);
                Q_EMIT filesDropped(windowId, paths);
            });
    d->notifier = new detail::Notifier(this);
    connect(d->notifier, &detail::Notifier::clicked, this,
            [this](const QString &windowId, const QString &route, const QString &id) {
                d->notificationClicked(*this, { windowId, route, id });
            });
    connect(qGuiApp, &QGuiApplication::focusWindowChanged, this, [this](QWindow *window) {
        if (window && d->host && d->host->windows().contains(window))
            d->lastActive = window;
    });
}

bool Desktop::isAvailable() const
{
    return d->host != nullptr;
}

QStringList Desktop::windowIds() const
{
    QStringList ids;
    if (d->host) {
        for (const QQuickWindow *window : d->host->windows())
            ids.append(detail::WindowHost::idOf(window));
    }
    return ids;
}

QWindow *Desktop::window(const QString &windowId) const
{
    return d->host ? d->host->window(windowId) : nullptr;
}

QWindow *Desktop::openWindow(const QString &path)
{
    if (!d->host) {
        qCWarning(lcDesktop).noquote() << "cannot open a window on" << path << "with --serve";
        return nullptr;
    }
    if (!isCallableRoute(path)) {
        qCWarning(lcDesktop).noquote() << "not opening a window on" << path << ": not a path of the app";
        return nullptr;
    }
    return d->host->openWindow(d->host->origin().resolved(QUrl(path)));
}

bool Desktop::setWindowTitle(const QString &windowId, const QString &title)
{
    QWindow *target = window(windowId);
    return target && target->setProperty("titleOverride", title);
}

QString Desktop::activeWindowId() const
{
    if (!d->host)
        return {};
    const QList<QQuickWindow *> windows = d->host->windows();
    for (QQuickWindow *window : windows) {
        if (window == d->lastActive)
            return detail::WindowHost::idOf(window);
    }
    return windows.isEmpty() ? QString() : detail::WindowHost::idOf(windows.last());
}

void Desktop::fileDialog(const QString &windowId, const FileDialogOptions &options, DesktopCallback done)
{
    if (!d->host) {
        done(DesktopResult::failed(desktopOnly()));
        return;
    }
    const bool folder = options.mode == FileDialogMode::OpenFolder;
    d->runDialog(
        windowId,
        [this, folder, done = std::move(done)](const DesktopResult &result) {
            if (result.isDone())
                d->grant(result.paths, folder);
            done(result);
        },
        [this, options](QWindow *window, DesktopCallback answer) {
            d->dialogs().fileDialog(window, options, std::move(answer));
        });
}

void Desktop::messageBox(const QString &windowId, const MessageOptions &options, DesktopCallback done)
{
    if (!d->host) {
        done(DesktopResult::failed(desktopOnly()));
        return;
    }
    d->runDialog(windowId, done, [this, options](QWindow *window, DesktopCallback answer) {
        d->dialogs().messageBox(window, options, std::move(answer));
    });
}

void Desktop::setDialogProvider(std::unique_ptr<DialogProvider> provider)
{
    d->provider = std::move(provider);
}

DesktopResult Desktop::clipboard(ClipboardFormat format) const
{
    if (!d->host)
        return DesktopResult::failed(desktopOnly());
    if (const QString missing = missingClipboard(); !missing.isEmpty())
        return DesktopResult::failed(missing);
    const QMimeData *data = QGuiApplication::clipboard()->mimeData();
    if (format == ClipboardFormat::Html) {
        if (!data || !data->hasHtml())
            return DesktopResult::failed(
                QCoreApplication::translate("starling", "The clipboard holds no HTML."));
        return { .text = data->html() };
    }
    return { .text = QGuiApplication::clipboard()->text() };
}

DesktopResult Desktop::setClipboard(const QString &text, const QString &html)
{
    if (!d->host)
        return DesktopResult::failed(desktopOnly());
    if (const QString missing = missingClipboard(); !missing.isEmpty())
        return DesktopResult::failed(missing);
    auto *data = new QMimeData;
    data->setText(text);
    if (!html.isEmpty())
        data->setHtml(html);
    QGuiApplication::clipboard()->setMimeData(data);
    return {};
}

DesktopResult Desktop::openUrl(const QUrl &url)
{
    if (!d->host)
        return DesktopResult::failed(desktopOnly());
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty()) {
        qCWarning(lcDesktop).noquote() << "refused to open" << url.toString() << ": only http(s) URLs open";
        return DesktopResult::failed(
            QCoreApplication::translate("starling", "Only http and https addresses can be opened."));
    }
    qCInfo(lcDesktop).noquote() << "opening in the browser:" << url.toString();
    if (!QDesktopServices::openUrl(url))
        return DesktopResult::failed(QCoreApplication::translate("starling", "No browser could open it."));
    return {};
}

DesktopResult Desktop::openPath(const QString &path)
{
    if (!d->host)
        return DesktopResult::failed(desktopOnly());
    const QFileInfo file(path);
    if (!file.isAbsolute() || !isGranted(path)) {
        qCWarning(lcDesktop).noquote() << "refused to open" << path << ": not chosen by the user";
        return DesktopResult::failed(QCoreApplication::translate(
            "starling",
            "Only files chosen in a dialog, dropped on the window or opened with the app can be opened."));
    }
    if (!file.exists())
        return DesktopResult::failed(QCoreApplication::translate("starling", "The file does not exist."));
    if (startsPrograms(file)) {
        qCWarning(lcDesktop).noquote() << "refused to open" << path << ": it would start a program";
        return DesktopResult::failed(
            QCoreApplication::translate("starling", "Programs and launchers are never opened."));
    }
    qCInfo(lcDesktop).noquote() << "opening with its application:" << path;
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(file.absoluteFilePath())))
        return DesktopResult::failed(
            QCoreApplication::translate("starling", "No application could open it."));
    return {};
}

bool Desktop::isGranted(const QString &path) const
{
    if (path.isEmpty())
        return false;
    const QString wanted = normalised(path);
    if (d->grantedFiles.contains(wanted))
        return true;
    return std::any_of(
        d->grantedFolders.cbegin(), d->grantedFolders.cend(), [&wanted](const QString &folder) {
            return wanted == folder || wanted.startsWith(folder.endsWith(u'/') ? folder : folder + u'/');
        });
}

void Desktop::notify(const QString &windowId, const Notification &notification, DesktopCallback done)
{
    if (!d->notifier) {
        done(DesktopResult::failed(desktopOnly()));
        return;
    }
    if (notification.title.isEmpty()) {
        done(DesktopResult::failed(QCoreApplication::translate("starling", "A notification needs a title.")));
        return;
    }
    if (!notification.route.isEmpty() && !isCallableRoute(notification.route)) {
        qCWarning(lcDesktop).noquote()
            << "not notifying: its route" << notification.route << "is not a route of the app";
        done(DesktopResult::failed(QCoreApplication::translate(
            "starling", "A notification's route must be a path of the app (\"/inbox\").")));
        return;
    }
    const QString target = windowId.isEmpty() ? activeWindowId() : windowId;
    d->notifier->notify(
        target, notification,
        [this, target, notification, done = std::move(done)](detail::Notifier::Outcome outcome,
                                                             const QString &idOrError) {
            switch (outcome) {
            case detail::Notifier::Outcome::Shown:
                done({ .id = idOrError });
                return;
            case detail::Notifier::Outcome::Error:
                done(DesktopResult::failed(
                    QCoreApplication::translate("starling", "The notification server refused it: %1")
                        .arg(idOrError)));
                return;
            case detail::Notifier::Outcome::NoServer:
                break;
            }
            d->notifyInTray(target, notification, done);
        });
}

DesktopResult Desktop::showTray(const TrayOptions &options)
{
    if (!d->host)
        return DesktopResult::failed(desktopOnly());
    for (const TrayItem &item : options.items) {
        if (item.kind == TrayItem::Kind::Action && !item.route.isEmpty() && !isCallableRoute(item.route)) {
            qCWarning(lcDesktop).noquote() << "not showing the tray: the item" << item.text << "has the route"
                                           << item.route << ", not a route of the app";
            return DesktopResult::failed(
                QCoreApplication::translate(
                    "starling", "The tray item \"%1\" has a route that is not a path of the app: %2")
                    .arg(item.text, item.route.left(200)));
        }
    }
    if (!d->tray) {
        d->tray = new detail::Tray(this);
        connect(d->tray, &detail::Tray::showWindowRequested, this, [this] { d->bringForward(*this, {}); });
        connect(d->tray, &detail::Tray::routeRequested, this, [this](const QString &route) {
            // The active window's page calls it; with none open, a new window's page, once its stream opens.
            QString windowId = activeWindowId();
            if (windowId.isEmpty())
                windowId = d->bringForward(*this, {});
            if (!windowId.isEmpty())
                callRoute(windowId, route);
        });
        connect(d->tray, &detail::Tray::messageClicked, this,
                [this] { d->notificationClicked(*this, d->lastTrayMessage); });
    }
    return d->tray->show(options);
}

void Desktop::hideTray()
{
    if (!d->tray)
        return;
    d->tray->hide();
    if (d->keepRunningInTray && d->host && d->host->windows().isEmpty()) {
        qCInfo(lcDesktop) << "quitting: the tray icon is gone and no window is open";
        QCoreApplication::quit();
    }
}

bool Desktop::isTrayVisible() const
{
    return d->tray && d->tray->isVisible();
}

void Desktop::setKeepRunningInTray(bool keep)
{
    d->keepRunningInTray = keep;
}

bool Desktop::keepsRunningWithoutWindows() const
{
    return d->keepRunningInTray && isTrayVisible();
}

bool Desktop::sendToPage(const QString &windowId, const QList<datastar::Event> &events)
{
    if (!d->host || !d->host->window(windowId))
        return false;
    const Topic channel = d->hub->pageTopic(QString::fromLatin1(PageChannelTopic), windowId);
    if (d->hub->streamCount(channel) == 0) {
        d->undelivered[windowId].append(events); // the page's next stream starts with them
        return true;
    }
    for (const datastar::Event &event : events)
        channel.send(event); // kept: a stream that drops and resumes still gets it
    return true;
}

bool Desktop::callRoute(const QString &windowId, const QString &route, const QString &method)
{
    static const QStringList Methods = { QStringLiteral("get"), QStringLiteral("post"), QStringLiteral("put"),
                                         QStringLiteral("patch"), QStringLiteral("delete") };
    if (!isCallableRoute(route) || !Methods.contains(method)) {
        qCWarning(lcDesktop).noquote() << "not calling" << method << route << ": not a route of the app";
        return false;
    }
    // The page makes the call, as its own buttons do: with its signals, and the answer patches it.
    const QString id = QStringLiteral("starling-call-%1").arg(++d->calls);
    const QString element
        = QStringLiteral(
              R"html(<div id="%1" hidden data-init="@%2('%3', {openWhenHidden: true}); el.remove()"></div>)html")
              .arg(id, method, route);
    return sendToPage(
        windowId,
        { datastar::patchElements(
            element, { .selector = QStringLiteral("body"), .mode = datastar::ElementPatchMode::Append }) });
}

QStringList Desktop::urlSchemes() const
{
    return d->urlSchemes;
}

void Desktop::setUrlSchemes(const QStringList &schemes)
{
    d->urlSchemes.clear();
    for (const QString &given : schemes) {
        const QString scheme = given.toLower();
        if (!isUrlScheme(scheme)) {
            qCWarning(lcDesktop).noquote()
                << "ignoring the URL scheme" << given << ": not a scheme of the app's own";
            continue;
        }
        if (!d->urlSchemes.contains(scheme))
            d->urlSchemes.append(scheme);
    }
}

void Desktop::setOpenRoute(const QString &route)
{
    if (!route.isEmpty() && !isCallableRoute(route)) {
        qCWarning(lcDesktop).noquote() << "ignoring the open route" << route << ": not a route of the app";
        return;
    }
    d->openRoute = route;
}

void Desktop::openWith(const QString &windowId, const QStringList &arguments)
{
    QList<QUrl> urls;
    QStringList paths;
    for (const QString &argument : arguments) {
        const QString scheme = schemeOf(argument);
        QString path;
        if (scheme.isEmpty()) {
            path = argument;
        } else if (scheme == u"file") {
            const QUrl url(argument);
            if (!url.isValid() || !url.isLocalFile()
                || !(url.host().isEmpty() || url.host() == u"localhost")) {
                qCWarning(lcDesktop).noquote() << "ignoring" << argument << ": not a local file URL";
                continue;
            }
            path = url.toLocalFile();
        } else if (d->urlSchemes.contains(scheme)) {
            const QUrl url(argument);
            if (!url.isValid()) {
                qCWarning(lcDesktop).noquote() << "ignoring" << argument << ":" << url.errorString();
                continue;
            }
            urls.append(url);
            continue;
        } else {
            qCWarning(lcDesktop).noquote()
                << "ignoring" << argument << ": not a URL of the app's schemes"
                << (d->urlSchemes.isEmpty() ? QStringLiteral("(it has none)")
                                            : u'(' + d->urlSchemes.join(QStringLiteral(", ")) + u')');
            continue;
        }
        const QFileInfo file(path);
        if (path.isEmpty() || !file.exists()) {
            qCWarning(lcDesktop).noquote() << "ignoring" << argument << ": no such file";
            continue;
        }
        const QString absolute = normalised(path);
        d->grant({ absolute }, file.isDir());
        if (!paths.contains(absolute))
            paths.append(absolute);
    }
    if (urls.isEmpty() && paths.isEmpty())
        return;
    qCInfo(lcDesktop).noquote() << "opened with" << urls.size() << "URLs and" << paths.size() << "files; for"
                                << windowId;
    QJsonArray urlStrings;
    for (const QUrl &url : std::as_const(urls))
        urlStrings.append(url.toString(QUrl::FullyEncoded));
    sendToPage(windowId,
               { datastar::patchSignals(QJsonObject {
                   { QStringLiteral("opened"),
                     QJsonObject { { QStringLiteral("urls"), urlStrings },
                                   { QStringLiteral("paths"), QJsonArray::fromStringList(paths) } } } }) });
    if (!d->openRoute.isEmpty())
        callRoute(windowId, d->openRoute);
    Q_EMIT opened(windowId, urls, paths);
}

void Desktop::setDropRoute(const QString &route)
{
    if (!route.isEmpty() && !isCallableRoute(route)) {
        qCWarning(lcDesktop).noquote() << "ignoring the drop route" << route << ": not a route of the app";
        return;
    }
    d->dropRoute = route;
}

void Desktop::setMenuBar(const QList<Menu> &menus)
{
    d->menuBar = menus;
    if (d->host)
        d->host->setMenuBar(menus);
}

QList<Menu> Desktop::menuBar() const
{
    return d->menuBar;
}

void Desktop::setMenuBarVisible(bool visible)
{
    d->menuBarVisible = visible;
    if (d->host)
        d->host->setMenuBarVisible(visible);
}

bool Desktop::isMenuBarVisible() const
{
    return d->menuBarVisible;
}

void Desktop::setContextMenu(const QList<MenuItem> &items)
{
    d->contextMenu = items;
    if (d->host)
        d->host->setContextMenu(items);
}

QList<MenuItem> Desktop::contextMenu() const
{
    return d->contextMenu;
}

} // namespace starling
