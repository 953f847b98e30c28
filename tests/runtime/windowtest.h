// Helpers for the window tests: private XDG directories, and the page inside an app window.
#pragma once

#include <QObject>
#include <QQuickItem>
#include <QQuickWindow>
#include <QString>
#include <QVariant>

namespace windowtest {

// Points XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME and XDG_RUNTIME_DIR at fresh private directories for
// the rest of the process. Call before the application object exists (QSettings caches its paths); returns
// the root holding them.
QString usePrivateXdgDirectories();

// The base of a test class whose tests open app windows. QTEST_MAIN calls initMain() before the application
// exists: it points the XDG directories at private ones (xdgRoot()) and initialises QtWebEngineQuick.
class WindowTestCase : public QObject
{
public:
    static void initMain();
    static QString xdgRoot() { return s_xdgRoot; }

private:
    static inline QString s_xdgRoot;
};

// Counts the application's Quit requests (QCoreApplication::quit() sends one) and swallows them, so that a
// test can see the app decide to quit and go on. Install it on QCoreApplication::instance().
class QuitCounter : public QObject
{
public:
    int quits = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};

// The WebEngineView (objectName "webView") of an app window.
QQuickItem *webView(QQuickWindow *window);

// Runs js in the window's page and returns its completion value (invalid on timeout).
QVariant evalInPage(QQuickWindow *window, const QString &js);

// Waits until the JS expression is truthy in the window's page, asking again after each answer.
bool waitInPage(QQuickWindow *window, const QString &condition);

// A real left click at the centre of the page's first element matching selector.
bool clickInPage(QQuickWindow *window, const QString &selector);

} // namespace windowtest
