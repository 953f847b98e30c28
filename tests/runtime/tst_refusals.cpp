// Refusals a page can show: a handler's HttpError (and the runtime's own 404) answers the Datastar client
// with its status and SSE that sets `_error` and shows the #starling-error bar, checked on the wire and in a
// real (headless) QtWebEngine page with Starling's client; a browser's navigation gets an HTML error page
// (the runtime's own or the app's template); other requests get text/plain. Also /favicon.ico.
#include "httpclient.h"

#include <starling/httperror.h>
#include <starling/response.h>
#include <starling/server.h>
#include <starling/stream.h>
#include <starling/tokeninterceptor.h>

#include <QFile>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineProfile>

using namespace runtimetest;

namespace {
constexpr int PageTimeoutMs = 60000;
const QString Refusal = QStringLiteral("Type a name first (<b> is text).");

// The value of a JavaScript expression in the page, asked again until it equals `expected`.
bool waitForValue(QWebEnginePage &page, const QString &expression, const QString &expected)
{
    auto current = std::make_shared<QString>();
    auto asking = std::make_shared<bool>(false);
    return QTest::qWaitFor(
        [&] {
            if (!*asking) {
                *asking = true;
                page.runJavaScript(expression, [current, asking](const QVariant &value) {
                    *current = value.toString();
                    *asking = false;
                });
            }
            return *current == expected;
        },
        PageTimeoutMs);
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

class RefusalsTest : public QObject
{
    Q_OBJECT

private:
    starling::Server m_server;

    Headers own() const { return ownHeaders(m_server.port(), m_server.secret()); }
    // What a browser sends when the user opens a URL (Chromium's fetch metadata and Accept).
    static Headers navigating(Headers headers)
    {
        headers.append({ QByteArray("Sec-Fetch-Mode"), QByteArray("navigate") });
        headers.append({ QByteArray("Accept"), QByteArray("text/html,application/xhtml+xml,*/*;q=0.8") });
        return headers;
    }
    Headers fromClient() const
    {
        Headers headers = own();
        headers.append({ QByteArray("Datastar-Request"), QByteArray("true") });
        return headers;
    }

public:
    static void initMain() { QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts); }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.get("/", [](const starling::Request &) {
            return starling::html(QStringLiteral(
                "<!DOCTYPE html><title>refusals</title>"
                "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>"
                "<span id=\"ready\" data-text=\"'ready'\"></span>"
                // A page without a view counts as hidden; by default the client fetches only while visible.
                "<button id=\"ask\" data-on:click=\"@post('/greet', {openWhenHidden: true})\">Greet</button>"
                "<p id=\"shown\" data-text=\"$_error\"></p>"));
        });
        m_server.post("/greet", [](const starling::Request &, starling::Stream &) {
            throw starling::HttpError(422, Refusal);
        });
        m_server.get("/greeting", [](const starling::Request &) -> QHttpServerResponse {
            throw starling::HttpError(422, Refusal);
        });
        m_server.get("/broken", [](const starling::Request &) -> QHttpServerResponse {
            throw std::runtime_error("a bug's details");
        });
        QVERIFY(m_server.listen());
    }

    void datastarRequestGetsStatusAndPatches()
    {
        const auto reply = exchange(m_server.port(), requestBytes("POST", "/greet", fromClient()));
        QCOMPARE(reply->statusCode(), 422);
        QCOMPARE(reply->header("Content-Type"), QByteArray("text/event-stream"));
        const QByteArray body = reply->body();
        QVERIFY2(
            body.startsWith("event: datastar-patch-signals\ndata: signals {\"_error\":\"Type a name first "
                            "(<b> is text).\"}\n\n"),
            body.constData());
        QVERIFY2(body.contains("document.getElementById('starling-error')?.remove()"), body.constData());
        QVERIFY2(body.contains("id=\"starling-error\" role=\"alert\""), body.constData());
        QVERIFY2(body.contains("Type a name first (&lt;b&gt; is text).</span>"), body.constData());
    }

    void otherRequestGetsText()
    {
        const auto reply = exchange(m_server.port(), requestBytes("POST", "/greet", own()));
        QCOMPARE(reply->statusCode(), 422);
        QVERIFY(reply->header("Content-Type").startsWith("text/plain"));
        QCOMPARE(reply->body(), Refusal.toUtf8() + '\n');
    }

    void runtimeRefusalsUseTheSameForm()
    {
        const auto reply = exchange(m_server.port(), requestBytes("GET", "/nowhere", fromClient()));
        QCOMPARE(reply->statusCode(), 404);
        QVERIFY2(reply->body().contains("{\"_error\":\"Not found.\"}"), reply->body().constData());
    }

    void navigationToAnUnknownPageGetsAnErrorPage()
    {
        const auto reply = exchange(m_server.port(), requestBytes("GET", "/nowhere", navigating(own())));
        QCOMPARE(reply->statusCode(), 404);
        QVERIFY(reply->header("Content-Type").startsWith("text/html"));
        QCOMPARE(reply->header("Content-Security-Policy"),
                 starling::Server::ContentSecurityPolicy.toByteArray());
        const QByteArray body = reply->body();
        QVERIFY2(body.contains("<title>404 Not Found</title>"), body.constData());
        QVERIFY2(body.contains("<p class=\"message\">Not found.</p>"), body.constData());
        QVERIFY2(body.contains("<a href=\"/\">"), body.constData());
        QVERIFY2(body.contains("prefers-color-scheme: dark"), body.constData());
        // Nothing from elsewhere: the page must show when the app is all there is.
        QVERIFY2(!body.contains("src=") && !body.contains("<link"), body.constData());

        // A missing static file opened as a page too.
        const auto file = exchange(m_server.port(),
                                   requestBytes("GET", "/_starling/datastar/nope.js", navigating(own())));
        QCOMPARE(file->statusCode(), 404);
        QVERIFY2(file->body().contains("<title>404 Not Found</title>"), file->body().constData());
    }

    void navigationWithTheWrongMethodGetsAnErrorPage()
    {
        const auto reply = exchange(m_server.port(), requestBytes("POST", "/", navigating(own())));
        QCOMPARE(reply->statusCode(), 405);
        QCOMPARE(reply->header("Allow"), QByteArray("GET"));
        QVERIFY2(reply->body().contains("<title>405 Method Not Allowed</title>"), reply->body().constData());
        QVERIFY2(reply->body().contains("Method not allowed."), reply->body().constData());
    }

    void handlersHttpErrorIsAnErrorPageWithTheMessageEscaped()
    {
        const auto reply = exchange(m_server.port(), requestBytes("GET", "/greeting", navigating(own())));
        QCOMPARE(reply->statusCode(), 422);
        QVERIFY(reply->header("Content-Type").startsWith("text/html"));
        QVERIFY2(reply->body().contains("Type a name first (&lt;b&gt; is text)."), reply->body().constData());
        QVERIFY2(!reply->body().contains("<b>"), reply->body().constData());
    }

    void handlersFailureIsAnErrorPageWithoutDetails()
    {
        const auto reply = exchange(m_server.port(), requestBytes("GET", "/broken", navigating(own())));
        QCOMPARE(reply->statusCode(), 500);
        QVERIFY2(reply->body().contains("<title>500 Internal Server Error</title>"),
                 reply->body().constData());
        QVERIFY2(reply->body().contains("Internal error: the handler failed."), reply->body().constData());
        QVERIFY2(!reply->body().contains("details"), reply->body().constData());
    }

    void accessCheckRefusalKeepsItsMessageOnTheErrorPage()
    {
        Headers stranger = navigating({ { "Host", "127.0.0.1:" + QByteArray::number(m_server.port()) } });
        const auto reply = exchange(m_server.port(), requestBytes("GET", "/", stranger));
        QCOMPARE(reply->statusCode(), 403);
        QVERIFY2(reply->body().contains("<title>403 Forbidden</title>"), reply->body().constData());
        QVERIFY2(
            reply->body().contains("Refused: this app&apos;s server answers only its own window (the request "
                                   "has no valid Starling token)."),
            reply->body().constData());
    }

    void appsErrorPageIsUsedAndEscapesTheMessage()
    {
        starling::Server server;
        server.get("/greeting", [](const starling::Request &) -> QHttpServerResponse {
            throw starling::HttpError(409, QStringLiteral("<script>alert(1)</script> is taken"));
        });
        server.setErrorPage(starling::Template(QStringLiteral(
            "<!DOCTYPE html><title>Mine</title><h1>{{status}} {{reason}}</h1><p>{{message}}</p>"
            "<a href=\"{{home}}\">home</a>")));
        QVERIFY(server.listen());
        const Headers headers = navigating(ownHeaders(server.port(), server.secret()));
        const auto reply = exchange(server.port(), requestBytes("GET", "/greeting", headers));
        QCOMPARE(reply->statusCode(), 409);
        QCOMPARE(reply->body(),
                 QByteArray("<!DOCTYPE html><title>Mine</title><h1>409 Conflict</h1>"
                            "<p>&lt;script&gt;alert(1)&lt;/script&gt; is taken</p><a href=\"/\">home</a>"));
        // A request that is not a navigation keeps its form.
        const auto fetched = exchange(
            server.port(), requestBytes("GET", "/nowhere", ownHeaders(server.port(), server.secret())));
        QCOMPARE(fetched->statusCode(), 404);
        QCOMPARE(fetched->body(), QByteArray("Not found.\n"));
    }

    void pageShowsTheRefusal()
    {
        QWebEngineProfile profile;
        starling::TokenInterceptor interceptor(m_server.origin(), m_server.secret());
        profile.setUrlRequestInterceptor(&interceptor);
        LoggingPage page(&profile);
        page.load(m_server.origin());
        // The client has applied itself once #ready shows its text.
        QVERIFY(waitForValue(page, QStringLiteral("document.getElementById('ready')?.textContent ?? ''"),
                             QStringLiteral("ready")));
        page.runJavaScript(QStringLiteral("document.getElementById('ask').click()"));

        QVERIFY(waitForValue(page, QStringLiteral("document.getElementById('shown').textContent"), Refusal));
        QVERIFY(waitForValue(page,
                             QStringLiteral("document.querySelector('#starling-error[role=alert] span')"
                                            "?.textContent ?? ''"),
                             Refusal));
        // A second refusal replaces the bar rather than adding one: the marked first bar goes.
        page.runJavaScript(QStringLiteral("document.getElementById('starling-error').dataset.first = 'yes';"
                                          "document.getElementById('ask').click()"));
        QVERIFY(waitForValue(page,
                             QStringLiteral("(bar => bar ? String(bar.dataset.first) : "
                                            "'none')(document.getElementById('starling-error'))"),
                             QStringLiteral("undefined")));
        QVERIFY(waitForValue(page,
                             QStringLiteral("String(document.querySelectorAll('#starling-error').length)"),
                             QStringLiteral("1")));
        // Its button dismisses it.
        page.runJavaScript(QStringLiteral("document.querySelector('#starling-error button').click()"));
        QVERIFY(waitForValue(page,
                             QStringLiteral("String(document.querySelectorAll('#starling-error').length)"),
                             QStringLiteral("0")));

        // Opening an unknown page shows the error page, with its link home.
        page.load(m_server.origin().resolved(QUrl(QStringLiteral("/no/such/page"))));
        QVERIFY(waitForValue(page, QStringLiteral("document.title"), QStringLiteral("404 Not Found")));
        QVERIFY(waitForValue(page, QStringLiteral("document.querySelector('a')?.getAttribute('href') ?? ''"),
                             QStringLiteral("/")));
        profile.setUrlRequestInterceptor(nullptr);
    }

    void faviconIsTheIcon()
    {
        m_server.setIcon(QStringLiteral(":/starling/icon.svg"));
        const auto reply = exchange(m_server.port(), requestBytes("GET", "/favicon.ico", own()));
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->header("Content-Type"), QByteArray("image/svg+xml"));
        QFile icon(QStringLiteral(":/starling/icon.svg"));
        QVERIFY(icon.open(QIODevice::ReadOnly));
        QCOMPARE(reply->body(), icon.readAll());
    }

    void appRouteWinsOverTheIcon()
    {
        starling::Server server;
        server.get("/favicon.ico",
                   [](const starling::Request &) { return starling::text(QStringLiteral("mine")); });
        server.setIcon(QStringLiteral(":/starling/icon.svg"));
        QVERIFY(server.listen());
        const auto reply = exchange(
            server.port(), requestBytes("GET", "/favicon.ico", ownHeaders(server.port(), server.secret())));
        QCOMPARE(reply->body(), QByteArray("mine"));
    }
};

QTEST_MAIN(RefusalsTest)
#include "tst_refusals.moc"
