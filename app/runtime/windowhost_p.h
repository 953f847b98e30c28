// The app's windows: each shows the app's own pages in a web view (qrc:/qml/Main.qml) on the app's own
// web profile. See docs/runtime.md, "Windows and desktop".
#pragma once

#include "menus_p.h"

#include <starling/starling_export.h>

#include <QList>
#include <QObject>
#include <QSize>
#include <QStringList>
#include <QUrl>

#include <memory>

class QQmlComponent;
class QQmlEngine;
class QQuickWebEngineProfile;
class QQuickWindow;
class QWindow;

namespace starling {
class TokenInterceptor;
}

namespace starling::detail {

struct WindowOptions
{
    bool dev = false; // --dev: Chromium's remote inspector on a local port (logged), and live reload
    QStringList watchedDirs = {}; // with dev: edits under these directories reload every window
    QSize initialSize = {}; // a new window's size when none was saved; invalid: the QML's default
};

// Owns the windows, their profile and their QML engine. The profile is named after the app and keeps its
// storage under QStandardPaths::AppDataLocation (cache under CacheLocation); the token interceptor is
// installed on it alone. Window geometry is saved to QSettings ("window/geometry") when a window closes and
// restored for the next one; a closed window is deleted with its page. Downloads and permission requests are
// refused and logged (starling.app).
// Main thread only; create it after the QGuiApplication, with QtWebEngine initialised.
class STARLING_PRIVATE_EXPORT WindowHost : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WindowHost)

public:
    WindowHost(const QUrl &origin, const QByteArray &secret, const WindowOptions &options = {},
               QObject *parent = nullptr);
    ~WindowHost() override;

    // Opens a window on the app's home page; false (logged) when the window cannot be created.
    bool show();
    // Opens a window on url, a page of the app's own origin; nullptr (logged) when it cannot.
    QQuickWindow *openWindow(const QUrl &url);
    // A later launch (SingleInstance): with newWindow, or with no window open, opens a window on the home
    // page; otherwise shows and raises `preferred` (the most recently active window) when it is one of the
    // host's, else the most recently opened one. Returns that window; null (logged) when none could open.
    QQuickWindow *activate(bool newWindow, QWindow *preferred = nullptr);
    QList<QQuickWindow *> windows() const;
    // The open window with that id ("window-<n>", its pages' `Starling-Page` id), or null.
    QQuickWindow *window(const QString &id) const;
    static QString idOf(const QWindow *window);
    QUrl origin() const { return m_origin; }
    QQuickWebEngineProfile *profile() const;
    // The engine the windows were made with (null before the first one): for QML parts shown over them.
    QQmlEngine *qmlEngine() const { return m_engine.get(); }

    // For the windows (Main.qml):
    Q_INVOKABLE bool isOwnOrigin(const QUrl &url) const;
    // The app's own pages open in a new window; other http(s) URLs in the system browser; others nowhere.
    Q_INVOKABLE void openInNewWindow(const QUrl &url);
    // Hands an http(s) URL to the system browser (QDesktopServices); other schemes are refused.
    Q_INVOKABLE void openExternally(const QUrl &url);
    Q_INVOKABLE void log(const QString &message); // category starling.app, info
    // A file chooser's name filters for a page's accepted types (MIME types, "image/*", ".ext"): the files of
    // those types, then all files; none (every file) when the list is empty or names nothing known.
    Q_INVOKABLE QStringList fileNameFilters(const QStringList &acceptedTypes) const;

    // Menus: every window's menu bar, its context menu's added items and their shortcuts (Main.qml builds
    // them from the models of MenuModel). Default: Desktop::standardMenus(), the bar shown.
    void setMenuBar(const QList<Menu> &menus);
    void setMenuBarVisible(bool visible);
    void setContextMenu(const QList<MenuItem> &items);
    // For the windows: the user chose the item `itemId` in `window` (its menu bar, context menu or shortcut).
    // Runs its standard action, then asks for its route (routeRequested()), then calls its function.
    Q_INVOKABLE void triggerMenuItem(QObject *window, const QString &itemId);

Q_SIGNALS:
    // A menu item with a route was chosen in the window `id`: its page is to call the route.
    void routeRequested(const QString &id, const QString &route);
    // A window closed and was deleted with its page.
    void windowClosed(const QString &id);
    // Something was dropped on a window with these URLs (files are file: URLs); the page gets the drop too.
    void filesDropped(const QString &id, const QList<QUrl> &urls);
    // The last open window was closed and deleted with its page (so its streams are closed): time to quit.
    void allWindowsClosed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override; // a window's Close, drops

private:
    // Gives the window's pages its own `Starling-Page` id ("window-<n>", also the window's "pageId"
    // property).
    void identifyPages(QQuickWindow *window);
    void restoreGeometry(QQuickWindow *window) const;
    static void saveGeometry(const QQuickWindow *window);
    void forget(QQuickWindow *window);
    // Gives every window the menus' current models.
    void updateMenus();
    void runStandardAction(QQuickWindow *window, StandardAction action);

    QUrl m_origin;
    WindowOptions m_options;
    std::unique_ptr<TokenInterceptor> m_interceptor;
    std::unique_ptr<QQuickWebEngineProfile> m_profile;
    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QQmlComponent> m_component;
    QList<QQuickWindow *> m_windows;
    int m_windowsOpened = 0;
    MenuModel m_menus;
    bool m_menuBarVisible = true;
};

} // namespace starling::detail
