// The app's own web view presents the secret to its server, and to no other origin (QtWebEngine, headless).
#include <starling/response.h>
#include <starling/server.h>
#include <starling/tokeninterceptor.h>

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineProfile>

namespace {
constexpr int WaitTimeoutMs = 60000;
}

class TokenInterceptorTest : public QObject
{
    Q_OBJECT

private:
    starling::Server m_server;
    QTcpServer m_foreign; // another local origin: records what it is sent
    QByteArray m_foreignRequest;
    bool m_hit = false;

public:
    static void initMain() { QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts); }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.get("/", [](const starling::Request &) {
            return starling::html(
                QStringLiteral("<!DOCTYPE html><title>own</title>"
                               "<script>fetch('/hit', {method: 'POST', body: 'x'})</script>"));
        });
        m_server.post("/hit", [this](const starling::Request &) {
            m_hit = true;
            return starling::text(QStringLiteral("ok"));
        });
        QVERIFY(m_server.listen());

        QVERIFY(m_foreign.listen(QHostAddress::LocalHost));
        connect(&m_foreign, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_foreign.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                m_foreignRequest += socket->readAll();
                if (m_foreignRequest.contains("\r\n\r\n")) {
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 22\r\n\r\n"
                                  "<title>foreign</title>");
                    socket->disconnectFromHost();
                }
            });
        });
    }

    void ownPagesPresentTheSecretAndOthersNeverSeeIt()
    {
        QWebEngineProfile profile;
        starling::TokenInterceptor interceptor(m_server.origin(), m_server.secret());
        profile.setUrlRequestInterceptor(&interceptor);
        QWebEnginePage page(&profile);
        QSignalSpy loaded(&page, &QWebEnginePage::loadFinished);

        // The app's own page loads (no 403), and its fetch POST passes the token and Origin checks.
        page.load(m_server.origin().resolved(QUrl(QStringLiteral("/"))));
        QVERIFY(loaded.wait(WaitTimeoutMs));
        QCOMPARE(loaded.takeFirst().at(0).toBool(), true);
        QCOMPARE(page.title(), QStringLiteral("own"));
        QVERIFY(QTest::qWaitFor([this] { return m_hit; }, WaitTimeoutMs));

        // Another origin is loaded without the secret.
        page.load(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_foreign.serverPort())));
        QVERIFY(QTest::qWaitFor([&] { return page.title() == u"foreign"; }, WaitTimeoutMs));
        QVERIFY(m_foreignRequest.startsWith("GET / HTTP/1.1"));
        QVERIFY(!m_foreignRequest.toLower().contains("starling-token"));
        QVERIFY(!m_foreignRequest.contains(m_server.secret()));
        profile.setUrlRequestInterceptor(nullptr);
    }
};

QTEST_MAIN(TokenInterceptorTest)
#include "tst_tokeninterceptor.moc"
