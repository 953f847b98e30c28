// The stream hub's topics over real sockets: a stream that follows several topics (one id sequence, merged
// resume, refresh per topic), session and page topics (the session cookie, Starling-Page), refreshes that
// see the subscribing request, transient events, and the bound on idle session and page topics.
#include "httpclient.h"

#include <starling/response.h>
#include <starling/server.h>
#include <starling/stream.h>

#include <QRegularExpression>
#include <QTest>

using namespace runtimetest;

namespace {

struct Received
{
    QStringList ids; // the `id:` of each event, in order ("" for events without one)
    QStringList elements; // the first `data: elements` line of each event
};

Received parseEvents(const QByteArray &body)
{
    Received received;
    qsizetype start = 0;
    for (qsizetype end = body.indexOf("\n\n"); end >= 0; start = end + 2, end = body.indexOf("\n\n", start)) {
        const QByteArray event = body.mid(start, end - start);
        if (event.trimmed().isEmpty())
            continue;
        QString id;
        QString elements;
        for (const QByteArray &line : event.split('\n')) {
            if (line.startsWith("id: "))
                id = QString::fromUtf8(line.mid(4));
            else if (line.startsWith("data: elements ") && elements.isEmpty())
                elements = QString::fromUtf8(line.mid(15));
        }
        received.ids.append(id);
        received.elements.append(elements);
    }
    return received;
}

// The number after the run in an id `<run>-<n>`.
quint64 sequenceOf(const QString &id)
{
    return id.section(u'-', -1).toULongLong();
}

QString element(const QString &topic, const QString &text)
{
    return QStringLiteral("<p id=\"%1\">%2</p>").arg(topic, text);
}

starling::TopicScope scopeNamed(const QString &name)
{
    if (name == u"page")
        return starling::TopicScope::Page;
    if (name == u"session")
        return starling::TopicScope::Session;
    return starling::TopicScope::App;
}

// `starling-session-<port>=<id>` out of a Set-Cookie value; empty when it is another cookie.
QByteArray sessionCookieOf(const QByteArray &setCookie, quint16 port)
{
    const QByteArray prefix = "starling-session-" + QByteArray::number(port) + '=';
    if (!setCookie.startsWith(prefix))
        return {};
    return setCookie.left(setCookie.indexOf(';'));
}

} // namespace

class HubTopicsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<starling::Server> m_server;
    QStringList m_refreshed; // what each refresh was for, in order

    // GET /updates?topics=a,page:b,session:c follows those topics; POST /publish?topic=b&scope=page publishes
    // its body as an element of that topic of the request's page (or session); GET /whoami answers
    // "<sessionId> <pageId>".
    void startServer(const starling::StreamHubOptions &hubOptions = {})
    {
        m_refreshed.clear();
        m_server = std::make_unique<starling::Server>(starling::ServerOptions { .hub = hubOptions });
        m_server->get("/updates", [](const starling::Request &request, starling::Stream &stream) {
            for (const QString &topic :
                 request.query(QStringLiteral("topics")).split(u',', Qt::SkipEmptyParts)) {
                const qsizetype colon = topic.indexOf(u':');
                stream.subscribe(topic.mid(colon + 1), scopeNamed(colon < 0 ? QString() : topic.left(colon)));
            }
        });
        m_server->post("/publish", [this](const starling::Request &request) {
            const starling::Topic topic
                = m_server->hub().topic(request.query(QStringLiteral("topic")), request,
                                        scopeNamed(request.query(QStringLiteral("scope"))));
            const QString text = QString::fromUtf8(request.body());
            const bool sent = request.query(QStringLiteral("transient")).isEmpty()
                ? topic.patchElements(element(topic.name(), text))
                : topic.transient().patchElements(element(topic.name(), text));
            return starling::text(sent ? QStringLiteral("sent") : QStringLiteral("not sent"));
        });
        m_server->get("/whoami", [](const starling::Request &request) {
            return starling::text(request.sessionId() + u' ' + request.pageId());
        });
        QVERIFY(m_server->listen());
    }

    // A refresh for `name` that renders "refresh" and records whose it was (the page id, else "app").
    void setRecordingRefresh(const QString &name)
    {
        m_server->hub().topic(name).setRefresh([this, name](const starling::Request &request) {
            m_refreshed.append(name + u'/'
                               + (request.pageId().isEmpty() ? QStringLiteral("app") : request.pageId()));
            return QList<datastar::Event> { datastar::patchElements(
                element(name, QStringLiteral("refresh"))) };
        });
    }

    Headers own() const { return ownHeaders(m_server->port(), m_server->secret()); }

    std::unique_ptr<RawHttpClient> openStream(const QByteArray &topics, const Headers &extra = {})
    {
        auto connection = std::make_unique<RawHttpClient>(m_server->port());
        if (!connection->connectToServer())
            return nullptr;
        connection->send(requestBytes("GET", "/updates?topics=" + topics, own() + extra));
        if (!connection->waitForHead())
            return nullptr;
        return connection;
    }

    // POSTs `text` to the topic; true when the handler published it.
    bool publish(const QByteArray &topic, const QString &text, const Headers &extra = {},
                 const QByteArray &options = {})
    {
        const auto reply = exchange(
            m_server->port(),
            requestBytes("POST", "/publish?topic=" + topic + options, own() + extra, text.toUtf8()));
        return reply && reply->statusCode() == 200 && reply->body() == "sent";
    }

    bool publishApp(const QString &topic, const QString &text)
    {
        return m_server->hub().topic(topic).patchElements(element(topic, text));
    }

    bool waitForStreamCount(int count)
    {
        return QTest::qWaitFor([&] { return m_server->hub().streamCount() == count; }, WaitTimeoutMs);
    }

    static bool waitFor(RawHttpClient &stream, const QString &topic, const QString &text)
    {
        return stream.waitForBodyContaining(element(topic, text).toUtf8());
    }

    // A session cookie the server gave out (from a first request without one).
    QByteArray newSessionCookie()
    {
        const auto reply = exchange(m_server->port(), requestBytes("GET", "/whoami", own()));
        return reply ? sessionCookieOf(reply->header("Set-Cookie"), m_server->port()) : QByteArray();
    }

private Q_SLOTS:
    void cleanup() { m_server.reset(); }

    void streamFollowsSeveralTopicsInPublishOrderWithOneIdSequence()
    {
        startServer();
        auto stream = openStream("a,b");
        QVERIFY(stream && waitForStreamCount(1));
        QCOMPARE(m_server->hub().streamCount(QStringLiteral("a")), 1);
        QCOMPARE(m_server->hub().streamCount(QStringLiteral("b")), 1);
        QVERIFY(publishApp(QStringLiteral("a"), QStringLiteral("1")));
        QVERIFY(publishApp(QStringLiteral("c"), QStringLiteral("not followed")));
        QVERIFY(publishApp(QStringLiteral("b"), QStringLiteral("2")));
        QVERIFY(publishApp(QStringLiteral("a"), QStringLiteral("3")));
        QVERIFY(waitFor(*stream, QStringLiteral("a"), QStringLiteral("3")));

        const Received received = parseEvents(stream->body());
        QCOMPARE(received.elements,
                 QStringList({ element(QStringLiteral("a"), QStringLiteral("1")),
                               element(QStringLiteral("b"), QStringLiteral("2")),
                               element(QStringLiteral("a"), QStringLiteral("3")) }));
        // One sequence for the hub: topic c's event took number 2.
        QCOMPARE(sequenceOf(received.ids[0]), quint64(1));
        QCOMPARE(sequenceOf(received.ids[1]), quint64(3));
        QCOMPARE(sequenceOf(received.ids[2]), quint64(4));
        QCOMPARE(received.ids[0].section(u'-', 0, 0), received.ids[2].section(u'-', 0, 0));
    }

    void subscribingATopicTwiceFollowsItOnce()
    {
        startServer();
        auto stream = openStream("a,a,b");
        QVERIFY(stream && waitForStreamCount(1));
        QVERIFY(publishApp(QStringLiteral("a"), QStringLiteral("1")));
        QVERIFY(publishApp(QStringLiteral("b"), QStringLiteral("2")));
        QVERIFY(waitFor(*stream, QStringLiteral("b"), QStringLiteral("2")));
        QCOMPARE(parseEvents(stream->body()).elements.size(), 2);
    }

    void resumeMergesTheMissedEventsOfEveryTopicInPublishOrder()
    {
        startServer();
        setRecordingRefresh(QStringLiteral("a"));
        setRecordingRefresh(QStringLiteral("b"));
        auto first = openStream("a,b");
        QVERIFY(first && waitForStreamCount(1));
        QVERIFY(waitFor(*first, QStringLiteral("b"), QStringLiteral("refresh")));
        QCOMPARE(m_refreshed, QStringList({ QStringLiteral("a/app"), QStringLiteral("b/app") }));
        QVERIFY(publishApp(QStringLiteral("a"), QStringLiteral("1")));
        QVERIFY(waitFor(*first, QStringLiteral("a"), QStringLiteral("1")));
        const QString lastSeen = parseEvents(first->body()).ids.last();
        first->abort();
        QVERIFY(waitForStreamCount(0));

        QVERIFY(publishApp(QStringLiteral("b"), QStringLiteral("2")));
        QVERIFY(publishApp(QStringLiteral("c"), QStringLiteral("elsewhere")));
        QVERIFY(publishApp(QStringLiteral("a"), QStringLiteral("3")));
        QVERIFY(publishApp(QStringLiteral("b"), QStringLiteral("4")));
        auto resumed = openStream("a,b", { { "Last-Event-ID", lastSeen.toUtf8() } });
        QVERIFY(resumed && waitFor(*resumed, QStringLiteral("b"), QStringLiteral("4")));
        QVERIFY(publishApp(QStringLiteral("a"), QStringLiteral("5")));
        QVERIFY(waitFor(*resumed, QStringLiteral("a"), QStringLiteral("5")));
        const Received received = parseEvents(resumed->body());
        QCOMPARE(received.elements,
                 QStringList({ element(QStringLiteral("b"), QStringLiteral("2")),
                               element(QStringLiteral("a"), QStringLiteral("3")),
                               element(QStringLiteral("b"), QStringLiteral("4")),
                               element(QStringLiteral("a"), QStringLiteral("5")) }));
        QCOMPARE(m_refreshed.size(), 2); // no refresh on the resume
    }

    void resumeRefreshesOnlyTheTopicsWhoseHistoryNoLongerReaches()
    {
        startServer({ .historySize = 2 });
        setRecordingRefresh(QStringLiteral("a"));
        setRecordingRefresh(QStringLiteral("b"));
        auto first = openStream("a,b");
        QVERIFY(first && waitForStreamCount(1));
        QVERIFY(publishApp(QStringLiteral("a"), QStringLiteral("1")));
        QVERIFY(waitFor(*first, QStringLiteral("a"), QStringLiteral("1")));
        const QString lastSeen = parseEvents(first->body()).ids.last();
        first->abort();
        QVERIFY(waitForStreamCount(0));
        m_refreshed.clear();

        QVERIFY(publishApp(QStringLiteral("a"), QStringLiteral("2"))); // a keeps 1 and 2: it reaches back
        for (int n = 3; n <= 5; ++n)
            QVERIFY(publishApp(QStringLiteral("b"), QString::number(n))); // b keeps 4 and 5 only
        auto resumed = openStream("a,b", { { "Last-Event-ID", lastSeen.toUtf8() } });
        QVERIFY(resumed && waitFor(*resumed, QStringLiteral("a"), QStringLiteral("2")));
        QCOMPARE(m_refreshed, QStringList({ QStringLiteral("b/app") }));
        QCOMPARE(parseEvents(resumed->body()).elements,
                 QStringList({ element(QStringLiteral("b"), QStringLiteral("refresh")),
                               element(QStringLiteral("a"), QStringLiteral("2")) }));
    }

    void resumeWithoutAUsableIdRefreshesEveryTopic_data()
    {
        QTest::addColumn<QByteArray>("lastEventId");
        QTest::newRow("none") << QByteArray();
        QTest::newRow("other run") << QByteArray("zzzz-1");
        QTest::newRow("unreadable") << QByteArray("not an id");
    }
    void resumeWithoutAUsableIdRefreshesEveryTopic()
    {
        QFETCH(QByteArray, lastEventId);
        startServer();
        setRecordingRefresh(QStringLiteral("a"));
        setRecordingRefresh(QStringLiteral("b"));
        QVERIFY(publishApp(QStringLiteral("a"), QStringLiteral("1")));
        QVERIFY(publishApp(QStringLiteral("b"), QStringLiteral("2")));
        Headers headers;
        if (!lastEventId.isNull())
            headers.append({ "Last-Event-ID", lastEventId });
        auto stream = openStream("a,b", headers);
        QVERIFY(stream && waitFor(*stream, QStringLiteral("b"), QStringLiteral("refresh")));
        QCOMPARE(m_refreshed, QStringList({ QStringLiteral("a/app"), QStringLiteral("b/app") }));
        const Received received = parseEvents(stream->body());
        QCOMPARE(received.elements,
                 QStringList({ element(QStringLiteral("a"), QStringLiteral("refresh")),
                               element(QStringLiteral("b"), QStringLiteral("refresh")) }));
        QCOMPARE(received.ids, QStringList({ QString(), QString() })); // refreshes carry no id
    }

    void refreshSeesTheSubscribingRequest()
    {
        startServer();
        m_server->hub().topic(QStringLiteral("results")).setRefresh([](const starling::Request &request) {
            return QList<datastar::Event> { datastar::patchElements(element(
                QStringLiteral("results"), QStringLiteral("for ") + request.query(QStringLiteral("q")))) };
        });
        auto first = openStream("page:results&q=apples", { { "Starling-Page", "window-1" } });
        auto second = openStream("page:results&q=pears", { { "Starling-Page", "window-2" } });
        QVERIFY(first && second);
        QVERIFY(waitFor(*first, QStringLiteral("results"), QStringLiteral("for apples")));
        QVERIFY(waitFor(*second, QStringLiteral("results"), QStringLiteral("for pears")));
        QVERIFY(!first->body().contains("pears"));

        // The form without the request still works, and replaces the name's refresh.
        m_server->hub().topic(QStringLiteral("results")).setRefresh([] {
            return QList<datastar::Event> { datastar::patchElements(
                element(QStringLiteral("results"), QStringLiteral("plain"))) };
        });
        auto third = openStream("page:results", { { "Starling-Page", "window-3" } });
        QVERIFY(third && waitFor(*third, QStringLiteral("results"), QStringLiteral("plain")));
    }

    void pageTopicReachesOnlyItsOwnPage()
    {
        startServer();
        auto first = openStream("page:results,todos", { { "Starling-Page", "window-1" } });
        auto second = openStream("page:results,todos", { { "Starling-Page", "window-2" } });
        QVERIFY(first && second && waitForStreamCount(2));
        QCOMPARE(m_server->hub().streamCount(QStringLiteral("results")), 0); // no app topic of that name

        QVERIFY(publish("results&scope=page", QStringLiteral("for window 1"),
                        { { "Starling-Page", "window-1" } }));
        QVERIFY(publish("results&scope=page", QStringLiteral("for window 2"),
                        { { "Starling-Page", "window-2" } }));
        QVERIFY(publish("todos", QStringLiteral("for all"), { { "Starling-Page", "window-1" } }));
        QVERIFY(waitFor(*first, QStringLiteral("todos"), QStringLiteral("for all")));
        QVERIFY(waitFor(*second, QStringLiteral("todos"), QStringLiteral("for all")));
        QCOMPARE(parseEvents(first->body()).elements,
                 QStringList({ element(QStringLiteral("results"), QStringLiteral("for window 1")),
                               element(QStringLiteral("todos"), QStringLiteral("for all")) }));
        QCOMPARE(parseEvents(second->body()).elements,
                 QStringList({ element(QStringLiteral("results"), QStringLiteral("for window 2")),
                               element(QStringLiteral("todos"), QStringLiteral("for all")) }));
    }

    void pageTopicNeedsAPageId()
    {
        startServer();
        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("not publishing to results of a request without "
                                              "a page id")));
        QVERIFY(!publish("results&scope=page", QStringLiteral("lost")));
        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("not publishing to results of a request without "
                                              "a page id")));
        QVERIFY(!publish("results&scope=page", QStringLiteral("lost"), { { "Starling-Page", "window 1" } }));

        // A stream that can follow nothing ends normally; one with other topics follows those.
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("a stream cannot follow results of a request "
                                                               "without a page id")));
        auto nothing = openStream("page:results");
        QVERIFY(nothing && nothing->waitForComplete());
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("a stream cannot follow results of a request "
                                                               "without a page id")));
        auto some = openStream("page:results,todos");
        QVERIFY(some && waitForStreamCount(1));
        QVERIFY(publishApp(QStringLiteral("todos"), QStringLiteral("1")));
        QVERIFY(waitFor(*some, QStringLiteral("todos"), QStringLiteral("1")));
        QVERIFY(!some->isComplete());
    }

    void pageIdIsTheWellFormedStarlingPageHeader_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("pageId");
        QTest::newRow("window") << QByteArray("window-12") << QStringLiteral("window-12");
        QTest::newRow("uuid-like") << QByteArray("a1B2.c3_d4-e5") << QStringLiteral("a1B2.c3_d4-e5");
        QTest::newRow("64 characters") << QByteArray(64, 'x') << QString(64, u'x');
        QTest::newRow("65 characters") << QByteArray(65, 'x') << QString();
        QTest::newRow("space") << QByteArray("window 1") << QString();
        QTest::newRow("quote") << QByteArray("w'1") << QString();
        QTest::newRow("non-ASCII") << QByteArray("w\xc3\xa9") << QString();
        QTest::newRow("absent") << QByteArray() << QString();
    }
    void pageIdIsTheWellFormedStarlingPageHeader()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, pageId);
        startServer();
        Headers headers = own();
        if (!header.isNull())
            headers.append({ "Starling-Page", header });
        const auto reply = exchange(m_server->port(), requestBytes("GET", "/whoami", headers));
        QVERIFY(reply);
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(QString::fromUtf8(reply->body()).section(u' ', 1), pageId);
    }

    void sessionCookieIsGivenToARequestWithoutOne()
    {
        startServer();
        const auto first = exchange(m_server->port(), requestBytes("GET", "/whoami", own()));
        QVERIFY(first);
        const QByteArray setCookie = first->header("Set-Cookie");
        QCOMPARE(first->headerCount("Set-Cookie"), 1);
        const QRegularExpression shape(QStringLiteral("^starling-session-%1=([A-Za-z0-9_-]{22}); HttpOnly; "
                                                      "SameSite=Strict; Path=/$")
                                           .arg(m_server->port()));
        const QRegularExpressionMatch match = shape.match(QString::fromLatin1(setCookie));
        QVERIFY2(match.hasMatch(), setCookie.constData());
        const QString id = match.captured(1);
        QCOMPARE(QString::fromUtf8(first->body()), id + u' '); // the first request has its session already

        // With the cookie: the same session, and no new cookie.
        const QByteArray cookie = sessionCookieOf(setCookie, m_server->port());
        const auto again
            = exchange(m_server->port(),
                       requestBytes("GET", "/whoami", own() + Headers { { "Cookie", "a=b; " + cookie } }));
        QVERIFY(again);
        QVERIFY(!again->hasHeader("Set-Cookie"));
        QCOMPARE(QString::fromUtf8(again->body()), id + u' ');

        // Another browser gets another session; a malformed or another port's cookie counts as none.
        QVERIFY(newSessionCookie() != cookie);
        for (const QByteArray &other :
             { QByteArray("starling-session-" + QByteArray::number(m_server->port()) + "=short"),
               QByteArray("starling-session-1=" + id.toLatin1()) }) {
            const auto reply = exchange(
                m_server->port(), requestBytes("GET", "/whoami", own() + Headers { { "Cookie", other } }));
            QVERIFY(reply);
            QVERIFY2(!sessionCookieOf(reply->header("Set-Cookie"), m_server->port()).isEmpty(),
                     other.constData());
            QVERIFY(!reply->body().startsWith(id.toLatin1()));
        }

        // A stream's answer sets it too; a refused request gets none.
        auto stream = openStream("todos");
        QVERIFY(stream);
        QVERIFY(!sessionCookieOf(stream->header("Set-Cookie"), m_server->port()).isEmpty());
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("refused GET /whoami with 403")));
        const auto refused
            = exchange(m_server->port(),
                       requestBytes("GET", "/whoami",
                                    { { "Host", "127.0.0.1:" + QByteArray::number(m_server->port()) } }));
        QVERIFY(refused);
        QCOMPARE(refused->statusCode(), 403);
        QVERIFY(!refused->hasHeader("Set-Cookie"));

        // The ?token= redirect sets the secret's cookie alone: the page it leads to gets the session's.
        const auto redirect
            = exchange(m_server->port(),
                       requestBytes("GET", "/whoami?token=" + m_server->secret(),
                                    { { "Host", "127.0.0.1:" + QByteArray::number(m_server->port()) } }));
        QVERIFY(redirect);
        QCOMPARE(redirect->statusCode(), 303);
        QCOMPARE(redirect->headerCount("Set-Cookie"), 1);
        QVERIFY(redirect->header("Set-Cookie").startsWith(m_server->cookieName() + '='));
    }

    void sessionTopicReachesOnlyItsOwnSession()
    {
        startServer();
        const QByteArray alice = newSessionCookie();
        const QByteArray bob = newSessionCookie();
        QVERIFY(!alice.isEmpty() && !bob.isEmpty() && alice != bob);
        // Two pages of one browser share its session topic.
        auto aliceFirst = openStream("session:cart", { { "Cookie", alice }, { "Starling-Page", "tab-1" } });
        auto aliceSecond = openStream("session:cart", { { "Cookie", alice }, { "Starling-Page", "tab-2" } });
        auto bobs = openStream("session:cart", { { "Cookie", bob } });
        QVERIFY(aliceFirst && aliceSecond && bobs && waitForStreamCount(3));

        QVERIFY(publish("cart&scope=session", QStringLiteral("alice's"), { { "Cookie", alice } }));
        QVERIFY(publish("cart&scope=session", QStringLiteral("bob's"), { { "Cookie", bob } }));
        QVERIFY(waitFor(*aliceFirst, QStringLiteral("cart"), QStringLiteral("alice's")));
        QVERIFY(waitFor(*aliceSecond, QStringLiteral("cart"), QStringLiteral("alice's")));
        QVERIFY(waitFor(*bobs, QStringLiteral("cart"), QStringLiteral("bob's")));
        QCOMPARE(parseEvents(aliceFirst->body()).elements.size(), 1);
        QCOMPARE(parseEvents(aliceSecond->body()).elements.size(), 1);
        QCOMPARE(parseEvents(bobs->body()).elements.size(), 1);
    }

    void limitsCountStreamsNotTheirTopics()
    {
        startServer({ .maxPageStreams = 2, .maxStreams = 3 });
        auto first = openStream("a,b,page:c", { { "Starling-Page", "window-1" } });
        auto second = openStream("a,b,page:c", { { "Starling-Page", "window-2" } });
        QVERIFY(first && second && waitForStreamCount(2));
        QVERIFY(!first->isComplete() && !second->isComplete());

        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("refusing a read stream on a, b, c \\(page "
                                                               "window-3\\) for page window-3 *: 2 pages")));
        auto third = openStream("a,b,page:c", { { "Starling-Page", "window-3" } });
        QVERIFY(third && third->waitForComplete());
        QVERIFY(third->body().contains("starling-stream-limit"));

        auto anonymous = openStream("a,b,c,d");
        QVERIFY(anonymous && waitForStreamCount(3));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("refusing a read stream on a *: 3 streams")));
        auto fourth = openStream("a");
        QVERIFY(fourth && fourth->waitForComplete());
        QVERIFY(fourth->body().contains("this app already holds 3 live connections"));
        QCOMPARE(m_server->hub().streamCount(), 3);
    }

    void newerStreamOfAPageReplacesTheOlderAndStaysOpen()
    {
        startServer();
        auto older = openStream("a,page:b", { { "Starling-Page", "window-1" } });
        QVERIFY(older && waitForStreamCount(1));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("page window-1 opened a newer read stream")));
        auto newer = openStream("a,page:b", { { "Starling-Page", "window-1" } });
        QVERIFY(newer);
        QVERIFY(older->waitForComplete());
        QVERIFY(older->body().contains("newer read stream"));
        QVERIFY(waitForStreamCount(1));

        QVERIFY(publishApp(QStringLiteral("a"), QStringLiteral("1")));
        QVERIFY(publish("b&scope=page", QStringLiteral("2"), { { "Starling-Page", "window-1" } }));
        QVERIFY(waitFor(*newer, QStringLiteral("b"), QStringLiteral("2")));
        QVERIFY(newer->body().contains(element(QStringLiteral("a"), QStringLiteral("1")).toUtf8()));
        QVERIFY(!newer->isComplete());
        QVERIFY(!newer->body().contains("newer read stream"));
        QCOMPARE(m_server->hub().streamCount(), 1);
    }

    void transientEventsReachCurrentStreamsOnlyAndAreNotKept()
    {
        startServer({ .historySize = 2 });
        setRecordingRefresh(QStringLiteral("clock"));
        auto stream = openStream("clock");
        QVERIFY(stream && waitForStreamCount(1));
        QVERIFY(publishApp(QStringLiteral("clock"), QStringLiteral("kept 1")));
        const starling::TransientTopic ticks = m_server->hub().topic(QStringLiteral("clock")).transient();
        for (int n = 1; n <= 5; ++n)
            QVERIFY(ticks.patchElements(element(QStringLiteral("clock"), QStringLiteral("tick %1").arg(n))));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("not publishing an invalid event to clock")));
        QVERIFY(!ticks.patchElements(QString())); // invalid: refused as by Topic
        QVERIFY(publishApp(QStringLiteral("clock"), QStringLiteral("kept 2")));
        QVERIFY(waitFor(*stream, QStringLiteral("clock"), QStringLiteral("kept 2")));

        const Received received = parseEvents(stream->body());
        QCOMPARE(received.elements.size(), 8); // refresh, kept 1, 5 ticks, kept 2
        QCOMPARE(received.elements[2], element(QStringLiteral("clock"), QStringLiteral("tick 1")));
        for (int i = 2; i <= 6; ++i)
            QVERIFY2(received.ids[i].isEmpty(), qPrintable(received.ids[i]));
        QCOMPARE(sequenceOf(received.ids[7]), sequenceOf(received.ids[1]) + 1); // ticks took no number

        // A history of 2 still reaches back to "kept 1": a resume from it gets "kept 2" alone.
        m_refreshed.clear();
        auto resumed = openStream("clock", { { "Last-Event-ID", received.ids[1].toUtf8() } });
        QVERIFY(resumed && waitFor(*resumed, QStringLiteral("clock"), QStringLiteral("kept 2")));
        QCOMPARE(parseEvents(resumed->body()).elements,
                 QStringList({ element(QStringLiteral("clock"), QStringLiteral("kept 2")) }));
        QVERIFY(m_refreshed.isEmpty());

        // Transient events to a page topic go to that page's stream only; to nobody, nowhere.
        auto page = openStream("page:clock", { { "Starling-Page", "window-1" } });
        QVERIFY(page && waitForStreamCount(3));
        QVERIFY(publish("clock&scope=page", QStringLiteral("nobody's"), { { "Starling-Page", "window-9" } },
                        "&transient=1"));
        QVERIFY(publish("clock&scope=page", QStringLiteral("page tick"), { { "Starling-Page", "window-1" } },
                        "&transient=1"));
        QVERIFY(waitFor(*page, QStringLiteral("clock"), QStringLiteral("page tick")));
        QVERIFY(!page->body().contains("nobody's"));
        QVERIFY(!stream->body().contains("page tick"));
    }

    void idleSessionAndPageTopicsAreForgottenLeastRecentlyUsedFirst()
    {
        startServer({ .maxIdleScopedTopics = 2 });
        setRecordingRefresh(QStringLiteral("results"));
        const QList<QByteArray> pages { "window-1", "window-2", "window-3" };
        QList<QString> lastSeen;
        for (const QByteArray &page : pages) {
            auto stream = openStream("page:results", { { "Starling-Page", page } });
            QVERIFY(stream && waitForStreamCount(1));
            QVERIFY(publish("results&scope=page", QStringLiteral("first"), { { "Starling-Page", page } }));
            QVERIFY(waitFor(*stream, QStringLiteral("results"), QStringLiteral("first")));
            lastSeen.append(parseEvents(stream->body()).ids.last());
            stream->abort(); // its page topic is idle from now on: window-1's is the least recently used
            QVERIFY(waitForStreamCount(0));
        }
        // window-1's topic was forgotten when window-3's became idle; the other two still hold their history.
        for (const QByteArray &page : { pages[1], pages[2] })
            QVERIFY(publish("results&scope=page", QStringLiteral("second"), { { "Starling-Page", page } }));

        m_refreshed.clear();
        std::vector<std::unique_ptr<RawHttpClient>> resumed; // kept open: a closed one would idle its topic
        for (int i = 0; i < pages.size(); ++i) {
            resumed.push_back(
                openStream("page:results",
                           { { "Starling-Page", pages[i] }, { "Last-Event-ID", lastSeen[i].toUtf8() } }));
            QVERIFY(resumed.back());
            const QString expected = i == 0 ? QStringLiteral("refresh") : QStringLiteral("second");
            QVERIFY2(waitFor(*resumed.back(), QStringLiteral("results"), expected), pages[i].constData());
            QCOMPARE(parseEvents(resumed.back()->body()).elements.size(), 1);
        }
        QCOMPARE(m_refreshed, QStringList({ QStringLiteral("results/window-1") }));
    }
};

QTEST_GUILESS_MAIN(HubTopicsTest)
#include "tst_hubtopics.moc"
