// Plain (non-SSE) responses as a client receives them over a socket (PROTOCOL.md section 7).
#include "testhttp.h"

#include <datastar/responses.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using datastar::ElementPatchMode;
using testhttp::RawHttpClient;

Q_DECLARE_METATYPE(datastar::ElementPatchMode)

class TestResponses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void htmlResponseIsTextHtmlWithTheElements();
    void htmlResponseWritesSelectorModeAndViewTransition();
    void htmlResponseWritesEachModeButOuter_data();
    void htmlResponseWritesEachModeButOuter();
    void signalsResponseIsJson();
    void signalsResponseWritesOnlyIfMissing();
    void scriptResponseIsJavaScript();
    void scriptResponseWritesAttributesAsJsonObject();

private:
    // Serves the response `make` returns on /r and fetches it with a raw client (complete unless it failed).
    std::unique_ptr<RawHttpClient> fetch(const std::function<QHttpServerResponse()> &make);

    testhttp::TestServer m_server;
    std::function<QHttpServerResponse()> m_respond;
};

void TestResponses::initTestCase()
{
    QVERIFY(m_server.isListening());
    m_server.server().route(QStringLiteral("/r"), [this] { return m_respond(); });
}

std::unique_ptr<RawHttpClient> TestResponses::fetch(const std::function<QHttpServerResponse()> &make)
{
    m_respond = make;
    auto client = std::make_unique<RawHttpClient>(m_server.port());
    if (!client->sendRequest("GET", "/r", { { "Accept", "text/event-stream, text/html, application/json" } }))
        return client;
    if (!client->waitForComplete())
        qWarning() << "incomplete response:" << client->rawBytes().left(400) << client->framingError();
    return client;
}

void TestResponses::htmlResponseIsTextHtmlWithTheElements()
{
    const QString html = QStringLiteral("<div id=\"greeting\">Grüße 🙂</div>\n<p id=\"x\">2</p>");
    const auto client = fetch([html] { return datastar::htmlResponse(html); });
    QVERIFY(client->isComplete());
    QCOMPARE(client->statusCode(), 200);
    QCOMPARE(client->header("content-type").toLower().replace(" ", ""),
             QByteArray("text/html;charset=utf-8"));
    QCOMPARE(client->body(), html.toUtf8());
    QVERIFY(!client->hasHeader("datastar-selector"));
    QVERIFY(!client->hasHeader("datastar-mode"));
    QVERIFY(!client->hasHeader("datastar-use-view-transition"));
}

void TestResponses::htmlResponseWritesSelectorModeAndViewTransition()
{
    const auto client = fetch([] {
        return datastar::htmlResponse(QStringLiteral("<li>new</li>"),
                                      { .selector = QStringLiteral("#list > ul"),
                                        .mode = ElementPatchMode::Append,
                                        .useViewTransition = true });
    });
    QVERIFY(client->isComplete());
    QCOMPARE(client->statusCode(), 200);
    QVERIFY(client->header("content-type").startsWith("text/html"));
    QCOMPARE(client->header("datastar-selector"), QByteArray("#list > ul"));
    QCOMPARE(client->header("datastar-mode"), QByteArray("append"));
    QCOMPARE(client->header("datastar-use-view-transition"), QByteArray("true"));
    QCOMPARE(client->headerCount("datastar-mode"), 1);
    QCOMPARE(client->body(), QByteArray("<li>new</li>"));
}

void TestResponses::htmlResponseWritesEachModeButOuter_data()
{
    QTest::addColumn<ElementPatchMode>("mode");
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("outer") << ElementPatchMode::Outer << QByteArray();
    QTest::newRow("inner") << ElementPatchMode::Inner << QByteArray("inner");
    QTest::newRow("replace") << ElementPatchMode::Replace << QByteArray("replace");
    QTest::newRow("prepend") << ElementPatchMode::Prepend << QByteArray("prepend");
    QTest::newRow("append") << ElementPatchMode::Append << QByteArray("append");
    QTest::newRow("before") << ElementPatchMode::Before << QByteArray("before");
    QTest::newRow("after") << ElementPatchMode::After << QByteArray("after");
    QTest::newRow("remove") << ElementPatchMode::Remove << QByteArray("remove");
}

void TestResponses::htmlResponseWritesEachModeButOuter()
{
    QFETCH(ElementPatchMode, mode);
    QFETCH(QByteArray, header);
    const auto client = fetch([mode] {
        return datastar::htmlResponse(QStringLiteral("<b id=\"b\">b</b>"),
                                      { .selector = QStringLiteral("#b"), .mode = mode });
    });
    QVERIFY(client->isComplete());
    QCOMPARE(client->hasHeader("datastar-mode"), !header.isNull());
    QCOMPARE(client->header("datastar-mode"), header);
    QVERIFY(!client->hasHeader("datastar-use-view-transition"));
}

void TestResponses::signalsResponseIsJson()
{
    const QJsonObject patch { { QStringLiteral("count"), 2 },
                              { QStringLiteral("user"),
                                QJsonObject { { QStringLiteral("name"), QStringLiteral("Zoë") } } },
                              { QStringLiteral("gone"), QJsonValue::Null } };
    const auto client = fetch([patch] { return datastar::signalsResponse(patch); });
    QVERIFY(client->isComplete());
    QCOMPARE(client->statusCode(), 200);
    QVERIFY2(client->header("content-type").toLower().startsWith("application/json"),
             client->header("content-type"));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(client->body(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    QCOMPARE(document.object(), patch);
    QVERIFY(!client->hasHeader("datastar-only-if-missing"));
}

void TestResponses::signalsResponseWritesOnlyIfMissing()
{
    const auto client = fetch([] {
        return datastar::signalsResponse({ { QStringLiteral("a"), 1 } }, { .onlyIfMissing = true });
    });
    QVERIFY(client->isComplete());
    QVERIFY(client->header("content-type").toLower().startsWith("application/json"));
    QCOMPARE(client->header("datastar-only-if-missing"), QByteArray("true"));
    QCOMPARE(QJsonDocument::fromJson(client->body()).object(), QJsonObject({ { QStringLiteral("a"), 1 } }));
}

void TestResponses::scriptResponseIsJavaScript()
{
    const QString script = QStringLiteral("document.title = 'Grüße';\nconsole.log(1 < 2 && 3 > 2);");
    const auto client = fetch([script] { return datastar::scriptResponse(script); });
    QVERIFY(client->isComplete());
    QCOMPARE(client->statusCode(), 200);
    QCOMPARE(client->header("content-type").toLower().replace(" ", ""),
             QByteArray("text/javascript;charset=utf-8"));
    QCOMPARE(client->body(), script.toUtf8());
}

void TestResponses::scriptResponseWritesAttributesAsJsonObject()
{
    const auto client = fetch([] {
        return datastar::scriptResponse(
            QStringLiteral("go()"),
            { .attributes = { { QStringLiteral("type"), QStringLiteral("module") },
                              { QStringLiteral("nonce"), QStringLiteral("a\"b") } } });
    });
    QVERIFY(client->isComplete());
    QVERIFY(client->header("content-type").toLower().startsWith("text/javascript"));
    QVERIFY(client->hasHeader("datastar-script-attributes"));
    QJsonParseError error;
    const QJsonDocument attributes
        = QJsonDocument::fromJson(client->header("datastar-script-attributes"), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(attributes.isObject());
    QCOMPARE(attributes.object(),
             QJsonObject({ { QStringLiteral("type"), QStringLiteral("module") },
                           { QStringLiteral("nonce"), QStringLiteral("a\"b") } }));
    QCOMPARE(client->body(), QByteArray("go()"));
}

QTEST_GUILESS_MAIN(TestResponses)
#include "tst_responses.moc"
