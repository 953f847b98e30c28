// starling-conformance: the Datastar SDK test contract on /test, the /bench workload, and the command line.
// The real executable is started on a free port and spoken to over HTTP; exact bytes are compared after
// de-chunking.
#include "benchstream.h"
#include "conformancerequest.h"
#include "testhttp.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

using starling::conformance::BenchParameters;
using starling::conformance::ConformanceRequest;
using testhttp::RawHttpClient;
using testhttp::sse;

namespace {

QByteArray visible(QByteArray bytes)
{
    return bytes.replace("\r", "\\r").replace("\n", "\\n\n");
}

// The query string form of a GET /test request: `datastar=<JSON, percent-encoded>`.
QByteArray testTarget(const QByteArray &json)
{
    return "/test?datastar=" + QUrl::toPercentEncoding(QString::fromUtf8(json));
}

struct Exchange
{
    int status = 0;
    QByteArray contentType;
    bool chunked = false;
    bool complete = false;
    QString framingError;
    QByteArray body;
};

} // namespace

class TestConformance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void getReadsEventsFromQueryParameter();
    void postReadsEventsFromBody();
    void otherMethodsReadTheBody_data();
    void otherMethodsReadTheBody();
    void sendsSeveralEventsInOrder();
    void signalsRawKeepsItsLines();
    void signalsKeepWrittenKeyOrder();
    void formEncodedQueryKeepsWrittenKeyOrder();
    void removeEventsNeedNoElements();
    void emptyEventsArrayEndsStreamAtOnce();

    void malformedRequestsGet400WithMessage_data();
    void malformedRequestsGet400WithMessage();
    void badEventAfterGoodOnesStartsNoStream();
    void signalPathsOverTheLimitsGet400WithMessage_data();
    void signalPathsOverTheLimitsGet400WithMessage();
    void signalPathAtTheDepthLimitIsStreamed();
    void escapedControlCharactersAreStreamed();

    void benchStreamsExactlyNEventsOfSizeBytes();
    void benchRefusesBadParameters_data();
    void benchRefusesBadParameters();
    void benchMinimumSizeFitsLargestRowId();

    void attributesWriteNonStringValuesAsJson();
    void attributesKeepWrittenOrderOnlyWithJsonText();

    void portTakenExitsWithMessage();
    void badPortArgumentExitsWithMessage_data();
    void badPortArgumentExitsWithMessage();

private:
    Exchange exchange(const QByteArray &method, const QByteArray &target, const QByteArray &body = {});
    bool compareBody(const Exchange &actual, const QByteArray &expected);

    QProcess m_server;
    quint16 m_port = 0;
};

void TestConformance::initTestCase()
{
    m_server.setProgram(QStringLiteral(STARLING_CONFORMANCE_EXECUTABLE));
    m_server.setArguments({ QStringLiteral("--port"), QStringLiteral("0") });
    m_server.start();
    QVERIFY2(m_server.waitForStarted(testhttp::WaitTimeoutMs), qPrintable(m_server.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(m_server.canReadLine() || m_server.state() != QProcess::Running,
                             testhttp::WaitTimeoutMs);
    const QByteArray line = m_server.readLine();
    const QRegularExpressionMatch match
        = QRegularExpression(QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)\n$"))
              .match(QString::fromUtf8(line));
    QVERIFY2(match.hasMatch(), line.constData());
    m_port = match.captured(1).toUShort();
    QVERIFY(m_port != 0);
}

void TestConformance::cleanupTestCase()
{
    m_server.kill();
    m_server.waitForFinished();
}

Exchange TestConformance::exchange(const QByteArray &method, const QByteArray &target, const QByteArray &body)
{
    Exchange result;
    RawHttpClient client(m_port);
    if (!client.sendRequest(method, target, {}, body))
        return result;
    client.waitForComplete();
    result.status = client.statusCode();
    result.contentType = client.header("content-type");
    result.chunked = client.isChunked();
    result.complete = client.isComplete();
    result.framingError = client.framingError();
    result.body = client.body();
    return result;
}

// A whole 200 event stream, ended normally, whose de-chunked body is exactly `expected`.
bool TestConformance::compareBody(const Exchange &actual, const QByteArray &expected)
{
    bool ok = true;
    auto check = [&](bool condition, const char *what) {
        if (!condition) {
            qWarning("%s", what);
            ok = false;
        }
    };
    check(actual.status == 200, "status is not 200");
    check(actual.contentType == "text/event-stream", "content type is not text/event-stream");
    check(actual.chunked, "body is not chunked");
    check(actual.complete, "stream did not end with the terminating chunk");
    check(actual.framingError.isEmpty(), "chunk framing error");
    if (actual.body != expected) {
        qWarning().noquote().nospace() << "\n  actual:\n"
                                       << visible(actual.body) << "\n  expected:\n"
                                       << visible(expected);
        ok = false;
    }
    return ok;
}

void TestConformance::getReadsEventsFromQueryParameter()
{
    const QByteArray json
        = R"~({"events":[{"type":"patchElements","elements":"<div id=\"feed\">é & more</div>",
        "selector":"#main","mode":"inner","namespace":"svg","useViewTransition":true,"eventId":"evt-1",
        "retryDuration":2500}]})~";
    const Exchange actual = exchange("GET", testTarget(json));
    QVERIFY(compareBody(
        actual,
        sse({ "event: datastar-patch-elements", "id: evt-1", "retry: 2500", "data: selector #main",
              "data: mode inner", "data: namespace svg", "data: useViewTransition true",
              "data: elements <div id=\"feed\">\xc3\xa9 & more</div>" })));
}

void TestConformance::postReadsEventsFromBody()
{
    const QByteArray json = R"~({"events":[{"type":"patchElements","elements":"<p id=\"a\">A</p>"}]})~";
    const Exchange actual = exchange("POST", "/test", json);
    QVERIFY(
        compareBody(actual, sse({ "event: datastar-patch-elements", "data: elements <p id=\"a\">A</p>" })));
}

void TestConformance::otherMethodsReadTheBody_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::newRow("PUT") << QByteArray("PUT");
    QTest::newRow("PATCH") << QByteArray("PATCH");
    QTest::newRow("DELETE") << QByteArray("DELETE");
}

void TestConformance::otherMethodsReadTheBody()
{
    QFETCH(QByteArray, method);
    const QByteArray json = R"~({"events":[{"type":"patchSignals","signals":{"method":"body"}}]})~";
    const Exchange actual = exchange(method, "/test", json);
    QVERIFY(compareBody(actual,
                        sse({ "event: datastar-patch-signals", R"~(data: signals {"method":"body"})~" })));
}

void TestConformance::sendsSeveralEventsInOrder()
{
    const QByteArray json = R"~({"events":[
        {"type":"patchSignals","signals":{"count":1},"onlyIfMissing":true,"eventId":42,"retryDuration":0},
        {"type":"executeScript","script":"console.log('one')\nconsole.log('two')",
         "attributes":{"type":"module","nonce":"n-1","defer":true,"data-count":3},"autoRemove":false},
        {"type":"executeScript","script":"go()","eventId":7.5},
        {"type":"patchElements","elements":"<ul id=\"list\">\n  <li>1</li>\n</ul>","mode":"outer"}
    ]})~";
    const Exchange actual = exchange("POST", "/test", json);
    QByteArray expected;
    expected += sse({ "event: datastar-patch-signals", "id: 42", "retry: 0", "data: onlyIfMissing true",
                      R"~(data: signals {"count":1})~" });
    expected += sse(
        { "event: datastar-patch-elements", "data: mode append", "data: selector body",
          R"~(data: elements <script type="module" nonce="n-1" defer="true" data-count="3">console.log('one'))~",
          "data: elements console.log('two')</script>" });
    expected += sse({ "event: datastar-patch-elements", "id: 7.5", "data: mode append", "data: selector body",
                      R"~(data: elements <script data-effect="el.remove()">go()</script>)~" });
    expected += sse({ "event: datastar-patch-elements", "data: elements <ul id=\"list\">",
                      "data: elements   <li>1</li>", "data: elements </ul>" });
    QVERIFY(compareBody(actual, expected));
}

void TestConformance::signalsRawKeepsItsLines()
{
    // The raw text goes out as written: one `signals` line per line, spacing and key order untouched.
    const QByteArray json
        = R"~({"events":[{"type":"patchSignals","signals-raw":"{\n  \"zeta\": 1,\n  \"alpha\": [1, 2]\n}",
        "signals":{"ignored":true}}]})~";
    const Exchange actual = exchange("GET", testTarget(json));
    QVERIFY(compareBody(
        actual,
        sse({ "event: datastar-patch-signals", "data: signals {", R"~(data: signals   "zeta": 1,)~",
              R"~(data: signals   "alpha": [1, 2])~", "data: signals }" })));
}

void TestConformance::signalsKeepWrittenKeyOrder()
{
    // QJsonObject sorts keys; the contract compares the signals line as text, in the order the test wrote.
    const QByteArray json
        = R"~({"events":[{"type":"patchSignals","signals":{ "zeta": {"b": null, "a": "x y"}, "alpha": 2 }}]})~";
    const Exchange actual = exchange("POST", "/test", json);
    QVERIFY(compareBody(actual,
                        sse({ "event: datastar-patch-signals",
                              R"~(data: signals {"zeta":{"b":null,"a":"x y"},"alpha":2})~" })));
}

void TestConformance::formEncodedQueryKeepsWrittenKeyOrder()
{
    // Browsers and Go's url.Values write spaces in a query as '+'; the order of keys must survive that too.
    const QByteArray json = R"~({"events": [{"type": "executeScript", "script": "a + b", "autoRemove": false,
        "attributes": {"type": "module", "data-note": "x y"}},
        {"type": "patchSignals", "signals": {"zeta": "x y", "alpha": 1}}]})~";
    const QByteArray target
        = "/test?datastar=" + QUrl::toPercentEncoding(QString::fromUtf8(json)).replace("%20", "+");
    QVERIFY(target.contains('+'));
    QByteArray expected;
    expected += sse({ "event: datastar-patch-elements", "data: mode append", "data: selector body",
                      R"~(data: elements <script type="module" data-note="x y">a + b</script>)~" });
    expected += sse({ "event: datastar-patch-signals", R"~(data: signals {"zeta":"x y","alpha":1})~" });
    QVERIFY(compareBody(exchange("GET", target), expected));
}

void TestConformance::removeEventsNeedNoElements()
{
    const QByteArray json = R"~({"events":[
        {"type":"patchElements","selector":"#gone","mode":"remove","useViewTransition":true,"eventId":"r1"},
        {"type":"removeElements","selector":".row"},
        {"type":"removeSignals","paths":["user.name","user.age","draft"]}
    ]})~";
    const Exchange actual = exchange("POST", "/test", json);
    QByteArray expected;
    expected += sse({ "event: datastar-patch-elements", "id: r1", "data: selector #gone", "data: mode remove",
                      "data: useViewTransition true" });
    expected += sse({ "event: datastar-patch-elements", "data: selector .row", "data: mode remove" });
    expected += sse({ "event: datastar-patch-signals",
                      R"~(data: signals {"draft":null,"user":{"age":null,"name":null}})~" });
    QVERIFY(compareBody(actual, expected));
}

void TestConformance::emptyEventsArrayEndsStreamAtOnce()
{
    const Exchange actual = exchange("POST", "/test", R"~({"events":[]})~");
    QVERIFY(compareBody(actual, QByteArray()));
}

void TestConformance::malformedRequestsGet400WithMessage_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    auto post = [](const char *name, const char *json, const char *message) {
        QTest::newRow(name) << QByteArray("POST") << QByteArray(json) << QString::fromUtf8(message);
    };
    QTest::newRow("GET without parameter")
        << QByteArray("GET") << QByteArray() << QStringLiteral("no 'events'");
    QTest::newRow("GET bad JSON") << QByteArray("GET") << QByteArray(R"~({"events":[)~")
                                  << QStringLiteral("cannot read the signals");
    post("bad JSON", R"~({"events": [}])~", "cannot read the signals");
    post("not an object", R"~([1, 2])~", "cannot read the signals");
    post("no events", R"~({"event":[]})~", "no 'events' array");
    post("events not an array", R"~({"events":{"type":"patchElements"}})~",
         "'events' must be an array, not an object");
    post("entry not an object", R"~({"events":["patchElements"]})~",
         "events[0]: must be an object, not a string");
    post("no type", R"~({"events":[{"elements":"<p id=\"a\"></p>"}]})~", "events[0]: no 'type'");
    post("type not a string", R"~({"events":[{"type":1}]})~", "'type' must be a string, not a number");
    post("unknown type", R"~({"events":[{"type":"mergeFragments"}]})~", "unknown type 'mergeFragments'");
    post("unknown mode",
         R"~({"events":[{"type":"patchElements","elements":"<p id=\"a\"></p>","mode":"morph"}]})~",
         "unknown mode 'morph'");
    post("unknown namespace",
         R"~({"events":[{"type":"patchElements","elements":"<p id=\"a\"></p>","namespace":"xul"}]})~",
         "unknown namespace 'xul'");
    post("elements not a string", R"~({"events":[{"type":"patchElements","elements":["<p></p>"]}]})~",
         "'elements' must be a string, not an array");
    post("useViewTransition not a boolean",
         R"~({"events":[{"type":"patchElements","elements":"<p id=\"a\"></p>","useViewTransition":"yes"}]})~",
         "'useViewTransition' must be a boolean, not a string");
    post("negative retryDuration",
         R"~({"events":[{"type":"patchElements","elements":"<p id=\"a\"></p>","retryDuration":-1}]})~",
         "'retryDuration' must be a whole number of milliseconds >= 0, not -1");
    post("fractional retryDuration",
         R"~({"events":[{"type":"patchElements","elements":"<p id=\"a\"></p>","retryDuration":1.5}]})~",
         "'retryDuration' must be a whole number of milliseconds >= 0, not 1.5");
    post("retryDuration as string",
         R"~({"events":[{"type":"patchElements","elements":"<p id=\"a\"></p>","retryDuration":"2000"}]})~",
         "'retryDuration' must be a number of milliseconds, not a string");
    post("eventId not string or number",
         R"~({"events":[{"type":"executeScript","script":"x()","eventId":true}]})~",
         "'eventId' must be a string or a number, not a boolean");
    post("attributes not an object",
         R"~({"events":[{"type":"executeScript","script":"x()","attributes":["type=\"module\""]}]})~",
         "'attributes' must be an object of name: value, not an array");
    post("autoRemove not a boolean",
         R"~({"events":[{"type":"executeScript","script":"x()","autoRemove":0}]})~",
         "'autoRemove' must be a boolean, not a number");
    post("signals not an object", R"~({"events":[{"type":"patchSignals","signals":"{\"a\":1}"}]})~",
         "'signals' must be an object, not a string");
    post("signals-raw not a string", R"~({"events":[{"type":"patchSignals","signals-raw":{"a":1}}]})~",
         "'signals-raw' must be a string, not an object");
    post("no signals", R"~({"events":[{"type":"patchSignals","onlyIfMissing":true}]})~",
         "needs 'signals' (an object) or 'signals-raw'");
    post("onlyIfMissing not a boolean",
         R"~({"events":[{"type":"patchSignals","signals":{"a":1},"onlyIfMissing":"true"}]})~",
         "'onlyIfMissing' must be a boolean, not a string");
    // Invalid JSON that Qt's parser alone would accept; and nesting past the SDK's depth limit.
    post("raw control character", "{\"events\":[{\"type\":\"patchSignals\",\"signals\":{\"a\":\"x\x01y\"}}]}",
         "cannot read the signals: signals in the request body are not valid JSON: "
         "unescaped control character U+0001 in a string");
    QTest::newRow("GET raw control character")
        << QByteArray("GET")
        << QByteArray("{\"events\":[{\"type\":\"patchSignals\",\"signals\":{\"a\":\"\n\"}}]}")
        << QStringLiteral(
               "cannot read the signals: signals in the datastar query parameter are not valid JSON: "
               "unescaped control character U+000A in a string");
    QTest::newRow("nested too deep")
        << QByteArray("POST")
        << QByteArray("{\"events\":[{\"type\":\"patchSignals\",\"signals\":")
            + QByteArray("{\"a\":").repeated(100) + '1' + QByteArray(100, '}') + "}]}"
        << QStringLiteral(
               "cannot read the signals: signals in the request body nest objects and arrays deeper "
               "than the limit of 64 levels");
    post("paths not strings", R"~({"events":[{"type":"removeSignals","paths":["a",2]}]})~",
         "'paths' must hold strings, not a number");
    // Events the SDK itself refuses: the message names the event and passes the SDK's reason on.
    post("blank elements", R"~({"events":[{"type":"patchElements","elements":"  "}]})~",
         "events[0]: patchElements rejected by the SDK: ");
    post("blank script", R"~({"events":[{"type":"executeScript","script":""}]})~",
         "events[0]: executeScript rejected by the SDK: ");
    post("empty signals", R"~({"events":[{"type":"patchSignals","signals":{}}]})~",
         "events[0]: patchSignals rejected by the SDK: ");
    post("remove with nothing", R"~({"events":[{"type":"removeElements"}]})~",
         "events[0]: removeElements rejected by the SDK: ");
    post("selector with line break",
         R"~({"events":[{"type":"patchElements","elements":"<p id=\"a\"></p>","selector":"#a\n#b"}]})~",
         "events[0]: patchElements rejected by the SDK: ");
}

void TestConformance::malformedRequestsGet400WithMessage()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const Exchange actual = method == "GET" ? exchange(method, json.isNull() ? "/test" : testTarget(json))
                                            : exchange(method, "/test", json);
    QCOMPARE(actual.status, 400);
    QVERIFY(actual.complete);
    QCOMPARE(actual.contentType, QByteArray("text/plain; charset=utf-8"));
    QVERIFY2(QString::fromUtf8(actual.body).contains(message), actual.body.constData());
}

void TestConformance::badEventAfterGoodOnesStartsNoStream()
{
    const QByteArray json = R"~({"events":[
        {"type":"patchSignals","signals":{"a":1}},
        {"type":"patchElements","elements":"<p id=\"a\"></p>"},
        {"type":"patchElements","elements":"<p id=\"b\"></p>","mode":"upsert"}
    ]})~";
    const Exchange actual = exchange("POST", "/test", json);
    QCOMPARE(actual.status, 400);
    QVERIFY2(actual.body.startsWith("events[2]: unknown mode 'upsert'"), actual.body.constData());
    QVERIFY(!actual.body.contains("event:"));
}

// The audit's attacks on the SDK through /test: a path of 20,000 segments crashed the server (unbounded
// recursion), 80,000 paths under one parent held up its event loop for 38 s. Both get a 400 naming the limit,
// and the server answers the next request.
void TestConformance::signalPathsOverTheLimitsGet400WithMessage_data()
{
    QTest::addColumn<QByteArray>("paths");
    QTest::addColumn<QString>("message");
    QTest::newRow("20000 segments")
        << '"' + QByteArray("a.").repeated(19'999) + "a\""
        << QStringLiteral("events[0]: removeSignals rejected by the SDK: removeSignals: path 'a.a.a.");
    QTest::newRow("20000 segments, the limit") << '"' + QByteArray("a.").repeated(19'999) + "a\""
                                               << QStringLiteral("has 20000 segments, over the limit of 32");
    QByteArrayList many;
    for (int i = 0; i < 80'000; ++i)
        many.append("\"p.s" + QByteArray::number(i) + '"');
    QTest::newRow("80000 paths under one parent")
        << '[' + many.join(',') + ']'
        << QStringLiteral(
               "events[0]: removeSignals rejected by the SDK: removeSignals: 80000 paths, over the "
               "limit of 10000");
}

void TestConformance::signalPathsOverTheLimitsGet400WithMessage()
{
    QFETCH(QByteArray, paths);
    QFETCH(QString, message);
    const QByteArray json = R"~({"events":[{"type":"removeSignals","paths":)~" + paths + "}]}";
    QVERIFY(json.size() < 1024 * 1024);
    const Exchange refused = exchange("POST", "/test", json);
    QCOMPARE(refused.status, 400);
    QVERIFY(refused.complete);
    QCOMPARE(refused.contentType, QByteArray("text/plain; charset=utf-8"));
    QVERIFY2(QString::fromUtf8(refused.body).contains(message), refused.body.left(300).constData());
    QVERIFY2(refused.body.size() < 300, "the message quotes only the start of a long path");

    const Exchange next
        = exchange("POST", "/test", R"~({"events":[{"type":"removeSignals","paths":"a.b"}]})~");
    QVERIFY(
        compareBody(next, sse({ "event: datastar-patch-signals", R"~(data: signals {"a":{"b":null}})~" })));
}

void TestConformance::signalPathAtTheDepthLimitIsStreamed()
{
    const QByteArray path = QByteArray("s.").repeated(31) + 's';
    const QByteArray json = R"~({"events":[{"type":"removeSignals","paths":[")~" + path + R"~("]}]})~";
    const QByteArray signalsJson = QByteArray("{\"s\":").repeated(31) + "{\"s\":null" + QByteArray(32, '}');
    QVERIFY(
        compareBody(exchange("POST", "/test", json),
                    sse({ "event: datastar-patch-signals", ("data: signals " + signalsJson).constData() })));
}

void TestConformance::escapedControlCharactersAreStreamed()
{
    const QByteArray json = R"~({"events":[{"type":"patchSignals","signals":{"a":"x\u0001\ty"}}]})~";
    const QByteArray expected
        = sse({ "event: datastar-patch-signals", R"~(data: signals {"a":"x\u0001\ty"})~" });
    QVERIFY(compareBody(exchange("POST", "/test", json), expected));
    QVERIFY(compareBody(exchange("GET", testTarget(json)), expected));
}

void TestConformance::benchStreamsExactlyNEventsOfSizeBytes()
{
    const Exchange actual = exchange("GET", "/bench?n=3&size=64");
    QByteArray expected;
    for (int i = 0; i < 3; ++i) {
        const QByteArray open = "<div id=\"row-" + QByteArray::number(i) + "\">";
        const QByteArray elements = open + QByteArray(64 - open.size() - 6, 'x') + "</div>";
        QCOMPARE(elements.size(), 64);
        expected += "event: datastar-patch-elements\ndata: elements " + elements + "\n\n";
    }
    QVERIFY(compareBody(actual, expected));
    QCOMPARE(testhttp::splitEvents(actual.body).size(), 3);
}

void TestConformance::benchRefusesBadParameters_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("message");
    QTest::newRow("no n") << QByteArray("size=64") << QStringLiteral("missing parameter 'n'");
    QTest::newRow("no size") << QByteArray("n=3") << QStringLiteral("missing parameter 'size'");
    QTest::newRow("n zero") << QByteArray("n=0&size=64")
                            << QStringLiteral("'n' must be a whole number from 1 to 10000000");
    QTest::newRow("n too large") << QByteArray("n=10000001&size=64")
                                 << QStringLiteral(
                                        "'n' must be a whole number from 1 to 10000000, not '10000001'");
    QTest::newRow("n not a number") << QByteArray("n=many&size=64") << QStringLiteral("not 'many'");
    QTest::newRow("size too large") << QByteArray("n=3&size=1048577")
                                    << QStringLiteral("'size' must be a whole number from 1 to 1048576");
    QTest::newRow("size below minimum")
        << QByteArray("n=3&size=21") << QStringLiteral("size 21 is too small for n=3");
    QTest::newRow("size below minimum for larger ids")
        << QByteArray("n=11&size=22") << QStringLiteral("takes 23 bytes");
}

void TestConformance::benchRefusesBadParameters()
{
    QFETCH(QByteArray, query);
    QFETCH(QString, message);
    const Exchange actual = exchange("GET", "/bench?" + query);
    QCOMPARE(actual.status, 400);
    QVERIFY2(QString::fromUtf8(actual.body).contains(message), actual.body.constData());
}

void TestConformance::benchMinimumSizeFitsLargestRowId()
{
    QCOMPARE(BenchParameters::minimumSize(1), qsizetype(22)); // <div id="row-0"></div>
    QCOMPARE(BenchParameters::minimumSize(10), qsizetype(22)); // row-9
    QCOMPARE(BenchParameters::minimumSize(11), qsizetype(23)); // row-10
    QCOMPARE(BenchParameters::minimumSize(10'000'000), qsizetype(28)); // row-9999999
    QCOMPARE(starling::conformance::benchElements(10, 23), QStringLiteral("<div id=\"row-10\"></div>"));
    QCOMPARE(starling::conformance::benchElements(9999999, 200).size(), qsizetype(200));
}

void TestConformance::attributesWriteNonStringValuesAsJson()
{
    const QByteArray json = R"~({"events":[{"type":"executeScript","script":"s()",
        "attributes":{"async":false,"n":12,"nothing":null,"list":[1,"a"]}}]})~";
    const ConformanceRequest request
        = ConformanceRequest::fromSignals(QJsonDocument::fromJson(json).object(), json);
    QVERIFY2(request.isValid(), qPrintable(request.errorString()));
    QCOMPARE(request.events().size(), 1);
    QCOMPARE(
        request.events().constFirst().toSse(),
        sse({ "event: datastar-patch-elements", "data: mode append", "data: selector body",
              R"~(data: elements <script async="false" n="12" nothing="null" list="[1,&quot;a&quot;]" data-effect="el.remove()">s()</script>)~" }));
}

void TestConformance::attributesKeepWrittenOrderOnlyWithJsonText()
{
    const QByteArray json = R"~({"events":[{"type":"executeScript","script":"s()","autoRemove":false,
        "attributes":{"type":"module","blocking":"render"}}]})~";
    const QJsonObject signalsObject = QJsonDocument::fromJson(json).object();
    // With the text: as written. Without: the order QJsonObject keeps (sorted), still a valid event.
    QCOMPARE(ConformanceRequest::fromSignals(signalsObject, json).events().constFirst().toSse(),
             sse({ "event: datastar-patch-elements", "data: mode append", "data: selector body",
                   R"~(data: elements <script type="module" blocking="render">s()</script>)~" }));
    QCOMPARE(ConformanceRequest::fromSignals(signalsObject).events().constFirst().toSse(),
             sse({ "event: datastar-patch-elements", "data: mode append", "data: selector body",
                   R"~(data: elements <script blocking="render" type="module">s()</script>)~" }));
}

void TestConformance::portTakenExitsWithMessage()
{
    QProcess second;
    second.start(QStringLiteral(STARLING_CONFORMANCE_EXECUTABLE),
                 { QStringLiteral("--port"), QString::number(m_port) });
    QVERIFY(second.waitForFinished(testhttp::WaitTimeoutMs));
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.exitCode(), 1);
    const QString error = QString::fromUtf8(second.readAllStandardError());
    QVERIFY2(error.contains(QStringLiteral("cannot listen on 127.0.0.1:%1").arg(m_port)), qPrintable(error));
    QVERIFY(second.readAllStandardOutput().isEmpty());
}

void TestConformance::badPortArgumentExitsWithMessage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("not a number") << QStringList { QStringLiteral("--port"), QStringLiteral("http") }
                                  << QStringLiteral("invalid --port 'http'");
    QTest::newRow("out of range") << QStringList { QStringLiteral("--port"), QStringLiteral("65536") }
                                  << QStringLiteral("invalid --port '65536'");
    QTest::newRow("negative") << QStringList { QStringLiteral("--port"), QStringLiteral("-1") }
                              << QStringLiteral("invalid --port '-1'");
    QTest::newRow("missing value") << QStringList { QStringLiteral("--port") }
                                   << QStringLiteral("Missing value after '--port'");
    QTest::newRow("unknown option") << QStringList { QStringLiteral("--verbose") }
                                    << QStringLiteral("Unknown option 'verbose'");
    QTest::newRow("stray argument") << QStringList { QStringLiteral("7331") }
                                    << QStringLiteral("unexpected argument '7331'");
}

void TestConformance::badPortArgumentExitsWithMessage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    process.start(QStringLiteral(STARLING_CONFORMANCE_EXECUTABLE), arguments);
    QVERIFY(process.waitForFinished(testhttp::WaitTimeoutMs));
    QCOMPARE(process.exitCode(), 1);
    const QString error = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(error.contains(message), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
