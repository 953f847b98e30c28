#include "livereload_p.h"
#include "logging_p.h"
#include "windowhost_p.h"

#include <starling/tokeninterceptor.h>

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QDropEvent>
#include <QMimeData>
#include <QMimeDatabase>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickWebEngineProfile>
#include <QQuickWindow>
#include <QSettings>
#include <QStandardPaths>
#include <QTcpServer>
#include <QWebEngineScript>

#include <utility>

namespace starling::detail {

namespace {

constexpr auto GeometryKey = "window/geometry";
constexpr int CascadeOffset = 32; // a further window opens this far right and down from the previous one

QString storageName()
{
    const QString name = QCoreApplication::applicationName();
    return name.isEmpty() ? QStringLiteral("starling") : name;
}

// With dev, turns on Chromium's remote inspector on a free local port unless QTWEBENGINE_REMOTE_DEBUGGING
// already says where. It must be set before the first profile starts the engine, hence in the initialiser.
const WindowOptions &withInspector(const WindowOptions &options)
{
    if (!options.dev)
        return options;
    if (!qEnvironmentVariableIsSet("QTWEBENGINE_REMOTE_DEBUGGING")) {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        qputenv("QTWEBENGINE_REMOTE_DEBUGGING",
                QByteArray("127.0.0.1:") + QByteArray::number(probe.serverPort()));
    }
    qCInfo(lcApp).noquote() << "web inspector: open http://"
            + qEnvironmentVariable("QTWEBENGINE_REMOTE_DEBUGGING")
                            << "in a Chromium-based browser";
    return options;
}

// Runs first in every document of one window: the window's same-origin fetches (the Datastar client's
// backend actions) carry `Starling-Page: <pageId>`, so the stream hub keeps one read stream per window
// (a page that replaces another in the window replaces its stream) and counts windows against Chromium's
// connection limit. A header the page sets itself wins. The interceptor cannot do this: it is per profile.
// `window.starlingPageId` tells the page it is in a window (the connection status reloads a window's page
// where a browser's must ask the user to open the app's address again).
QWebEngineScript pageIdScript(const QString &pageId)
{
    QWebEngineScript script;
    script.setName(QStringLiteral("starling-page-id"));
    script.setInjectionPoint(QWebEngineScript::DocumentCreation);
    script.setWorldId(QWebEngineScript::MainWorld);
    script.setRunsOnSubFrames(false);
    script.setSourceCode(QStringLiteral(R"js((() => {
  const pageId = '%1';
  Object.defineProperty(window, 'starlingPageId', { value: pageId });
  const fetchFromPage = window.fetch;
  window.fetch = function (resource, init) {
    const url = new URL(resource instanceof Request ? resource.url : String(resource), location.href);
    if (url.origin !== location.origin)
      return fetchFromPage.call(this, resource, init);
    const headers = new Headers(init?.headers ?? (resource instanceof Request ? resource.headers : undefined));
    if (!headers.has('Starling-Page'))
      headers.set('Starling-Page', pageId);
    return fetchFromPage.call(this, resource, { ...init, headers });
  };
})();)js")
                             .arg(pageId));
    return script;
}

} // namespace

WindowHost::WindowHost(const QUrl &origin, const QByteArray &secret, const WindowOptions &options,
                       QObject *parent)
    : QObject(parent)
    , m_origin(origin)
    , m_options(withInspector(options))
    , m_interceptor(std::make_unique<TokenInterceptor>(origin, secret))
    , m_profile(std::make_unique<QQuickWebEngineProfile>())
{
    m_profile->setStorageName(storageName());
    m_profile->setOffTheRecord(false);
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString cacheDir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    m_profile->setPersistentStoragePath(QDir(dataDir).filePath(QStringLiteral("webengine")));
    m_profile->setCachePath(QDir(cacheDir).filePath(QStringLiteral("webengine")));
    m_profile->setUrlRequestInterceptor(m_interceptor.get());
    if (m_options.dev && !m_options.watchedDirs.isEmpty()) {
        connect(new LiveReload(m_options.watchedDirs, this), &LiveReload::changed, this, [this] {
            for (QQuickWindow *window : std::as_const(m_windows))
                QMetaObject::invokeMethod(window, "reload");
        });
    }
}

WindowHost::~WindowHost()
{
    // Pages first, then the profile they use, then the engine that made them.
    const QList<QQuickWindow *> open = std::exchange(m_windows, {});
    qDeleteAll(open);
    m_profile->setUrlRequestInterceptor(nullptr);
    m_component.reset();
    m_profile.reset();
    m_engine.reset();
}

bool WindowHost::show()
{
    return openWindow(m_origin.resolved(QUrl(QStringLiteral("/")))) != nullptr;
}

QQuickWindow *WindowHost::openWindow(const QUrl &url)
{
    if (!m_engine) {
        m_engine = std::make_unique<QQmlEngine>();
        m_component
            = std::make_unique<QQmlComponent>(m_engine.get(), QUrl(QStringLiteral("qrc:/qml/Main.qml")));
    }
    if (!m_component->isReady()) { // 6.4 crashes when asked to create from a broken component
        qCCritical(lcApp).noquote() << "cannot load the window (qrc:/qml/Main.qml):"
                                    << m_component->errorString();
        return nullptr;
    }
    QObject *object = m_component->createWithInitialProperties({
        { QStringLiteral("host"), QVariant::fromValue<QObject *>(this) },
        { QStringLiteral("profile"), QVariant::fromValue<QObject *>(m_profile.get()) },
        { QStringLiteral("startUrl"), url },
        { QStringLiteral("menuBarModel"), m_menuBarVisible ? m_menus.barModel() : QVariantList() },
        { QStringLiteral("contextMenuModel"), m_menus.contextModel() },
        { QStringLiteral("shortcutModel"), m_menus.shortcutModel() },
    });
    auto *window = qobject_cast<QQuickWindow *>(object);
    if (!window) {
        qCCritical(lcApp).noquote() << "cannot create a window (qrc:/qml/Main.qml):"
                                    << m_component->errorString();
        delete object;
        return nullptr;
    }
    QQmlEngine::setObjectOwnership(window, QQmlEngine::CppOwnership);
    identifyPages(window);
    restoreGeometry(window);
    m_windows.append(window);
    window->installEventFilter(this);
    connect(window, &QObject::destroyed, this, [this, window, id = idOf(window)] {
        Q_EMIT windowClosed(id);
        forget(window);
    });
    window->show();
    return window;
}

QQuickWindow *WindowHost::activate(bool newWindow, QWindow *preferred)
{
    if (m_windows.isEmpty() || newWindow)
        return openWindow(m_origin.resolved(QUrl(QStringLiteral("/"))));
    QQuickWindow *window = m_windows.last();
    for (QQuickWindow *open : std::as_const(m_windows)) {
        if (open == preferred)
            window = open;
    }
    window->show();
    window->raise();
    window->requestActivate();
    return window;
}

QList<QQuickWindow *> WindowHost::windows() const
{
    return m_windows;
}

QQuickWindow *WindowHost::window(const QString &id) const
{
    if (id.isEmpty())
        return nullptr;
    for (QQuickWindow *window : m_windows) {
        if (idOf(window) == id)
            return window;
    }
    return nullptr;
}

QString WindowHost::idOf(const QWindow *window)
{
    return window ? window->property("pageId").toString() : QString();
}

QQuickWebEngineProfile *WindowHost::profile() const
{
    return m_profile.get();
}

bool WindowHost::isOwnOrigin(const QUrl &url) const
{
    return m_interceptor->isOwnOrigin(url);
}

void WindowHost::openInNewWindow(const QUrl &url)
{
    if (isOwnOrigin(url))
        openWindow(url);
    else
        openExternally(url);
}

void WindowHost::openExternally(const QUrl &url)
{
    if (url.scheme() != u"http" && url.scheme() != u"https") {
        log(QStringLiteral("refused to open %1").arg(url.toString()));
        return;
    }
    qCInfo(lcApp).noquote() << "opening in the system browser:" << url.toString();
    QDesktopServices::openUrl(url);
}

void WindowHost::log(const QString &message)
{
    qCInfo(lcApp).noquote() << message;
}

QStringList WindowHost::fileNameFilters(const QStringList &acceptedTypes) const
{
    // Chromium hands over the `accept` attribute as lower-case MIME types, families ("image/*") and
    // extensions (".txt"); a file dialog wants glob patterns.
    const QMimeDatabase mimeTypes;
    QStringList patterns;
    for (const QString &accepted : acceptedTypes) {
        if (accepted.startsWith(u'.')) {
            patterns.append(u'*' + accepted);
        } else if (accepted.endsWith(u"/*")) {
            const QStringView family = QStringView(accepted).chopped(1); // "image/"
            for (const QMimeType &type : mimeTypes.allMimeTypes()) {
                if (type.name().startsWith(family))
                    patterns.append(type.globPatterns());
            }
        } else if (const QMimeType type = mimeTypes.mimeTypeForName(accepted); type.isValid()) {
            patterns.append(type.globPatterns());
        } else {
            qCInfo(lcApp).noquote() << "a file chooser ignored the unknown type" << accepted;
        }
    }
    patterns.removeDuplicates();
    if (patterns.isEmpty())
        return {};
    return { tr("Accepted files (%1)").arg(patterns.join(u' ')), tr("All files (*)") };
}

void WindowHost::setMenuBar(const QList<Menu> &menus)
{
    m_menus.setMenuBar(menus);
    updateMenus();
}

void WindowHost::setMenuBarVisible(bool visible)
{
    m_menuBarVisible = visible;
    updateMenus();
}

void WindowHost::setContextMenu(const QList<MenuItem> &items)
{
    m_menus.setContextMenu(items);
    updateMenus();
}

void WindowHost::updateMenus()
{
    for (QQuickWindow *window : std::as_const(m_windows)) {
        window->setProperty("menuBarModel", m_menuBarVisible ? m_menus.barModel() : QVariantList());
        window->setProperty("contextMenuModel", m_menus.contextModel());
        window->setProperty("shortcutModel", m_menus.shortcutModel());
    }
}

void WindowHost::triggerMenuItem(QObject *window, const QString &itemId)
{
    auto *quickWindow = qobject_cast<QQuickWindow *>(window);
    const MenuItem *found = m_menus.item(itemId);
    if (!quickWindow || !m_windows.contains(quickWindow) || !found) {
        qCDebug(lcDesktop).noquote() << "ignoring the menu item" << itemId << ": gone";
        return;
    }
    // A copy, and the id now: the action may close the window, the function may change the menus.
    const MenuItem item = *found;
    const QString id = idOf(quickWindow);
    qCDebug(lcDesktop).noquote() << "menu item" << item.text << "chosen in" << id;
    runStandardAction(quickWindow, item.action);
    if (!item.route.isEmpty())
        Q_EMIT routeRequested(id, item.route);
    if (item.triggered)
        item.triggered(id);
}

void WindowHost::runStandardAction(QQuickWindow *window, StandardAction action)
{
    switch (action) {
    case StandardAction::None:
        return;
    case StandardAction::NewWindow:
        show();
        return;
    case StandardAction::CloseWindow:
        window->close(); // as the window manager's close button: saved geometry, then deleted
        return;
    case StandardAction::Quit: {
        // Each window closes as by its close button; the last one gone quits the app (allWindowsClosed).
        const QList<QQuickWindow *> open = m_windows;
        for (QQuickWindow *each : open)
            each->close();
        return;
    }
    case StandardAction::FullScreen:
        if (window->visibility() == QWindow::FullScreen)
            window->showNormal();
        else
            window->showFullScreen();
        return;
    default:
        QMetaObject::invokeMethod(window, "runAction", Q_ARG(QVariant, MenuModel::pageActionName(action)));
        return;
    }
}

bool WindowHost::eventFilter(QObject *watched, QEvent *event)
{
    // The event type first: a window being destroyed still sends events (Hide) through here when it is no
    // longer a QQuickWindow, and casting it then would be undefined (UBSan's vptr check reports it).
    if (event->type() == QEvent::Close) {
        auto *window = qobject_cast<QQuickWindow *>(watched);
        if (window && m_windows.contains(window)) {
            saveGeometry(window);
            window->deleteLater(); // its page goes with it, closing the page's streams
        }
    } else if (event->type() == QEvent::Drop) {
        // Only observed: the page gets the drop as well (its drop events, without the paths).
        auto *window = qobject_cast<QQuickWindow *>(watched);
        const QMimeData *data = static_cast<QDropEvent *>(event)->mimeData();
        if (window && m_windows.contains(window) && data && data->hasUrls())
            Q_EMIT filesDropped(idOf(window), data->urls());
    }
    return QObject::eventFilter(watched, event);
}

void WindowHost::identifyPages(QQuickWindow *window)
{
    QObject *view = window->findChild<QObject *>(QStringLiteral("webView"));
    auto *scripts = view ? view->property("userScripts").value<QObject *>() : nullptr;
    const QString pageId = QStringLiteral("window-%1").arg(++m_windowsOpened);
    if (!scripts
        || !QMetaObject::invokeMethod(scripts, "insert", Q_ARG(QWebEngineScript, pageIdScript(pageId)))) {
        qCWarning(lcApp) << "cannot give the window its page id: its streams are not told apart";
        return;
    }
    window->setProperty("pageId", pageId);
}

void WindowHost::restoreGeometry(QQuickWindow *window) const
{
    QRect geometry = QSettings().value(QLatin1String(GeometryKey)).toRect();
    if (!geometry.isValid()) {
        if (m_options.initialSize.isValid())
            window->resize(m_options.initialSize);
        return;
    }
    const int others = int(m_windows.size());
    geometry.translate(others * CascadeOffset, others * CascadeOffset);
    window->setGeometry(geometry);
}

void WindowHost::saveGeometry(const QQuickWindow *window)
{
    QSettings().setValue(QLatin1String(GeometryKey), window->geometry());
}

void WindowHost::forget(QQuickWindow *window)
{
    // Nothing to report while the host itself deletes its windows (it has emptied the list first).
    if (m_windows.removeAll(window) > 0 && m_windows.isEmpty())
        Q_EMIT allWindowsClosed();
}

} // namespace starling::detail
