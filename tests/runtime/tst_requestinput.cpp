// What handlers read from a request over real sockets: typed signals by path, and forms (urlencoded and
// multipart, with files), with the errors bad input gets.
#include "httpclient.h"

#include <starling/httperror.h>
#include <starling/response.h>
#include <starling/server.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace runtimetest;

namespace {

template<typename T> QString shown(const T &value)
{
    if constexpr (std::is_same_v<T, bool>)
        return value ? QStringLiteral("true") : QStringLiteral("false");
    else if constexpr (std::is_same_v<T, QString>)
        return QLatin1Char('"') + value + QLatin1Char('"');
    else if constexpr (std::is_same_v<T, QJsonObject> || std::is_same_v<T, QJsonArray>)
        return QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact));
    else if constexpr (std::is_same_v<T, double>)
        return QString::number(value, 'g', 17);
    else
        return QString::number(value);
}

template<typename T> QString read(const starling::Request &request, const QString &path, bool optional)
{
    if (!optional)
        return shown(request.signal<T>(path));
    const std::optional<T> value = request.optionalSignal<T>(path);
    return value ? shown(*value) : QStringLiteral("absent");
}

// ?type=<T>&path=<path>[&optional]: the signal as the handler reads it.
QString readByType(const starling::Request &request)
{
    const QString type = request.query(QStringLiteral("type"));
    const QString path = request.query(QStringLiteral("path"));
    const bool optional = request.query().hasQueryItem(QStringLiteral("optional"));
    if (type == u"bool")
        return read<bool>(request, path, optional);
    if (type == u"int")
        return read<int>(request, path, optional);
    if (type == u"qint64")
        return read<qint64>(request, path, optional);
    if (type == u"double")
        return read<double>(request, path, optional);
    if (type == u"string")
        return read<QString>(request, path, optional);
    if (type == u"object")
        return read<QJsonObject>(request, path, optional);
    return read<QJsonArray>(request, path, optional);
}

const QByteArray Signals = R"({"flag":true,"count":42,"whole":3.0,"big":9007199254740993,"ratio":0.5,
    "name":"Ada","nothing":null,"user":{"age":36,"tags":["a","b"],"address":{"city":"Lyon"}},"list":[1,2],
    "maxInt":2147483647,"minInt":-2147483648,"overInt":2147483648,"huge":1e19,"text":"3"})";

const QByteArray Boundary = "----WebKitFormBoundaryQ3b6nG2h8sL0pXyZ";

QByteArray multipart(const QList<QByteArray> &parts)
{
    QByteArray bytes;
    for (const QByteArray &part : parts)
        bytes += "--" + Boundary + "\r\n" + part + "\r\n";
    return bytes + "--" + Boundary + "--\r\n";
}

} // namespace

class RequestInputTest : public QObject
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

    static QByteArray target(const QByteArray &type, const QByteArray &path, bool optional = false)
    {
        return "/signal?type=" + type + "&path=" + path + (optional ? "&optional" : "");
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.post("/signal",
                      [](const starling::Request &request) { return starling::text(readByType(request)); });
        m_server.get("/signal",
                     [](const starling::Request &request) { return starling::text(readByType(request)); });
        // Every field and file, one per line, in order.
        const auto form = [](const starling::Request &request) {
            QStringList lines;
            const QMap<QString, QStringList> fields = request.formFields();
            for (auto it = fields.cbegin(); it != fields.cend(); ++it)
                lines.append(it.key() + u'=' + it.value().join(u'|'));
            for (const starling::UploadedFile &file : request.files()) {
                lines.append(QStringLiteral("file %1 %2 %3 %4")
                                 .arg(file.fieldName, file.fileName, QString::fromLatin1(file.contentType),
                                      QString::fromLatin1(file.content.toHex())));
            }
            return starling::text(lines.join(u'\n'));
        };
        m_server.get("/form", form);
        m_server.post("/form", form);
        m_server.put("/form", form);
        m_server.post("/field", [](const starling::Request &request) {
            const QString value = request.formField(request.query(QStringLiteral("name")));
            return starling::text(value.isNull() ? QStringLiteral("null") : QLatin1Char('"') + value + u'"');
        });
        QVERIFY(m_server.listen());
    }

    void typedSignalsAreRead_data()
    {
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("bool") << QByteArray("bool") << QByteArray("flag") << QByteArray("true");
        QTest::newRow("int") << QByteArray("int") << QByteArray("count") << QByteArray("42");
        QTest::newRow("int written 3.0") << QByteArray("int") << QByteArray("whole") << QByteArray("3");
        QTest::newRow("int's maximum")
            << QByteArray("int") << QByteArray("maxInt") << QByteArray("2147483647");
        QTest::newRow("int's minimum")
            << QByteArray("int") << QByteArray("minInt") << QByteArray("-2147483648");
        QTest::newRow("qint64 beyond double's precision")
            << QByteArray("qint64") << QByteArray("big") << QByteArray("9007199254740993");
        QTest::newRow("qint64 over int")
            << QByteArray("qint64") << QByteArray("overInt") << QByteArray("2147483648");
        QTest::newRow("double") << QByteArray("double") << QByteArray("ratio") << QByteArray("0.5");
        QTest::newRow("double from an integer")
            << QByteArray("double") << QByteArray("count") << QByteArray("42");
        QTest::newRow("string") << QByteArray("string") << QByteArray("name") << QByteArray("\"Ada\"");
        QTest::newRow("nested") << QByteArray("int") << QByteArray("user.age") << QByteArray("36");
        QTest::newRow("two levels") << QByteArray("string") << QByteArray("user.address.city")
                                    << QByteArray("\"Lyon\"");
        QTest::newRow("object") << QByteArray("object") << QByteArray("user.address")
                                << QByteArray(R"({"city":"Lyon"})");
        QTest::newRow("array") << QByteArray("array") << QByteArray("user.tags")
                               << QByteArray(R"(["a","b"])");
    }
    void typedSignalsAreRead()
    {
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, expected);
        const auto reply
            = call("POST", target(type, path), Signals, { { "Content-Type", "application/json" } });
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->body(), expected);
        // optionalSignal() gives the same value.
        const auto optional = call("POST", target(type, path, true), Signals);
        QCOMPARE(optional->body(), expected);
    }

    void signalsOfGetComeFromTheQuery()
    {
        const QByteArray json = QByteArray(R"({"user":{"name":"Ada Lovelace"}})").toPercentEncoding();
        const auto reply = call("GET", target("string", "user.name") + "&datastar=" + json);
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->body(), QByteArray("\"Ada Lovelace\""));
    }

    void wrongTypeIsBadRequest_data()
    {
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("bool from a number")
            << QByteArray("bool") << QByteArray("count")
            << QByteArray("signal 'count' must be a boolean, got the number 42");
        QTest::newRow("int from a fraction")
            << QByteArray("int") << QByteArray("ratio")
            << QByteArray(
                   "signal 'ratio' must be an integer from -2147483648 to 2147483647, got the number 0.5");
        QTest::newRow("int over its range")
            << QByteArray("int") << QByteArray("overInt")
            << QByteArray(
                   "signal 'overInt' must be an integer from -2147483648 to 2147483647, got the number "
                   "2147483648");
        QTest::newRow("int from a string")
            << QByteArray("int") << QByteArray("text")
            << QByteArray("signal 'text' must be an integer from -2147483648 to 2147483647, got a string");
        QTest::newRow("qint64 over its range")
            << QByteArray("qint64") << QByteArray("huge")
            << QByteArray(
                   "signal 'huge' must be an integer from -9223372036854775808 to 9223372036854775807, got "
                   "the number 1e+19");
        QTest::newRow("double from a string") << QByteArray("double") << QByteArray("text")
                                              << QByteArray("signal 'text' must be a number, got a string");
        QTest::newRow("string from a number")
            << QByteArray("string") << QByteArray("user.age")
            << QByteArray("signal 'user.age' must be a string, got the number 36");
        QTest::newRow("object from an array") << QByteArray("object") << QByteArray("list")
                                              << QByteArray("signal 'list' must be an object, got an array");
        QTest::newRow("array from an object") << QByteArray("array") << QByteArray("user")
                                              << QByteArray("signal 'user' must be an array, got an object");
        QTest::newRow("through a string")
            << QByteArray("string") << QByteArray("name.first")
            << QByteArray("signal 'name' must be an object to hold 'name.first', got "
                          "a string");
        QTest::newRow("through an array") << QByteArray("int") << QByteArray("user.tags.0")
                                          << QByteArray("signal 'user.tags' must be an object to hold "
                                                        "'user.tags.0', got an array");
    }
    void wrongTypeIsBadRequest()
    {
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, message);
        for (bool optional : { false, true }) {
            const auto reply = call("POST", target(type, path, optional), Signals);
            QCOMPARE(reply->statusCode(), 400);
            QCOMPARE(reply->body(), message + '\n');
        }
    }

    void missingSignalIsBadRequest_data()
    {
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("top level") << QByteArray("string") << QByteArray("title")
                                   << QByteArray("signal 'title' is missing (expected a string)");
        QTest::newRow("nested") << QByteArray("bool") << QByteArray("user.admin")
                                << QByteArray("signal 'user.admin' is missing (expected a boolean)");
        QTest::newRow("under a missing object")
            << QByteArray("int") << QByteArray("settings.size")
            << QByteArray("signal 'settings.size' is missing (expected an "
                          "integer from -2147483648 to 2147483647)");
        QTest::newRow("null") << QByteArray("array") << QByteArray("nothing")
                              << QByteArray("signal 'nothing' is missing (expected an array)");
        QTest::newRow("under null") << QByteArray("object") << QByteArray("nothing.inside")
                                    << QByteArray("signal 'nothing.inside' is missing (expected an object)");
    }
    void missingSignalIsBadRequest()
    {
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, message);
        const auto reply = call("POST", target(type, path), Signals);
        QCOMPARE(reply->statusCode(), 400);
        QCOMPARE(reply->body(), message + '\n');
        const auto optional = call("POST", target(type, path, true), Signals);
        QCOMPARE(optional->statusCode(), 200);
        QCOMPARE(optional->body(), QByteArray("absent"));
    }

    void malformedSignalsAreRefusedByTypedReads()
    {
        const auto reply = call("POST", target("string", "name"), "{\"name\":");
        QCOMPARE(reply->statusCode(), 400);
        QVERIFY2(reply->body().startsWith("signals in the request body are not valid JSON"),
                 reply->body().constData());
        const auto optional = call("POST", target("string", "name", true), "[1]");
        QCOMPARE(optional->statusCode(), 400);
        QVERIFY2(optional->body().contains("must be a JSON object"), optional->body().constData());
    }

    void emptyPathSegmentIsTheAppsError()
    {
        for (const QByteArray &path : { QByteArray(), QByteArray("user."), QByteArray("user..age") }) {
            const auto reply = call("POST", target("int", path), Signals);
            QCOMPARE(reply->statusCode(), 500);
        }
    }

    void urlEncodedFormIsRead()
    {
        const auto reply
            = call("POST", "/form", "title=Milk+%26+eggs&tag=a&tag=&tag=b%20c&done&&caf%C3%A9=%E2%82%AC%zz",
                   { { "Content-Type", "application/x-www-form-urlencoded" } });
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->body(), QStringLiteral("café=€%zz\ndone=\ntag=a||b c\ntitle=Milk & eggs").toUtf8());
    }

    void formOfGetIsTheQuery()
    {
        const auto reply = call("GET", "/form?q=red+shoes&size=42&size=43");
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->body(), QByteArray("q=red shoes\nsize=42|43"));
    }

    void formFieldTellsEmptyFromMissing_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("value") << QByteArray("a") << QByteArray("\"1\"");
        QTest::newRow("first of several") << QByteArray("b") << QByteArray("\"x\"");
        QTest::newRow("empty") << QByteArray("c") << QByteArray("\"\"");
        QTest::newRow("without '='") << QByteArray("d") << QByteArray("\"\"");
        QTest::newRow("missing") << QByteArray("e") << QByteArray("null");
    }
    void formFieldTellsEmptyFromMissing()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, expected);
        const auto reply = call("POST", "/field?name=" + name, "a=1&b=x&b=y&c=&d",
                                { { "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8" } });
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->body(), expected);
        const auto multipartReply = call("POST", "/field?name=" + name,
                                         multipart({ "Content-Disposition: form-data; name=\"a\"\r\n\r\n1",
                                                     "Content-Disposition: form-data; name=\"b\"\r\n\r\nx",
                                                     "Content-Disposition: form-data; name=\"b\"\r\n\r\ny",
                                                     "Content-Disposition: form-data; name=\"c\"\r\n\r\n",
                                                     "Content-Disposition: form-data; name=\"d\"\r\n\r\n" }),
                                         { { "Content-Type", "multipart/form-data; boundary=" + Boundary } });
        QCOMPARE(multipartReply->statusCode(), 200);
        QCOMPARE(multipartReply->body(), expected);
    }

    void multipartFormHasFieldsAndFiles()
    {
        const QByteArray png = QByteArray("\x89PNG\r\n\x1a\n\0--", 11);
        const QByteArray body = multipart({
            "Content-Disposition: form-data; name=\"title\"\r\n\r\nHoliday",
            "Content-Disposition: form-data; name=\"photos\"; filename=\"beach.png\"\r\nContent-Type: "
            "image/png\r\n\r\n"
                + png,
            "Content-Disposition: form-data; name=\"photos\"; filename=\"notes.txt\"\r\n\r\nsand",
            // A file input left empty.
            "Content-Disposition: form-data; name=\"extra\"; filename=\"\"\r\nContent-Type: "
            "application/octet-stream\r\n\r\n",
            "Content-Disposition: form-data; name=\"title\"\r\n\r\nsecond",
        });
        const auto reply
            = call("PUT", "/form", body, { { "Content-Type", "multipart/form-data; boundary=" + Boundary } });
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->body(),
                 QByteArray("title=Holiday|second\n"
                            "file photos beach.png image/png "
                            + png.toHex()
                            + "\n"
                              "file photos notes.txt application/octet-stream 73616e64"));
    }

    void requestWithoutBodyHasAnEmptyForm()
    {
        const auto reply = call("POST", "/form");
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->body(), QByteArray());
    }

    void otherContentTypeIsUnsupported_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("JSON") << QByteArray("application/json")
                              << QByteArray(
                                     "a form was expected (Content-Type application/x-www-form-urlencoded "
                                     "or multipart/form-data), but the request's Content-Type is "
                                     "'application/json'");
        QTest::newRow("none") << QByteArray()
                              << QByteArray(
                                     "a form was expected (Content-Type application/x-www-form-urlencoded "
                                     "or multipart/form-data), but the request's Content-Type is none");
        QTest::newRow("long") << QByteArray("text/" + QByteArray(100, 'x'))
                              << QByteArray("but the request's Content-Type is 'text/" + QByteArray(59, 'x')
                                            + "...'");
    }
    void otherContentTypeIsUnsupported()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, message);
        Headers headers;
        if (!contentType.isEmpty())
            headers.append({ "Content-Type", contentType });
        const auto reply = call("POST", "/form", R"({"title":"x"})", headers);
        QCOMPARE(reply->statusCode(), 415);
        QVERIFY2(reply->body().contains(message), reply->body().constData());
    }

    void malformedMultipartIsBadRequest()
    {
        const auto reply
            = call("POST", "/form",
                   "--" + Boundary + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + Boundary + "--",
                   { { "Content-Type", "multipart/form-data; boundary=" + Boundary } });
        QCOMPARE(reply->statusCode(), 400);
        QCOMPARE(reply->body(),
                 QByteArray("malformed form: part 1 (offset 42) has no Content-Disposition header\n"));
        const auto noBoundary = call("POST", "/form", "x", { { "Content-Type", "multipart/form-data" } });
        QCOMPARE(noBoundary->statusCode(), 400);
        QVERIFY2(noBoundary->body().contains("no boundary parameter"), noBoundary->body().constData());
    }

    void tooManyFieldsAreRefused()
    {
        QByteArray fields = "a=1";
        for (int i = 1; i < 1000; ++i)
            fields += "&a=1";
        const Headers form { { "Content-Type", "application/x-www-form-urlencoded" } };
        QCOMPARE(call("POST", "/form", fields, form)->statusCode(), 200);
        const auto reply = call("POST", "/form", fields + "&a=1", form);
        QCOMPARE(reply->statusCode(), 413);
        QCOMPARE(reply->body(), QByteArray("the form has more than 1000 fields, the limit\n"));
    }
};

QTEST_GUILESS_MAIN(RequestInputTest)
#include "tst_requestinput.moc"
