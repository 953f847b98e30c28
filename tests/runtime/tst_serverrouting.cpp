// The route table, answers, static files and templates, over real sockets.
#include "httpclient.h"

#include <datastar/responses.h>
#include <starling/httperror.h>
#include <starling/response.h>
#include <starling/server.h>
#include <starling/stream.h>
#include <starling/template.h>

#include <QJsonArray>
#include <QTest>

using namespace runtimetest;

class RoutingTest : public QObject
{
    Q_OBJECT

private:
    starling::Server m_server;

    std::unique_ptr<RawHttpClient> call(const QByteArray &method, const QByteArray &target,
                                        const QByteArray &body = {}, Headers extra = {})
    {
        return exchange(
            m_server.port(),
            requestBytes(method, target, ownHeaders(m_server.port(), m_server.secret()) + extra, body));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.get("/todos/:id", [](const starling::Request &request) {
            return starling::text(QStringLiteral("get ") + request.param(QStringLiteral("id")));
        });
        m_server.put("/todos/:id", [](const starling::Request &request) {
            return starling::text(QStringLiteral("put ") + request.param(QStringLiteral("id")));
        });
        m_server.patch("/todos/:id", [](const starling::Request &request) {
            return starling::text(QStringLiteral("patch ") + request.param(QStringLiteral("id")));
        });
        m_server.del("/todos/:id", [](const starling::Request &request) {
            return starling::text(QStringLiteral("delete ") + request.param(QStringLiteral("id")));
        });
        m_server.post("/todos", [](const starling::Request &request) {
            return starling::text(QStringLiteral("post ") + QString::fromUtf8(request.body()));
        });
        m_server.get("/lists/:list/items/:item", [](const starling::Request &request) {
            return starling::json(QJsonObject { { "list", request.param(QStringLiteral("list")) },
                                                { "item", request.param(QStringLiteral("item")) },
                                                { "q", request.query(QStringLiteral("q")) } });
        });
        m_server.get("/array", [](const starling::Request &) { return starling::json(QJsonArray { 1, 2 }); });
        m_server.get("/page", [](const starling::Request &) {
            return starling::page(QStringLiteral(":/pages/index.html"));
        });
        m_server.get("/missing-page", [](const starling::Request &) {
            return starling::page(QStringLiteral(":/pages/nothing.html"));
        });
        m_server.get("/greeting", [](const starling::Request &request) {
            return starling::render(QStringLiteral(":/pages/greeting.mustache"),
                                    { { "name", request.query(QStringLiteral("name")) },
                                      { "items", QJsonArray { "<b>", "&" } },
                                      { "trusted", "<em>ok</em>" } });
        });
        m_server.get("/teapot", [](const starling::Request &) -> QHttpServerResponse {
            throw starling::HttpError(418, QStringLiteral("no coffee here"));
        });
        m_server.get("/stream", [](const starling::Request &, starling::Stream &stream) {
            stream.patchElements(QStringLiteral("<div id=\"a\">1</div>"));
            stream.patchSignals(QJsonObject { { "n", 2 } });
        });
        m_server.post("/stream-refuses", [](const starling::Request &request, starling::Stream &stream) {
            const QJsonObject signalsObject = request.signalValues(); // throws 400 before the stream starts
            stream.patchSignals(signalsObject);
        });
        m_server.get("/stream-breaks", [](const starling::Request &, starling::Stream &stream) {
            stream.patchSignals(QJsonObject { { "before", true } });
            throw std::runtime_error("broken after the first event");
        });
        m_server.get("/datastar-response", [](const starling::Request &) {
            return datastar::signalsResponse(QJsonObject { { "x", 1 } }, { .onlyIfMissing = true });
        });
        m_server.get("/header", [](const starling::Request &request) {
            const QByteArray absent = request.header("absent").isNull() ? "null" : "set";
            return starling::text(QString::fromUtf8(request.header("x-custom") + '|'
                                                    + request.header("X-CUSTOM") + '|' + absent));
        });
        m_server.serveResources(QStringLiteral("/assets"), QStringLiteral(":/assets"));
        QVERIFY(m_server.listen());
    }

    void pathParametersReachTheHandler_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("GET") << QByteArray("GET") << QByteArray("get 42");
        QTest::newRow("PUT") << QByteArray("PUT") << QByteArray("put 42");
        QTest::newRow("PATCH") << QByteArray("PATCH") << QByteArray("patch 42");
        QTest::newRow("DELETE") << QByteArray("DELETE") << QByteArray("delete 42");
    }
    void pathParametersReachTheHandler()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, expected);
        const auto reply = call(method, "/todos/42");
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->body(), expected);
    }

    void pathParametersAreDecoded()
    {
        const auto reply = call("GET", "/lists/my%20list/items/%C3%A9t%C3%A9?q=a%26b");
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(reply->body(), QByteArray(R"({"item":"été","list":"my list","q":"a&b"})"));
    }

    void postReachesItsHandler()
    {
        const auto reply = call("POST", "/todos", "milk");
        QCOMPARE(reply->body(), QByteArray("post milk"));
    }

    void unknownPathIsNotFound()
    {
        QCOMPARE(call("GET", "/nothing")->statusCode(), 404);
        QCOMPARE(call("GET", "/todos/42/more")->statusCode(), 404);
        QCOMPARE(call("GET", "/todos/")->statusCode(), 404);
    }

    void otherMethodIsNotAllowed()
    {
        const auto reply = call("POST", "/todos/42", "x");
        QCOMPARE(reply->statusCode(), 405);
        QCOMPARE(reply->header("Allow"), QByteArray("GET, PUT, PATCH, DELETE"));
    }

    void jsonArrayIsCompact() { QCOMPARE(call("GET", "/array")->body(), QByteArray("[1,2]")); }

    void pageComesFromResourcesWithTheClient()
    {
        const auto reply = call("GET", "/page");
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->header("Content-Type"), QByteArray("text/html; charset=utf-8"));
        QVERIFY(reply->body().contains(
            "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>\n</head>"));
        QVERIFY(reply->body().contains("<p id=\"hello\">Hello</p>"));
        QVERIFY(!reply->header("Content-Security-Policy").isEmpty());
    }

    void missingPageIsNotFound() { QCOMPARE(call("GET", "/missing-page")->statusCode(), 404); }

    void templatesEscapeHtml()
    {
        const auto reply = call("GET", "/greeting?name=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->header("Content-Type"), QByteArray("text/html; charset=utf-8"));
        QCOMPARE(reply->body(),
                 QByteArray("<p id=\"greeting\">Hello, &lt;script&gt;alert(1)&lt;/script&gt;!</p>"
                            "<li>&lt;b&gt;</li><li>&amp;</li><div><em>ok</em></div>\n"));
    }

    void invalidTemplateSaysWhy()
    {
        const starling::Template broken(QStringLiteral("{{#open}}never closed"));
        QVERIFY(!broken.isValid());
        QVERIFY(!broken.errorString().isEmpty());
        QVERIFY(!starling::Template::fromResource(QStringLiteral(":/nothing")).isValid());
    }

    void httpErrorSetsStatus()
    {
        const auto reply = call("GET", "/teapot");
        QCOMPARE(reply->statusCode(), 418);
        QCOMPARE(reply->body(), QByteArray("no coffee here\n"));
    }

    void staticFilesHaveTheirMimeTypes_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("type");
        QTest::newRow("css") << QByteArray("/assets/style.css") << QByteArray("text/css; charset=utf-8");
        QTest::newRow("svg") << QByteArray("/assets/logo.svg") << QByteArray("image/svg+xml");
        QTest::newRow("js") << QByteArray("/assets/app.js") << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("json") << QByteArray("/assets/data.json") << QByteArray("application/json");
        QTest::newRow("client") << QByteArray("/_starling/datastar/sse.js")
                                << QByteArray("text/javascript; charset=utf-8");
    }
    void staticFilesHaveTheirMimeTypes()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, type);
        const auto reply = call("GET", target);
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->header("Content-Type"), type);
        QVERIFY(!reply->body().isEmpty());
    }

    void clientEntryIsServed()
    {
        // The client's entry point; colleagues are finishing it, so it may not be in the resources yet.
        if (!QFile::exists(QStringLiteral(":/datastar/datastar.js")))
            QSKIP("the client's datastar.js is not in the resources yet");
        QCOMPARE(call("GET", "/_starling/datastar/datastar.js")->statusCode(), 200);
    }

    void unchangedFileIsNotModified()
    {
        const auto first = call("GET", "/assets/style.css");
        const QByteArray etag = first->header("ETag");
        QVERIFY(etag.startsWith('"') && etag.endsWith('"') && etag.size() > 2);
        const auto again = call("GET", "/assets/style.css", {}, { { "If-None-Match", etag } });
        QCOMPARE(again->statusCode(), 304);
        QVERIFY(again->body().isEmpty());
        QCOMPARE(again->header("ETag"), etag);
        const auto other
            = call("GET", "/assets/style.css", {}, { { "If-None-Match", "\"something-else\"" } });
        QCOMPARE(other->statusCode(), 200);
        QCOMPARE(other->body(), QByteArray("body { color: black; }\n"));
        QVERIFY(call("GET", "/assets/logo.svg")->header("ETag") != etag);
    }

    void staticFilesAreGetOnly()
    {
        QCOMPARE(call("POST", "/assets/style.css", "x")->statusCode(), 405);
        QCOMPARE(call("GET", "/assets/nothing.css")->statusCode(), 404);
        QCOMPARE(call("GET", "/assets/")->statusCode(), 404);
    }

    void streamHandlerAnswersWithEvents()
    {
        const auto reply = call("GET", "/stream");
        QCOMPARE(reply->statusCode(), 200);
        QVERIFY(reply->isComplete()); // the handler returned: the stream ended normally
        QCOMPARE(reply->header("Content-Type"), QByteArray("text/event-stream"));
        QCOMPARE(reply->body(),
                 QByteArray("event: datastar-patch-elements\ndata: elements <div id=\"a\">1</div>\n\n"
                            "event: datastar-patch-signals\ndata: signals {\"n\":2}\n\n"));
    }

    void streamHandlerErrorAfterStartEndsTheStream()
    {
        const auto reply = call("GET", "/stream-breaks");
        QCOMPARE(reply->statusCode(), 200);
        QVERIFY(reply->isComplete());
        QCOMPARE(reply->body(),
                 QByteArray("event: datastar-patch-signals\ndata: signals {\"before\":true}\n\n"));
        QCOMPARE(call("GET", "/todos/1")->statusCode(), 200); // the server goes on
    }

    void anyQtResponseCanBeReturned()
    {
        const auto reply = call("GET", "/datastar-response");
        QCOMPARE(reply->header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(reply->header("datastar-only-if-missing"), QByteArray("true"));
        QCOMPARE(reply->body(), QByteArray(R"({"x":1})"));
    }

    void headersAreReadInAnyCase()
    {
        QCOMPARE(call("GET", "/header", {}, { { "X-Custom", "v" } })->body(), QByteArray("v|v|null"));
    }

    void streamHandlerErrorBeforeStartIsItsStatus()
    {
        const auto reply = call("POST", "/stream-refuses", "{broken");
        QCOMPARE(reply->statusCode(), 400);
        const auto good = call("POST", "/stream-refuses", R"({"x":1})");
        QCOMPARE(good->statusCode(), 200);
        QVERIFY(good->body().contains(R"(signals {"x":1})"));
    }
};

QTEST_GUILESS_MAIN(RoutingTest)
#include "tst_serverrouting.moc"
