// The hub with Starling's client in a real (headless) QtWebEngine page: a page's read stream gets published
// patches, and after its connection drops the client reconnects and the hub replays what it missed.
#include <starling/response.h>
#include <starling/server.h>
#include <starling/stream.h>
#include <starling/tokeninterceptor.h>

#include <QTcpSocket>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineProfile>

namespace {
constexpr int WaitTimeoutMs = 60000;

QString list(const QString &text)
{
    return QStringLiteral("<div id=\"list\">%1</div>").arg(text);
}

// Waits until the page's #list shows `expected`, asking the page again after each answer.
bool waitForList(QWebEnginePage &page, const QString &expected)
{
    struct State
    {
        QString current;
        bool asking = false;
    };
    auto state = std::make_shared<State>();
    return QTest::qWaitFor(
        [&] {
            if (!state->asking) {
                state->asking = true;
                page.runJavaScript(QStringLiteral("document.getElementById('list').textContent"),
                                   [state](const QVariant &value) {
                                       state->current = value.toString();
                                       state->asking = false;
                                   });
            }
            return state->current == expected;
        },
        WaitTimeoutMs);
}

// Shows the page's console in the test log: the first thing to read when the page does not do its part.
class LoggingPage : public QWebEnginePage
{
public:
    using QWebEnginePage::QWebEnginePage;

protected:
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &message, int line,
                                  const QString &source) override
    {
        qInfo().noquote() << "page console:" << message << source << line;
    }
};
} // namespace

class HubInPageTest : public QObject
{
    Q_OBJECT

private:
    starling::Server m_server;
    int m_refreshes = 0;

public:
    static void initMain() { QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts); }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.get("/", [](const starling::Request &) {
            return starling::html(QStringLiteral(
                "<!DOCTYPE html><title>hub</title>"
                "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>"
                // A page without a view counts as hidden; by default the client streams only while visible.
                "<div data-init=\"@get('/updates', {openWhenHidden: true, retryInterval: 50})\"></div>"
                "<div id=\"list\"></div>"));
        });
        m_server.get("/updates", [](const starling::Request &, starling::Stream &stream) {
            stream.subscribe(QStringLiteral("items"));
        });
        m_server.hub().topic(QStringLiteral("items")).setRefresh([this] {
            ++m_refreshes;
            return QList<datastar::Event> { datastar::patchElements(list(QStringLiteral("refresh"))) };
        });
        QVERIFY(m_server.listen());
    }

    void pageGetsPatchesAndResumesAfterADrop()
    {
        QWebEngineProfile profile;
        starling::TokenInterceptor interceptor(m_server.origin(), m_server.secret());
        profile.setUrlRequestInterceptor(&interceptor);
        LoggingPage page(&profile);
        page.load(m_server.origin().resolved(QUrl(QStringLiteral("/"))));

        QVERIFY(waitForList(page, QStringLiteral("refresh"))); // a fresh stream starts with the refresh
        QCOMPARE(m_server.hub().streamCount(), 1);
        auto topic = m_server.hub().topic(QStringLiteral("items"));
        topic.patchElements(list(QStringLiteral("one")));
        QVERIFY(waitForList(page, QStringLiteral("one")));

        // Drop the page's connections as a network failure would, and publish while it is away.
        for (QTcpSocket *socket : m_server.findChildren<QTcpSocket *>())
            socket->abort();
        QVERIFY(QTest::qWaitFor([this] { return m_server.hub().streamCount() == 0; }, WaitTimeoutMs));
        topic.patchElements(list(QStringLiteral("two")));

        // The client reconnects with its Last-Event-ID and gets what it missed, without a refresh.
        QVERIFY(waitForList(page, QStringLiteral("two")));
        QCOMPARE(m_refreshes, 1);
        QVERIFY(QTest::qWaitFor([this] { return m_server.hub().streamCount() == 1; }, WaitTimeoutMs));
        profile.setUrlRequestInterceptor(nullptr);
    }
};

QTEST_MAIN(HubInPageTest)
#include "tst_hubinpage.moc"
