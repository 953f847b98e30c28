// Backend actions (@get/@post/@put/@patch/@delete) in the whole client against SDK-backed routes: what
// requests carry, every option, responses by content type, `datastar-fetch` events and data-indicator.
#include "backendtest.h"
#include "pagedriver.h"
#include "testserver.h"
#include "webenginetest.h"

#include <datastar/datastar.h>

#include <QApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QtTest>

using starling::test::PageDriver;
using starling::test::TestServer;

namespace {

struct Recorded
{
    QString method;
    QString path;
    QUrlQuery query;
    QByteArray contentType;
    QByteArray datastarRequest;
    QByteArray accept;
    QByteArray extra;
    QByteArray body;
};

// Buttons calling each action; signals include a local one (_local) that requests never carry.
const QByteArray ActionsPage = R"~(
<div data-signals="{a: 1, nested: {b: 'x', _hidden: 3}, _local: 2}"></div>
<button id="get" data-on:click="@get('/echo')">get</button>
<button id="post" data-on:click="@post('/echo')">post</button>
<button id="put" data-on:click="@put('/echo')">put</button>
<button id="patch" data-on:click="@patch('/echo')">patch</button>
<button id="delete" data-on:click="@delete('/echo')">delete</button>
<button id="include" data-on:click="@post('/echo', {filterSignals: {include: /^nested/}})">include</button>
<button id="exclude" data-on:click="@post('/echo', {filterSignals: {exclude: '^a$'}})">exclude</button>
<button id="headers" data-on:click="@post('/echo', {headers: {'X-Extra': 'yes'}})">headers</button>
<button id="query" data-on:click="@get('/echo?datastar=old&keep=1')">query</button>
<form id="f"><input name="q" value="hello wörld"><input name="n" value="2">
  <button id="form-post" type="button" name="btn" value="go" data-on:click="@post('/echo', {contentType: 'form'})">fp</button>
  <button id="form-get" type="button" data-on:click="@get('/echo', {contentType: 'form'})">fg</button>
</form>
<form id="other"><input name="other" value="o"></form>
<button id="form-selector" data-on:click="@put('/echo', {contentType: 'form', selector: '#other'})">fs</button>
<form id="multi" enctype="multipart/form-data"><input name="m" value="v">
  <button id="form-multi" type="button" data-on:click="@post('/echo', {contentType: 'form'})">fm</button></form>
<form id="invalid"><input name="r" required>
  <button id="form-invalid" type="button" data-on:click="@post('/echo', {contentType: 'form'})">fi</button></form>
)~";

} // namespace

class BackendActionsTest : public starling::test::WebEngineTest
{
    Q_OBJECT

private:
    bool load(const QByteArray &body)
    {
        m_recorded.clear();
        return backendtest::loadPage(m_server, m_page, QStringLiteral("/page.html"),
                                     backendtest::clientPage(body));
    }
    bool clickAndWaitFinished(const QString &selector)
    {
        m_page.eval(QStringLiteral("window.__fetchEvents = []"));
        const bool ok = m_page.click(selector) && m_page.waitFor(backendtest::FetchFinished);
        if (!ok)
            qWarning() << "console errors:" << m_page.consoleErrors();
        return ok;
    }
    QString str(const QString &js) { return m_page.eval(js).toString(); }
    QStringList fetchTypes()
    {
        return m_page.eval(QStringLiteral("window.__fetchEvents.map((e) => e.type)")).toStringList();
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto &http = m_server.http();
        http.route(QStringLiteral("/echo"), [this](const QHttpServerRequest &req) {
            Recorded r;
            switch (req.method()) {
            case QHttpServerRequest::Method::Get:
                r.method = QStringLiteral("GET");
                break;
            case QHttpServerRequest::Method::Post:
                r.method = QStringLiteral("POST");
                break;
            case QHttpServerRequest::Method::Put:
                r.method = QStringLiteral("PUT");
                break;
            case QHttpServerRequest::Method::Patch:
                r.method = QStringLiteral("PATCH");
                break;
            case QHttpServerRequest::Method::Delete:
                r.method = QStringLiteral("DELETE");
                break;
            default:
                r.method = QStringLiteral("OTHER");
                break;
            }
            r.path = req.url().path();
            r.query = QUrlQuery(req.url());
            r.contentType = backendtest::header(req, "Content-Type");
            r.datastarRequest = backendtest::header(req, "Datastar-Request");
            r.accept = backendtest::header(req, "Accept");
            r.extra = backendtest::header(req, "X-Extra");
            r.body = req.body();
            m_recorded.append(r);
            return QHttpServerResponse(QHttpServerResponder::StatusCode::NoContent);
        });
        // The guide's examples.
        http.route(QStringLiteral("/hal/html"), [] {
            return datastar::htmlResponse(
                QStringLiteral("<div id=\"hal\">I’m sorry, Dave. I’m afraid I can’t do that.</div>"));
        });
        http.route(
            QStringLiteral("/hal/sse"), [this](const QHttpServerRequest &req, datastar::RouteResponder r) {
                auto *sse = datastar::ServerSentEventGenerator::start(req, std::move(r));
                sse->patchElements(
                    QStringLiteral("<div id=\"hal\">I’m sorry, Dave. I’m afraid I can’t do that.</div>"));
                m_halStream = sse;
            });
        http.route(QStringLiteral("/signals/json"), [] {
            return datastar::signalsResponse(
                QJsonObject { { QStringLiteral("hal"), QStringLiteral("Affirmative, Dave. I read you.") } });
        });
        http.route(QStringLiteral("/signals/json-if-missing"), [] {
            datastar::SignalsResponseOptions options;
            options.onlyIfMissing = true;
            return datastar::signalsResponse(
                QJsonObject { { QStringLiteral("hal"), QStringLiteral("overwritten") },
                              { QStringLiteral("fresh"), QStringLiteral("new") } },
                options);
        });
        http.route(QStringLiteral("/signals/sse"),
                   [](const QHttpServerRequest &req, datastar::RouteResponder r) {
                       auto *sse = datastar::ServerSentEventGenerator::start(req, std::move(r));
                       sse->patchSignalsRaw(QStringLiteral("{hal: 'Affirmative, Dave. I read you.'}"));
                       datastar::PatchSignalsOptions options;
                       options.onlyIfMissing = true;
                       sse->patchSignals(QJsonObject { { QStringLiteral("hal"), QStringLiteral("ignored") },
                                                       { QStringLiteral("other"), 7 } },
                                         options);
                       sse->close();
                   });
        http.route(QStringLiteral("/script/js"), [] {
            datastar::ScriptResponseOptions options;
            options.attributes = { { QStringLiteral("data-origin"), QStringLiteral("response") } };
            return datastar::scriptResponse(QStringLiteral("window.scriptRan = (window.scriptRan || 0) + 1"),
                                            options);
        });
        http.route(
            QStringLiteral("/script/sse"), [](const QHttpServerRequest &req, datastar::RouteResponder r) {
                auto *sse = datastar::ServerSentEventGenerator::start(req, std::move(r));
                sse->executeScript(QStringLiteral("window.sseScriptRan = (window.sseScriptRan || 0) + 1"));
                sse->close();
            });
        http.route(QStringLiteral("/html/transition"), [] {
            datastar::HtmlResponseOptions options;
            options.useViewTransition = true;
            return datastar::htmlResponse(QStringLiteral("<div id=\"hal\">with a view transition</div>"),
                                          options);
        });
        http.route(QStringLiteral("/html/headers"), [] {
            datastar::HtmlResponseOptions options;
            options.selector = QStringLiteral("#list");
            options.mode = datastar::ElementPatchMode::Append;
            return datastar::htmlResponse(QStringLiteral("<li>added</li>"), options);
        });
        QVERIFY(m_server.listen());
    }

    void eachMethodSendsTheDatastarHeaderAndSignals_data()
    {
        QTest::addColumn<QString>("button");
        QTest::addColumn<QString>("method");
        QTest::newRow("get") << QStringLiteral("#get") << QStringLiteral("GET");
        QTest::newRow("post") << QStringLiteral("#post") << QStringLiteral("POST");
        QTest::newRow("put") << QStringLiteral("#put") << QStringLiteral("PUT");
        QTest::newRow("patch") << QStringLiteral("#patch") << QStringLiteral("PATCH");
        QTest::newRow("delete") << QStringLiteral("#delete") << QStringLiteral("DELETE");
    }

    void eachMethodSendsTheDatastarHeaderAndSignals()
    {
        QFETCH(QString, button);
        QFETCH(QString, method);
        QVERIFY(load(ActionsPage));
        QVERIFY(clickAndWaitFinished(button));
        QCOMPARE(m_recorded.size(), 1);
        const Recorded &r = m_recorded.first();
        QCOMPARE(r.method, method);
        QCOMPARE(r.datastarRequest, QByteArray("true"));
        QVERIFY(r.accept.contains("text/event-stream"));
        const QJsonObject expected { { QStringLiteral("a"), 1 },
                                     { QStringLiteral("nested"),
                                       QJsonObject { { QStringLiteral("b"), QStringLiteral("x") } } } };
        QByteArray json;
        if (method == QLatin1StringView("GET")) {
            json = r.query.queryItemValue(QStringLiteral("datastar"), QUrl::FullyDecoded).toUtf8();
            QVERIFY(r.body.isEmpty());
        } else {
            QCOMPARE(r.contentType, QByteArray("application/json"));
            json = r.body;
            QVERIFY(!r.query.hasQueryItem(QStringLiteral("datastar")));
        }
        QCOMPARE(QJsonDocument::fromJson(json).object(), expected);
        // The SDK reads the same signals back.
        QCOMPARE(datastar::readSignals(method == QLatin1StringView("GET") ? QHttpServerRequest::Method::Get
                                                                          : QHttpServerRequest::Method::Post,
                                       QUrl(QStringLiteral("/echo?") + r.query.toString(QUrl::FullyEncoded)),
                                       r.body),
                 expected);
    }

    void existingDatastarQueryParameterIsReplaced()
    {
        QVERIFY(load(ActionsPage));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#query")));
        QCOMPARE(m_recorded.size(), 1);
        QCOMPARE(m_recorded.first().query.allQueryItemValues(QStringLiteral("datastar")).size(), 1);
        QVERIFY(m_recorded.first().query.queryItemValue(QStringLiteral("datastar"))
                != QLatin1StringView("old"));
        QCOMPARE(m_recorded.first().query.queryItemValue(QStringLiteral("keep")), QStringLiteral("1"));
    }

    void filterSignalsIncludeAndExclude()
    {
        QVERIFY(load(ActionsPage));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#include")));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#exclude")));
        QCOMPARE(m_recorded.size(), 2);
        QCOMPARE(QJsonDocument::fromJson(m_recorded.at(0).body).object(),
                 (QJsonObject { { QStringLiteral("nested"),
                                  QJsonObject { { QStringLiteral("b"), QStringLiteral("x") } } } }));
        // An explicit exclude replaces the default one (local signals), as in the official client.
        QCOMPARE(QJsonDocument::fromJson(m_recorded.at(1).body).object(),
                 (QJsonObject { { QStringLiteral("nested"),
                                  QJsonObject { { QStringLiteral("b"), QStringLiteral("x") },
                                                { QStringLiteral("_hidden"), 3 } } },
                                { QStringLiteral("_local"), 2 } }));
    }

    void headersOptionAddsHeaders()
    {
        QVERIFY(load(ActionsPage));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#headers")));
        QCOMPARE(m_recorded.size(), 1);
        QCOMPARE(m_recorded.first().extra, QByteArray("yes"));
        QCOMPARE(m_recorded.first().datastarRequest, QByteArray("true"));
    }

    void formContentTypeSendsTheClosestForm()
    {
        QVERIFY(load(ActionsPage));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#form-post")));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#form-get")));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#form-selector")));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#form-multi")));
        QCOMPARE(m_recorded.size(), 4);
        const Recorded &post = m_recorded.at(0);
        QCOMPARE(post.contentType, QByteArray("application/x-www-form-urlencoded"));
        QUrlQuery fields(QString::fromUtf8(post.body).replace(QLatin1Char('+'), QLatin1Char(' ')));
        QCOMPARE(fields.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded),
                 QStringLiteral("hello wörld"));
        QCOMPARE(fields.queryItemValue(QStringLiteral("n")), QStringLiteral("2"));
        QCOMPARE(fields.queryItemValue(QStringLiteral("btn")), QStringLiteral("go")); // the clicked button
        QVERIFY(!post.body.contains("datastar"));
        const Recorded &get = m_recorded.at(1);
        QCOMPARE(get.method, QStringLiteral("GET"));
        QCOMPARE(get.query.queryItemValue(QStringLiteral("n")), QStringLiteral("2"));
        QVERIFY(!get.query.hasQueryItem(QStringLiteral("datastar")));
        const Recorded &selected = m_recorded.at(2);
        QCOMPARE(selected.method, QStringLiteral("PUT"));
        QCOMPARE(selected.body, QByteArray("other=o"));
        const Recorded &multi = m_recorded.at(3);
        QVERIFY2(multi.contentType.startsWith("multipart/form-data; boundary="),
                 multi.contentType.constData());
        QVERIFY(multi.body.contains("name=\"m\""));
    }

    void invalidFormIsNotSent()
    {
        QVERIFY(load(ActionsPage));
        QVERIFY(m_page.click(QStringLiteral("#form-invalid")));
        // A later valid request proves the invalid one would have arrived first had it been sent.
        QVERIFY(clickAndWaitFinished(QStringLiteral("#post")));
        QCOMPARE(m_recorded.size(), 1);
        QCOMPARE(m_recorded.first().contentType, QByteArray("application/json"));
    }

    void htmlResponsePatchesElements()
    {
        // The guide's first example: HAL answers with text/html, morphed into #hal by id.
        QVERIFY(load(
            R"~(<button id="b" data-on:click="@get('/hal/html')">Open the pod bay doors, HAL.</button><div id="hal"></div>
                         <ul id="list"><li>first</li></ul><button id="h" data-on:click="@get('/html/headers')">h</button>
                         <button id="vt" data-on:click="@get('/html/transition')">vt</button>)~"));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#b")));
        QCOMPARE(str(QStringLiteral("document.getElementById('hal').textContent")),
                 QStringLiteral("I’m sorry, Dave. I’m afraid I can’t do that."));
        // datastar-selector and datastar-mode headers.
        QVERIFY(clickAndWaitFinished(QStringLiteral("#h")));
        QCOMPARE(str(QStringLiteral("document.getElementById('list').innerHTML")),
                 QStringLiteral("<li>first</li><li>added</li>"));
        // datastar-use-view-transition: Chrome 102 has no view transitions, the patch is applied plainly.
        QVERIFY(clickAndWaitFinished(QStringLiteral("#vt")));
        QVERIFY(m_page.waitFor(
            QStringLiteral("document.getElementById('hal').textContent === 'with a view transition'")));
        QCOMPARE(m_page
                     .eval(QStringLiteral("window.__fetchEvents.find((e) => e.type === "
                                          "'datastar-patch-elements').args.useViewTransition"))
                     .toString(),
                 QStringLiteral("true"));
        QCOMPARE(m_page.consoleErrors(), QStringList());
    }

    void sseResponseStreamsThenResets()
    {
        // The guide's SSE example: HAL's answer, then after a while "Waiting for an order..." on the same
        // stream.
        QVERIFY(load(
            R"~(<button id="b" data-on:click="@get('/hal/sse')">Open the pod bay doors, HAL.</button><div id="hal">Waiting for an order...</div>)~"));
        m_page.eval(QStringLiteral("window.__fetchEvents = []"));
        QVERIFY(m_page.click(QStringLiteral("#b")));
        QVERIFY(m_page.waitFor(
            QStringLiteral("document.getElementById('hal').textContent.startsWith('I’m sorry')")));
        // Applied while the stream is still open: not at its end.
        QVERIFY(m_halStream);
        QVERIFY(!m_page.eval(backendtest::FetchFinished).toBool());
        QTimer::singleShot(300, m_halStream, [stream = m_halStream] {
            stream->patchElements(QStringLiteral("<div id=\"hal\">Waiting for an order...</div>"));
            stream->close();
        });
        QVERIFY(m_page.waitFor(backendtest::FetchFinished));
        QCOMPARE(str(QStringLiteral("document.getElementById('hal').textContent")),
                 QStringLiteral("Waiting for an order..."));
        QCOMPARE(fetchTypes(),
                 (QStringList { QStringLiteral("started"), QStringLiteral("datastar-patch-elements"),
                                QStringLiteral("datastar-patch-elements"), QStringLiteral("finished") }));
    }

    void signalsPatchedByJsonAndBySse()
    {
        QVERIFY(load(R"~(<div data-signals="{hal: '...'}"></div><p id="out" data-text="$hal"></p>
                         <button id="json" data-on:click="@get('/signals/json')">j</button>
                         <button id="missing" data-on:click="@get('/signals/json-if-missing')">m</button>
                         <button id="sse" data-on:click="@get('/signals/sse')">s</button>)~"));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('out').textContent === '...'")));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#json")));
        QVERIFY(m_page.waitFor(QStringLiteral(
            "document.getElementById('out').textContent === 'Affirmative, Dave. I read you.'")));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#missing"))); // datastar-only-if-missing: hal stays
        QCOMPARE(str(QStringLiteral("__signals.getPath('hal')")),
                 QStringLiteral("Affirmative, Dave. I read you."));
        QCOMPARE(str(QStringLiteral("__signals.getPath('fresh')")), QStringLiteral("new"));
        m_page.eval(QStringLiteral("__signals.setPath('hal', 'reset')"));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#sse"))); // a JS object literal, then onlyIfMissing
        QCOMPARE(str(QStringLiteral("__signals.getPath('hal')")),
                 QStringLiteral("Affirmative, Dave. I read you."));
        QCOMPARE(m_page.eval(QStringLiteral("__signals.getPath('other')")).toInt(), 7);
        QCOMPARE(m_page.consoleErrors(), QStringList());
    }

    void scriptsExecuteFromJavaScriptAndSse()
    {
        QVERIFY(load(R"~(<button id="js" data-on:click="@get('/script/js')">js</button>
                         <button id="sse" data-on:click="@get('/script/sse')">sse</button>)~"));
        QVERIFY(clickAndWaitFinished(QStringLiteral("#js")));
        QCOMPARE(m_page.eval(QStringLiteral("window.scriptRan")).toInt(), 1);
        // text/javascript: appended to <head> with the header's attributes, and it stays.
        QVERIFY(m_page
                    .eval(QStringLiteral(
                        "document.head.querySelector('script[data-origin=\"response\"]') !== null"))
                    .toBool());
        QVERIFY(clickAndWaitFinished(QStringLiteral("#sse")));
        QCOMPARE(m_page.eval(QStringLiteral("window.sseScriptRan")).toInt(), 1);
        QVERIFY(m_page.waitFor(QStringLiteral(
            "!Array.from(document.scripts).some((s) => s.textContent.includes('sseScriptRan'))")));
        QCOMPARE(m_page.eval(QStringLiteral("window.scriptRan")).toInt(), 1);
    }

private:
    // Declared first so that they outlive the server's routes.
    QList<Recorded> m_recorded;
    QPointer<datastar::ServerSentEventGenerator> m_halStream;
    TestServer m_server;
    PageDriver m_page;
};

QTEST_MAIN(BackendActionsTest)
#include "tst_backendactions.moc"
