// `--serve` and the command line of a Starling app, run as a separate process with no display.
#include "firstline.h"
#include "httpclient.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <sys/stat.h>

using namespace runtimetest;

namespace {

// The permission bits of a file or folder, -1 when it does not exist.
int modeOf(const QString &path)
{
    struct stat status = {};
    return ::stat(QFile::encodeName(path).constData(), &status) == 0 ? int(status.st_mode & 07777) : -1;
}

} // namespace

class ServeTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    // No display and no platform plugin: the app must not need a GUI for any of this.
    QProcessEnvironment headless() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.remove(QStringLiteral("QT_LOGGING_RULES"));
        // Starling's strings in English, whatever the machine's language.
        env.remove(QStringLiteral("LANGUAGE"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        return env;
    }

    bool start(QProcess &process, const QStringList &arguments)
    {
        process.setProcessEnvironment(headless());
        process.start(QStringLiteral(SERVE_APP), arguments);
        return process.waitForStarted(WaitTimeoutMs);
    }

    // Waits for the first line on stdout.
    QByteArray firstLine(QProcess &process)
    {
        m_stdout.clear();
        return starling::test::waitForFirstLine(process, WaitTimeoutMs, &m_stdout);
    }

    void stop(QProcess &process)
    {
        process.terminate();
        QVERIFY(process.waitForFinished(WaitTimeoutMs));
        m_stdout += process.readAllStandardOutput();
    }

    QByteArray m_stdout;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void serveModePrintsOneLineAndServesTheTokenUrl()
    {
        QProcess app;
        QVERIFY(start(app, { QStringLiteral("--serve") }));
        const QByteArray line = firstLine(app);
        const QRegularExpression pattern(
            QStringLiteral(R"(^starling: serving http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{43})\n$)"));
        const auto match = pattern.match(QString::fromUtf8(line));
        QVERIFY2(match.hasMatch(), line.constData());
        const quint16 port = match.captured(1).toUShort();
        const QByteArray token = match.captured(2).toUtf8();
        const QByteArray host = "127.0.0.1:" + QByteArray::number(port);

        // An ordinary browser opens the printed URL: the session cookie, and a redirect to the same URL
        // without the token (it leaves the address bar and the history), which shows the home page.
        const auto entry = exchange(
            port,
            requestBytes("GET", "/?token=" + token, { { "Host", host }, { "Sec-Fetch-Site", "none" } }));
        QCOMPARE(entry->statusCode(), 303);
        QCOMPARE(entry->header("Location"), "http://" + host + '/');
        const QByteArray setCookie = entry->header("Set-Cookie");
        QVERIFY(setCookie.endsWith("; HttpOnly; SameSite=Strict; Path=/"));
        const QByteArray cookie = setCookie.left(setCookie.indexOf(';'));
        QCOMPARE(cookie, "starling-" + QByteArray::number(port) + '=' + token);
        const auto home = exchange(
            port,
            requestBytes("GET", "/",
                         { { "Host", host }, { "Cookie", cookie }, { "Sec-Fetch-Site", "none" } }));
        QCOMPARE(home->statusCode(), 200);
        QCOMPARE(home->body(), QByteArray("<h1>Hello</h1>"));

        // With the cookie it can use the app, like curl with a cookie jar; its pages' requests are
        // same-origin.
        const auto again = exchange(
            port,
            requestBytes("GET", "/",
                         { { "Host", host }, { "Cookie", cookie }, { "Sec-Fetch-Site", "same-origin" } }));
        QCOMPARE(again->statusCode(), 200);
        const auto post = exchange(
            port,
            requestBytes("POST", "/echo",
                         { { "Host", host }, { "Cookie", cookie }, { "Origin", "http://" + host } }, "hi"));
        QCOMPARE(post->statusCode(), 200);
        QCOMPARE(post->body(), QByteArray("hi"));

        // The URL stays valid; every other client is still locked out, and so is a page of another local
        // port that the browser sends the cookie with.
        QCOMPARE(exchange(port, requestBytes("GET", "/?token=" + token, { { "Host", host } }))->statusCode(),
                 303);
        QCOMPARE(exchange(port, requestBytes("GET", "/", { { "Host", host } }))->statusCode(), 403);
        QCOMPARE(exchange(port,
                          requestBytes(
                              "GET", "/hal",
                              { { "Host", host }, { "Cookie", cookie }, { "Sec-Fetch-Site", "same-site" } }))
                     ->statusCode(),
                 403);
        QCOMPARE(exchange(port, requestBytes("GET", "/?token=" + token, { { "Host", "evil.example" } }))
                     ->statusCode(),
                 421);

        // Stable data paths: organisation and application names are set.
        const auto dataPath
            = exchange(port, requestBytes("GET", "/data-path", { { "Host", host }, { "Cookie", cookie } }));
        QVERIFY2(dataPath->body().endsWith("/Example/Hello"), dataPath->body().constData());

        stop(app);
        QCOMPARE(m_stdout, line); // exactly one line on stdout; logging went to stderr
        QVERIFY(app.readAllStandardError().contains("listening on"));
    }

    void dataFolderIsPrivate()
    {
        QTemporaryDir data;
        QVERIFY(data.isValid());
        const QString folder = data.filePath(QStringLiteral("Example/Hello"));
        // A first start creates it 0700; one that finds it 0755 (as earlier versions left it) tightens it.
        for (const bool existed : { false, true }) {
            if (existed) {
                QVERIFY(QFile::setPermissions(folder,
                                              QFile::permissions(folder) | QFile::ReadGroup | QFile::ExeGroup
                                                  | QFile::ReadOther | QFile::ExeOther));
                QCOMPARE(modeOf(folder), 0755);
            }
            QProcessEnvironment env = headless();
            env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
            QProcess app;
            app.setProcessEnvironment(env);
            app.start(QStringLiteral(SERVE_APP), { QStringLiteral("--serve") });
            QVERIFY(app.waitForStarted(WaitTimeoutMs));
            QVERIFY(firstLine(app).startsWith("starling: serving"));
            QCOMPARE(modeOf(folder), 0700);
            stop(app);
        }
    }

    void streamsUseBrotliWhenAccepted()
    {
        QProcess app;
        QVERIFY(start(app, { QStringLiteral("--serve") }));
        const QString line = QString::fromUtf8(firstLine(app));
        const QUrl url(line.section(u' ', 2).trimmed());
        const quint16 port = quint16(url.port());
        const QByteArray token = QUrlQuery(url).queryItemValue(QStringLiteral("token")).toUtf8();
        const Headers own = ownHeaders(port, token);

        const auto compressed = exchange(
            port, requestBytes("GET", "/hal", own + Headers { { "Accept-Encoding", "gzip, br" } }));
        QCOMPARE(compressed->statusCode(), 200);
        QCOMPARE(compressed->header("Content-Encoding"), QByteArray("br"));
        QVERIFY(!compressed->body().contains("datastar-patch-elements"));

        const auto plain = exchange(port, requestBytes("GET", "/hal", own));
        QVERIFY(plain->header("Content-Encoding").isNull());
        QVERIFY(plain->body().contains("datastar-patch-elements"));
        stop(app);
    }

    // GLib's loop walks all socket notifiers to find one, on every write to a connection: --serve, with
    // thousands of streams, runs Qt's own.
    void serveRunsQtsOwnEventLoop()
    {
        QProcess app;
        QVERIFY(start(app, { QStringLiteral("--serve") }));
        const QUrl url(QString::fromUtf8(firstLine(app)).section(u' ', 2).trimmed());
        const quint16 port = quint16(url.port());
        const QByteArray token = QUrlQuery(url).queryItemValue(QStringLiteral("token")).toUtf8();
        const auto answer = exchange(port, requestBytes("GET", "/event-dispatcher", ownHeaders(port, token)));
        QCOMPARE(answer->statusCode(), 200);
        QCOMPARE(answer->body(), QByteArray("QEventDispatcherUNIX"));
        stop(app);
    }

    void requestedPortIsUsed()
    {
        quint16 freePort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            freePort = probe.serverPort();
        }
        QProcess app;
        QVERIFY(
            start(app, { QStringLiteral("--serve"), QStringLiteral("--port"), QString::number(freePort) }));
        QVERIFY(firstLine(app).startsWith("starling: serving http://127.0.0.1:" + QByteArray::number(freePort)
                                          + "/?token="));
        stop(app);
    }

    void takenPortIsAClearError()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost));
        QProcess app;
        QVERIFY(start(
            app,
            { QStringLiteral("--serve"), QStringLiteral("--port"), QString::number(taken.serverPort()) }));
        QVERIFY(app.waitForFinished(WaitTimeoutMs));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 1);
        QVERIFY(app.readAllStandardOutput().isEmpty());
        const QByteArray error = app.readAllStandardError();
        QVERIFY2(error.contains("cannot listen on 127.0.0.1:" + QByteArray::number(taken.serverPort())),
                 error.constData());
    }

    void helpAndVersionNeedNoDisplay()
    {
        QProcess help;
        QVERIFY(start(help, { QStringLiteral("--help") }));
        QVERIFY(help.waitForFinished(WaitTimeoutMs));
        QCOMPARE(help.exitCode(), 0);
        const QByteArray usage = help.readAllStandardOutput();
        QVERIFY(usage.contains("--serve"));
        QVERIFY(usage.contains("--port"));
        QVERIFY(usage.contains("--verbose"));

        QProcess version;
        QVERIFY(start(version, { QStringLiteral("--version") }));
        QVERIFY(version.waitForFinished(WaitTimeoutMs));
        QCOMPARE(version.exitCode(), 0);
        QCOMPARE(version.readAllStandardOutput(), QByteArray("Hello 1.2.3\n"));
    }

    void stringsFollowTheUsersLanguage()
    {
        QProcessEnvironment german = headless();
        german.insert(QStringLiteral("LANGUAGE"), QStringLiteral("de"));
        german.insert(QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8"));

        QProcess help;
        help.setProcessEnvironment(german);
        help.start(QStringLiteral(SERVE_APP), { QStringLiteral("--help") });
        QVERIFY(help.waitForFinished(WaitTimeoutMs));
        const QString usage = QString::fromUtf8(help.readAllStandardOutput());
        QVERIFY2(usage.contains(QStringLiteral("Die App ohne Fenster bereitstellen")), qPrintable(usage));

        QProcess app;
        app.setProcessEnvironment(german);
        app.start(QStringLiteral(SERVE_APP), { QStringLiteral("--serve") });
        QVERIFY(app.waitForStarted(WaitTimeoutMs));
        const QUrl url(QString::fromUtf8(firstLine(app).trimmed().split(' ').last()));
        const auto port = quint16(url.port());
        const QByteArray token = QUrlQuery(url).queryItemValue(QStringLiteral("token")).toUtf8();
        const auto missing = exchange(port, requestBytes("GET", "/nowhere", ownHeaders(port, token)));
        QCOMPARE(missing->statusCode(), 404);
        QCOMPARE(missing->body(), QStringLiteral("Nicht gefunden.\n").toUtf8());
        Headers navigation = ownHeaders(port, token);
        navigation.append({ QByteArray("Sec-Fetch-Mode"), QByteArray("navigate") });
        const auto page = exchange(port, requestBytes("GET", "/nowhere", navigation));
        QCOMPARE(page->statusCode(), 404);
        const QString html = QString::fromUtf8(page->body());
        QVERIFY2(html.contains(QStringLiteral("<title>404 Nicht gefunden</title>")), qPrintable(html));
        QVERIFY2(html.contains(QStringLiteral(">Zur Startseite</a>")), qPrintable(html));
        stop(app);
    }

    void verboseLogsDebugToStderr()
    {
        QProcess app;
        QVERIFY(start(app, { QStringLiteral("--serve"), QStringLiteral("--verbose") }));
        const QString line = QString::fromUtf8(firstLine(app));
        const QUrl url(line.section(u' ', 2).trimmed());
        const auto reply
            = exchange(quint16(url.port()),
                       requestBytes("GET", url.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority).toUtf8(),
                                    { { "Host", "127.0.0.1:" + QByteArray::number(url.port()) } }));
        QCOMPARE(reply->statusCode(), 303);
        QByteArray errors;
        QVERIFY(QTest::qWaitFor(
            [&] {
                errors += app.readAllStandardError();
                return errors.contains("GET / -> 303");
            },
            WaitTimeoutMs));
        stop(app);
        QCOMPARE(m_stdout.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(ServeTest)
#include "tst_serve.moc"
