// The tray icon against a private D-Bus session bus with a fake StatusNotifierWatcher (so Qt's tray is its
// D-Bus StatusNotifierItem) and a private X server: the item registers with the watcher, its menu items call
// routes and C++ functions, a click on it brings a window back, and AppInfo::keepRunningInTray keeps the app
// running after its last window closes. Inside a real starling::App.
#include "desktopbus.h"
#include "windowtest.h"

#include <starling/app.h>
#include <starling/response.h>

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCall>
#include <QDBusPendingCallWatcher>
#include <QDBusVariant>
#include <QMenu>
#include <QQuickWindow>
#include <QSystemTrayIcon>
#include <QTest>

#include <optional>

using namespace desktopbus;
using namespace windowtest;
using starling::DesktopResult;
using starling::TrayItem;

namespace {

constexpr int Timeout = 30000;

QString homePage()
{
    return QStringLiteral("<!DOCTYPE html><title>Home</title>"
                          "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>"
                          "<div data-init=\"@get('/_starling/stream', {openWhenHidden: true})\"></div>"
                          "<div id=\"ready\" data-init=\"el.textContent = 'ready'\"></div>");
}

// The id of the entry labelled `label` in a com.canonical.dbusmenu layout (ia{sv}av), or -1.
int menuEntryId(const QDBusArgument &layout, const QString &label)
{
    int id = -1;
    QVariantMap properties;
    layout.beginStructure();
    layout >> id >> properties;
    int found = properties.value(QStringLiteral("label")).toString() == label ? id : -1;
    layout.beginArray();
    while (!layout.atEnd()) {
        QDBusVariant child;
        layout >> child;
        const int inChild = menuEntryId(child.variant().value<QDBusArgument>(), label);
        if (found < 0)
            found = inChild;
    }
    layout.endArray();
    layout.endStructure();
    return found;
}

} // namespace

class TrayTest : public QObject
{
    Q_OBJECT

public:
    explicit TrayTest(starling::App &app)
        : m_app(app)
    {
        app.get("/", [](const starling::Request &) { return starling::html(homePage()); });
        app.post("/compose", [this](const starling::Request &request) {
            m_composeCalls.append(request.pageId());
            return starling::text(QStringLiteral("ok"));
        });
    }

private:
    starling::App &m_app;
    std::unique_ptr<FakeDesktop> m_fake;
    QuitCounter m_quitCounter;
    QStringList m_composeCalls;
    int m_functionRuns = 0;

    starling::Desktop &desktop() { return m_app.desktop(); }

    starling::TrayOptions testTray()
    {
        return { .toolTip = QStringLiteral("Tray test"),
                 .items = { { .text = QStringLiteral("Compose"), .route = QStringLiteral("/compose") },
                            { .text = QStringLiteral("Count"), .action = [this] { ++m_functionRuns; } },
                            TrayItem::separator(),
                            TrayItem::showWindow(QStringLiteral("Open")),
                            TrayItem::quit() } };
    }

    // POSTs `signalsJson` to `endpoint` from the window's page as its fetches go (page id, secret, Origin);
    // "<status> <body>", or empty on timeout.
    QString postFromPage(const QString &endpoint, const QString &signalsJson)
    {
        auto *window = qobject_cast<QQuickWindow *>(desktop().window(desktop().windowIds().first()));
        evalInPage(window,
                   QStringLiteral("window.__answer = null; fetch('%1', {method: 'POST', headers: "
                                  "{'Content-Type': 'application/json'}, body: JSON.stringify(%2)})"
                                  ".then(async r => { window.__answer = r.status + ' ' + await r.text(); });"
                                  "true")
                       .arg(endpoint, signalsJson));
        if (!waitInPage(window, QStringLiteral("window.__answer !== null")))
            return {};
        return evalInPage(window, QStringLiteral("window.__answer")).toString();
    }

    bool waitForReadyWindow()
    {
        if (!QTest::qWaitFor([this] { return desktop().windowIds().size() == 1; }, Timeout))
            return false;
        auto *window = qobject_cast<QQuickWindow *>(desktop().window(desktop().windowIds().first()));
        return waitInPage(window,
                          QStringLiteral("document.getElementById('ready')?.textContent === 'ready'"));
    }

    bool closeAllWindows()
    {
        const QStringList ids = desktop().windowIds();
        for (const QString &id : ids)
            desktop().window(id)->close();
        return QTest::qWaitFor([this] { return desktop().windowIds().isEmpty(); }, Timeout);
    }

    QAction *menuAction(const QString &text)
    {
        auto *icon = desktop().findChild<QSystemTrayIcon *>();
        if (!icon || !icon->contextMenu())
            return nullptr;
        const QList<QAction *> actions = icon->contextMenu()->actions();
        for (QAction *action : actions) {
            if (action->text() == text)
                return action;
        }
        return nullptr;
    }

    // Calls a method of the tray item (service registered with the watcher) without blocking: the item
    // answers on this thread. The reply, or an invalid message on timeout.
    QDBusMessage callTrayItem(const QString &path, const QString &interface, const QString &method,
                              const QVariantList &arguments)
    {
        QDBusMessage call
            = QDBusMessage::createMethodCall(m_fake->registeredItems().last(), path, interface, method);
        call.setArguments(arguments);
        QDBusPendingCallWatcher watcher(QDBusConnection(QStringLiteral("fake-desktop")).asyncCall(call));
        if (!QTest::qWaitFor([&watcher] { return watcher.isFinished(); }, Timeout))
            return {};
        return watcher.reply();
    }

    // A click on the tray icon, as the panel sends it: org.kde.StatusNotifierItem.Activate on the item.
    void clickTrayIcon()
    {
        QDBusConnection bus(QStringLiteral("fake-desktop"));
        const QDBusMessage activate
            = QDBusMessage::createMethodCall(
                  m_fake->registeredItems().last(), QStringLiteral("/StatusNotifierItem"),
                  QStringLiteral("org.kde.StatusNotifierItem"), QStringLiteral("Activate"))
            << 0 << 0;
        bus.send(activate); // not waited for: the item answers on this thread
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fake = std::make_unique<FakeDesktop>();
        QVERIFY(m_fake->setWatcher(true)); // no notification server
        QCoreApplication::instance()->installEventFilter(&m_quitCounter);
        QVERIFY(waitForReadyWindow());
    }

    void cleanupTestCase()
    {
        QCoreApplication::instance()->removeEventFilter(&m_quitCounter);
        m_fake.reset();
    }

    void trayItemRegistersWithTheWatcher()
    {
        const DesktopResult result = desktop().showTray(testTray());
        QVERIFY2(result.isDone(), qPrintable(result.error));
        QVERIFY(desktop().isTrayVisible());
        QTRY_COMPARE_WITH_TIMEOUT(m_fake->registeredItems().size(), 1, Timeout);
        // Qt registers its item by its connection's bus name; the item answers there (clickTrayIcon()).
        QVERIFY(!m_fake->registeredItems().first().isEmpty());
    }

    void aTrayItemWithABadRouteIsRefused()
    {
        const DesktopResult result = desktop().showTray(
            { .items = { { .text = QStringLiteral("Bad"), .route = QStringLiteral("x') ") } } });
        QCOMPARE(result.status, DesktopResult::Status::Failed);
        QVERIFY2(result.error.contains(QStringLiteral("Bad")), qPrintable(result.error));
        QVERIFY(menuAction(QStringLiteral("Compose"))); // the menu shown before stays
    }

    void menuItemCallsItsRouteInTheActiveWindow()
    {
        // As the panel does it: the item's menu over D-Bus (com.canonical.dbusmenu), the entry's "clicked".
        const QDBusMessage menuPath = callTrayItem(
            QStringLiteral("/StatusNotifierItem"), QStringLiteral("org.freedesktop.DBus.Properties"),
            QStringLiteral("Get"), { QStringLiteral("org.kde.StatusNotifierItem"), QStringLiteral("Menu") });
        QCOMPARE(menuPath.type(), QDBusMessage::ReplyMessage);
        const QString menu
            = menuPath.arguments().value(0).value<QDBusVariant>().variant().value<QDBusObjectPath>().path();
        QVERIFY(!menu.isEmpty());
        const QDBusMessage layout = callTrayItem(menu, QStringLiteral("com.canonical.dbusmenu"),
                                                 QStringLiteral("GetLayout"), { 0, -1, QStringList() });
        QCOMPARE(layout.type(), QDBusMessage::ReplyMessage);
        const int compose
            = menuEntryId(layout.arguments().value(1).value<QDBusArgument>(), QStringLiteral("Compose"));
        QVERIFY(compose > 0);
        m_composeCalls.clear();
        callTrayItem(menu, QStringLiteral("com.canonical.dbusmenu"), QStringLiteral("Event"),
                     { compose, QStringLiteral("clicked"), QVariant::fromValue(QDBusVariant(0)), 0u });
        QTRY_COMPARE_WITH_TIMEOUT(m_composeCalls.size(), 1, Timeout);
        QCOMPARE(m_composeCalls.first(), desktop().windowIds().first());
    }

    void menuItemRunsItsFunction()
    {
        QAction *count = menuAction(QStringLiteral("Count"));
        QVERIFY(count);
        const int before = m_functionRuns;
        count->trigger();
        QCOMPARE(m_functionRuns, before + 1);
    }

    void pageDeclaresTheTrayAndHidesIt()
    {
        const QString shown = postFromPage(
            QStringLiteral("/_starling/tray"),
            QStringLiteral(
                "{tray: {toolTip: 'From the page', items: [{text: 'Page item', route: '/compose'}, "
                "{kind: 'separator'}, {kind: 'show'}, {kind: 'quit', text: 'Leave'}]}}"));
        QVERIFY2(shown.startsWith(u"200 ") && shown.contains(u"\"status\":\"done\""), qPrintable(shown));
        QAction *item = menuAction(QStringLiteral("Page item"));
        QVERIFY(item);
        QVERIFY(menuAction(QStringLiteral("Leave")));
        m_composeCalls.clear();
        item->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(m_composeCalls.size(), 1, Timeout);

        const QString refused
            = postFromPage(QStringLiteral("/_starling/tray"),
                           QStringLiteral("{tray: {items: [{text: 'Bad', route: 'javascript:1'}]}}"));
        QVERIFY2(refused.startsWith(u"400 ") && refused.contains(u"tray.items[0]"), qPrintable(refused));
        QVERIFY(menuAction(QStringLiteral("Page item"))); // the menu shown before stays

        const QString hidden = postFromPage(QStringLiteral("/_starling/tray/hide"), QStringLiteral("{}"));
        QVERIFY2(hidden.startsWith(u"200 "), qPrintable(hidden));
        QVERIFY(!desktop().isTrayVisible());

        const DesktopResult again = desktop().showTray(testTray()); // as the tests below expect it
        QVERIFY2(again.isDone(), qPrintable(again.error));
    }

    void withoutANotificationServerTheTrayCannotShowIt()
    {
        // Qt's D-Bus tray sends its messages to the notification server too: no server, no message.
        std::optional<DesktopResult> result;
        desktop().notify({}, { .title = QStringLiteral("Nobody listens") },
                         [&result](const DesktopResult &answer) { result = answer; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), Timeout);
        QCOMPARE(result->status, DesktopResult::Status::Failed);
        QCOMPARE(result->error, QStringLiteral("No notification server is running on this desktop."));
    }

    void theLastWindowClosingLeavesTheAppInTheTray()
    {
        QVERIFY(closeAllWindows()); // the host's allWindowsClosed has been handled by now
        QCOMPARE(m_quitCounter.quits, 0);
        clickTrayIcon();
        QVERIFY(waitForReadyWindow());
        QCOMPARE(m_quitCounter.quits, 0);
    }

    void showWindowItemOpensAWindow()
    {
        QVERIFY(closeAllWindows());
        QAction *open = menuAction(QStringLiteral("Open"));
        QVERIFY(open);
        open->trigger();
        QVERIFY(waitForReadyWindow());
    }

    void routeItemWithNoWindowOpensOneWhosePageCallsIt()
    {
        QVERIFY(closeAllWindows());
        m_composeCalls.clear();
        menuAction(QStringLiteral("Compose"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(desktop().windowIds().size(), 1, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(m_composeCalls.size(), 1, Timeout);
        QCOMPARE(m_composeCalls.first(), desktop().windowIds().first());
        QVERIFY(waitForReadyWindow());
    }

    void withoutTheTrayTheLastWindowQuitsTheApp()
    {
        desktop().hideTray(); // a window is open: nothing quits yet
        QVERIFY(!desktop().isTrayVisible());
        QCOMPARE(m_quitCounter.quits, 0);
        QVERIFY(closeAllWindows());
        QCOMPARE(m_quitCounter.quits, 1);

        // Hiding the tray with no window open quits as well.
        QVERIFY(desktop().showTray().isDone());
        desktop().hideTray();
        QCOMPARE(m_quitCounter.quits, 2);
    }
};

int main(int argc, char **argv)
{
    usePrivateXdgDirectories();
    qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    qunsetenv("QT_QPA_PLATFORMTHEME");
    qunsetenv("XDG_CURRENT_DESKTOP");
    if (!startPrivateSessionBus() || !startPrivateDisplay())
        return 1;
    static int appArgc = 1;
    static char *appArgv[] = { argv[0], nullptr };
    starling::App app(appArgc, appArgv,
                      { .id = QStringLiteral("org.starling.TrayTest"),
                        .name = QStringLiteral("Tray Test"),
                        .organization = QStringLiteral("StarlingTests"),
                        .keepRunningInTray = true });
    TrayTest test(app);
    return runInApp(app, test, argc, argv);
}

#include "tst_tray.moc"
