// Issue 12's access attacks on the real `starling-gallery --serve`, from another process with raw sockets:
// the session cookie sent by a page of another local port (item 6), the token in the address bar, the data
// folder's permissions and control characters in stored text (item 7), and the rules that already held
// (Host, secret, Origin). Each probe is a row of docs/security.md (see probe.h).
#include "attacktarget.h"
#include "probe.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QTest>

using namespace securitytest;

namespace {

// The answer's head to a request on a fresh connection: enough for streams, which never end.
QByteArray headOf(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(WaitMs))
        return {};
    socket.write(request);
    QByteArray received;
    readUntil(socket, received, "\r\n\r\n");
    return received.left(received.indexOf("\r\n\r\n") + 4);
}

QString octal(QFileDevice::Permissions permissions)
{
    // Qt's owner bits (0x0700 and up) repeat the user bits; the user, group and other bits are nibbles.
    const uint bits = uint(permissions);
    const uint user = (bits >> 8) & 7;
    const uint group = (bits >> 4) & 7;
    const uint other = bits & 7;
    return QStringLiteral("0%1%2%3").arg(user).arg(group).arg(other);
}

} // namespace

class TestAttacksAccess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void foreignRequestsAreRefused();
    void cookieFromAnotherLocalPortIsRefused();
    void tokenInTheUrlIsRedirectedAway();
    void dataFolderAndDatabaseAreOwnerOnly();
    void controlCharactersInATitleAreRefused_data();
    void controlCharactersInATitleAreRefused();

private:
    QByteArray request(const QByteArray &method, const QByteArray &target, const QByteArrayList &fields,
                       const QByteArray &body = {}) const;
    QByteArray sessionCookie();

    std::unique_ptr<Target> m_gallery;
};

void TestAttacksAccess::init()
{
    m_gallery = std::make_unique<Target>();
    QVERIFY2(m_gallery->startGallery(), qPrintable(m_gallery->errorString()));
}

void TestAttacksAccess::cleanup()
{
    QVERIFY2(m_gallery->stop(), "the gallery ended during the test (crashed?)");
    m_gallery.reset();
}

QByteArray TestAttacksAccess::request(const QByteArray &method, const QByteArray &target,
                                      const QByteArrayList &fields, const QByteArray &body) const
{
    QByteArray head = method + ' ' + target + " HTTP/1.1\r\n";
    if (!std::any_of(fields.begin(), fields.end(), [](const QByteArray &f) { return f.startsWith("Host:"); }))
        head += "Host: " + m_gallery->hostHeader() + "\r\n";
    for (const QByteArray &field : fields)
        head += field + "\r\n";
    if (!body.isEmpty())
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return head + "\r\n" + body;
}

// What a browser keeps after opening the printed URL: `starling-<port>=<secret>`.
QByteArray TestAttacksAccess::sessionCookie()
{
    const Answer answer = exchange(m_gallery->port(), request("GET", "/?token=" + m_gallery->token(), {}));
    return answer.header("set-cookie").split(';').value(0);
}

// The rules the audit found holding: the secret (403), Host against DNS rebinding (421), Origin on writes
// (403).
void TestAttacksAccess::foreignRequestsAreRefused()
{
    Probe probe(
        QStringLiteral("no token; Host `attacker.example` (DNS rebinding) with the token; a POST with the "
                       "token from Origin `http://127.0.0.1:<other port>`"),
        QStringLiteral("403, 421, 403"));
    const quint16 port = m_gallery->port();
    const QByteArray token = "Starling-Token: " + m_gallery->token();
    const QByteArray otherOrigin = "Origin: http://127.0.0.1:" + QByteArray::number(port + 1);
    const int noToken = exchange(port, request("GET", "/", {})).status;
    const int rebound
        = exchange(port, request("GET", "/", { "Host: attacker.example:" + QByteArray::number(port), token }))
              .status;
    const int foreignOrigin
        = exchange(port, request("POST", "/examples/cqrs/increment", { token, otherOrigin })).status;
    const int own = exchange(port, m_gallery->ownRequest("POST", "/examples/cqrs/increment")).status;
    probe.observe(QStringLiteral("%1, %2, %3 (the same POST from the app's origin: %4)")
                      .arg(noToken)
                      .arg(rebound)
                      .arg(foreignOrigin)
                      .arg(own));
    probe.check(noToken == 403, QStringLiteral("no token: %1").arg(noToken));
    probe.check(rebound == 421, QStringLiteral("foreign Host: %1").arg(rebound));
    probe.check(foreignOrigin == 403, QStringLiteral("foreign Origin: %1").arg(foreignOrigin));
    probe.check(own == 204, QStringLiteral("the app's own POST: %1").arg(own));
    probe.finish();
    QVERIFY2(probe.held(), qPrintable(probe.failures()));
}

// Item 6: every port of 127.0.0.1 is one site, so a page of another local server got the SameSite=Strict
// cookie sent with its requests: it opened an SSE stream, ran /examples/executing-scripts/script in its own
// page, and changed the quiz's state with GET /examples/quiz/question.
void TestAttacksAccess::cookieFromAnotherLocalPortIsRefused()
{
    Probe probe(
        QStringLiteral("6. only the cookie, `Sec-Fetch-Site: same-site` (a page of another local port): "
                       "SSE stream, script, quiz question"),
        QStringLiteral("403 each (`cross-site` too); the same with `same-origin`: 200"));
    const quint16 port = m_gallery->port();
    const QByteArray cookie = "Cookie: " + sessionCookie();
    QVERIFY2(cookie.startsWith("Cookie: starling-"), cookie.constData());
    const QByteArray otherOrigin = "Origin: http://127.0.0.1:" + QByteArray::number(port + 1);
    const QByteArray ownOrigin = "Origin: " + m_gallery->origin();

    struct Case
    {
        QString name;
        QByteArray method;
        QByteArray target;
    };
    const QList<Case> cases {
        { QStringLiteral("GET /examples/cqrs/updates"), "GET", "/examples/cqrs/updates" },
        { QStringLiteral("GET /examples/executing-scripts/script"), "GET",
          "/examples/executing-scripts/script" },
        { QStringLiteral("POST /examples/quiz/question"), "POST", "/examples/quiz/question" },
    };
    QStringList seen;
    for (const Case &c : cases) {
        const bool post = c.method == "POST";
        const QByteArray origin = post ? otherOrigin : QByteArray("Accept: */*");
        const QByteArray ownSiteOrigin = post ? ownOrigin : QByteArray("Accept: */*");
        const QByteArray body = post ? QByteArray(R"({"quizSession":"probe"})") : QByteArray();
        const auto status = [&](const QByteArray &site, const QByteArray &originField) {
            return statusOf(headOf(
                port,
                request(c.method, c.target,
                        { cookie, "Sec-Fetch-Site: " + site, originField, "Content-Type: application/json" },
                        body)));
        };
        const int sameSite = status("same-site", origin);
        const int crossSite = status("cross-site", origin);
        const int sameOrigin = status("same-origin", ownSiteOrigin);
        seen.append(QStringLiteral("%1: %2 (cross-site %3, same-origin %4)")
                        .arg(c.name)
                        .arg(sameSite)
                        .arg(crossSite)
                        .arg(sameOrigin));
        probe.check(sameSite == 403, QStringLiteral("%1, same-site: %2").arg(c.name).arg(sameSite));
        probe.check(crossSite == 403, QStringLiteral("%1, cross-site: %2").arg(c.name).arg(crossSite));
        probe.check(sameOrigin == 200, QStringLiteral("%1, same-origin: %2").arg(c.name).arg(sameOrigin));
    }
    // GETs change nothing: the question is fetched with a POST.
    const int getQuestion = statusOf(headOf(port, m_gallery->ownRequest("GET", "/examples/quiz/question")));
    seen.append(QStringLiteral("GET /examples/quiz/question with the token: %1").arg(getQuestion));
    probe.check(getQuestion == 405, QStringLiteral("GET /examples/quiz/question: %1").arg(getQuestion));
    probe.observe(seen.join(QStringLiteral("; ")));
    probe.finish();
    QVERIFY2(probe.held(), qPrintable(probe.failures()));
}

// Item 7: `?token=` answered 200, so the token stayed in the address bar and the history.
void TestAttacksAccess::tokenInTheUrlIsRedirectedAway()
{
    Probe probe(QStringLiteral("7. GET /examples/quiz?x=1&token=<secret>"),
                QStringLiteral("303 to the same URL without the token, Set-Cookie HttpOnly SameSite=Strict"));
    const Answer answer
        = exchange(m_gallery->port(), request("GET", "/examples/quiz?x=1&token=" + m_gallery->token(), {}));
    const QByteArray location = answer.header("location");
    const QByteArray cookie = answer.header("set-cookie");
    probe.observe(QStringLiteral("%1, Location `%2`, Set-Cookie `%3`")
                      .arg(answer.status)
                      .arg(QString::fromUtf8(location))
                      .arg(QString::fromUtf8(cookie).replace(QString::fromUtf8(m_gallery->token()),
                                                             QStringLiteral("<secret>"))));
    probe.check(answer.status == 303, QStringLiteral("answered %1").arg(answer.status));
    probe.check(location == m_gallery->origin() + "/examples/quiz?x=1", QStringLiteral("wrong Location"));
    probe.check(
        cookie.startsWith("starling-" + QByteArray::number(m_gallery->port()) + '=' + m_gallery->token())
            && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        QStringLiteral("wrong Set-Cookie"));
    probe.finish();
    QVERIFY2(probe.held(), qPrintable(probe.failures()));
}

// Item 7: the data folder was 0755 and todo.sqlite 0644.
void TestAttacksAccess::dataFolderAndDatabaseAreOwnerOnly()
{
    Probe probe(QStringLiteral("7. the data folder and todo.sqlite after a to-do was added"),
                QStringLiteral("folder 0700, every file in it 0600 or stricter"));
    const Answer added = exchange(m_gallery->port(),
                                  m_gallery->ownRequest("POST", "/todo/items", R"({"title":"buy milk"})",
                                                        { "Content-Type: application/json" }));
    QCOMPARE(added.status, 200);
    const QString folder = m_gallery->dataHome() + QStringLiteral("/Starling/starling-gallery");
    const QString folderMode = octal(QFileInfo(folder).permissions());
    QStringList files;
    QDirIterator it(folder, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        const QString mode = octal(info.permissions());
        files.append(QStringLiteral("%1 %2").arg(QDir(folder).relativeFilePath(info.filePath()), mode));
    }
    probe.observe(QStringLiteral("folder %1; %2").arg(folderMode, files.join(QStringLiteral(", "))));
    probe.check(folderMode == u"0700", QStringLiteral("folder %1").arg(folderMode));
    probe.check(files.contains(QStringLiteral("todo.sqlite 0600")), QStringLiteral("todo.sqlite not 0600"));
    for (const QString &file : std::as_const(files))
        probe.check(file.endsWith(u"00"), QStringLiteral("%1 is readable by others").arg(file));
    probe.finish();
    QVERIFY2(probe.held(), qPrintable(probe.failures()));
}

void TestAttacksAccess::controlCharactersInATitleAreRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::newRow("raw NUL") << QByteArray("{\"title\":\"a\0b\"}", 15) << 400;
    QTest::newRow("raw U+0001") << QByteArray("{\"title\":\"a\x01"
                                              "b\"}")
                                << 400;
    QTest::newRow("escaped \\u0000") << QByteArray(R"({"title":"a\u0000b"})") << 422;
    QTest::newRow("escaped \\u001b") << QByteArray(R"({"title":"a\u001b[31mb"})") << 422;
}

// Item 7: strings with raw NUL and control characters were accepted and stored.
void TestAttacksAccess::controlCharactersInATitleAreRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    Probe probe(QStringLiteral("7. a to-do title with %1").arg(QString::fromLatin1(QTest::currentDataTag())),
                QStringLiteral("%1 with a message; nothing stored").arg(status));
    const Answer answer
        = exchange(m_gallery->port(),
                   m_gallery->ownRequest("POST", "/todo/items", body, { "Content-Type: application/json" }));
    const Answer list = exchange(m_gallery->port(), m_gallery->ownRequest("GET", "/todo"));
    probe.observe(QStringLiteral("%1 \"%2\"")
                      .arg(answer.status)
                      .arg(QString::fromUtf8(answer.body.trimmed().left(200))));
    probe.check(answer.status == status, QStringLiteral("answered %1").arg(answer.status));
    probe.check(list.status == 200 && !list.body.contains(QByteArray("a\0b", 3))
                    && !list.body.contains("a\x01"
                                           "b")
                    && !list.body.contains("[31mb"),
                QStringLiteral("the title was stored"));
    probe.finish();
    QVERIFY2(probe.held(), qPrintable(probe.failures()));
}

QTEST_GUILESS_MAIN(TestAttacksAccess)
#include "tst_attacks_access.moc"
