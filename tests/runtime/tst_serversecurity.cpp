// The server's locks, over real sockets: the secret, Host, fetch metadata, Origin, body size, traversal,
// failing handlers.
#include "httpclient.h"

#include <starling/httperror.h>
#include <starling/response.h>
#include <starling/server.h>
#include <starling/tokeninterceptor.h>

#include <QTest>

#include <stdexcept>

using namespace runtimetest;

class SecurityTest : public QObject
{
    Q_OBJECT

private:
    starling::Server m_server;
    int m_posts = 0;

    QByteArray request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {})
    {
        return requestBytes(method, target, ownHeaders(m_server.port(), m_server.secret()), body);
    }
    Headers withHeader(Headers headers, const QByteArray &name, const QByteArray &value)
    {
        for (auto &header : headers) {
            if (header.first == name) {
                header.second = value;
                return headers;
            }
        }
        headers.emplaceBack(name, value);
        return headers;
    }
    Headers withoutHeader(Headers headers, const QByteArray &name)
    {
        headers.removeIf([&](const auto &header) { return header.first == name; });
        return headers;
    }
    Headers own() { return ownHeaders(m_server.port(), m_server.secret()); }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.get("/", [](const starling::Request &) { return starling::html("<p>home</p>"); });
        m_server.post("/echo", [this](const starling::Request &request) {
            ++m_posts;
            return starling::text(QString::fromUtf8(request.body()));
        });
        m_server.get("/throw", [](const starling::Request &) -> QHttpServerResponse {
            throw std::runtime_error("the handler broke");
        });
        m_server.post("/signals", [](const starling::Request &request) {
            return starling::json(request.signalValues());
        });
        QVERIFY(m_server.listen());
        QVERIFY(m_server.port() != 0);
    }

    void secretIsLongAndPerServer()
    {
        QVERIFY(QByteArray::fromBase64(m_server.secret(), QByteArray::Base64UrlEncoding).size() >= 16);
        starling::Server other;
        QVERIFY(other.secret() != m_server.secret());
    }

    void listensOnce()
    {
        QVERIFY(!m_server.listen());
        QVERIFY(m_server.errorString().contains(u"already listening"));
    }

    void listensOnLoopbackOnly()
    {
        QTcpSocket socket;
        const auto address = QHostAddress(QStringLiteral("127.0.0.2"));
        socket.connectToHost(address, m_server.port());
        QVERIFY(!socket.waitForConnected(2000) || socket.peerAddress() != address);
    }

    void interceptorTargetsOnlyTheOwnOrigin()
    {
        const starling::TokenInterceptor interceptor(m_server.origin(), m_server.secret());
        const QString port = QString::number(m_server.port());
        QVERIFY(interceptor.isOwnOrigin(QUrl(QStringLiteral("http://127.0.0.1:%1/todos").arg(port))));
        QVERIFY(interceptor.isOwnOrigin(QUrl(QStringLiteral("http://localhost:%1/").arg(port))));
        QVERIFY(!interceptor.isOwnOrigin(QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(port))));
        QVERIFY(!interceptor.isOwnOrigin(QUrl(QStringLiteral("http://127.0.0.1:1/"))));
        QVERIFY(!interceptor.isOwnOrigin(QUrl(QStringLiteral("http://evil.example:%1/").arg(port))));
        QVERIFY(!interceptor.isOwnOrigin(QUrl(QStringLiteral("https://example.com/"))));
    }

    void requestWithoutSecretIsForbidden()
    {
        const auto reply
            = exchange(m_server.port(), requestBytes("GET", "/", withoutHeader(own(), "Starling-Token")));
        QVERIFY(reply && reply->isComplete());
        QCOMPARE(reply->statusCode(), 403);
        QVERIFY(reply->body().contains("token"));
    }

    void requestWithWrongSecretIsForbidden()
    {
        QByteArray wrong = m_server.secret();
        wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
        const auto reply
            = exchange(m_server.port(), requestBytes("GET", "/", withHeader(own(), "Starling-Token", wrong)));
        QCOMPARE(reply->statusCode(), 403);
    }

    void requestWithSecretIsAnswered()
    {
        const auto reply = exchange(m_server.port(), request("GET", "/"));
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->body(), QByteArray("<p>home</p>"));
    }

    void wrongHostIsMisdirected_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::newRow("other name") << QByteArray("evil.example:%1");
        QTest::newRow("other port") << QByteArray("127.0.0.1:1");
        QTest::newRow("no port") << QByteArray("127.0.0.1");
        QTest::newRow("rebinding name") << QByteArray("127.0.0.1.nip.io:%1");
    }
    void wrongHostIsMisdirected()
    {
        QFETCH(QByteArray, host);
        host.replace("%1", QByteArray::number(m_server.port()));
        const auto reply
            = exchange(m_server.port(), requestBytes("GET", "/", withHeader(own(), "Host", host)));
        QCOMPARE(reply->statusCode(), 421);
        QVERIFY(reply->body().contains("Host"));
    }

    void localhostHostIsAccepted()
    {
        const QByteArray host = "localhost:" + QByteArray::number(m_server.port());
        const auto reply
            = exchange(m_server.port(), requestBytes("GET", "/", withHeader(own(), "Host", host)));
        QCOMPARE(reply->statusCode(), 200);
    }

    void crossOriginWriteIsForbidden_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("origin");
        QTest::newRow("POST other site") << QByteArray("POST") << QByteArray("http://evil.example");
        QTest::newRow("POST other port") << QByteArray("POST") << QByteArray("http://127.0.0.1:1");
        QTest::newRow("POST null") << QByteArray("POST") << QByteArray("null");
        QTest::newRow("POST https") << QByteArray("POST") << QByteArray("https://127.0.0.1:%1");
        QTest::newRow("PUT other site") << QByteArray("PUT") << QByteArray("http://evil.example");
        QTest::newRow("PATCH other site") << QByteArray("PATCH") << QByteArray("http://evil.example");
        QTest::newRow("DELETE other site") << QByteArray("DELETE") << QByteArray("http://evil.example");
    }
    void crossOriginWriteIsForbidden()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, origin);
        origin.replace("%1", QByteArray::number(m_server.port()));
        const int posts = m_posts;
        // /echo answers POST only; a refusal before routing answers 403 for the other methods too.
        const auto reply = exchange(m_server.port(),
                                    requestBytes(method, "/echo", withHeader(own(), "Origin", origin), "x"));
        QCOMPARE(reply->statusCode(), 403);
        QVERIFY(reply->body().contains("origin"));
        QCOMPARE(m_posts, posts);
    }

    void writeWithoutOriginIsForbidden()
    {
        const auto reply
            = exchange(m_server.port(), requestBytes("POST", "/echo", withoutHeader(own(), "Origin"), "x"));
        QCOMPARE(reply->statusCode(), 403);
    }

    void sameOriginWriteIsAnswered()
    {
        const auto reply = exchange(m_server.port(), request("POST", "/echo", "hello"));
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->body(), QByteArray("hello"));
        const QByteArray localhost = "http://localhost:" + QByteArray::number(m_server.port());
        const auto other = exchange(
            m_server.port(), requestBytes("POST", "/echo", withHeader(own(), "Origin", localhost), "hi"));
        QCOMPARE(other->statusCode(), 200);
    }

    void tokenUrlSetsSessionCookie()
    {
        const QByteArray target = "/?token=" + m_server.secret();
        const auto reply
            = exchange(m_server.port(), requestBytes("GET", target, withoutHeader(own(), "Starling-Token")));
        QCOMPARE(reply->statusCode(), 303);
        QCOMPARE(reply->header("Set-Cookie"),
                 m_server.cookieName() + '=' + m_server.secret() + "; HttpOnly; SameSite=Strict; Path=/");

        Headers cookieOnly = withoutHeader(own(), "Starling-Token");
        cookieOnly.emplaceBack("Cookie", "other=1; " + m_server.cookieName() + '=' + m_server.secret());
        QCOMPARE(exchange(m_server.port(), requestBytes("GET", "/", cookieOnly))->statusCode(), 200);

        Headers wrongCookie = withoutHeader(own(), "Starling-Token");
        wrongCookie.emplaceBack("Cookie", "starling-1=" + m_server.secret());
        QCOMPARE(exchange(m_server.port(), requestBytes("GET", "/", wrongCookie))->statusCode(), 403);
    }

    void tokenUrlRedirectsToTheSameUrlWithoutTheToken_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("location"); // after http://<Host>
        QTest::newRow("home") << QByteArray("/?token=%s") << QByteArray("/");
        QTest::newRow("other items kept")
            << QByteArray("/todo?a=1&token=%s&b=%20x%26y&c") << QByteArray("/todo?a=1&b=%20x%26y&c");
        QTest::newRow("encoded name") << QByteArray("/?tok%65n=%s&x=1") << QByteArray("/?x=1");
        QTest::newRow("twice") << QByteArray("/p?token=%s&token=other") << QByteArray("/p");
        QTest::newRow("encoded path") << QByteArray("/a%20b/?token=%s") << QByteArray("/a%20b/");
    }
    void tokenUrlRedirectsToTheSameUrlWithoutTheToken()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, location);
        target.replace("%s", m_server.secret());
        // Judged by the secret alone: whoever has it may come from anywhere, even another site.
        Headers headers = withoutHeader(withoutHeader(own(), "Starling-Token"), "Origin");
        headers.emplaceBack("Sec-Fetch-Site", "cross-site");
        const auto reply = exchange(m_server.port(), requestBytes("GET", target, headers));
        QCOMPARE(reply->statusCode(), 303);
        QCOMPARE(reply->header("Location"),
                 "http://127.0.0.1:" + QByteArray::number(m_server.port()) + location);
        QVERIFY(!reply->header("Location").contains(m_server.secret()));
        QVERIFY(
            reply->header("Set-Cookie").startsWith(m_server.cookieName() + '=' + m_server.secret() + ';'));

        // A browser that already has the cookie (or the window's header) is sent on just the same.
        const auto again = exchange(m_server.port(), request("GET", target));
        QCOMPARE(again->statusCode(), 303);
        QCOMPARE(again->header("Location"), reply->header("Location"));
    }

    void tokenUrlRedirectStaysOnTheRequestsHost()
    {
        const QByteArray host = "localhost:" + QByteArray::number(m_server.port());
        const auto reply
            = exchange(m_server.port(),
                       requestBytes("GET", "/x?token=" + m_server.secret(),
                                    withHeader(withoutHeader(own(), "Starling-Token"), "Host", host)));
        QCOMPARE(reply->statusCode(), 303);
        QCOMPARE(reply->header("Location"), "http://" + host + "/x");
    }

    void wrongTokenInUrlIsForbidden()
    {
        const auto reply = exchange(m_server.port(),
                                    requestBytes("GET", "/?token=" + m_server.secret().left(20),
                                                 withoutHeader(own(), "Starling-Token")));
        QCOMPARE(reply->statusCode(), 403);
        QVERIFY(reply->header("Set-Cookie").isNull());
    }

    // Every port of 127.0.0.1 is one site: a page of another local server gets the SameSite=Strict cookie
    // sent along, and only fetch metadata tells it apart.
    void cookieFromAnotherSiteIsForbidden_data()
    {
        QTest::addColumn<QByteArray>("site");
        QTest::newRow("same-site") << QByteArray("same-site");
        QTest::newRow("cross-site") << QByteArray("cross-site");
        QTest::newRow("unknown value") << QByteArray("elsewhere");
    }
    void cookieFromAnotherSiteIsForbidden()
    {
        QFETCH(QByteArray, site);
        Headers headers = withoutHeader(own(), "Starling-Token");
        headers.emplaceBack("Cookie", m_server.cookieName() + '=' + m_server.secret());
        headers.emplaceBack("Sec-Fetch-Site", site);
        const auto reply = exchange(m_server.port(), requestBytes("GET", "/", headers));
        QCOMPARE(reply->statusCode(), 403);
        QVERIFY2(reply->body().contains("Sec-Fetch-Site: " + site), reply->body().constData());
        const auto script
            = exchange(m_server.port(), requestBytes("GET", "/_starling/datastar/sse.js", headers));
        QCOMPARE(script->statusCode(), 403);
        const int posts = m_posts;
        const auto post = exchange(m_server.port(), requestBytes("POST", "/echo", headers, "x"));
        QCOMPARE(post->statusCode(), 403);
        QCOMPARE(m_posts, posts);
    }

    void cookieFromTheAppsOwnPagesIsAnswered_data()
    {
        QTest::addColumn<QByteArray>("site"); // empty: no Sec-Fetch-Site (curl, an older browser)
        QTest::newRow("same-origin") << QByteArray("same-origin");
        QTest::newRow("none") << QByteArray("none");
        QTest::newRow("absent") << QByteArray();
    }
    void cookieFromTheAppsOwnPagesIsAnswered()
    {
        QFETCH(QByteArray, site);
        Headers headers = withoutHeader(own(), "Starling-Token");
        headers.emplaceBack("Cookie", m_server.cookieName() + '=' + m_server.secret());
        if (!site.isEmpty())
            headers.emplaceBack("Sec-Fetch-Site", site);
        QCOMPARE(exchange(m_server.port(), requestBytes("GET", "/", headers))->statusCode(), 200);
        const auto post = exchange(m_server.port(), requestBytes("POST", "/echo", headers, "own"));
        QCOMPARE(post->statusCode(), 200);
        QCOMPARE(post->body(), QByteArray("own"));
    }

    void tokenHeaderIsJudgedByTheSecretAlone_data()
    {
        QTest::addColumn<QByteArray>("site");
        QTest::newRow("same-site") << QByteArray("same-site");
        QTest::newRow("cross-site") << QByteArray("cross-site");
    }
    void tokenHeaderIsJudgedByTheSecretAlone()
    {
        QFETCH(QByteArray, site);
        Headers headers = own();
        headers.emplaceBack("Sec-Fetch-Site", site);
        QCOMPARE(exchange(m_server.port(), requestBytes("GET", "/", headers))->statusCode(), 200);
        // With a wrong header, the cookie is the only credential left: the rule applies.
        Headers wrongHeader = withHeader(headers, "Starling-Token", "wrong");
        wrongHeader.emplaceBack("Cookie", m_server.cookieName() + '=' + m_server.secret());
        QCOMPARE(exchange(m_server.port(), requestBytes("GET", "/", wrongHeader))->statusCode(), 403);
    }

    void tokenQueryDoesNotAuthorizeWrites()
    {
        const QByteArray target = "/echo?token=" + m_server.secret();
        const auto reply = exchange(
            m_server.port(), requestBytes("POST", target, withoutHeader(own(), "Starling-Token"), "x"));
        QCOMPARE(reply->statusCode(), 403);
    }

    void htmlCarriesExactContentSecurityPolicy()
    {
        const auto reply = exchange(m_server.port(), request("GET", "/"));
        QCOMPARE(reply->header("Content-Security-Policy"),
                 QByteArray(
                     "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' "
                     "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                     "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"));
        QCOMPARE(reply->headerCount("Content-Security-Policy"), 1);
    }

    void pathTraversalIsNotFound_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::newRow("dot dot") << QByteArray("/_starling/datastar/../datastar/sse.js");
        QTest::newRow("encoded dot dot") << QByteArray("/_starling/datastar/%2e%2e/datastar/sse.js");
        QTest::newRow("upper encoded dot dot") << QByteArray("/_starling/datastar/%2E%2E/datastar/sse.js");
        QTest::newRow("encoded slash") << QByteArray("/_starling/datastar/..%2fdatastar%2fsse.js");
        QTest::newRow("encoded slash inside") << QByteArray("/_starling/datastar/actions%2fbackend.js");
        QTest::newRow("dot") << QByteArray("/_starling/datastar/./sse.js");
        QTest::newRow("double slash") << QByteArray("/_starling/datastar//sse.js");
        QTest::newRow("backslash") << QByteArray("/_starling/datastar/..%5csse.js");
        QTest::newRow("nul") << QByteArray("/_starling/datastar/sse.js%00");
        QTest::newRow("outside root") << QByteArray("/_starling/datastar/%2e%2e/%2e%2e/tst_serversecurity");
    }
    void pathTraversalIsNotFound()
    {
        QFETCH(QByteArray, target);
        // The same file spelled plainly exists: the refusal is about the spelling, not the file.
        QCOMPARE(exchange(m_server.port(), request("GET", "/_starling/datastar/sse.js"))->statusCode(), 200);
        const auto reply = exchange(m_server.port(), request("GET", target));
        QCOMPARE(reply->statusCode(), 404);
    }

    void oversizeBodyIsRefusedBeforeItIsSent()
    {
        RawHttpClient connection(m_server.port());
        QVERIFY(connection.connectToServer());
        Headers headers = own();
        headers.emplaceBack("Content-Length", QByteArray::number(qint64(1) << 40));
        connection.send(requestBytes("POST", "/echo", headers)); // the head only: no byte of the body
        QVERIFY(connection.waitForComplete());
        QCOMPARE(connection.statusCode(), 413);
        QVERIFY(connection.body().contains("limit"));
        QCOMPARE(connection.header("Connection"), QByteArray("close"));
        QVERIFY(connection.waitForDisconnected());
    }

    void bodyAtTheLimitIsAccepted()
    {
        const QByteArray body(datastar::MaxSignalsBytes, 'a');
        const auto reply = exchange(m_server.port(), request("POST", "/echo", body));
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->body().size(), body.size());
    }

    void overlongChunkedUploadIsRefused()
    {
        RawHttpClient connection(m_server.port());
        QVERIFY(connection.connectToServer());
        Headers headers = own();
        headers.emplaceBack("Transfer-Encoding", "chunked");
        connection.send(requestBytes("POST", "/echo", headers));
        const QByteArray chunk(64 * 1024, 'x');
        const QByteArray framed = QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
        const int posts = m_posts;
        // 17 chunks of 64 KiB pass the 1 MiB limit; the answer comes before the upload could ever end.
        for (int i = 0; i < 17 && !connection.isHeadComplete(); ++i) {
            connection.send(framed);
            QTest::qWait(0);
        }
        QVERIFY(connection.waitForComplete());
        QCOMPARE(connection.statusCode(), 413);
        QVERIFY(connection.body().contains("chunked"));
        QCOMPARE(m_posts, posts);
    }

    void smallChunkedUploadIsAccepted()
    {
        Headers headers = own();
        headers.emplaceBack("Transfer-Encoding", "chunked");
        const auto reply = exchange(
            m_server.port(), requestBytes("POST", "/echo", headers, "5\r\nhello\r\n3\r\n, w\r\n0\r\n\r\n"));
        QCOMPARE(reply->body(), QByteArray("hello, w"));
        QCOMPARE(reply->statusCode(), 200);
    }

    void everyRequestOnAConnectionIsScreened()
    {
        RawHttpClient connection(m_server.port());
        QVERIFY(connection.connectToServer());
        connection.send(request("POST", "/echo", "first"));
        QVERIFY(connection.waitForComplete());
        QCOMPARE(connection.body(), QByteArray("first"));

        // The screen followed the first request's body and screens the next head on the same connection.
        connection.expectNextResponse();
        Headers headers = own();
        headers.emplaceBack("Content-Length", "99999999");
        connection.send(requestBytes("POST", "/echo", headers));
        QVERIFY(connection.waitForComplete());
        QCOMPARE(connection.statusCode(), 413);
    }

    void throwingHandlerIsInternalErrorAndServerGoesOn()
    {
        const auto reply = exchange(m_server.port(), request("GET", "/throw"));
        QCOMPARE(reply->statusCode(), 500);
        QVERIFY(reply->body().contains("Internal error"));
        QVERIFY(!reply->body().contains("the handler broke")); // details go to the log, not to the client
        QCOMPARE(exchange(m_server.port(), request("GET", "/"))->statusCode(), 200);
    }

    void malformedSignalsAreBadRequest()
    {
        const auto reply = exchange(m_server.port(), request("POST", "/signals", "{not json"));
        QCOMPARE(reply->statusCode(), 400);
        const auto array = exchange(m_server.port(), request("POST", "/signals", "[1]"));
        QCOMPARE(array->statusCode(), 400);
        const auto good = exchange(m_server.port(), request("POST", "/signals", R"({"a":1})"));
        QCOMPARE(good->statusCode(), 200);
        QCOMPARE(good->body(), QByteArray(R"({"a":1})"));
    }
};

QTEST_GUILESS_MAIN(SecurityTest)
#include "tst_serversecurity.moc"
