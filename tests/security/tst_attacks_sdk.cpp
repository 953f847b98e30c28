// Issue 12's attacks on the Datastar SDK through the real `starling-conformance`, from another process: a
// removeSignals path of 20,000 segments (item 2: it crashed the server) and 80,000 paths under one parent
// (item 3: it blocked every other request for 38 s). Each probe is a row of docs/security.md (see probe.h).
#include "attacktarget.h"
#include "probe.h"

#include <QElapsedTimer>
#include <QTest>

using namespace securitytest;

namespace {

QByteArray removeSignalsRequest(quint16 port, const QByteArray &paths)
{
    const QByteArray body = R"~({"events":[{"type":"removeSignals","paths":)~" + paths + "}]}";
    return "POST /test HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n\r\n" + body;
}

// A valid request and the exact event it streams.
QByteArray smallRequest(quint16 port)
{
    return removeSignalsRequest(port, R"("a.b")");
}
constexpr QByteArrayView SmallEvent = "data: signals {\"a\":{\"b\":null}}";

} // namespace

class TestAttacksSdk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void deepSignalPathGets400AndServerGoesOn();
    void manySignalPathsGet400WhileOthersAreServed();

private:
    std::unique_ptr<Target> m_server;
};

void TestAttacksSdk::init()
{
    m_server = std::make_unique<Target>();
    QVERIFY2(m_server->startConformance(), qPrintable(m_server->errorString()));
    QCOMPARE(exchange(m_server->port(), smallRequest(m_server->port())).status, 200);
}

void TestAttacksSdk::cleanup()
{
    QVERIFY2(m_server->stop(), "starling-conformance ended during the test (crashed?)");
    m_server.reset();
}

// Item 2: one POST /test whose removeSignals path has 20,000 segments (40 KB) crashed the server (unbounded
// recursion in Qt's JSON writer over the nested object built for the path).
void TestAttacksSdk::deepSignalPathGets400AndServerGoesOn()
{
    Probe probe(QStringLiteral("2. starling-conformance: removeSignals path of 20,000 segments (40 KB)"),
                QStringLiteral("400 with a message; the server answers the next request"));
    const quint16 port = m_server->port();
    MemoryWatch memory(*m_server);
    QElapsedTimer elapsed;
    elapsed.start();
    const Answer refused
        = exchange(port, removeSignalsRequest(port, '"' + QByteArray("a.").repeated(19'999) + "a\""));
    const qint64 refusedMs = elapsed.elapsed();
    const Answer next = exchange(port, smallRequest(port));
    memory.sample();
    probe.observe(
        QStringLiteral("%1 \"%2\"").arg(refused.status).arg(QString::fromUtf8(refused.body.trimmed())));
    probe.observe(QStringLiteral("next request %1").arg(next.status));
    probe.figure(QStringLiteral("refused in %1 ms").arg(refusedMs));
    probe.figure(QStringLiteral("RSS %1 / peak %2").arg(mib(memory.start()), mib(memory.peak())));
    probe.check(refused.status == 400, QStringLiteral("answered %1").arg(refused.status));
    probe.check(refused.body.contains("20000 segments, over the limit of 32"),
                QStringLiteral("the message does not name the limit"));
    probe.check(next.status == 200 && next.body.contains(SmallEvent.toByteArray()),
                QStringLiteral("the next request was not served"));
    probe.check(m_server->isRunning(), QStringLiteral("the server ended"));
    probe.finish();
    QVERIFY2(probe.held(), qPrintable(probe.failures()));
}

// Item 3: N paths under one parent cost O(N^2); 80,000 (949 KB) blocked every other request for 38 s. The
// refusal must come before any quadratic work: a second connection sent at the same time is answered too.
void TestAttacksSdk::manySignalPathsGet400WhileOthersAreServed()
{
    Probe probe(QStringLiteral("3. starling-conformance: 80,000 removeSignals paths under one parent, and a "
                               "request on a second connection"),
                QStringLiteral("400 with a message; the other request answered"));
    const quint16 port = m_server->port();
    QByteArrayList paths;
    for (int i = 0; i < 80'000; ++i)
        paths.append("\"p.s_" + QByteArray::number(i) + '"'); // 949 KB in all, as in the audit
    const QByteArray attack = removeSignalsRequest(port, '[' + paths.join(',') + ']');

    MemoryWatch memory(*m_server);
    QTcpSocket attacker;
    QTcpSocket other;
    attacker.connectToHost(QHostAddress::LocalHost, port);
    other.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(attacker.waitForConnected(WaitMs) && other.waitForConnected(WaitMs));
    QElapsedTimer elapsed;
    elapsed.start();
    attacker.write(attack);
    other.write(smallRequest(port));
    qint64 attackMs = -1;
    qint64 otherMs = -1;
    QByteArray attackAnswer;
    QByteArray otherAnswer;
    (void)QTest::qWaitFor(
        [&] {
            attackAnswer += attacker.readAll();
            otherAnswer += other.readAll();
            if (attackMs < 0 && attackAnswer.contains("\r\n\r\n") && attackAnswer.contains("limit"))
                attackMs = elapsed.elapsed();
            if (otherMs < 0 && otherAnswer.contains(SmallEvent.toByteArray()))
                otherMs = elapsed.elapsed();
            return attackMs >= 0 && otherMs >= 0;
        },
        4 * WaitMs);
    memory.sample();

    const QByteArray message = attackAnswer.mid(attackAnswer.indexOf("\r\n\r\n") + 4).trimmed();
    probe.observe(QStringLiteral("%1 \"%2\"").arg(statusOf(attackAnswer)).arg(QString::fromUtf8(message)));
    probe.observe(QStringLiteral("other request %1").arg(statusOf(otherAnswer)));
    probe.figure(QStringLiteral("%1 KB; refused after %2 ms, other answered after %3 ms")
                     .arg(attack.size() / 1000)
                     .arg(attackMs)
                     .arg(otherMs));
    probe.figure(QStringLiteral("RSS %1 / peak %2").arg(mib(memory.start()), mib(memory.peak())));
    probe.check(statusOf(attackAnswer) == 400, QStringLiteral("answered %1").arg(statusOf(attackAnswer)));
    probe.check(message.contains("80000 paths, over the limit of 10000"),
                QStringLiteral("the message does not name the limit"));
    probe.check(statusOf(otherAnswer) == 200 && otherMs >= 0,
                QStringLiteral("the other request was not served"));
    probe.check(m_server->isRunning(), QStringLiteral("the server ended"));
    probe.finish();
    QVERIFY2(probe.held(), qPrintable(probe.failures()));
}

QTEST_GUILESS_MAIN(TestAttacksSdk)
#include "tst_attacks_sdk.moc"
