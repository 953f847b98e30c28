// Streams through backend actions: events applied in order as they arrive, lifecycle events and
// data-indicator, error statuses, retries with backoff, reconnecting with Last-Event-ID, cancellation and
// hidden pages.
#include "backendtest.h"
#include "pagedriver.h"
#include "testserver.h"
#include "webenginetest.h"

#include <datastar/datastar.h>

#include <QApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QtTest>

using datastar::ServerSentEventGenerator;
using starling::test::PageDriver;
using starling::test::TestServer;

namespace {

datastar::PatchElementsOptions appendTo(const QString &selector, const QString &eventId = {},
                                        std::chrono::milliseconds retry = datastar::DefaultRetryDuration)
{
    datastar::PatchElementsOptions o;
    o.selector = selector;
    o.mode = datastar::ElementPatchMode::Append;
    o.eventId = eventId;
    o.retryDuration = retry;
    return o;
}

} // namespace

class StreamingTest : public starling::test::WebEngineTest
{
    Q_OBJECT

private:
    bool load(const QByteArray &body)
    {
        const bool ok = backendtest::loadPage(m_server, m_page, QStringLiteral("/page.html"),
                                              backendtest::clientPage(body));
        m_requests.clear();
        m_lastEventIds.clear();
        m_closeReasons.clear();
        return ok;
    }
    QStringList fetchTypes()
    {
        return m_page.eval(QStringLiteral("window.__fetchEvents.map((e) => e.type)")).toStringList();
    }
    QString str(const QString &js) { return m_page.eval(js).toString(); }
    bool waitFinished()
    {
        const bool ok = m_page.waitFor(backendtest::FetchFinished);
        if (!ok)
            qWarning() << "fetch events:" << fetchTypes() << "requests:" << m_requests
                       << m_page.consoleErrors();
        return ok;
    }
    // A stream that stays open until the test closes it; its close reason is recorded.
    ServerSentEventGenerator *hold(const QHttpServerRequest &req, QHttpServerResponder &&r)
    {
        m_requests.append(req.url().path());
        auto *sse = ServerSentEventGenerator::start(req, std::move(r));
        connect(sse, &ServerSentEventGenerator::closed, this,
                [this](ServerSentEventGenerator::CloseReason reason) { m_closeReasons.append(reason); });
        m_held.append(sse);
        m_heldQueries.append(QUrlQuery(req.url()).queryItemValue(QStringLiteral("b")));
        return sse;
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto &http = m_server.http();
        http.route(QStringLiteral("/thousand"),
                   [](const QHttpServerRequest &req, datastar::RouteResponder r) {
                       auto *sse = ServerSentEventGenerator::start(req, std::move(r));
                       for (int i = 0; i < 1000; ++i)
                           sse->patchElements(QStringLiteral("<li>%1</li>").arg(i),
                                              appendTo(QStringLiteral("#list")));
                       sse->close();
                   });
        http.route(QStringLiteral("/hold"),
                   [this](const QHttpServerRequest &req, datastar::RouteResponder r) {
                       hold(req, std::move(r))->patchElements(QStringLiteral("<p id=\"state\">open</p>"));
                   });
        http.route(QStringLiteral("/error/html"), [this](const QHttpServerRequest &req) {
            m_requests.append(req.url().path());
            QHttpServerResponse response("text/html", QByteArrayLiteral("<p id=\"state\">server said no</p>"),
                                         QHttpServerResponder::StatusCode::InternalServerError);
            return response;
        });
        http.route(QStringLiteral("/error/sse"), [this](const QHttpServerRequest &req) {
            m_requests.append(req.url().path());
            return QHttpServerResponse(
                "text/event-stream",
                QByteArrayLiteral(
                    "event: datastar-patch-elements\ndata: elements <p id=\"state\">not found</p>\n\n"),
                QHttpServerResponder::StatusCode::NotFound);
        });
        http.route(QStringLiteral("/normal"),
                   [this](const QHttpServerRequest &req, datastar::RouteResponder r) {
                       m_requests.append(req.url().path());
                       auto *sse = ServerSentEventGenerator::start(req, std::move(r));
                       sse->patchElements(QStringLiteral("<li>only</li>"),
                                          appendTo(QStringLiteral("#list"), QStringLiteral("1")));
                       sse->close();
                   });
        // The first request sends events 1 and 2 and stays open until the test drops it; a reconnect gets
        // what follows its Last-Event-ID.
        http.route(QStringLiteral("/resume"),
                   [this](const QHttpServerRequest &req, datastar::RouteResponder r) {
                       m_requests.append(req.url().path());
                       const QByteArray lastId = backendtest::header(req, "Last-Event-ID");
                       m_lastEventIds.append(QString::fromUtf8(lastId));
                       auto *socket = datastar::detail::connectionSocket(req, r);
                       auto *sse = ServerSentEventGenerator::start(req, std::move(r));
                       const int from = lastId.isEmpty() ? 1 : lastId.toInt() + 1;
                       for (int i = from; i <= 3; ++i) {
                           sse->patchElements(QStringLiteral("<li>%1</li>").arg(i),
                                              appendTo(QStringLiteral("#list"), QString::number(i)));
                           if (lastId.isEmpty() && i == 2) {
                               m_toDrop = socket;
                               return;
                           }
                       }
                       sse->close();
                   });
        // Closes every connection without an answer: the fetch fails before connecting.
        http.route(QStringLiteral("/refuse"),
                   [this](const QHttpServerRequest &req, datastar::RouteResponder r) {
                       m_requests.append(req.url().path());
                       if (auto *socket = datastar::detail::connectionSocket(req, r))
                           socket->disconnectFromHost();
                   });
        // The first request gets an event carrying `retry: 25` and is dropped by the test; the next one ends
        // normally.
        http.route(QStringLiteral("/retry-field"),
                   [this](const QHttpServerRequest &req, datastar::RouteResponder r) {
                       m_requests.append(req.url().path());
                       auto *socket = datastar::detail::connectionSocket(req, r);
                       auto *sse = ServerSentEventGenerator::start(req, std::move(r));
                       sse->patchElements(
                           QStringLiteral("<li>x</li>"),
                           appendTo(QStringLiteral("#list"), {}, std::chrono::milliseconds(25)));
                       if (m_requests.size() == 1)
                           m_toDrop = socket;
                       else
                           sse->close();
                   });
        QVERIFY(m_server.listen());
    }

    void cleanup()
    {
        for (const auto &sse : std::as_const(m_held)) {
            if (sse)
                sse->close();
        }
        m_held.clear();
        m_heldQueries.clear();
    }

    void thousandEventsAppliedInOrder()
    {
        QVERIFY(
            load(R"~(<ul id="list"></ul><button id="go" data-on:click="@get('/thousand')">go</button>)~"));
        QVERIFY(m_page.click(QStringLiteral("#go")));
        QVERIFY(waitFinished());
        QCOMPARE(m_page.eval(QStringLiteral("document.querySelectorAll('#list li').length")).toInt(), 1000);
        QVERIFY(m_page
                    .eval(QStringLiteral("Array.from(document.querySelectorAll('#list li')).every((li, i) => "
                                         "li.textContent === String(i))"))
                    .toBool());
        QCOMPARE(m_page
                     .eval(QStringLiteral(
                         "window.__fetchEvents.filter((e) => e.type === 'datastar-patch-elements').length"))
                     .toInt(),
                 1000);
    }

    void indicatorAndFetchEventsFollowTheRequest()
    {
        QVERIFY(load(R"~(<p id="state">idle</p><p id="ind" data-text="$loading ? 'loading' : 'quiet'"></p>
                         <button id="go" data-indicator:loading data-on:click="@get('/hold')">go</button>)~"));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('ind').textContent === 'quiet'")));
        QVERIFY(m_page.click(QStringLiteral("#go")));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('state').textContent === 'open'")));
        QCOMPARE(str(QStringLiteral("document.getElementById('ind').textContent")),
                 QStringLiteral("loading"));
        QVERIFY(!m_held.isEmpty() && m_held.last());
        m_held.last()->close();
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('ind').textContent === 'quiet'")));
        QCOMPARE(fetchTypes(),
                 (QStringList { QStringLiteral("started"), QStringLiteral("datastar-patch-elements"),
                                QStringLiteral("finished") }));
        // detail.el is the element whose expression called the action.
        QCOMPARE(m_page.eval(QStringLiteral("window.__fetchEvents.every((e) => e.el === 'go')")).toBool(),
                 true);
    }

    void errorStatusDispatchesErrorAppliesBodyAndDoesNotRetry_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("text");
        QTest::newRow("500 text/html")
            << QStringLiteral("/error/html") << 500 << QStringLiteral("server said no");
        QTest::newRow("404 event stream")
            << QStringLiteral("/error/sse") << 404 << QStringLiteral("not found");
    }

    void errorStatusDispatchesErrorAppliesBodyAndDoesNotRetry()
    {
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QString, text);
        QVERIFY(load(
            QStringLiteral(
                R"~(<p id="state">idle</p><button id="go" data-on:click="@get('%1', {retryInterval: 1})">go</button>)~")
                .arg(path)
                .toUtf8()));
        QVERIFY(m_page.click(QStringLiteral("#go")));
        QVERIFY(waitFinished());
        QCOMPARE(str(QStringLiteral("document.getElementById('state').textContent")), text);
        const QStringList types = fetchTypes();
        QVERIFY2(types.contains(QLatin1StringView("error")), qPrintable(types.join(QLatin1Char(','))));
        QVERIFY(!types.contains(QLatin1StringView("retrying")));
        QCOMPARE(
            m_page.eval(QStringLiteral("window.__fetchEvents.find((e) => e.type === 'error').args.status"))
                .toInt(),
            status);
        QCOMPARE(m_requests.size(), 1);
    }

    void normallyEndedStreamIsNotReopened()
    {
        QVERIFY(load(
            R"~(<ul id="list"></ul><button id="go" data-on:click="@get('/normal', {retryInterval: 1})">go</button>)~"));
        QVERIFY(m_page.click(QStringLiteral("#go")));
        QVERIFY(waitFinished());
        QCOMPARE(fetchTypes(),
                 (QStringList { QStringLiteral("started"), QStringLiteral("datastar-patch-elements"),
                                QStringLiteral("finished") }));
        QCOMPARE(m_requests.size(), 1);
    }

    void droppedStreamReconnectsWithLastEventId()
    {
        QVERIFY(load(
            R"~(<ul id="list"></ul><button id="go" data-on:click="@get('/resume', {retryInterval: 20})">go</button>)~"));
        QVERIFY(m_page.click(QStringLiteral("#go")));
        QVERIFY(m_page.waitFor(QStringLiteral("document.querySelectorAll('#list li').length === 2")));
        // The connection drops without the stream's terminating chunk.
        QVERIFY(m_toDrop);
        m_toDrop->disconnectFromHost();
        QVERIFY(waitFinished());
        QCOMPARE(m_lastEventIds, (QStringList { QString(), QStringLiteral("2") }));
        QCOMPARE(str(QStringLiteral(
                     "Array.from(document.querySelectorAll('#list li'), (li) => li.textContent).join()")),
                 QStringLiteral("1,2,3"));
        QCOMPARE(
            m_page.eval(QStringLiteral("window.__fetchEvents.filter((e) => e.type === 'retrying').length"))
                .toInt(),
            1);
        QVERIFY(!fetchTypes().contains(QLatin1StringView("retries-failed")));
    }

    void retriesBackOffUpToTheMaximumThenGiveUp_data()
    {
        QTest::addColumn<QString>("maxWaitOption");
        QTest::newRow("retryMaxWaitMs") << QStringLiteral("retryMaxWaitMs");
        QTest::newRow("retryMaxWait") << QStringLiteral("retryMaxWait");
    }

    void retriesBackOffUpToTheMaximumThenGiveUp()
    {
        QFETCH(QString, maxWaitOption);
        QVERIFY(load(QStringLiteral(R"~(<ul id="list"></ul><button id="go"
            data-on:click="@get('/refuse', {retryInterval: 10, retryScaler: 3, %1: 50, retryMaxCount: 3})">go</button>)~")
                         .arg(maxWaitOption)
                         .toUtf8()));
        QVERIFY(m_page.click(QStringLiteral("#go")));
        QVERIFY(waitFinished());
        QCOMPARE(m_page
                     .eval(QStringLiteral(
                         "window.__fetchEvents.filter((e) => e.type === 'retrying').map((e) => e.args.wait)"))
                     .toList(),
                 (QVariantList { 10, 30, 50 }));
        // Three retries, then it gives up. (Requests are not counted on the server: Chromium itself resends a
        // request whose reused connection closed without an answer.)
        QStringList types = fetchTypes();
        types.removeAll(QStringLiteral("retrying"));
        QCOMPARE(types,
                 (QStringList { QStringLiteral("started"), QStringLiteral("retries-failed"),
                                QStringLiteral("finished") }));
    }

    void serverRetryFieldSetsTheInterval()
    {
        QVERIFY(load(R"~(<ul id="list"></ul><button id="go"
            data-on:click="@get('/retry-field', {retryInterval: 5000, retryScaler: 1, retryMaxCount: 1})">go</button>)~"));
        QVERIFY(m_page.click(QStringLiteral("#go")));
        QVERIFY(m_page.waitFor(QStringLiteral("document.querySelectorAll('#list li').length === 1")));
        QVERIFY(m_toDrop);
        m_toDrop->disconnectFromHost();
        QVERIFY(waitFinished());
        QCOMPARE(m_page
                     .eval(QStringLiteral(
                         "window.__fetchEvents.filter((e) => e.type === 'retrying').map((e) => e.args.wait)"))
                     .toList(),
                 (QVariantList { 25 }));
        QCOMPARE(m_requests.size(), 2);
    }

    void requestCancellationAbortsThePreviousRequest()
    {
        QVERIFY(load(R"~(<p id="state">idle</p>
            <button id="auto" data-on:click="@get('/hold')">auto</button>
            <button id="disabled" data-on:click="@get('/hold', {requestCancellation: 'disabled'})">disabled</button>
            <button id="controller" data-on:click="@get('/hold', {requestCancellation: window.ctl})">controller</button>
            <script>window.ctl = new AbortController();</script>)~"));
        // (Counts come from the page: Chromium may itself resend a request whose reused connection the server
        // closed, so the server can see a request twice.)
        const QString finishedCount
            = QStringLiteral("window.__fetchEvents.filter((e) => e.type === 'finished').length");
        // 'auto': the second click from the same element aborts the first request.
        QVERIFY(m_page.click(QStringLiteral("#auto")));
        QTRY_VERIFY(m_held.size() >= 1);
        QVERIFY(m_page.click(QStringLiteral("#auto")));
        QVERIFY(m_page.waitFor(finishedCount + QStringLiteral(" === 1")));
        QTRY_VERIFY(m_closeReasons.contains(ServerSentEventGenerator::CloseReason::ClientDisconnected));
        QTRY_VERIFY(m_held.size() >= 2 && m_held.last() && m_held.last()->isOpen());
        // 'disabled': the second click leaves the first request running.
        qsizetype before = m_held.size();
        QVERIFY(m_page.click(QStringLiteral("#disabled")));
        QTRY_VERIFY(m_held.size() >= before + 1);
        before = m_held.size();
        QVERIFY(m_page.click(QStringLiteral("#disabled")));
        QTRY_VERIFY(m_held.size() >= before + 1);
        // Had the second click aborted the first, its `finished` would precede the second request.
        QCOMPARE(m_page.eval(finishedCount).toInt(), 1);
        // An AbortController given as the option cancels when the page aborts it.
        QVERIFY(m_page.click(QStringLiteral("#controller")));
        QTRY_VERIFY(
            m_page.eval(QStringLiteral("window.__fetchEvents.filter((e) => e.type === 'started').length"))
                .toInt()
            == 5);
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('state').textContent === 'open'")));
        m_page.eval(QStringLiteral("window.ctl.abort()"));
        QVERIFY(m_page.waitFor(finishedCount + QStringLiteral(" === 2")));
    }

    void removingTheInitiatingElementCancelsItsStream()
    {
        QVERIFY(load(
            R"~(<div id="area"><button id="go" data-on:click="@get('/hold')">go</button></div><p id="state">idle</p>)~"));
        QVERIFY(m_page.click(QStringLiteral("#go")));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('state').textContent === 'open'")));
        QTRY_VERIFY(!m_held.isEmpty() && m_held.last() && m_held.last()->isOpen());
        QPointer<ServerSentEventGenerator> stream = m_held.last();
        // A patch on the stream replaces the area holding the button: the request is cancelled (RC.6).
        stream->patchElements(QStringLiteral("<div id=\"area\"><p>no button</p></div>"));
        QTRY_VERIFY(!stream || !stream->isOpen());
        QVERIFY(m_closeReasons.contains(ServerSentEventGenerator::CloseReason::ClientDisconnected));
        QVERIFY(waitFinished());
        QVERIFY(!fetchTypes().contains(QLatin1StringView("retrying")));
    }

    void hiddenPageClosesTheRequestUnlessOpenWhenHidden()
    {
        QVERIFY(load(R"~(<p id="state">idle</p>
            <button id="default" data-on:click="@get('/hold?b=default')">default</button>
            <button id="open" data-on:click="@get('/hold?b=open', {openWhenHidden: true})">open</button>
            <script>
              window.fakeHidden = false;
              Object.defineProperty(document, 'hidden', {configurable: true, get: () => window.fakeHidden});
              window.setHidden = (h) => { window.fakeHidden = h; document.dispatchEvent(new Event('visibilitychange')); };
            </script>)~"));
        // Streams are told apart by their `b` parameter (the server may see a request twice: see above).
        const auto openStreams = [this](const QString &query) {
            int n = 0;
            for (qsizetype i = 0; i < m_held.size(); ++i)
                n += m_held.at(i) && m_held.at(i)->isOpen() && m_heldQueries.at(i) == query;
            return n;
        };
        QVERIFY(m_page.click(QStringLiteral("#default")));
        QVERIFY(m_page.click(QStringLiteral("#open")));
        QTRY_COMPARE(openStreams(QStringLiteral("default")), 1);
        QTRY_COMPARE(openStreams(QStringLiteral("open")), 1);
        m_page.eval(QStringLiteral("setHidden(true)"));
        QTRY_COMPARE(openStreams(QStringLiteral("default")), 0); // closed while hidden
        QCOMPARE(openStreams(QStringLiteral("open")), 1); // openWhenHidden: stays
        m_page.eval(QStringLiteral("setHidden(false)"));
        QTRY_COMPARE(openStreams(QStringLiteral("default")), 1); // sent again once visible
        QCOMPARE(openStreams(QStringLiteral("open")), 1);
        QVERIFY(!fetchTypes().contains(QLatin1StringView("retrying")));
        QVERIFY(!fetchTypes().contains(QLatin1StringView("finished")));
    }

private:
    // Declared before the server and the page, so that they outlive them: closing connections at exit still
    // reaches the routes' and streams' handlers.
    QStringList m_requests;
    QStringList m_lastEventIds;
    QList<ServerSentEventGenerator::CloseReason> m_closeReasons;
    QList<QPointer<ServerSentEventGenerator>> m_held;
    QStringList m_heldQueries;
    QPointer<QTcpSocket> m_toDrop;
    TestServer m_server;
    PageDriver m_page;
};

QTEST_MAIN(StreamingTest)
#include "tst_streaming.moc"
