// Desktop notifications against a private D-Bus session bus with a fake org.freedesktop.Notifications: from
// C++ and from a page (POST /_starling/notify), clicks that bring the window forward and call a route, the
// result when no server runs, and the options a page may not send. Inside a real starling::App, headless.
#include "desktopbus.h"
#include "windowtest.h"

#include <starling/app.h>
#include <starling/response.h>

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <optional>

using namespace desktopbus;
using namespace windowtest;
using starling::DesktopResult;
using starling::Notification;

namespace {

constexpr int Timeout = 30000;

QString homePage()
{
    return QStringLiteral(
        "<!DOCTYPE html><title>Home</title>"
        "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>"
        "<div data-init=\"@get('/_starling/stream', {openWhenHidden: true})\"></div>"
        "<div id=\"ready\" data-init=\"el.textContent = 'ready'\"></div>"
        "<div data-signals=\"{notification: {title: 'From the page', body: 'Sent by a button', "
        "urgency: 'low', route: '/inbox?from=page'}}\"></div>"
        "<button id=\"notify\" data-on:click=\"@post('/_starling/notify')\">Notify</button>"
        "<p id=\"result\" data-text=\"$notification.status + '|' + ($notification.id || '') + '|' + "
        "($notification.error || '')\"></p>");
}

} // namespace

class NotificationsTest : public QObject
{
    Q_OBJECT

public:
    explicit NotificationsTest(starling::App &app)
        : m_app(app)
    {
        app.get("/", [](const starling::Request &) { return starling::html(homePage()); });
        app.post("/inbox", [this](const starling::Request &request) {
            m_inboxCalls.append({ request.pageId(), request.query(QStringLiteral("from")) });
            return starling::text(QStringLiteral("ok"));
        });
    }

private:
    struct RouteCall
    {
        QString windowId;
        QString from;
    };

    starling::App &m_app;
    std::unique_ptr<FakeDesktop> m_fake;
    QList<RouteCall> m_inboxCalls;
    QString m_firstId;

    starling::Desktop &desktop() { return m_app.desktop(); }
    QQuickWindow *quickWindow(const QString &id)
    {
        return qobject_cast<QQuickWindow *>(desktop().window(id));
    }

    std::optional<DesktopResult> notifyAndWait(const QString &windowId, const Notification &notification)
    {
        std::optional<DesktopResult> result;
        desktop().notify(windowId, notification, [&result](const DesktopResult &answer) { result = answer; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, Timeout))
            return std::nullopt;
        return result;
    }

    // POSTs `body` (the signals) to /_starling/notify from the page, as fetch does; "status text".
    QString postFromPage(QQuickWindow *window, const QString &signalsJson)
    {
        evalInPage(
            window,
            QStringLiteral("window.__answer = undefined; fetch('/_starling/notify', {method: 'POST', "
                           "headers: {'Content-Type': 'application/json', 'Datastar-Request': 'true'}, "
                           "body: JSON.stringify(%1)}).then(async r => { window.__answer = r.status + ' ' + "
                           "await r.text(); });")
                .arg(signalsJson));
        if (!waitInPage(window, QStringLiteral("window.__answer !== undefined")))
            return {};
        return evalInPage(window, QStringLiteral("window.__answer")).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fake = std::make_unique<FakeDesktop>();
        QVERIFY(m_fake->setNotificationServer(true));
        QTRY_VERIFY_WITH_TIMEOUT(!desktop().windowIds().isEmpty(), Timeout);
        m_firstId = desktop().windowIds().first();
        QVERIFY(waitInPage(quickWindow(m_firstId),
                           QStringLiteral("document.getElementById('ready')?.textContent === 'ready'")));
    }

    void cleanupTestCase() { m_fake.reset(); }

    void notificationFromCodeReachesTheServer()
    {
        const int before = m_fake->notifications().size();
        const std::optional<DesktopResult> result
            = notifyAndWait(m_firstId,
                            { .title = QStringLiteral("Build finished"),
                              .body = QStringLiteral("All <b>42</b> tests passed"),
                              .urgency = Notification::Urgency::Critical,
                              .timeoutMs = 5000 });
        QVERIFY(result);
        QVERIFY2(result->isDone(), qPrintable(result->error));
        const QList<NotifyCall> calls = m_fake->notifications();
        QCOMPARE(calls.size(), before + 1);
        const NotifyCall &call = calls.last();
        QCOMPARE(result->id, QString::number(call.id));
        QCOMPARE(call.summary, QStringLiteral("Build finished"));
        QCOMPARE(call.body, QStringLiteral("All <b>42</b> tests passed"));
        QCOMPARE(call.hints.value(QStringLiteral("urgency")).toInt(), 2);
        QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(),
                 QStringLiteral("org.starling.NotificationsTest"));
        QCOMPARE(call.timeout, 5000);
        QCOMPARE(call.appName, QStringLiteral("Notifications Test"));
        QVERIFY(call.actions.contains(QStringLiteral("default")));
        // The app's icon (a resource) reaches the server as a file it can read.
        const QUrl icon(call.icon);
        QVERIFY2(icon.isLocalFile() && QFileInfo(icon.toLocalFile()).size() > 0, qPrintable(call.icon));
    }

    void urgencyAndTimeoutDefaults()
    {
        const std::optional<DesktopResult> result = notifyAndWait(
            m_firstId, { .title = QStringLiteral("Plain"), .icon = QStringLiteral("mail-unread") });
        QVERIFY(result && result->isDone());
        const NotifyCall call = m_fake->notifications().last();
        QCOMPARE(call.hints.value(QStringLiteral("urgency")).toInt(), 1);
        QCOMPARE(call.timeout, -1);
        QCOMPARE(call.icon, QStringLiteral("mail-unread")); // a theme name goes as it is
    }

    void notificationFromThePageReachesTheServer()
    {
        QQuickWindow *window = quickWindow(m_firstId);
        const int before = m_fake->notifications().size();
        QVERIFY(
            evalInPage(window, QStringLiteral("document.getElementById('notify').click(); true")).toBool());
        QVERIFY(waitInPage(
            window, QStringLiteral("document.getElementById('result').textContent.startsWith('done|')")));
        const QList<NotifyCall> calls = m_fake->notifications();
        QCOMPARE(calls.size(), before + 1);
        QCOMPARE(calls.last().summary, QStringLiteral("From the page"));
        QCOMPARE(calls.last().body, QStringLiteral("Sent by a button"));
        QCOMPARE(calls.last().hints.value(QStringLiteral("urgency")).toInt(), 0);
        QCOMPARE(
            evalInPage(window, QStringLiteral("document.getElementById('result').textContent")).toString(),
            QStringLiteral("done|%1|").arg(calls.last().id));
    }

    void clickBringsTheWindowForwardAndCallsTheRoute()
    {
        // A second window takes the focus; the notification is about the first.
        QWindow *second = desktop().openWindow(QStringLiteral("/"));
        QVERIFY(second);
        const QString secondId = desktop().windowIds().last();
        QVERIFY(waitInPage(quickWindow(secondId),
                           QStringLiteral("document.getElementById('ready')?.textContent === 'ready'")));
        second->requestActivate();
        QTRY_COMPARE_WITH_TIMEOUT(QGuiApplication::focusWindow(), second, Timeout);

        const std::optional<DesktopResult> result = notifyAndWait(
            m_firstId, { .title = QStringLiteral("Mail"), .route = QStringLiteral("/inbox?from=cpp") });
        QVERIFY(result && result->isDone());
        QSignalSpy clicked(&desktop(), &starling::Desktop::notificationClicked);
        m_inboxCalls.clear();
        m_fake->click(result->id.toUInt());

        QTRY_COMPARE_WITH_TIMEOUT(m_inboxCalls.size(), 1, Timeout);
        QCOMPARE(m_inboxCalls.first().windowId, m_firstId); // the first window's page called it
        QCOMPARE(m_inboxCalls.first().from, QStringLiteral("cpp"));
        QCOMPARE(QGuiApplication::focusWindow(), desktop().window(m_firstId));
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.first().at(0).toString(), m_firstId);
        QCOMPARE(clicked.first().at(1).toString(), result->id);

        // Another app's notification with the same server is not ours to act on.
        m_fake->click(result->id.toUInt() + 1000);
        second->close();
        QTRY_COMPARE_WITH_TIMEOUT(desktop().windowIds().size(), 1, Timeout);
        QCOMPARE(m_inboxCalls.size(), 1);
    }

    void clickOnAPageNotificationCallsItsRoute()
    {
        QQuickWindow *window = quickWindow(m_firstId);
        const int before = m_fake->notifications().size();
        QVERIFY(
            evalInPage(window, QStringLiteral("document.getElementById('notify').click(); true")).toBool());
        // The page still shows the earlier test's "done|<id>": wait for this notification's own.
        QTRY_COMPARE_WITH_TIMEOUT(m_fake->notifications().size(), before + 1, Timeout);
        QVERIFY(waitInPage(window,
                           QStringLiteral("document.getElementById('result').textContent === 'done|%1|'")
                               .arg(m_fake->notifications().last().id)));
        m_inboxCalls.clear();
        m_fake->click(m_fake->notifications().last().id);
        QTRY_COMPARE_WITH_TIMEOUT(m_inboxCalls.size(), 1, Timeout);
        QCOMPARE(m_inboxCalls.first().windowId, m_firstId);
        QCOMPARE(m_inboxCalls.first().from, QStringLiteral("page"));
    }

    void clickAfterItsWindowClosedGoesToTheRecentWindow()
    {
        QWindow *second = desktop().openWindow(QStringLiteral("/"));
        QVERIFY(second);
        const QString secondId = desktop().windowIds().last();
        QVERIFY(waitInPage(quickWindow(secondId),
                           QStringLiteral("document.getElementById('ready')?.textContent === 'ready'")));
        const std::optional<DesktopResult> result = notifyAndWait(
            secondId, { .title = QStringLiteral("Gone"), .route = QStringLiteral("/inbox?from=closed") });
        QVERIFY(result && result->isDone());
        second->close();
        QTRY_COMPARE_WITH_TIMEOUT(desktop().windowIds().size(), 1, Timeout);
        m_inboxCalls.clear();
        m_fake->click(result->id.toUInt());
        QTRY_COMPARE_WITH_TIMEOUT(m_inboxCalls.size(), 1, Timeout);
        QCOMPARE(m_inboxCalls.first().windowId, m_firstId);
        QCOMPARE(m_inboxCalls.first().from, QStringLiteral("closed"));
    }

    void withoutServerOrTrayTheResultIsFailed()
    {
        QVERIFY(m_fake->setNotificationServer(false));
        const std::optional<DesktopResult> result
            = notifyAndWait(m_firstId, { .title = QStringLiteral("Nobody") });
        QVERIFY(result);
        QCOMPARE(result->status, DesktopResult::Status::Failed);
        QVERIFY2(result->error.contains(QStringLiteral("No notification server")), qPrintable(result->error));

        // The page gets the same, as its signal.
        QQuickWindow *window = quickWindow(m_firstId);
        QVERIFY(
            evalInPage(window, QStringLiteral("document.getElementById('notify').click(); true")).toBool());
        QVERIFY(waitInPage(
            window,
            QStringLiteral(
                "document.getElementById('result').textContent.startsWith('failed||No notification')")));
        QVERIFY(m_fake->setNotificationServer(true));
    }

    void withoutTrayShowTrayFails()
    {
        // The offscreen platform has no system tray.
        const DesktopResult result = desktop().showTray({ .items = { starling::TrayItem::quit() } });
        QCOMPARE(result.status, DesktopResult::Status::Failed);
        QVERIFY2(result.error.contains(QStringLiteral("no system tray")), qPrintable(result.error));
        QVERIFY(!desktop().isTrayVisible());
    }

    void badOptionsAreRefusedNamingTheOption_data()
    {
        QTest::addColumn<QString>("signalsJson");
        QTest::addColumn<QString>("option");
        QTest::newRow("no title") << QStringLiteral("{notification: {body: 'x'}}")
                                  << QStringLiteral("notification.title");
        QTest::newRow("empty title") << QStringLiteral("{notification: {title: ' '}}")
                                     << QStringLiteral("notification.title");
        QTest::newRow("title not text")
            << QStringLiteral("{notification: {title: 3}}") << QStringLiteral("notification.title");
        QTest::newRow("urgency") << QStringLiteral("{notification: {title: 'x', urgency: 'loud'}}")
                                 << QStringLiteral("notification.urgency");
        QTest::newRow("route elsewhere")
            << QStringLiteral("{notification: {title: 'x', route: 'https://a.example/'}}")
            << QStringLiteral("notification.route");
        QTest::newRow("route quote") << QStringLiteral("{notification: {title: 'x', route: \"/a')\"}}")
                                     << QStringLiteral("notification.route");
        QTest::newRow("timeout") << QStringLiteral("{notification: {title: 'x', timeout: 'soon'}}")
                                 << QStringLiteral("notification.timeout");
        QTest::newRow("timeout range") << QStringLiteral("{notification: {title: 'x', timeout: -5}}")
                                       << QStringLiteral("notification.timeout");
        QTest::newRow("other signal")
            << QStringLiteral("{other: {body: 'x'}}") << QStringLiteral("notification.title");
    }

    void badOptionsAreRefusedNamingTheOption()
    {
        QFETCH(QString, signalsJson);
        QFETCH(QString, option);
        const int before = m_fake->notifications().size();
        const QString answer = postFromPage(quickWindow(m_firstId), signalsJson);
        QVERIFY2(answer.startsWith(QStringLiteral("400 ")), qPrintable(answer));
        QVERIFY2(answer.contains(option), qPrintable(answer));
        QCOMPARE(m_fake->notifications().size(), before);
    }

    void aRouteInCodeMustBeAPathOfTheApp()
    {
        const std::optional<DesktopResult> result = notifyAndWait(
            m_firstId, { .title = QStringLiteral("x"), .route = QStringLiteral("javascript:alert(1)") });
        QVERIFY(result);
        QCOMPARE(result->status, DesktopResult::Status::Failed);
    }
};

int main(int argc, char **argv)
{
    usePrivateXdgDirectories();
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    if (!startPrivateSessionBus())
        return 1;
    static int appArgc = 1;
    static char *appArgv[] = { argv[0], nullptr };
    starling::App app(appArgc, appArgv,
                      { .id = QStringLiteral("org.starling.NotificationsTest"),
                        .name = QStringLiteral("Notifications Test"),
                        .organization = QStringLiteral("StarlingTests") });
    NotificationsTest test(app);
    return runInApp(app, test, argc, argv);
}

#include "tst_notifications.moc"
