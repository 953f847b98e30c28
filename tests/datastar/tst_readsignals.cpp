// readSignals(): where each method's signals come from, and how bad input is refused (PROTOCOL.md section 6).
// Both overloads: the (method, url, body) one directly, the QHttpServerRequest one over a real socket.
#include "testhttp.h"

#include <datastar/readsignals.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrl>

using datastar::ReadSignalsError;
using Method = QHttpServerRequest::Method;

Q_DECLARE_METATYPE(QHttpServerRequest::Method)
Q_DECLARE_METATYPE(datastar::ReadSignalsError::Kind)

namespace {

QUrl urlWithSignals(const QByteArray &json)
{
    // As encodeURIComponent would write it: every byte outside the unreserved set percent-encoded.
    return QUrl::fromEncoded("http://127.0.0.1/action?x=1&datastar=" + json.toPercentEncoding() + "&y=2",
                             QUrl::StrictMode);
}

const QUrl plainUrl(QStringLiteral("http://127.0.0.1/action"));

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

// A JSON object whose compact text is exactly `size` bytes: {"pad":"xxxx..."}.
QByteArray objectOfSize(qsizetype size)
{
    const QByteArray prefix = "{\"pad\":\"";
    const QByteArray suffix = "\"}";
    return prefix + QByteArray(size - prefix.size() - suffix.size(), 'x') + suffix;
}

// {"a":{"a":...1...}} with `depth` objects, or as many arrays inside one object.
QByteArray nestedObjects(int depth)
{
    return QByteArray("{\"a\":").repeated(depth) + '1' + QByteArray(depth, '}');
}

QByteArray nestedArrays(int depth)
{
    return "{\"a\":" + QByteArray(depth - 1, '[') + '1' + QByteArray(depth - 1, ']') + '}';
}

} // namespace

class TestReadSignals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void getReadsTheDatastarQueryParameter();
    void getDecodesPercentEncodedUtf8();
    void getDecodesFormEncodedSpaces();
    void getIgnoresTheBody();
    void getWithoutParameterHasNoSignals();
    void deleteReadsTheQueryParameterWhenPresent();
    void deleteReadsTheBodyWithoutParameter();
    void bodyMethodsReadTheJsonBody_data();
    void bodyMethodsReadTheJsonBody();
    void bodyMethodsIgnoreTheQueryParameter();
    void emptyBodyHasNoSignals();
    void malformedJsonIsRefused_data();
    void malformedJsonIsRefused();
    void nonObjectIsRefused_data();
    void nonObjectIsRefused();
    void rawControlCharactersInStringsAreRefused_data();
    void rawControlCharactersInStringsAreRefused();
    void escapedControlCharactersAreAccepted();
    void whatQtWouldLetThroughIsRefused_data();
    void whatQtWouldLetThroughIsRefused();
    void nestingUpToMaxSignalsDepthIsAccepted();
    void nestingDeeperThanMaxSignalsDepthIsRefused_data();
    void nestingDeeperThanMaxSignalsDepthIsRefused();
    void overTheDefaultLimitIsRefused();
    void overACustomLimitIsRefused();
    void queryParameterOverTheLimitIsRefused();
    void errorsSayWhatWasWrong();
    void noErrorMeansStatus200();
    void errorPointerIsOptional();

    void requestOverloadReadsEachMethod_data();
    void requestOverloadReadsEachMethod();
    void requestOverloadReportsErrors_data();
    void requestOverloadReportsErrors();
};

void TestReadSignals::getReadsTheDatastarQueryParameter()
{
    ReadSignalsError error;
    const QJsonObject signalsObject = datastar::readSignals(
        Method::Get, urlWithSignals(R"({"count":3,"user":{"name":"Ann"},"on":true})"), {}, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    QCOMPARE(signalsObject, object(R"({"count":3,"user":{"name":"Ann"},"on":true})"));
}

void TestReadSignals::getDecodesPercentEncodedUtf8()
{
    ReadSignalsError error;
    const QByteArray json = QStringLiteral(R"({"name":"Zoë 日本 🙂","expr":"a&b=c?d#e+f%g"})").toUtf8();
    const QJsonObject signalsObject = datastar::readSignals(Method::Get, urlWithSignals(json), {}, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    QCOMPARE(signalsObject.value(QStringLiteral("name")).toString(), QStringLiteral("Zoë 日本 🙂"));
    QCOMPARE(signalsObject.value(QStringLiteral("expr")).toString(), QStringLiteral("a&b=c?d#e+f%g"));
}

// The project's client (resources/datastar/actions/backend.js) sets the parameter with URLSearchParams, which
// writes application/x-www-form-urlencoded: a space becomes '+', a '+' becomes %2B.
void TestReadSignals::getDecodesFormEncodedSpaces()
{
    ReadSignalsError error;
    const QUrl url = QUrl::fromEncoded(
        "http://127.0.0.1/action?datastar=%7B%22msg%22%3A%22hello+big+world%22%2C%22sum%22%3A%221%2B1%22%7D");
    const QJsonObject signalsObject = datastar::readSignals(Method::Get, url, {}, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    QCOMPARE(signalsObject.value(QStringLiteral("msg")).toString(), QStringLiteral("hello big world"));
    QCOMPARE(signalsObject.value(QStringLiteral("sum")).toString(), QStringLiteral("1+1"));
}

void TestReadSignals::getIgnoresTheBody()
{
    ReadSignalsError error;
    QCOMPARE(datastar::readSignals(Method::Get, urlWithSignals(R"({"from":"query"})"), R"({"from":"body"})",
                                   &error),
             object(R"({"from":"query"})"));
    QVERIFY(!error.isError());
    QCOMPARE(datastar::readSignals(Method::Get, plainUrl, R"({"from":"body"})", &error), QJsonObject());
    QVERIFY(!error.isError());
}

void TestReadSignals::getWithoutParameterHasNoSignals()
{
    ReadSignalsError error;
    const QJsonObject signalsObject = datastar::readSignals(
        Method::Get, QUrl(QStringLiteral("http://127.0.0.1/action?other=1")), {}, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    QCOMPARE(error.kind(), ReadSignalsError::Kind::None);
    QVERIFY(signalsObject.isEmpty());
}

void TestReadSignals::deleteReadsTheQueryParameterWhenPresent()
{
    ReadSignalsError error;
    QCOMPARE(datastar::readSignals(Method::Delete, urlWithSignals(R"({"from":"query"})"),
                                   R"({"from":"body"})", &error),
             object(R"({"from":"query"})"));
    QVERIFY2(!error.isError(), qPrintable(error.message()));
}

void TestReadSignals::deleteReadsTheBodyWithoutParameter()
{
    ReadSignalsError error;
    QCOMPARE(datastar::readSignals(Method::Delete, plainUrl, R"({"from":"body","n":[1,2]})", &error),
             object(R"({"from":"body","n":[1,2]})"));
    QVERIFY2(!error.isError(), qPrintable(error.message()));
}

void TestReadSignals::bodyMethodsReadTheJsonBody_data()
{
    QTest::addColumn<Method>("method");
    QTest::newRow("POST") << Method::Post;
    QTest::newRow("PUT") << Method::Put;
    QTest::newRow("PATCH") << Method::Patch;
}

void TestReadSignals::bodyMethodsReadTheJsonBody()
{
    QFETCH(Method, method);
    ReadSignalsError error;
    const QByteArray body
        = QStringLiteral(R"({"title":"Zoë","nested":{"deep":{"n":1.5}},"list":[null,"x"]})").toUtf8();
    QCOMPARE(datastar::readSignals(method, plainUrl, body, &error), QJsonDocument::fromJson(body).object());
    QVERIFY2(!error.isError(), qPrintable(error.message()));
}

void TestReadSignals::bodyMethodsIgnoreTheQueryParameter()
{
    ReadSignalsError error;
    QCOMPARE(datastar::readSignals(Method::Post, urlWithSignals(R"({"from":"query"})"), R"({"from":"body"})",
                                   &error),
             object(R"({"from":"body"})"));
    QVERIFY(!error.isError());
}

void TestReadSignals::emptyBodyHasNoSignals()
{
    for (Method method : { Method::Post, Method::Put, Method::Patch, Method::Delete }) {
        ReadSignalsError error;
        const QJsonObject signalsObject = datastar::readSignals(method, plainUrl, QByteArray(), &error);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QVERIFY(signalsObject.isEmpty());
    }
}

void TestReadSignals::malformedJsonIsRefused_data()
{
    QTest::addColumn<Method>("method");
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("POST truncated") << Method::Post << plainUrl << QByteArray(R"({"a":)");
    QTest::newRow("POST trailing garbage") << Method::Post << plainUrl << QByteArray(R"({"a":1} x)");
    QTest::newRow("PUT not json") << Method::Put << plainUrl << QByteArray("hello");
    QTest::newRow("PATCH single quotes") << Method::Patch << plainUrl << QByteArray("{'a':1}");
    QTest::newRow("DELETE body") << Method::Delete << plainUrl << QByteArray("{");
    QTest::newRow("GET parameter") << Method::Get << urlWithSignals("{\"a\":") << QByteArray();
    QTest::newRow("DELETE parameter") << Method::Delete << urlWithSignals("[1,") << QByteArray(R"({"ok":1})");
}

void TestReadSignals::malformedJsonIsRefused()
{
    QFETCH(Method, method);
    QFETCH(QUrl, url);
    QFETCH(QByteArray, body);
    ReadSignalsError error;
    const QJsonObject signalsObject = datastar::readSignals(method, url, body, &error);
    QVERIFY(error.isError());
    QCOMPARE(error.kind(), ReadSignalsError::Kind::MalformedJson);
    QCOMPARE(error.httpStatus(), 400);
    QVERIFY(!error.message().isEmpty());
    QVERIFY(signalsObject.isEmpty());
}

void TestReadSignals::nonObjectIsRefused_data()
{
    QTest::addColumn<Method>("method");
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("POST array") << Method::Post << plainUrl << QByteArray(R"([{"a":1}])");
    QTest::newRow("POST number") << Method::Post << plainUrl << QByteArray("42");
    QTest::newRow("PUT string") << Method::Put << plainUrl << QByteArray(R"("text")");
    QTest::newRow("PATCH true") << Method::Patch << plainUrl << QByteArray("true");
    QTest::newRow("GET array") << Method::Get << urlWithSignals("[1,2]") << QByteArray();
    QTest::newRow("GET number") << Method::Get << urlWithSignals("7") << QByteArray();
}

void TestReadSignals::nonObjectIsRefused()
{
    QFETCH(Method, method);
    QFETCH(QUrl, url);
    QFETCH(QByteArray, body);
    ReadSignalsError error;
    const QJsonObject signalsObject = datastar::readSignals(method, url, body, &error);
    QCOMPARE(error.kind(), ReadSignalsError::Kind::NotAnObject);
    QVERIFY(error.isError());
    QCOMPARE(error.httpStatus(), 400);
    QVERIFY(!error.message().isEmpty());
    QVERIFY(signalsObject.isEmpty());
}

// RFC 8259 section 7: U+0000..U+001F must be escaped inside strings. QJsonDocument accepts them raw.
void TestReadSignals::rawControlCharactersInStringsAreRefused_data()
{
    QTest::addColumn<Method>("method");
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    const QByteArray nul("{\"a\":\"x\0y\"}", 11);
    QTest::newRow("POST NUL in a value") << Method::Post << plainUrl << nul << QStringLiteral("U+0000");
    QTest::newRow("POST U+0001") << Method::Post << plainUrl << QByteArray("{\"a\":\"x\x01y\"}")
                                 << QStringLiteral("U+0001");
    QTest::newRow("PUT line feed") << Method::Put << plainUrl << QByteArray("{\"a\":\"one\ntwo\"}")
                                   << QStringLiteral("U+000A");
    QTest::newRow("PATCH tab") << Method::Patch << plainUrl << QByteArray("{\"a\":\"\t\"}")
                               << QStringLiteral("U+0009");
    QTest::newRow("POST U+001F in a key")
        << Method::Post << plainUrl << QByteArray("{\"a\x1f\":1}") << QStringLiteral("U+001F");
    QTest::newRow("POST after a backslash")
        << Method::Post << plainUrl << QByteArray("{\"a\":\"\\\x01\"}") << QStringLiteral("U+0001");
    QTest::newRow("POST nested in an array")
        << Method::Post << plainUrl << QByteArray("{\"a\":[{\"b\":\"\x02\"}]}") << QStringLiteral("U+0002");
    QTest::newRow("POST array") << Method::Post << plainUrl << QByteArray("[\"\x01\"]")
                                << QStringLiteral("U+0001");
    QTest::newRow("GET NUL in the parameter")
        << Method::Get << urlWithSignals(nul) << QByteArray() << QStringLiteral("U+0000");
    QTest::newRow("GET line feed") << Method::Get << urlWithSignals("{\"a\":\"one\ntwo\"}") << QByteArray()
                                   << QStringLiteral("U+000A");
    QTest::newRow("DELETE parameter") << Method::Delete << urlWithSignals("{\"a\":\"\x1b[0m\"}")
                                      << QByteArray() << QStringLiteral("U+001B");
}

void TestReadSignals::rawControlCharactersInStringsAreRefused()
{
    QFETCH(Method, method);
    QFETCH(QUrl, url);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    ReadSignalsError error;
    const QJsonObject signalsObject = datastar::readSignals(method, url, body, &error);
    QCOMPARE(error.kind(), ReadSignalsError::Kind::MalformedJson);
    QCOMPARE(error.httpStatus(), 400);
    QVERIFY2(error.message().contains(QStringLiteral("unescaped control character ") + message),
             qPrintable(error.message()));
    QVERIFY(signalsObject.isEmpty());
}

void TestReadSignals::escapedControlCharactersAreAccepted()
{
    const QByteArray json = R"({"a":"x\u0000y","b":"\t\n\r\b\f\u001f","c":"\"\\\/"})";
    const QString a = QStringLiteral("x") + QChar(0) + QStringLiteral("y");
    const QString b = QStringLiteral("\t\n\r\b\f\x1f");
    for (const auto &[method, url, body] :
         { std::tuple { Method::Post, plainUrl, json },
           std::tuple { Method::Get, urlWithSignals(json), QByteArray() } }) {
        ReadSignalsError error;
        const QJsonObject signalsObject = datastar::readSignals(method, url, body, &error);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QCOMPARE(signalsObject.value(QStringLiteral("a")).toString(), a);
        QCOMPARE(signalsObject.value(QStringLiteral("b")).toString(), b);
        QCOMPARE(signalsObject.value(QStringLiteral("c")).toString(), QStringLiteral("\"\\/"));
    }
}

// Qt's parser also keeps the character of an unknown escape and reads "1." and ".5" as numbers.
void TestReadSignals::whatQtWouldLetThroughIsRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown escape") << QByteArray(R"({"a":"\a"})")
                                    << QStringLiteral("invalid escape sequence '\\a'");
    QTest::newRow("hex escape") << QByteArray(R"({"a":"\x41"})")
                                << QStringLiteral("invalid escape sequence '\\x'");
    QTest::newRow("number ending in a dot")
        << QByteArray(R"({"a":1.})") << QStringLiteral("invalid number '1.'");
    QTest::newRow("number starting with a dot")
        << QByteArray(R"({"a":[2,.5]})") << QStringLiteral("invalid number '.5'");
}

void TestReadSignals::whatQtWouldLetThroughIsRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    ReadSignalsError error;
    QVERIFY(datastar::readSignals(Method::Post, plainUrl, json, &error).isEmpty());
    QCOMPARE(error.kind(), ReadSignalsError::Kind::MalformedJson);
    QVERIFY2(error.message().contains(message), qPrintable(error.message()));

    // Valid numbers of every shape stay accepted.
    ReadSignalsError none;
    const QJsonObject numbers
        = datastar::readSignals(Method::Post, plainUrl, R"({"n":[0,-0,1.5,-2e3,4E+2,5e-1,10]})", &none);
    QVERIFY2(!none.isError(), qPrintable(none.message()));
    QCOMPARE(numbers.value(QStringLiteral("n")).toArray().size(), 7);
}

void TestReadSignals::nestingUpToMaxSignalsDepthIsAccepted()
{
    QCOMPARE(datastar::MaxSignalsDepth, 64);
    for (const QByteArray &json :
         { nestedObjects(datastar::MaxSignalsDepth), nestedArrays(datastar::MaxSignalsDepth) }) {
        ReadSignalsError error;
        const QJsonObject signalsObject = datastar::readSignals(Method::Post, plainUrl, json, &error);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QCOMPARE(QJsonDocument(signalsObject).toJson(QJsonDocument::Compact), json);
    }
}

void TestReadSignals::nestingDeeperThanMaxSignalsDepthIsRefused_data()
{
    QTest::addColumn<Method>("method");
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QByteArray>("body");
    const int over = datastar::MaxSignalsDepth + 1;
    QTest::newRow("objects, one over") << Method::Post << plainUrl << nestedObjects(over);
    QTest::newRow("arrays, one over") << Method::Post << plainUrl << nestedArrays(over);
    // Past Qt's own limit of 1024, which it reports as a parse error: still this limit, named.
    QTest::newRow("objects, 100000 deep") << Method::Post << plainUrl << nestedObjects(100'000);
    QTest::newRow("unclosed arrays") << Method::Put << plainUrl << "{\"a\":" + QByteArray(200'000, '[');
    QTest::newRow("GET parameter") << Method::Get << urlWithSignals(nestedObjects(over)) << QByteArray();
}

void TestReadSignals::nestingDeeperThanMaxSignalsDepthIsRefused()
{
    QFETCH(Method, method);
    QFETCH(QUrl, url);
    QFETCH(QByteArray, body);
    ReadSignalsError error;
    QVERIFY(datastar::readSignals(method, url, body, &error).isEmpty());
    QCOMPARE(error.kind(), ReadSignalsError::Kind::TooDeep);
    QCOMPARE(error.httpStatus(), 400);
    QVERIFY2(error.message().contains(QStringLiteral("deeper than the limit of 64 levels")),
             qPrintable(error.message()));
}

void TestReadSignals::overTheDefaultLimitIsRefused()
{
    QCOMPARE(datastar::MaxSignalsBytes, qsizetype(1024 * 1024));

    ReadSignalsError error;
    const QByteArray atLimit = objectOfSize(datastar::MaxSignalsBytes);
    QCOMPARE(atLimit.size(), datastar::MaxSignalsBytes);
    const QJsonObject accepted = datastar::readSignals(Method::Post, plainUrl, atLimit, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    QCOMPARE(accepted.value(QStringLiteral("pad")).toString().size(), datastar::MaxSignalsBytes - 10);

    const QJsonObject refused
        = datastar::readSignals(Method::Post, plainUrl, objectOfSize(datastar::MaxSignalsBytes + 1), &error);
    QCOMPARE(error.kind(), ReadSignalsError::Kind::TooLarge);
    QCOMPARE(error.httpStatus(), 413);
    QVERIFY(!error.message().isEmpty());
    QVERIFY(refused.isEmpty());
}

void TestReadSignals::overACustomLimitIsRefused()
{
    const QByteArray sixteen = objectOfSize(16);
    QCOMPARE(sixteen.size(), 16);

    ReadSignalsError error;
    QCOMPARE(datastar::readSignals(Method::Put, plainUrl, sixteen, &error, 16),
             QJsonDocument::fromJson(sixteen).object());
    QVERIFY2(!error.isError(), qPrintable(error.message()));

    const QJsonObject refused = datastar::readSignals(Method::Put, plainUrl, objectOfSize(17), &error, 16);
    QCOMPARE(error.kind(), ReadSignalsError::Kind::TooLarge);
    QCOMPARE(error.httpStatus(), 413);
    QVERIFY(refused.isEmpty());

    // The limit is checked before parsing: an oversized body is TooLarge even when it is not JSON.
    ReadSignalsError garbage;
    datastar::readSignals(Method::Post, plainUrl, QByteArray(100, '{'), &garbage, 16);
    QCOMPARE(garbage.kind(), ReadSignalsError::Kind::TooLarge);
}

void TestReadSignals::queryParameterOverTheLimitIsRefused()
{
    ReadSignalsError error;
    // Well over the limit whether it counts encoded or decoded bytes.
    const QJsonObject refused
        = datastar::readSignals(Method::Get, urlWithSignals(objectOfSize(64)), {}, &error, 16);
    QCOMPARE(error.kind(), ReadSignalsError::Kind::TooLarge);
    QCOMPARE(error.httpStatus(), 413);
    QVERIFY(refused.isEmpty());

    ReadSignalsError deleteError;
    datastar::readSignals(Method::Delete, urlWithSignals(objectOfSize(64)), {}, &deleteError, 16);
    QCOMPARE(deleteError.kind(), ReadSignalsError::Kind::TooLarge);

    ReadSignalsError fits;
    QCOMPARE(datastar::readSignals(Method::Get, urlWithSignals(R"({"a":1})"), {}, &fits, 16),
             object(R"({"a":1})"));
    QVERIFY2(!fits.isError(), qPrintable(fits.message()));
}

void TestReadSignals::errorsSayWhatWasWrong()
{
    ReadSignalsError malformed, notObject, tooLarge;
    datastar::readSignals(Method::Post, plainUrl, R"({"a":)", &malformed);
    datastar::readSignals(Method::Post, plainUrl, "[1]", &notObject);
    datastar::readSignals(Method::Post, plainUrl, objectOfSize(64), &tooLarge, 16);
    QCOMPARE(malformed.kind(), ReadSignalsError::Kind::MalformedJson);
    QCOMPARE(notObject.kind(), ReadSignalsError::Kind::NotAnObject);
    QCOMPARE(tooLarge.kind(), ReadSignalsError::Kind::TooLarge);
    // Each message is non-empty and specific to its failure.
    QVERIFY(!malformed.message().trimmed().isEmpty());
    QVERIFY(!notObject.message().trimmed().isEmpty());
    QVERIFY(!tooLarge.message().trimmed().isEmpty());
    QVERIFY(malformed.message() != notObject.message());
    QVERIFY(malformed.message() != tooLarge.message());
    QVERIFY(notObject.message() != tooLarge.message());
    // ...and names the problem: the JSON, the object, the limit.
    QVERIFY2(malformed.message().contains(QStringLiteral("json"), Qt::CaseInsensitive),
             qPrintable(malformed.message()));
    QVERIFY2(notObject.message().contains(QStringLiteral("object"), Qt::CaseInsensitive),
             qPrintable(notObject.message()));
    QVERIFY2(tooLarge.message().contains(QStringLiteral("16")), qPrintable(tooLarge.message()));
    qDebug().noquote() << "messages:" << malformed.message() << "|" << notObject.message() << "|"
                       << tooLarge.message();
}

void TestReadSignals::noErrorMeansStatus200()
{
    const ReadSignalsError none;
    QVERIFY(!none.isError());
    QCOMPARE(none.kind(), ReadSignalsError::Kind::None);
    QCOMPARE(none.httpStatus(), 200);
    QCOMPARE(ReadSignalsError(ReadSignalsError::Kind::MalformedJson, QStringLiteral("m")).httpStatus(), 400);
    QCOMPARE(ReadSignalsError(ReadSignalsError::Kind::NotAnObject, QStringLiteral("m")).httpStatus(), 400);
    QCOMPARE(ReadSignalsError(ReadSignalsError::Kind::TooLarge, QStringLiteral("m")).httpStatus(), 413);
    QCOMPARE(ReadSignalsError(ReadSignalsError::Kind::TooDeep, QStringLiteral("m")).httpStatus(), 400);
    QCOMPARE(ReadSignalsError(ReadSignalsError::Kind::TooLarge, QStringLiteral("too big")).message(),
             QStringLiteral("too big"));
}

void TestReadSignals::errorPointerIsOptional()
{
    QVERIFY(datastar::readSignals(Method::Post, plainUrl, "{").isEmpty());
    QVERIFY(datastar::readSignals(Method::Post, plainUrl, "[]").isEmpty());
    QVERIFY(datastar::readSignals(Method::Post, plainUrl, objectOfSize(64), nullptr, 16).isEmpty());
    QCOMPARE(datastar::readSignals(Method::Post, plainUrl, R"({"a":1})"), object(R"({"a":1})"));
}

// The QHttpServerRequest overload, on requests that came over a socket.
namespace {

struct Seen
{
    bool called = false;
    QJsonObject signalsObject;
    ReadSignalsError error;
};

// Serves /signals, reading the signals of each request with `maxBytes`, and sends one request.
Seen exchange(const QByteArray &method, const QByteArray &target, const QByteArray &body, qsizetype maxBytes,
              int *status)
{
    testhttp::TestServer server;
    Seen seen;
    server.server().route(QStringLiteral("/signals"), [&seen, maxBytes](const QHttpServerRequest &request) {
        seen.called = true;
        seen.signalsObject = datastar::readSignals(request, &seen.error, maxBytes);
        return QHttpServerResponse(seen.error.isError()
                                       ? QHttpServerResponse::StatusCode(seen.error.httpStatus())
                                       : QHttpServerResponse::StatusCode::Ok);
    });
    if (!server.isListening())
        return seen;
    testhttp::RawHttpClient client(server.port());
    testhttp::Headers headers;
    if (!body.isEmpty())
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    headers.append(qMakePair(QByteArray("Datastar-Request"), QByteArray("true")));
    if (client.sendRequest(method, target, headers, body) && client.waitForComplete())
        *status = client.statusCode();
    else
        qWarning() << "no complete response:" << client.rawBytes().left(300) << client.framingError();
    return seen;
}

QByteArray signalsQuery(const QByteArray &json)
{
    return "/signals?datastar=" + json.toPercentEncoding();
}

} // namespace

void TestReadSignals::requestOverloadReadsEachMethod_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray utf8 = QStringLiteral(R"({"name":"Zoë 🙂","n":1})").toUtf8();
    QTest::newRow("GET parameter") << QByteArray("GET") << signalsQuery(utf8) << QByteArray() << utf8;
    QTest::newRow("GET form-encoded space")
        << QByteArray("GET") << QByteArray("/signals?datastar=%7B%22m%22%3A%22a+b%22%7D") << QByteArray()
        << QByteArray(R"({"m":"a b"})");
    QTest::newRow("GET without parameter")
        << QByteArray("GET") << QByteArray("/signals") << QByteArray() << QByteArray("{}");
    QTest::newRow("POST body") << QByteArray("POST") << QByteArray("/signals") << utf8 << utf8;
    QTest::newRow("PUT body") << QByteArray("PUT") << QByteArray("/signals") << QByteArray(R"({"p":[1]})")
                              << QByteArray(R"({"p":[1]})");
    QTest::newRow("PATCH body") << QByteArray("PATCH") << QByteArray("/signals")
                                << QByteArray(R"({"q":null})") << QByteArray(R"({"q":null})");
    QTest::newRow("DELETE parameter")
        << QByteArray("DELETE") << signalsQuery(R"({"from":"query"})") << QByteArray(R"({"from":"body"})")
        << QByteArray(R"({"from":"query"})");
    QTest::newRow("DELETE body") << QByteArray("DELETE") << QByteArray("/signals")
                                 << QByteArray(R"({"from":"body"})") << QByteArray(R"({"from":"body"})");
    QTest::newRow("POST empty body") << QByteArray("POST") << QByteArray("/signals") << QByteArray()
                                     << QByteArray("{}");
    QTest::newRow("POST at the default limit")
        << QByteArray("POST") << QByteArray("/signals") << objectOfSize(datastar::MaxSignalsBytes)
        << objectOfSize(datastar::MaxSignalsBytes);
}

void TestReadSignals::requestOverloadReadsEachMethod()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    int status = 0;
    const Seen seen = exchange(method, target, body, datastar::MaxSignalsBytes, &status);
    QVERIFY(seen.called);
    QVERIFY2(!seen.error.isError(), qPrintable(seen.error.message()));
    QCOMPARE(seen.signalsObject, QJsonDocument::fromJson(expected).object());
    QCOMPARE(status, 200);
}

void TestReadSignals::requestOverloadReportsErrors_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qsizetype>("maxBytes");
    QTest::addColumn<ReadSignalsError::Kind>("kind");
    QTest::addColumn<int>("status");
    QTest::newRow("POST malformed") << QByteArray("POST") << QByteArray("/signals") << QByteArray(R"({"a":)")
                                    << datastar::MaxSignalsBytes << ReadSignalsError::Kind::MalformedJson
                                    << 400;
    QTest::newRow("GET malformed") << QByteArray("GET") << signalsQuery("{nope") << QByteArray()
                                   << datastar::MaxSignalsBytes << ReadSignalsError::Kind::MalformedJson
                                   << 400;
    QTest::newRow("POST raw control character")
        << QByteArray("POST") << QByteArray("/signals") << QByteArray("{\"a\":\"\x01\"}")
        << datastar::MaxSignalsBytes << ReadSignalsError::Kind::MalformedJson << 400;
    QTest::newRow("GET raw control character")
        << QByteArray("GET") << signalsQuery("{\"a\":\"\x01\"}") << QByteArray() << datastar::MaxSignalsBytes
        << ReadSignalsError::Kind::MalformedJson << 400;
    QTest::newRow("POST too deep") << QByteArray("POST") << QByteArray("/signals") << nestedObjects(1000)
                                   << datastar::MaxSignalsBytes << ReadSignalsError::Kind::TooDeep << 400;
    QTest::newRow("PUT array") << QByteArray("PUT") << QByteArray("/signals") << QByteArray("[1,2]")
                               << datastar::MaxSignalsBytes << ReadSignalsError::Kind::NotAnObject << 400;
    QTest::newRow("GET number") << QByteArray("GET") << signalsQuery("12") << QByteArray()
                                << datastar::MaxSignalsBytes << ReadSignalsError::Kind::NotAnObject << 400;
    QTest::newRow("POST over the default limit")
        << QByteArray("POST") << QByteArray("/signals") << objectOfSize(datastar::MaxSignalsBytes + 1)
        << datastar::MaxSignalsBytes << ReadSignalsError::Kind::TooLarge << 413;
    QTest::newRow("PATCH over a custom limit")
        << QByteArray("PATCH") << QByteArray("/signals") << objectOfSize(33) << qsizetype(32)
        << ReadSignalsError::Kind::TooLarge << 413;
    QTest::newRow("DELETE parameter over a custom limit")
        << QByteArray("DELETE") << signalsQuery(objectOfSize(100)) << QByteArray() << qsizetype(32)
        << ReadSignalsError::Kind::TooLarge << 413;
}

void TestReadSignals::requestOverloadReportsErrors()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, body);
    QFETCH(qsizetype, maxBytes);
    QFETCH(ReadSignalsError::Kind, kind);
    QFETCH(int, status);
    int answered = 0;
    const Seen seen = exchange(method, target, body, maxBytes, &answered);
    QVERIFY(seen.called);
    QCOMPARE(seen.error.kind(), kind);
    QCOMPARE(seen.error.httpStatus(), status);
    QVERIFY(!seen.error.message().isEmpty());
    QVERIFY(seen.signalsObject.isEmpty());
    QCOMPARE(answered, status);
}

QTEST_GUILESS_MAIN(TestReadSignals)
#include "tst_readsignals.moc"
