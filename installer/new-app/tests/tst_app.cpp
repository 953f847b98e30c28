// Starts @APP_NAME@ with --serve, as a user's browser would see it, and checks that a POST patches the page.
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

class TestApp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The app's data folder, settings and caches go to a private place, not the user's.
        QVERIFY(m_home.isValid());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *variable : { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME" })
            environment.insert(QString::fromLatin1(variable), m_home.path());
        m_app.setProcessEnvironment(environment);
        m_app.start(QStringLiteral(APP_EXECUTABLE), { QStringLiteral("--serve") });
        QVERIFY2(m_app.waitForStarted(), qPrintable(m_app.errorString()));
        // First line: "starling: serving http://127.0.0.1:<port>/?token=<secret>".
        QTRY_VERIFY_WITH_TIMEOUT(m_app.canReadLine(), 20000);
        const QUrl url(QString::fromUtf8(m_app.readLine().trimmed().split(' ').last()));
        QVERIFY2(url.isValid() && url.hasQuery(), qPrintable(url.toString()));
        m_origin = url.adjusted(QUrl::RemoveQuery | QUrl::RemovePath);
        m_token = QUrlQuery(url).queryItemValue(QStringLiteral("token")).toUtf8();
    }

    void cleanupTestCase()
    {
        m_app.terminate();
        QVERIFY(m_app.waitForFinished());
    }

    void pageLoadsTheClient()
    {
        const auto [status, body] = send("GET", QStringLiteral("/"));
        QCOMPARE(status, 200);
        QVERIFY(body.contains("/_starling/datastar/"));
    }

    void greetPatchesTheGreeting()
    {
        const auto [status, body] = send("POST", QStringLiteral("/greet"), R"({"name":"Ada <3"})");
        QCOMPARE(status, 200);
        QVERIFY2(body.contains("event: datastar-patch-elements"), body.constData());
        QVERIFY2(body.contains("data: elements <p id=\"greeting\">Hello, Ada &lt;3!</p>"), body.constData());
    }

    void greetWithoutANameIsRefused()
    {
        const auto [status, body] = send("POST", QStringLiteral("/greet"), R"({"name":"  "})");
        QCOMPARE(status, 422);
    }

private:
    struct Answer
    {
        int status = 0;
        QByteArray body;
    };

    // One request as the app's own page sends it: the secret, the page's origin (a POST from anywhere else is
    // refused), and Datastar's request header.
    Answer send(const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        QNetworkRequest request(m_origin.resolved(QUrl(path)));
        request.setRawHeader("Starling-Token", m_token);
        request.setRawHeader("Origin", m_origin.toString(QUrl::RemovePath).toUtf8());
        request.setRawHeader("Datastar-Request", "true");
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(request, method, body));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!finished.wait(20000))
            return {};
        return { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll() };
    }

    QTemporaryDir m_home;
    QProcess m_app;
    QNetworkAccessManager m_network;
    QUrl m_origin;
    QByteArray m_token;
};

QTEST_GUILESS_MAIN(TestApp)
#include "tst_app.moc"
