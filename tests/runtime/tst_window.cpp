// The app's windows (WindowHost and qml/Main.qml) on a real server, headless: the page's backend round trip,
// the title, geometry that outlives the window, links to other origins, new windows, JavaScript dialogs, the
// profile's storage and the page shown when the renderer dies.
#include "windowhost_p.h"
#include "windowtest.h"

#include <starling/response.h>
#include <starling/server.h>
#include <starling/stream.h>

#include <QDesktopServices>
#include <QDir>
#include <QGuiApplication>
#include <QQuickWebEngineProfile>
#include <QSignalSpy>
#include <QTest>
#include <QtWebEngineQuick>

#include <csignal>
#include <memory>

using starling::detail::WindowHost;
using namespace windowtest;

namespace {

QString page(const QString &title, const QString &body)
{
    return QStringLiteral("<!DOCTYPE html><title>%1</title>"
                          "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>%2")
        .arg(title, body);
}

// The page's client has started (its data-init ran).
bool waitUntilReady(QQuickWindow *window)
{
    return waitInPage(window, QStringLiteral("document.getElementById('ready')?.textContent === 'ready'"));
}

} // namespace

// Records the URLs handed to the system browser (QDesktopServices::setUrlHandler).
class SystemBrowser : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> opened;

public Q_SLOTS:
    void open(const QUrl &url) { opened.append(url); }
};

class WindowTest : public QObject
{
    Q_OBJECT

public:
    static void initMain()
    {
        s_xdgRoot = usePrivateXdgDirectories();
        QtWebEngineQuick::initialize();
    }

private:
    static inline QString s_xdgRoot;
    starling::Server m_server;
    SystemBrowser m_browser;
    std::unique_ptr<WindowHost> m_host;
    int m_clicks = 0;

    QUrl url(const QString &path) const { return m_server.origin().resolved(QUrl(path)); }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StarlingTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_window"));
        QGuiApplication::setQuitOnLastWindowClosed(false);
        QDesktopServices::setUrlHandler(QStringLiteral("http"), &m_browser, "open");
        QDesktopServices::setUrlHandler(QStringLiteral("https"), &m_browser, "open");

        m_server.get("/", [](const starling::Request &) {
            return starling::html(
                page(QStringLiteral("Home"),
                     QStringLiteral("<div id=\"ready\" data-init=\"el.textContent = 'ready'\"></div>"
                                    "<button id=\"go\" data-on:click=\"@post('/clicked')\">Go</button>"
                                    "<div id=\"out\">waiting</div>"
                                    "<a id=\"away\" href=\"http://example.invalid/away\">away</a>"
                                    "<a id=\"blank\" href=\"/second\" target=\"_blank\">second</a>"
                                    "<p><a id=\"next\" href=\"/second\">next</a></p>")));
        });
        m_server.post("/clicked", [this](const starling::Request &, starling::Stream &stream) {
            ++m_clicks;
            stream.patchElements(QStringLiteral("<div id=\"out\">clicked by the backend</div>"));
        });
        m_server.get("/second", [](const starling::Request &) {
            return starling::html(page(QStringLiteral("Second"), QStringLiteral("<p>second</p>")));
        });
        m_server.get("/alert", [](const starling::Request &) {
            return starling::html(page(QStringLiteral("before"),
                                       QStringLiteral("<script>alert('Hello'); document.title = "
                                                      "'answered ' + confirm('Sure?');</script>")));
        });
        QVERIFY(m_server.listen());
    }

    void cleanupTestCase()
    {
        QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    }

    void init() { m_host = std::make_unique<WindowHost>(m_server.origin(), m_server.secret()); }

    void cleanup() { m_host.reset(); }

    void clickReachesTheBackendAndItsPatchTheDom()
    {
        QVERIFY(m_host->show());
        QQuickWindow *window = m_host->windows().value(0);
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(waitUntilReady(window));

        QVERIFY(clickInPage(window, QStringLiteral("#go")));
        QVERIFY(waitInPage(window,
                           QStringLiteral("document.getElementById('out').textContent === 'clicked by the "
                                          "backend'")));
        QCOMPARE(m_clicks, 1);
    }

    void titleFollowsThePageTitle()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("Home"), 30000);
        evalInPage(window, QStringLiteral("document.title = 'Renamed'"));
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("Renamed"), 30000);
    }

    void geometryOutlivesTheWindow()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/second")));
        QVERIFY(window);
        const QRect geometry(40, 50, 640, 480);
        window->setGeometry(geometry);
        QTRY_COMPARE(window->geometry(), geometry);
        QSignalSpy closed(m_host.get(), &WindowHost::allWindowsClosed);
        window->close();
        QTRY_COMPARE(closed.size(), 1);
        QVERIFY(m_host->windows().isEmpty());

        m_host = std::make_unique<WindowHost>(m_server.origin(), m_server.secret());
        QQuickWindow *next = m_host->openWindow(url(QStringLiteral("/second")));
        QVERIFY(next);
        QCOMPARE(next->geometry(), geometry);
    }

    void otherOriginsOpenInTheSystemBrowser()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QVERIFY(waitUntilReady(window));
        m_browser.opened.clear();

        evalInPage(window, QStringLiteral("document.getElementById('away').click()"));
        QTRY_COMPARE_WITH_TIMEOUT(m_browser.opened,
                                  QList<QUrl> { QUrl(QStringLiteral("http://example.invalid/away")) }, 30000);
        QCOMPARE(evalInPage(window, QStringLiteral("location.href")).toString(),
                 url(QStringLiteral("/")).toString());
        QCOMPARE(webView(window)->property("url").toUrl(), url(QStringLiteral("/")));
    }

    void sameOriginNewWindowsOpenAppWindows()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QVERIFY(waitUntilReady(window));

        evalInPage(window, QStringLiteral("window.open('/second'); true"));
        QTRY_COMPARE_WITH_TIMEOUT(m_host->windows().size(), 2, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(m_host->windows().at(1)->title(), QStringLiteral("Second"), 30000);

        evalInPage(window, QStringLiteral("document.getElementById('blank').click()"));
        QTRY_COMPARE_WITH_TIMEOUT(m_host->windows().size(), 3, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(m_host->windows().at(2)->title(), QStringLiteral("Second"), 30000);
        QCOMPARE(window->title(), QStringLiteral("Home"));
    }

    void desktopKeysAndContextMenu()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(waitUntilReady(window));
        QQuickItem *view = webView(window);

        QTest::keyClick(window, Qt::Key_Equal, Qt::ControlModifier);
        QTRY_VERIFY(view->property("zoomFactor").toDouble() > 1.05);
        QTest::keyClick(window, Qt::Key_0, Qt::ControlModifier);
        QTRY_COMPARE(view->property("zoomFactor").toDouble(), 1.0);

        // A real click: Chromium's back skips entries left without a user gesture.
        QVERIFY(clickInPage(window, QStringLiteral("#next")));
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("Second"), 30000);
        QTest::keyClick(window, Qt::Key_Left, Qt::AltModifier);
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("Home"), 30000);

        auto *findBar = window->findChild<QQuickItem *>(QStringLiteral("findBar"));
        QVERIFY(findBar);
        QVERIFY(!findBar->isVisible());
        QTest::keyClick(window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(findBar->isVisible());
        QTest::keyClick(window, Qt::Key_Escape);
        QTRY_VERIFY(!findBar->isVisible());

        QObject *menu = window->findChild<QObject *>(QStringLiteral("contextMenu"));
        QVERIFY(menu);
        QVERIFY(waitUntilReady(window));
        QTest::mouseClick(window, Qt::RightButton, Qt::NoModifier, QPoint(100, 100));
        QTRY_VERIFY_WITH_TIMEOUT(menu->property("opened").toBool(), 30000);
    }

    void javaScriptDialogsAreAnsweredInTheWindow()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/alert")));
        QVERIFY(window);
        QObject *dialog = window->findChild<QObject *>(QStringLiteral("javaScriptDialog"));
        QVERIFY(dialog);

        QTRY_VERIFY_WITH_TIMEOUT(dialog->property("opened").toBool(), 30000); // alert('Hello')
        QVERIFY(QMetaObject::invokeMethod(dialog, "accept"));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->property("opened").toBool(), 30000); // confirm('Sure?')
        QVERIFY(QMetaObject::invokeMethod(dialog, "reject"));
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("answered false"), 30000);
    }

    void profileIsNamedAndStoredInTheAppDataDirectory()
    {
        QQuickWebEngineProfile *profile = m_host->profile();
        QVERIFY(profile != QQuickWebEngineProfile::defaultProfile());
        QCOMPARE(profile->storageName(), QStringLiteral("tst_window"));
        QVERIFY(!profile->isOffTheRecord());
        const QString dataDir = QDir(s_xdgRoot).filePath(QStringLiteral("xdg_data_home"));
        QVERIFY2(profile->persistentStoragePath().startsWith(dataDir + u'/'),
                 qPrintable(profile->persistentStoragePath()));
        QVERIFY(profile->cachePath().startsWith(QDir(s_xdgRoot).filePath(QStringLiteral("xdg_cache_home"))
                                                + u'/'));
    }

    void rendererCrashShowsAnErrorPageThatReloads()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QVERIFY(waitUntilReady(window));
        QQuickItem *errorPage = window->findChild<QQuickItem *>(QStringLiteral("errorPage"));
        QVERIFY(errorPage);
        QVERIFY(!errorPage->isVisible());

        const qint64 pid = webView(window)->property("renderProcessPid").toLongLong();
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(errorPage->isVisible(), 30000);

        auto *reload = errorPage->findChild<QQuickItem *>(QStringLiteral("reloadButton"));
        QVERIFY(reload);
        QTest::mouseClick(window, Qt::LeftButton, Qt::NoModifier,
                          reload->mapToScene(QPointF(reload->width() / 2, reload->height() / 2)).toPoint());
        QVERIFY(!errorPage->isVisible());
        QVERIFY(waitUntilReady(window));
    }
};

QTEST_MAIN(WindowTest)
#include "tst_window.moc"
