// --dev serves the app's resources from its source tree: tests/runtime/devapp.cpp runs as a separate process
// (--serve --dev) with a temporary directory as its source resource directory, and is asked over HTTP.
#include "devresources_p.h"
#include "firstline.h"
#include "httpclient.h"

#include <starling/response.h>
#include <starling/server.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace runtimetest;
using starling::detail::DevResources;

namespace {

QByteArray compiledIn(const QString &relativePath)
{
    QFile file(QStringLiteral(TEST_RESOURCES "/") + relativePath);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    if (!QDir().mkpath(QFileInfo(path).path()))
        return false;
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

} // namespace

class DevResourcesTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_work; // per test: source/ (the app's source dir) and outside/
    QProcess m_app;
    quint16 m_port = 0;
    QByteArray m_token;
    QByteArray m_stderr;

    QString source(const QString &relativePath) const
    {
        return m_work->filePath(QStringLiteral("source/") + relativePath);
    }

    // Starts devapp with its source directory at `sourceDir` and waits for the URL it prints.
    bool start(const QStringList &arguments, const QString &sourceDir)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_LOGGING_RULES"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("DEVAPP_RESOURCES"), sourceDir);
        m_app.setProcessEnvironment(env);
        m_app.start(QStringLiteral(DEV_APP), arguments);
        if (!m_app.waitForStarted(WaitTimeoutMs))
            return false;
        const QByteArray line = starling::test::waitForFirstLine(m_app, WaitTimeoutMs);
        const QUrl url(QString::fromUtf8(line).section(u' ', 2).trimmed());
        m_port = quint16(url.port());
        m_token = QUrlQuery(url).queryItemValue(QStringLiteral("token")).toUtf8();
        return m_port != 0 && !m_token.isEmpty();
    }

    bool startDev() { return start({ QStringLiteral("--serve"), QStringLiteral("--dev") }, source({})); }

    std::unique_ptr<RawHttpClient> get(const QByteArray &target, const Headers &extra = {}) const
    {
        return exchange(m_port, requestBytes("GET", target, ownHeaders(m_port, m_token) + extra));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void init()
    {
        m_work = std::make_unique<QTemporaryDir>();
        QVERIFY(m_work->isValid());
        QVERIFY(QDir().mkpath(source({})));
        QVERIFY(QDir().mkpath(m_work->filePath(QStringLiteral("outside"))));
    }

    void cleanup()
    {
        if (m_app.state() != QProcess::NotRunning) {
            m_app.terminate();
            QVERIFY(m_app.waitForFinished(WaitTimeoutMs));
        }
        m_stderr = m_app.readAllStandardError();
        m_work.reset();
    }

    void sourceFilesWinOverTheCompiledInCopies()
    {
        QVERIFY(writeFile(source(QStringLiteral("pages/index.html")),
                          "<html><head><title>From source</title></head><body>source page</body></html>"));
        QVERIFY(writeFile(source(QStringLiteral("assets/style.css")), "body { color: rebeccapurple; }"));
        QVERIFY(startDev());

        const auto page = get("/");
        QCOMPARE(page->statusCode(), 200);
        QVERIFY2(page->body().contains("source page"), page->body().constData());
        QVERIFY(page->body().contains("/_starling/datastar/datastar.js")); // page() still adds the client
        QCOMPARE(page->header("Cache-Control"), QByteArray("no-store"));
        QVERIFY(!page->header("Content-Security-Policy").isEmpty());

        const auto css = get("/assets/style.css");
        QCOMPARE(css->statusCode(), 200);
        QCOMPARE(css->body(), QByteArray("body { color: rebeccapurple; }"));
        QCOMPARE(css->header("Content-Type"), QByteArray("text/css; charset=utf-8"));
        QCOMPARE(css->header("Cache-Control"), QByteArray("no-store"));
    }

    void editsShowOnTheNextRequest()
    {
        const QString script = source(QStringLiteral("assets/app.js"));
        QVERIFY(writeFile(script, "console.log('first');"));
        QVERIFY(writeFile(source(QStringLiteral("pages/index.html")), "<p>first page</p>"));
        QVERIFY(startDev());

        const auto first = get("/assets/app.js");
        QCOMPARE(first->body(), QByteArray("console.log('first');"));
        const QByteArray firstTag = first->header("ETag");
        QVERIFY(!firstTag.isEmpty());
        QCOMPARE(get("/assets/app.js", { { "If-None-Match", firstTag } })->statusCode(), 304);
        QVERIFY(get("/")->body().contains("first page"));

        QVERIFY(writeFile(script, "console.log('second');"));
        QVERIFY(writeFile(source(QStringLiteral("pages/index.html")), "<p>second page</p>"));

        // The old ETag no longer matches: the edited file comes back, with its own ETag.
        const auto second = get("/assets/app.js", { { "If-None-Match", firstTag } });
        QCOMPARE(second->statusCode(), 200);
        QCOMPARE(second->body(), QByteArray("console.log('second');"));
        const QByteArray secondTag = second->header("ETag");
        QVERIFY(!secondTag.isEmpty() && secondTag != firstTag);
        const auto revalidated = get("/assets/app.js", { { "If-None-Match", secondTag } });
        QCOMPARE(revalidated->statusCode(), 304);
        QCOMPARE(revalidated->header("Cache-Control"), QByteArray("no-store"));
        QVERIFY(get("/")->body().contains("second page"));

        // Removed from the source tree: the compiled-in copy again.
        QVERIFY(QFile::remove(script));
        QCOMPARE(get("/assets/app.js")->body(), compiledIn(QStringLiteral("assets/app.js")));
    }

    void filesMissingFromTheSourceTreeComeFromTheCompiledInCopies()
    {
        QVERIFY(startDev()); // an empty source directory
        const auto logo = get("/assets/logo.svg");
        QCOMPARE(logo->statusCode(), 200);
        QCOMPARE(logo->body(), compiledIn(QStringLiteral("assets/logo.svg")));
        QCOMPARE(logo->header("Content-Type"), QByteArray("image/svg+xml"));
        QCOMPARE(logo->header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(get("/")->body().contains("<p id=\"hello\">Hello</p>"), true);
        QCOMPARE(get("/assets/nowhere.css")->statusCode(), 404);

        // The runtime's client, from its own source directory (this checkout) or the compiled-in copy.
        const auto client = get("/_starling/datastar/datastar.js");
        QCOMPARE(client->statusCode(), 200);
        QCOMPARE(client->header("Content-Type"), QByteArray("text/javascript; charset=utf-8"));
        QCOMPARE(client->header("Cache-Control"), QByteArray("no-store"));
    }

    void nothingOutsideTheSourceTreeIsServed()
    {
        const QString outside = m_work->filePath(QStringLiteral("outside"));
        QVERIFY(writeFile(outside + QStringLiteral("/secret.css"), "secret"));
        QVERIFY(writeFile(source(QStringLiteral("real.json")), "{\"inside\":true}"));
        QVERIFY(QDir().mkpath(source(QStringLiteral("assets"))));
        // Symlinks out of the root: to a file, to a directory, and one named like a compiled-in file.
        QVERIFY(QFile::link(outside + QStringLiteral("/secret.css"),
                            source(QStringLiteral("assets/escape.css"))));
        QVERIFY(QFile::link(outside, source(QStringLiteral("assets/linked"))));
        QVERIFY(
            QFile::link(outside + QStringLiteral("/secret.css"), source(QStringLiteral("assets/style.css"))));
        // A symlink that stays inside the root is followed.
        QVERIFY(QFile::link(source(QStringLiteral("real.json")), source(QStringLiteral("assets/data.json"))));
        QVERIFY(startDev());

        for (const QByteArray &target :
             { QByteArray("/assets/escape.css"), QByteArray("/assets/linked/secret.css"),
               QByteArray("/assets/../../outside/secret.css"),
               QByteArray("/assets/..%2f..%2foutside/secret.css"),
               QByteArray("/assets/%2e%2e/%2e%2e/outside/secret.css"),
               QByteArray("/assets/%2E%2E%2F%2E%2E%2Foutside%2Fsecret.css"),
               QByteArray("/assets/..%5creal.json"),
               QByteArray("/_starling/datastar/%2e%2e/%2e%2e/%2e%2e/outside/secret.css") }) {
            const auto reply = get(target);
            QVERIFY2(reply->statusCode() == 404, target.constData());
            QVERIFY2(!reply->body().contains("secret"), target.constData());
        }
        const auto style = get("/assets/style.css");
        QCOMPARE(style->statusCode(), 200);
        QCOMPARE(style->body(), compiledIn(QStringLiteral("assets/style.css")));
        const auto data = get("/assets/data.json");
        QCOMPARE(data->statusCode(), 200);
        QCOMPARE(data->body(), QByteArray("{\"inside\":true}"));
        QCOMPARE(data->header("Content-Type"), QByteArray("application/json"));
        cleanup();
        QVERIFY2(m_stderr.contains("leads outside"), m_stderr.constData()); // the refusal is logged
    }

    void templatesAndPartialsFollowTheSourceTree()
    {
        QVERIFY(startDev());
        const auto before = get("/greeting");
        QCOMPARE(before->statusCode(), 200);
        QVERIFY2(before->body().contains("<p id=\"greeting\">Hello, Dave!</p>"), before->body().constData());
        QCOMPARE(before->header("Cache-Control"), QByteArray("no-store"));
        const auto cards = get("/cards"); // a handler's own html() answer
        QVERIFY(cards->body().contains("<li class=\"card\">second</li>"));
        QCOMPARE(cards->header("Cache-Control"), QByteArray("no-store"));

        // render() reads the template at each request.
        QVERIFY(
            writeFile(source(QStringLiteral("pages/greeting.mustache")), "<p>Hi {{name}}, from source</p>"));
        QCOMPARE(get("/greeting")->body(), QByteArray("<p>Hi Dave, from source</p>"));

        // A template and a partial loaded once, at start-up, follow their files too.
        QVERIFY(writeFile(source(QStringLiteral("partials/card.mustache")), "<b>{{title}}</b>"));
        QCOMPARE(get("/cards")->body(), QByteArray("<ul id=\"cards\"><b>first</b><b>second</b></ul>\n"));
        QVERIFY(writeFile(source(QStringLiteral("pages/cards.mustache")),
                          "<ol>{{#cards}}{{> card}}{{/cards}}</ol>"));
        QCOMPARE(get("/cards")->body(), QByteArray("<ol><b>first</b><b>second</b></ol>"));

        // A syntax error is reported, and the fix is picked up.
        QVERIFY(writeFile(source(QStringLiteral("pages/greeting.mustache")), "<p>{{#name}}</p>"));
        const auto broken = get("/greeting");
        QCOMPARE(broken->statusCode(), 500);
        QVERIFY2(broken->body().contains("greeting.mustache"), broken->body().constData());
        QVERIFY(writeFile(source(QStringLiteral("pages/greeting.mustache")), "<p>Fixed, {{name}}</p>"));
        QCOMPARE(get("/greeting")->body(), QByteArray("<p>Fixed, Dave</p>"));
    }

    void withoutDevTheSourceTreeIsIgnored()
    {
        QVERIFY(writeFile(source(QStringLiteral("pages/index.html")), "<p>source page</p>"));
        QVERIFY(writeFile(source(QStringLiteral("assets/style.css")), "body { color: rebeccapurple; }"));
        QVERIFY(writeFile(source(QStringLiteral("pages/greeting.mustache")), "<p>from source</p>"));
        QVERIFY(start({ QStringLiteral("--serve") }, source({})));

        const auto page = get("/");
        QVERIFY(page->body().contains("<p id=\"hello\">Hello</p>"));
        QVERIFY(page->header("Cache-Control").isNull());
        const auto css = get("/assets/style.css");
        QCOMPARE(css->body(), compiledIn(QStringLiteral("assets/style.css")));
        QCOMPARE(css->header("Cache-Control"), QByteArray("no-cache"));
        QCOMPARE(get("/assets/style.css", { { "If-None-Match", css->header("ETag") } })->statusCode(), 304);
        const auto greeting = get("/greeting");
        QVERIFY(greeting->body().contains("Hello, Dave!"));
        QVERIFY(greeting->header("Cache-Control").isNull());
        QVERIFY(get("/_starling/datastar/datastar.js")->header("Cache-Control") == "no-cache");
    }

    void aMissingSourceTreeIsOneWarning()
    {
        const QString missing = m_work->filePath(QStringLiteral("not-there"));
        QVERIFY(start({ QStringLiteral("--serve"), QStringLiteral("--dev") }, missing));
        const auto page = get("/");
        QCOMPARE(page->statusCode(), 200);
        QVERIFY(page->body().contains("<p id=\"hello\">Hello</p>"));
        QCOMPARE(page->header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(get("/assets/style.css")->body(), compiledIn(QStringLiteral("assets/style.css")));
        cleanup();
        QCOMPARE(m_stderr.count("--dev: serving the compiled-in resources"), 1);
        QVERIFY2(m_stderr.contains(missing.toUtf8() + " does not exist"), m_stderr.constData());
    }

    void helpSaysWhatDevDoes()
    {
        QProcess help;
        help.start(QStringLiteral(DEV_APP), { QStringLiteral("--help") });
        QVERIFY(help.waitForFinished(WaitTimeoutMs));
        QCOMPARE(help.exitCode(), 0);
        const QByteArray usage = help.readAllStandardOutput().simplified();
        QVERIFY2(usage.contains("--dev"), usage.constData());
        QVERIFY2(usage.contains("source tree"), usage.constData());
    }

    // The runtime's own client has its own source directory, which wins over the app's for :/datastar/.
    void theClientComesFromItsOwnSourceDirectory()
    {
        const QString client = m_work->filePath(QStringLiteral("client"));
        QVERIFY(writeFile(client + QStringLiteral("/datastar.js"), "// client from source"));
        QVERIFY(writeFile(source(QStringLiteral("datastar/datastar.js")), "// the app's copy"));
        DevResources::enable({ { .resourcePrefix = QStringLiteral(":/"), .sourceDir = source({}) },
                               { .resourcePrefix = QStringLiteral(":/datastar"), .sourceDir = client } });
        starling::Server server;
        QVERIFY(server.listen());
        const Headers own = ownHeaders(server.port(), server.secret());

        const auto entry
            = exchange(server.port(), requestBytes("GET", "/_starling/datastar/datastar.js", own));
        QCOMPARE(entry->statusCode(), 200);
        QCOMPARE(entry->body(), QByteArray("// client from source"));
        QCOMPARE(entry->header("Cache-Control"), QByteArray("no-store"));
        const auto engine
            = exchange(server.port(), requestBytes("GET", "/_starling/datastar/engine.js", own));
        QCOMPARE(engine->statusCode(), 200); // not in the source directory: the compiled-in module
        QVERIFY(engine->body().size() > 100);

        DevResources::disable();
        const auto after
            = exchange(server.port(), requestBytes("GET", "/_starling/datastar/datastar.js", own));
        QVERIFY(after->body() != "// client from source");
        QCOMPARE(after->header("Cache-Control"), QByteArray("no-cache"));
    }
};

QTEST_GUILESS_MAIN(DevResourcesTest)
#include "tst_devresources.moc"
