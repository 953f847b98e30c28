// The connection status (/_starling/connection/status.js) in a real (headless) QtWebEngine page with
// Starling's client: the app stops while the page is open ("Reconnecting…", cleared when it answers again;
// "Can't reach the app" once a request gave up), then comes back as a new process with a new secret ("The app
// was restarted: ..." in a browser; a window's page reloads). Each "process" is a Server on the same port;
// the page's credential is the Starling-Token header, from an interceptor whose secret the test sets.
#include "pagedriver.h"
#include "webenginetest.h"

#include <starling/response.h>
#include <starling/server.h>

#include <QMutex>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineUrlRequestInterceptor>

#include <memory>

namespace {

// Adds the Starling-Token header with whichever secret the test gives it (an app's window has a fixed one).
class SecretInterceptor : public QWebEngineUrlRequestInterceptor
{
public:
    void setSecret(const QByteArray &secret)
    {
        const QMutexLocker lock(&m_mutex);
        m_secret = secret;
    }
    void interceptRequest(QWebEngineUrlRequestInfo &info) override
    {
        const QMutexLocker lock(&m_mutex);
        info.setHttpHeader(starling::Server::TokenHeader.toByteArray(), m_secret);
    }

private:
    QMutex m_mutex;
    QByteArray m_secret;
};

// #wait retries patiently, #once gives up after one retry; openWhenHidden, so that the offscreen view's
// visibility never pauses a request.
const QString Page = QStringLiteral(
    "<!DOCTYPE html><title>connection</title>"
    "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>"
    "<script type=\"module\" src=\"/_starling/connection/status.js\"></script>"
    "<span id=\"ready\" data-text=\"'ready'\"></span>"
    "<button id=\"wait\" data-on:click=\"@post('/add', {openWhenHidden: true, retryInterval: 200, "
    "retryScaler: 1, retryMaxCount: 1000})\">Add</button>"
    "<button id=\"once\" data-on:click=\"@post('/add', {openWhenHidden: true, retryInterval: 10, "
    "retryMaxCount: 1})\">Add once</button>"
    "<p id=\"added\"></p>");

} // namespace

class ConnectionStatusTest : public starling::test::WebEngineTest
{
    Q_OBJECT

private:
    std::unique_ptr<starling::Server> m_server;
    quint16 m_port = 0;
    SecretInterceptor m_interceptor;
    std::unique_ptr<starling::test::PageDriver> m_page;
    int m_adds = 0;

    // The app (again) on the same port, with a new secret; the page's credential is left as it was.
    bool startApp()
    {
        m_server = std::make_unique<starling::Server>();
        m_server->get("/", [](const starling::Request &) { return starling::html(Page); });
        m_server->post("/add", [this](const starling::Request &) {
            ++m_adds;
            return starling::html(QStringLiteral("<p id=\"added\">%1</p>").arg(m_adds));
        });
        if (!m_server->listen(m_port))
            return false;
        m_port = m_server->port();
        return true;
    }
    bool waitForState(const QString &state)
    {
        return m_page->waitFor(QStringLiteral("connectionStates.at(-1) === '%1'").arg(state), 30000);
    }
    bool openPage()
    {
        m_interceptor.setSecret(m_server->secret());
        if (!m_page->load(m_server->origin())
            || !m_page->waitFor(QStringLiteral("document.getElementById('ready').textContent === 'ready'")))
            return false;
        // Every state the status element goes through, in order, whatever the test's pace.
        m_page->eval(QStringLiteral(
            "window.connectionStates = [''];"
            "new MutationObserver(() => connectionStates.push(document.getElementById('starling-connection')"
            "  .dataset.state)).observe(document.getElementById('starling-connection'), "
            "{attributes: true, attributeFilter: ['data-state']}); true"));
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(startApp());
        m_page = std::make_unique<starling::test::PageDriver>();
        m_page->page()->profile()->setUrlRequestInterceptor(&m_interceptor);
        QVERIFY(openPage());
        const QVariantList element
            = m_page
                  ->eval(QStringLiteral("(e => [e.getAttribute('role'), e.getAttribute('aria-live'), "
                                        "e.textContent])(document.getElementById('starling-connection'))"))
                  .toList();
        QCOMPARE(element, QVariantList({ QStringLiteral("status"), QStringLiteral("polite"), QString() }));
    }

    void reconnectingUntilTheAppAnswersAgain()
    {
        m_server.reset();
        QVERIFY(m_page->click(QStringLiteral("#wait")));
        QVERIFY(waitForState(QStringLiteral("reconnecting")));
        QCOMPARE(m_page->eval(QStringLiteral("document.getElementById('starling-connection').textContent"))
                     .toString(),
                 QStringLiteral("Reconnecting…"));

        QVERIFY(startApp());
        m_interceptor.setSecret(m_server->secret()); // (a window's secret never goes stale)
        QVERIFY(waitForState(QString()));
        QVERIFY(m_page->waitFor(QStringLiteral("document.getElementById('added').textContent === '1'")));
    }

    void cannotReachTheAppOnceARequestGivesUp()
    {
        m_page->eval(QStringLiteral("connectionStates.length = 0; true"));
        m_server.reset();
        QVERIFY(m_page->click(QStringLiteral("#once")));
        QVERIFY(waitForState(QStringLiteral("offline")));
        QCOMPARE(m_page->eval(QStringLiteral("connectionStates.join()")).toString(),
                 QStringLiteral("reconnecting,offline"));
        QCOMPARE(m_page->eval(QStringLiteral("document.getElementById('starling-connection').textContent"))
                     .toString(),
                 QStringLiteral("Can’t reach the app"));
    }

    void aRestartedAppAsksForItsAddress()
    {
        const int added = m_adds;
        QVERIFY(startApp()); // a new secret: the page's is refused
        QVERIFY(m_page->click(QStringLiteral("#once")));
        QVERIFY(waitForState(QStringLiteral("restarted")));
        QCOMPARE(m_page->eval(QStringLiteral("document.getElementById('starling-connection').textContent"))
                     .toString(),
                 QStringLiteral("The app was restarted: open the address it printed"));
        QCOMPARE(m_adds, added);
    }

    void aRestartedAppReloadsAWindowsPage()
    {
        QVERIFY(openPage());
        // What the window's injected script defines (WindowHost).
        m_page->eval(QStringLiteral(
            "Object.defineProperty(window, 'starlingPageId', {value: 'window-1'}); window.stayed = true"));
        const int added = m_adds;
        QVERIFY(startApp());
        QVERIFY(m_page->clickAndWaitForLoad(QStringLiteral("#once"), 30000));
        // The reload carried the old secret again (this test's window is not the app's): the navigation's
        // error page shows, and the old document is gone.
        QVERIFY(m_page->waitFor(QStringLiteral("document.title === '403 Forbidden' && !window.stayed")));
        QCOMPARE(m_adds, added);
    }

    void cleanupTestCase()
    {
        m_page->page()->profile()->setUrlRequestInterceptor(nullptr);
        m_page.reset();
    }
};

QTEST_MAIN(ConnectionStatusTest)
#include "tst_connectionstatus.moc"
