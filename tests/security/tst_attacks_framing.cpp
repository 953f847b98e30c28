// Issue 12's framing attacks on the real `starling-gallery --serve`, from another process with raw sockets:
// a head QtHttpServer would mangle whose Content-Length hides a request with a 200 MB body (item 1), a
// request pipelined behind an SSE stream (item 5), malformed request lines (item 7), and Connection: close
// and HTTP/1.0 (item 4). Each probe is a row of docs/security.md (see probe.h).
#include "attacktarget.h"
#include "probe.h"

#include <QElapsedTimer>
#include <QTest>

using namespace securitytest;

namespace {

// How long a test waits for the server to close a connection it should close at once (after its answer, or
// 2 s after a refusal): well below the 30 s idle timeout, which would close it anyway.
constexpr int ClosedWithinMs = 10000;

} // namespace

class TestAttacksFraming : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void headHidingARequestWithAHugeBodyIsRefused_data();
    void headHidingARequestWithAHugeBodyIsRefused();
    void requestPipelinedBehindAStreamIsNeverAnswered();
    void malformedRequestLineGets400_data();
    void malformedRequestLineGets400();
    void connectionCloseAndHttp10AreAnsweredThenClosed();

private:
    std::unique_ptr<Target> m_gallery;
};

void TestAttacksFraming::init()
{
    m_gallery = std::make_unique<Target>();
    QVERIFY2(m_gallery->startGallery(), qPrintable(m_gallery->errorString()));
    // Warm up: the first answers build the page's templates; the attack's start is measured after them.
    QCOMPARE(exchange(m_gallery->port(), m_gallery->ownRequest("GET", "/")).status, 200);
    QCOMPARE(exchange(m_gallery->port(), m_gallery->ownRequest("GET", "/todo")).status, 200);
}

void TestAttacksFraming::cleanup()
{
    QVERIFY2(m_gallery->stop(), "the gallery ended during the test (crashed?)");
    m_gallery.reset();
}

void TestAttacksFraming::headHidingARequestWithAHugeBodyIsRefused_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<int>("status");
    QByteArray fields;
    for (int i = 0; i < 99; ++i) // with Host and Content-Length: 101 fields
        fields += "X-Field-" + QByteArray::number(i) + ": a\r\n";
    QTest::newRow("101 fields") << fields << 431;
    QTest::newRow("invalid field name") << QByteArray("X[Name]: a\r\n") << 400;
    QTest::newRow("space before the colon") << QByteArray("X-Space : a\r\n") << 400;
}

// Item 1: QtHttpServer 6.4 dropped every field of such a head while the screen honoured its Content-Length
// and skipped the next request as its "body": that request's 200 MB body reached Qt unscreened, no token
// needed (RSS 54 MB -> 2.1 GB).
void TestAttacksFraming::headHidingARequestWithAHugeBodyIsRefused()
{
    QFETCH(QByteArray, fields);
    QFETCH(int, status);
    constexpr qint64 HugeBody = 200'000'000;
    Probe probe(
        QStringLiteral("1. head with %1, Content-Length covering a request with a 200 MB body, no token")
            .arg(QString::fromLatin1(QTest::currentDataTag())),
        QStringLiteral(
            "%1, connection closed; peak RSS <= start + 10% + 16 MiB, after <= start + 10% + 8 MiB")
            .arg(status));

    const QByteArray hidden = "POST /todo/items HTTP/1.1\r\nHost: " + m_gallery->hostHeader()
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(HugeBody)
        + "\r\n\r\n";
    const QByteArray head = "POST /todo/items HTTP/1.1\r\nHost: " + m_gallery->hostHeader()
        + "\r\nContent-Length: " + QByteArray::number(hidden.size()) + "\r\n" + fields + "\r\n";

    MemoryWatch memory(*m_gallery);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_gallery->port());
    QVERIFY(socket.waitForConnected(WaitMs));
    QElapsedTimer elapsed;
    elapsed.start();
    socket.write(head + hidden);

    // The body as fast as the socket takes it, until the server closes the connection.
    const QByteArray chunk(MiB, 'x');
    QByteArray received;
    qint64 queued = 0;
    while (socket.state() == QAbstractSocket::ConnectedState && elapsed.elapsed() < 4 * WaitMs) {
        if (queued < HugeBody && socket.bytesToWrite() < 4 * MiB) {
            const qint64 size = std::min<qint64>(chunk.size(), HugeBody - queued);
            socket.write(chunk.constData(), size);
            queued += size;
        }
        if (socket.bytesToWrite() > 0)
            socket.waitForBytesWritten(50);
        else
            socket.waitForReadyRead(500); // all sent: wait for the answer and the close
        received += socket.readAll();
        memory.sample();
    }
    const qint64 closedAfterMs = elapsed.elapsed();
    const qint64 taken = queued - socket.bytesToWrite();
    received += socket.readAll();
    memory.sample();

    const int answered = statusOf(received);
    probe.observe(QStringLiteral("%1 \"%2\"")
                      .arg(answered)
                      .arg(QString::fromUtf8(received.mid(received.indexOf("\r\n\r\n") + 4).trimmed())));
    const bool closed = socket.state() != QAbstractSocket::ConnectedState;
    probe.observe(
        closed ? QStringLiteral("closed by the server after %1 s").arg(closedAfterMs / 1000.0, 0, 'f', 1)
               : QStringLiteral("still open"));
    probe.check(answered == status, QStringLiteral("answered %1, not %2").arg(answered).arg(status));
    probe.check(received.count("HTTP/1.1 ") == 1,
                QStringLiteral("more than one answer: the hidden request was "
                               "read"));
    probe.check(closed, QStringLiteral("the connection stayed open"));

    const qint64 peakBound = settledBound(memory.start(), 16 * MiB);
    const qint64 bound = settledBound(memory.start());
    const qint64 after = waitForRssAtMost(*m_gallery, bound);
    probe.figure(QStringLiteral("RSS %1 / peak %2 / after %3")
                     .arg(mib(memory.start()), mib(memory.peak()), mib(after)));
    probe.figure(QStringLiteral("%1 MB sent before the close").arg(taken / 1'000'000));
    probe.check(!rssIsBounded() || memory.peak() <= peakBound,
                QStringLiteral("peak RSS %1 over %2").arg(mib(memory.peak()), mib(peakBound)));
    probe.check(!rssIsBounded() || after <= bound,
                QStringLiteral("RSS after %1 over %2").arg(mib(after), mib(bound)));
    probe.check(exchange(m_gallery->port(), m_gallery->ownRequest("GET", "/")).status == 200,
                QStringLiteral("the app's own request failed after the attack"));
    probe.finish();
    QVERIFY2(probe.held(), qPrintable(probe.failures()));
}

// Item 5: a request pipelined behind a stream's request was answered inside the stream's chunked body.
void TestAttacksFraming::requestPipelinedBehindAStreamIsNeverAnswered()
{
    Probe probe(
        QStringLiteral("5. GET / pipelined behind an SSE stream's request, and sent again while it streams"),
        QStringLiteral("no answer inside the stream; the stream goes on"));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_gallery->port());
    QVERIFY(socket.waitForConnected(WaitMs));
    const QByteArray home = m_gallery->ownRequest("GET", "/");
    socket.write(m_gallery->ownRequest("GET", "/examples/cqrs/updates") + home);

    // The stream starts with the board (its refresh); a publish then reaches it as a second event.
    QByteArray received;
    probe.check(readUntil(socket, received, "event: datastar-patch-elements"),
                QStringLiteral("the stream's first event did not arrive"));
    socket.write(home); // and once more while the stream is open
    socket.flush();
    const Answer increment
        = exchange(m_gallery->port(), m_gallery->ownRequest("POST", "/examples/cqrs/increment"));
    probe.check(increment.status == 204,
                QStringLiteral("the publishing request got %1").arg(increment.status));
    (void)QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return received.count("event: datastar-patch-elements") >= 2
                || socket.state() != QAbstractSocket::ConnectedState;
        },
        WaitMs);

    const qsizetype events = received.count("event: datastar-patch-elements");
    const qsizetype answers = received.count("HTTP/1.");
    probe.observe(QStringLiteral("status %1, %2 events on the stream, %3 status lines, %4 HTML documents")
                      .arg(statusOf(received))
                      .arg(events)
                      .arg(answers)
                      .arg(received.count("<!DOCTYPE")));
    probe.check(statusOf(received) == 200 && received.contains("text/event-stream"),
                QStringLiteral("the stream did not start"));
    probe.check(events == 2, QStringLiteral("the publish did not reach the stream"));
    probe.check(answers == 1 && !received.contains("<!DOCTYPE"),
                QStringLiteral("the pipelined request was answered on the stream's connection"));
    probe.check(socket.state() == QAbstractSocket::ConnectedState, QStringLiteral("the stream was closed"));
    probe.finish();
    QVERIFY2(probe.held(), qPrintable(probe.failures() + "; received: " + received.left(2000)));
}

void TestAttacksFraming::malformedRequestLineGets400_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1");
    QTest::newRow("no version") << QByteArray("GET /");
    QTest::newRow("a word after the version") << QByteArray("GET / HTTP/1.1 x");
    QTest::newRow("space in the target") << QByteArray("GET /a b HTTP/1.1");
    QTest::newRow("NUL in the method") << QByteArray("G\0T / HTTP/1.1", 14);
    QTest::newRow("absolute target") << QByteArray("GET http://example.com/ HTTP/1.1");
}

// Item 7: malformed request lines got a closed connection and no answer.
void TestAttacksFraming::malformedRequestLineGets400()
{
    QFETCH(QByteArray, line);
    Probe probe(
        QStringLiteral("7. malformed request line: %1").arg(QString::fromLatin1(QTest::currentDataTag())),
        QStringLiteral("400 with a reason, connection closed"));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_gallery->port());
    QVERIFY(socket.waitForConnected(WaitMs));
    socket.write(line + "\r\nHost: " + m_gallery->hostHeader() + "\r\n\r\n");
    QByteArray received;
    const bool closed = readUntilClosed(socket, received, ClosedWithinMs);
    const QByteArray reason = received.mid(received.indexOf("\r\n\r\n") + 4).trimmed();
    probe.observe(QStringLiteral("%1 \"%2\"%3")
                      .arg(statusOf(received))
                      .arg(QString::fromUtf8(reason))
                      .arg(closed ? QStringLiteral(", closed") : QStringLiteral(", still open")));
    probe.check(statusOf(received) == 400, QStringLiteral("answered %1").arg(statusOf(received)));
    probe.check(reason.startsWith("Refused: "), QStringLiteral("no reason given"));
    probe.check(closed, QStringLiteral("the connection stayed open"));
    probe.finish();
    QVERIFY2(probe.held(), qPrintable(probe.failures()));
}

// Item 4: Connection: close and HTTP/1.0 connections were never closed.
void TestAttacksFraming::connectionCloseAndHttp10AreAnsweredThenClosed()
{
    Probe probe(QStringLiteral("4. `Connection: close`, and HTTP/1.0 without keep-alive"),
                QStringLiteral("200, then the server closes the connection"));
    const QList<QPair<QString, QByteArray>> requests {
        { QStringLiteral("Connection: close"),
          m_gallery->ownRequest("GET", "/", {}, { "Connection: close" }) },
        { QStringLiteral("HTTP/1.0"), m_gallery->ownRequest("GET", "/").replace("HTTP/1.1", "HTTP/1.0") },
    };
    for (const auto &[name, request] : requests) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_gallery->port());
        QVERIFY(socket.waitForConnected(WaitMs));
        socket.write(request);
        QByteArray received;
        const bool closed = readUntilClosed(socket, received, ClosedWithinMs);
        probe.observe(QStringLiteral("%1: %2, %3")
                          .arg(name)
                          .arg(statusOf(received))
                          .arg(closed ? QStringLiteral("closed") : QStringLiteral("still open")));
        probe.check(statusOf(received) == 200 && received.contains("</html>"),
                    QStringLiteral("%1: no whole answer").arg(name));
        probe.check(closed, QStringLiteral("%1: the connection stayed open").arg(name));
    }
    probe.finish();
    QVERIFY2(probe.held(), qPrintable(probe.failures()));
}

QTEST_GUILESS_MAIN(TestAttacksFraming)
#include "tst_attacks_framing.moc"
