// ServerSentEventGenerator over a real socket, read with a raw client that sees the exact bytes: headers
// first, events one by one in hand-framed chunks, the terminating chunk on close(), client disconnects, sends
// from several threads, keep-alive comments, and back-pressure (pendingBytes()/drained()).
#include "teststream.h"

#include <datastar/event.h>
#include <datastar/serversenteventgenerator.h>

#include <QHostAddress>
#include <QHttpServer>
#include <QJsonObject>
#include <QMutex>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QThread>

#include <atomic>
#include <httptransport_p.h>

using namespace std::chrono_literals;
using datastar::Event;
using datastar::EventSender;
using datastar::ServerSentEventGenerator;
using testhttp::numbered;
using testhttp::RawHttpClient;
using testhttp::WaitTimeoutMs;
using CloseReason = datastar::ServerSentEventGenerator::CloseReason;

namespace {

QByteArray joined(const QList<Event> &events)
{
    QByteArray bytes;
    for (const Event &event : events)
        bytes += event.toSse();
    return bytes;
}

} // namespace

class TestStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void headersArriveBeforeAnyEvent();
    void extraHeadersFollowTheStreamsOwnUnlessMalformed();
    void eventsArriveOneByOneWhileTheStreamStaysOpen();
    void chunkedBodyDecodesToExactlyTheEvents();
    void closeWritesTerminatingChunkAndEmitsClosed();
    void closeIsIdempotentAndEndsSending();
    void deletingAnOpenGeneratorEndsTheStreamNormally();
    void abortDropsTheConnectionWithoutTheTerminatingChunk();
    void clientDisconnectClosesAndDeletesTheGenerator();
    void invalidEventsAreRefusedAndNotWritten();
    void eventMethodsSendTheirEvents();
    void defaultSenderRefersToNoStream();
    void sendsFromSeveralThreadsArriveWholeAndInOrder();
    void keepAliveCommentsOnlyWhenConfigured();
    void drainedOnceEverythingIsHandedOver();
    void pendingBytesTrackASlowClient();
    void closeWithPendingBytesDeliversEverythingFirst();
    void clientDisconnectWithPendingBytesCloses();
    void closeFromAnotherThread();
    void sendsRacingAClientDisconnectAreRefusedSafely();
    void streamsAreIndependent();
    void generatorLivesInTheSocketsThread();
    void streamBehindAPlainTcpServerDeliversAndCloses();
    void destroyingTheServerEndsItsOpenStreams();

private:
    bool open(std::unique_ptr<RawHttpClient> &client, QPointer<ServerSentEventGenerator> &generator,
              const testhttp::Headers &headers = {})
    {
        return m_server.open(client, generator, headers);
    }

    testhttp::StreamServer m_server;
};

void TestStream::initTestCase()
{
    QVERIFY(m_server.isListening());
}

void TestStream::init()
{
    m_server.options = {};
}

void TestStream::cleanup()
{
    QVERIFY(m_server.closeAll()); // every generator deletes itself once closed
}

void TestStream::headersArriveBeforeAnyEvent()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));

    QCOMPARE(client->statusCode(), 200);
    QVERIFY2(client->statusLine().startsWith("HTTP/1.1 200"), client->statusLine());
    QCOMPARE(client->header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(client->header("cache-control"), QByteArray("no-cache"));
    QCOMPARE(client->header("connection").toLower(), QByteArray("keep-alive"));
    QCOMPARE(client->header("transfer-encoding").toLower(), QByteArray("chunked"));
    QVERIFY(!client->hasHeader("content-length"));
    QVERIFY(!client->hasHeader("content-encoding"));
    QCOMPARE(client->headerCount("content-type"), 1);
    // Nothing but the head so far: no event, no chunk.
    QCOMPARE(client->rawBytes(), client->rawHead());
    QVERIFY(client->body().isEmpty());
    QVERIFY(generator->isOpen());
    QVERIFY(!generator->isCompressed());
}

void TestStream::extraHeadersFollowTheStreamsOwnUnlessMalformed()
{
    m_server.options.headers
        = { { "Set-Cookie", "a=1; Path=/" }, { "X-Split", "x\r\nInjected: 1" }, { "X-Also", "y" } };
    QTest::ignoreMessage(QtWarningMsg, "leaving out the malformed SSE response header X-Split");
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));

    QCOMPARE(client->header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(client->header("set-cookie"), QByteArray("a=1; Path=/"));
    QCOMPARE(client->header("x-also"), QByteArray("y"));
    QVERIFY(!client->hasHeader("x-split"));
    QVERIFY(!client->hasHeader("injected"));
}

void TestStream::eventsArriveOneByOneWhileTheStreamStaysOpen()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));

    QByteArray expected;
    for (int n = 0; n < 3; ++n) {
        const Event event = numbered(n);
        QVERIFY(generator->send(event));
        expected += event.toSse();
        // The client has this event (and only what was sent) before the next one is sent.
        QVERIFY2(client->waitForBody(expected), qPrintable(client->framingError()));
        QVERIFY(!client->isComplete());
        QVERIFY(client->isConnected());
        QVERIFY(generator->isOpen());
    }
    QCOMPARE(client->body(), expected);
}

void TestStream::chunkedBodyDecodesToExactlyTheEvents()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));

    const QList<Event> events {
        numbered(1),
        datastar::patchSignals({ { QStringLiteral("text"), QStringLiteral("Grüße\n🙂") } }),
        datastar::patchElements(
            QStringLiteral("<pre id=\"big\">%1</pre>").arg(QString(200000, u'é'))), // > 64 KiB
        datastar::executeScript(QStringLiteral("console.log(1)\nconsole.log(2)"),
                                { .eventId = QStringLiteral("9") }),
        datastar::removeElements(QStringLiteral("#gone"), {}, { .retryDuration = 5000ms }),
    };
    for (const Event &event : events)
        QVERIFY(generator->send(event));
    generator->close();

    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    QVERIFY(!client->hasFramingError());
    QCOMPARE(client->body(), joined(events));
    QVERIFY(client->rawBytes().endsWith("\r\n0\r\n\r\n"));
    QVERIFY(client->bytesAfterEnd().isEmpty());
    for (const QByteArray &chunk : client->chunks())
        QVERIFY(!chunk.isEmpty());
}

void TestStream::closeWritesTerminatingChunkAndEmitsClosed()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);
    const EventSender sender = generator->sender();

    QVERIFY(generator->send(numbered(1)));
    QVERIFY(generator->send(numbered(2)));
    generator->close();
    QVERIFY(!generator.isNull()); // deleted later, not inside close()
    QVERIFY(!generator->isOpen());

    // Everything sent before close() arrives, then the terminating chunk.
    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    QCOMPARE(client->body(), joined({ numbered(1), numbered(2) }));
    QVERIFY(client->rawBytes().endsWith("0\r\n\r\n"));

    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.count(), 1, WaitTimeoutMs);
    QCOMPARE(qvariant_cast<CloseReason>(closedSpy.at(0).at(0)), CloseReason::Server);
    QTRY_VERIFY_WITH_TIMEOUT(generator.isNull(), WaitTimeoutMs);
    QCOMPARE(closedSpy.count(), 1);
    QVERIFY(!sender.isOpen());
    QVERIFY(!sender.send(numbered(3)));
    QVERIFY(client->bytesAfterEnd().isEmpty());
}

void TestStream::deletingAnOpenGeneratorEndsTheStreamNormally()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);
    const EventSender sender = generator->sender();

    QVERIFY(generator->send(numbered(1)));
    delete generator.data(); // e.g. with a parent the app deletes

    // What was queued is written, then the terminating chunk: the client sees a normal end, not a drop.
    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    QCOMPARE(client->body(), numbered(1).toSse());
    QVERIFY(client->rawBytes().endsWith("0\r\n\r\n"));
    QCOMPARE(closedSpy.count(), 1);
    QCOMPARE(qvariant_cast<CloseReason>(closedSpy.at(0).at(0)), CloseReason::Server);
    QVERIFY(!sender.isOpen());
    QVERIFY(!sender.send(numbered(2)));
}

void TestStream::abortDropsTheConnectionWithoutTheTerminatingChunk()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);
    const EventSender sender = generator->sender();

    QVERIFY(sender.send(numbered(1)));
    QVERIFY(client->waitForBody(numbered(1).toSse()));
    generator->abort();
    QVERIFY(!sender.send(numbered(2)));
    generator->close(); // too late: the stream is already going away

    // The client sees the connection drop with the stream unfinished: a broken stream it must retry.
    QVERIFY(client->waitForDisconnected());
    QVERIFY(!client->isComplete());
    QVERIFY(!client->rawBytes().endsWith("0\r\n\r\n"));
    QCOMPARE(client->body(), numbered(1).toSse());
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.count(), 1, WaitTimeoutMs);
    QCOMPARE(qvariant_cast<CloseReason>(closedSpy.at(0).at(0)), CloseReason::Aborted);
    QTRY_VERIFY_WITH_TIMEOUT(generator.isNull(), WaitTimeoutMs);
}

void TestStream::closeIsIdempotentAndEndsSending()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);
    const EventSender sender = generator->sender();
    QVERIFY(sender.isOpen());

    QVERIFY(sender.send(numbered(1)));
    sender.close();
    generator->close();
    sender.close();
    QVERIFY(!generator->send(numbered(2)));
    QVERIFY(!sender.send(numbered(3)));
    QVERIFY(!generator->isOpen());

    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    QTRY_VERIFY_WITH_TIMEOUT(generator.isNull(), WaitTimeoutMs);
    QCOMPARE(closedSpy.count(), 1);
    QCOMPARE(qvariant_cast<CloseReason>(closedSpy.at(0).at(0)), CloseReason::Server);
    QCOMPARE(client->body(), numbered(1).toSse());
    QVERIFY(client->bytesAfterEnd().isEmpty()); // a single terminating chunk
}

void TestStream::clientDisconnectClosesAndDeletesTheGenerator()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);
    const EventSender sender = generator->sender();

    QVERIFY(sender.send(numbered(1)));
    QVERIFY(client->waitForBody(numbered(1).toSse()));

    client->abort(); // nothing is sent after this: the generator must notice by itself
    QVERIFY(closedSpy.wait(WaitTimeoutMs) || closedSpy.count() == 1);
    QCOMPARE(closedSpy.count(), 1);
    QCOMPARE(qvariant_cast<CloseReason>(closedSpy.at(0).at(0)), CloseReason::ClientDisconnected);
    QTRY_VERIFY_WITH_TIMEOUT(generator.isNull(), WaitTimeoutMs);
    QVERIFY(!sender.isOpen());
    QVERIFY(!sender.send(numbered(2)));
    QVERIFY(!sender.patchSignals({ { QStringLiteral("a"), 1 } }));
    sender.close(); // harmless on a gone stream
    QCOMPARE(closedSpy.count(), 1);
}

void TestStream::invalidEventsAreRefusedAndNotWritten()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    const EventSender sender = generator->sender();

    QVERIFY(!generator->send(Event()));
    QVERIFY(!generator->send(datastar::patchElements(QString())));
    QVERIFY(!generator->patchSignals(QJsonObject()));
    QVERIFY(!generator->removeSignals({ QStringLiteral("a..b") }));
    QVERIFY(!sender.send(datastar::executeScript(QStringLiteral("  "))));
    QVERIFY(!sender.patchElements(QStringLiteral("<p>x</p>"), { .selector = QStringLiteral("a\nb") }));
    QVERIFY(generator->isOpen()); // an invalid event does not end the stream

    QVERIFY(generator->send(numbered(1)));
    generator->close();
    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    QCOMPARE(client->body(), numbered(1).toSse());
}

void TestStream::eventMethodsSendTheirEvents()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    const EventSender sender = generator->sender();

    const QJsonObject patch { { QStringLiteral("n"), 1 } };
    QVERIFY(generator->patchElements(QStringLiteral("<a id=\"a\"></a>"),
                                     { .mode = datastar::ElementPatchMode::Inner }));
    QVERIFY(generator->removeElements(QStringLiteral("#b")));
    QVERIFY(generator->patchSignals(patch, { .onlyIfMissing = true }));
    QVERIFY(sender.patchSignalsRaw(QStringLiteral("{m: 2}")));
    QVERIFY(sender.removeSignals({ QStringLiteral("x.y") }));
    QVERIFY(sender.executeScript(QStringLiteral("go()"), { .autoRemove = false }));
    generator->close();

    const QByteArray expected = joined({
        datastar::patchElements(QStringLiteral("<a id=\"a\"></a>"),
                                { .mode = datastar::ElementPatchMode::Inner }),
        datastar::removeElements(QStringLiteral("#b")),
        datastar::patchSignals(patch, { .onlyIfMissing = true }),
        datastar::patchSignalsRaw(QStringLiteral("{m: 2}")),
        datastar::removeSignals({ QStringLiteral("x.y") }),
        datastar::executeScript(QStringLiteral("go()"), { .autoRemove = false }),
    });
    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    QCOMPARE(client->body(), expected);
}

void TestStream::defaultSenderRefersToNoStream()
{
    const EventSender sender;
    QVERIFY(!sender.isOpen());
    QVERIFY(!sender.send(numbered(1)));
    QVERIFY(!sender.patchSignals({ { QStringLiteral("a"), 1 } }));
    sender.close();
}

void TestStream::sendsFromSeveralThreadsArriveWholeAndInOrder()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));

    QCOMPARE(testhttp::sendFromThreads(generator->sender(), 4, 500), 0);
    generator->close();
    QVERIFY2(client->waitForComplete(60000), qPrintable(client->framingError()));
    const QString problem = testhttp::checkThreadedEvents(client->body(), 4, 500);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestStream::keepAliveCommentsOnlyWhenConfigured()
{
    std::unique_ptr<RawHttpClient> quietClient;
    QPointer<ServerSentEventGenerator> quiet;
    QVERIFY(open(quietClient, quiet)); // keepAliveInterval 0: off

    m_server.options.keepAliveInterval = 30ms;
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));

    const auto comments = [](const QByteArray &body) {
        int count = 0;
        testhttp::stripComments(body, &count);
        return count;
    };
    // Comments arrive while idle...
    QTRY_VERIFY_WITH_TIMEOUT(comments(client->body()) >= 3, WaitTimeoutMs);
    QVERIFY(generator->isOpen());
    // ...between whole events, and keep coming after one.
    const Event event = numbered(1);
    QVERIFY(generator->send(event));
    QTRY_VERIFY_WITH_TIMEOUT(client->body().contains(event.toSse()), WaitTimeoutMs);
    const int before = comments(client->body());
    QTRY_VERIFY_WITH_TIMEOUT(comments(client->body()) >= before + 2, WaitTimeoutMs);
    generator->close();
    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    QCOMPARE(testhttp::stripComments(client->body()), event.toSse());
    const QByteArray body = client->body();
    for (const QByteArray &line : body.split('\n'))
        QVERIFY2(line.isEmpty() || line.startsWith(':') || event.toSse().contains(line), line.constData());

    // Meanwhile (as long as it took the other stream to get five comments) the quiet stream wrote nothing.
    QVERIFY(quiet->isOpen());
    QVERIFY(quietClient->body().isEmpty());
    QCOMPARE(quietClient->rawBytes(), quietClient->rawHead());
    QVERIFY(quiet->send(event));
    quiet->close();
    QVERIFY2(quietClient->waitForComplete(), qPrintable(quietClient->framingError()));
    QCOMPARE(quietClient->body(), event.toSse());
}

void TestStream::drainedOnceEverythingIsHandedOver()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    QSignalSpy drainedSpy(generator.data(), &ServerSentEventGenerator::drained);

    QVERIFY(generator->send(numbered(1)));
    QVERIFY(generator->send(numbered(2)));
    QTRY_VERIFY_WITH_TIMEOUT(drainedSpy.count() >= 1, WaitTimeoutMs);
    QCOMPARE(generator->pendingBytes(), qint64(0));
    QVERIFY(client->waitForBody(joined({ numbered(1), numbered(2) })));
}

void TestStream::pendingBytesTrackASlowClient()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    QCOMPARE(generator->pendingBytes(), qint64(0));
    QSignalSpy drainedSpy(generator.data(), &ServerSentEventGenerator::drained);

    client->setReading(false);
    // Far more than the kernel's socket buffers hold on both ends.
    const Event big
        = datastar::patchElements(QStringLiteral("<pre id=\"big\">%1</pre>").arg(QString(256 * 1024, u'x')));
    constexpr int Count = 128; // 32 MiB
    for (int n = 0; n < Count; ++n)
        QVERIFY(generator->send(big));
    const qint64 total = qint64(big.toSse().size()) * Count;

    // Let the server write what the kernel takes; the rest stays pending while the client does not read.
    QTest::qWait(300);
    QVERIFY2(generator->pendingBytes() > 0, "a stalled client leaves bytes pending");
    QVERIFY(generator->pendingBytes() <= total + 64 * Count); // event bytes plus chunk framing at most
    drainedSpy.clear();
    QTest::qWait(100);
    QCOMPARE(drainedSpy.count(), 0); // not drained while the client is stalled
    QVERIFY(generator->pendingBytes() > 0);

    client->setReading(true);
    QVERIFY(client->waitForBodySize(total, 60000));
    QTRY_VERIFY_WITH_TIMEOUT(drainedSpy.count() >= 1, WaitTimeoutMs);
    QCOMPARE(generator->pendingBytes(), qint64(0));
    QCOMPARE(client->body().size(), total);
    QVERIFY(!client->hasFramingError());
}

void TestStream::closeWithPendingBytesDeliversEverythingFirst()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);

    client->setReading(false);
    const Event big
        = datastar::patchElements(QStringLiteral("<pre id=\"big\">%1</pre>").arg(QString(256 * 1024, u'y')));
    constexpr int Count = 96; // 24 MiB
    for (int n = 0; n < Count; ++n)
        QVERIFY(generator->send(big));
    const Event last = numbered(1);
    QVERIFY(generator->send(last));
    generator->close();
    QVERIFY(!generator->send(numbered(2)));

    client->setReading(true);
    QVERIFY2(client->waitForComplete(60000), qPrintable(client->framingError()));
    QCOMPARE(client->body().size(), qint64(big.toSse().size()) * Count + last.toSse().size());
    QVERIFY(client->body().endsWith(last.toSse()));
    QCOMPARE(testhttp::splitEvents(client->body()).size(), Count + 1);
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.count(), 1, WaitTimeoutMs);
    QCOMPARE(qvariant_cast<CloseReason>(closedSpy.at(0).at(0)), CloseReason::Server);
    QTRY_VERIFY_WITH_TIMEOUT(generator.isNull(), WaitTimeoutMs);
}

void TestStream::clientDisconnectWithPendingBytesCloses()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);
    const EventSender sender = generator->sender();

    client->setReading(false);
    const Event big
        = datastar::patchElements(QStringLiteral("<pre id=\"big\">%1</pre>").arg(QString(256 * 1024, u'z')));
    for (int n = 0; n < 96; ++n)
        QVERIFY(sender.send(big));
    QVERIFY(generator->pendingBytes() > 0);

    client->abort();
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.count(), 1, WaitTimeoutMs);
    QCOMPARE(qvariant_cast<CloseReason>(closedSpy.at(0).at(0)), CloseReason::ClientDisconnected);
    QTRY_VERIFY_WITH_TIMEOUT(generator.isNull(), WaitTimeoutMs);
    QVERIFY(!sender.send(big));
}

void TestStream::closeFromAnotherThread()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);
    std::atomic<QThread *> closedIn { nullptr };
    connect(
        generator.data(), &ServerSentEventGenerator::closed, this,
        [&closedIn] { closedIn = QThread::currentThread(); }, Qt::DirectConnection);

    const EventSender sender = generator->sender();
    std::atomic<bool> sentAll { true };
    std::atomic<bool> refusedAfterClose { false };
    std::atomic<bool> pendingReadable { true };
    QThread *thread = QThread::create([&, sender] {
        for (int n = 0; n < 50; ++n)
            sentAll = sender.send(numbered(n)) && sentAll;
        pendingReadable = sender.isOpen();
        sender.close();
        refusedAfterClose = !sender.send(numbered(99)) && !sender.isOpen();
    });
    thread->start();
    const bool finished = QTest::qWaitFor([thread] { return thread->isFinished(); }, WaitTimeoutMs);
    thread->wait();
    delete thread;
    QVERIFY(finished);
    QVERIFY(sentAll);
    QVERIFY(pendingReadable);
    QVERIFY(refusedAfterClose);

    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    QByteArray expected;
    for (int n = 0; n < 50; ++n)
        expected += numbered(n).toSse();
    QCOMPARE(client->body(), expected);
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.count(), 1, WaitTimeoutMs);
    QCOMPARE(qvariant_cast<CloseReason>(closedSpy.at(0).at(0)), CloseReason::Server);
    QCOMPARE(closedIn.load(),
             QThread::currentThread()); // the socket's thread, not the one that called close()
    QTRY_VERIFY_WITH_TIMEOUT(generator.isNull(), WaitTimeoutMs);
}

void TestStream::sendsRacingAClientDisconnectAreRefusedSafely()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(open(client, generator));
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);
    const EventSender sender = generator->sender();

    // Threads send until the stream is gone; the client drops the connection meanwhile.
    std::atomic<int> accepted { 0 };
    std::atomic<int> refusedThreads { 0 };
    std::atomic<bool> giveUp { false }; // only if the stream never refuses (the test then fails)
    QList<QThread *> threads;
    for (int t = 0; t < 3; ++t) {
        threads.append(QThread::create([&, sender] {
            for (int n = 0; !giveUp; ++n) {
                if (!sender.send(numbered(n))) {
                    ++refusedThreads;
                    return;
                }
                ++accepted;
            }
        }));
    }
    for (QThread *thread : std::as_const(threads))
        thread->start();
    // No QVERIFY until the threads are joined: they use this function's locals.
    const bool sending = QTest::qWaitFor([&] { return accepted.load() > 200; }, WaitTimeoutMs);
    client->abort();
    const bool closed = QTest::qWaitFor([&] { return closedSpy.count() == 1; }, WaitTimeoutMs);
    const bool allRefused = QTest::qWaitFor([&] { return refusedThreads.load() == 3; }, WaitTimeoutMs);
    giveUp = true;
    for (QThread *thread : std::as_const(threads))
        thread->wait();
    qDeleteAll(threads);
    QVERIFY(sending);
    QVERIFY(closed);
    QVERIFY2(allRefused, "every thread's sends are refused once the client is gone");
    QCOMPARE(closedSpy.count(), 1);
    QCOMPARE(qvariant_cast<CloseReason>(closedSpy.at(0).at(0)), CloseReason::ClientDisconnected);
    QTRY_VERIFY_WITH_TIMEOUT(generator.isNull(), WaitTimeoutMs);
    QVERIFY(!sender.isOpen());
}

void TestStream::streamsAreIndependent()
{
    constexpr int Streams = 8;
    std::vector<std::unique_ptr<RawHttpClient>> clients(Streams);
    QList<QPointer<ServerSentEventGenerator>> generators(Streams);
    for (int i = 0; i < Streams; ++i)
        QVERIFY(open(clients[i], generators[i]));
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < Streams; ++i)
            QVERIFY(generators[i]->send(numbered(i * 100 + round)));
    }
    // Closing one, and losing another's client, leaves the rest untouched.
    generators[0]->close();
    clients[1]->abort();
    QTRY_VERIFY_WITH_TIMEOUT(generators[1].isNull(), WaitTimeoutMs);
    for (int i = 2; i < Streams; ++i)
        QVERIFY(generators[i]->send(numbered(i * 100 + 3)));

    QVERIFY2(clients[0]->waitForComplete(), qPrintable(clients[0]->framingError()));
    QCOMPARE(clients[0]->body(), joined({ numbered(0), numbered(1), numbered(2) }));
    for (int i = 2; i < Streams; ++i) {
        const QByteArray expected = joined(
            { numbered(i * 100), numbered(i * 100 + 1), numbered(i * 100 + 2), numbered(i * 100 + 3) });
        QVERIFY2(clients[i]->waitForBody(expected), qPrintable(QStringLiteral("stream %1").arg(i)));
        QVERIFY(generators[i]->isOpen());
        QVERIFY(!clients[i]->isComplete());
    }
}

// With the server in a worker thread, the generator belongs to that thread; other threads only send and
// close.
void TestStream::generatorLivesInTheSocketsThread()
{
    QThread worker;
    worker.start();
    QObject context;
    context.moveToThread(&worker);

    std::unique_ptr<testhttp::TestServer> server;
    QMutex mutex;
    ServerSentEventGenerator *started = nullptr; // written in the worker, under `mutex`
    EventSender sender;
    std::atomic<QThread *> generatorThread { nullptr };
    std::atomic<QThread *> closedIn { nullptr };
    std::atomic<bool> destroyed { false };
    quint16 port = 0;
    QMetaObject::invokeMethod(
        &context,
        [&] {
            server = std::make_unique<testhttp::TestServer>();
            port = server->port();
            server->server().route(
                QStringLiteral("/stream"),
                [&](const QHttpServerRequest &request, datastar::RouteResponder responder) {
                    ServerSentEventGenerator *generator
                        = ServerSentEventGenerator::start(request, std::move(responder), {});
                    generatorThread = generator->thread();
                    connect(
                        generator, &ServerSentEventGenerator::closed, generator,
                        [&] { closedIn = QThread::currentThread(); }, Qt::DirectConnection);
                    connect(
                        generator, &QObject::destroyed, generator, [&] { destroyed = true; },
                        Qt::DirectConnection);
                    QMutexLocker lock(&mutex);
                    started = generator;
                    sender = generator->sender();
                });
        },
        Qt::BlockingQueuedConnection);

    bool ok = port != 0;
    RawHttpClient client(port);
    ok = ok && client.sendRequest("GET", "/stream", { { "Accept", "text/event-stream" } });
    ok = ok
        && QTest::qWaitFor(
             [&] {
                 QMutexLocker lock(&mutex);
                 return started != nullptr;
             },
             WaitTimeoutMs);
    ok = ok && client.waitForHead();
    EventSender mainSender;
    {
        QMutexLocker lock(&mutex);
        mainSender = sender;
    }
    const bool sent = ok && mainSender.send(numbered(1)) && mainSender.send(numbered(2));
    const bool arrived = sent && client.waitForBody(joined({ numbered(1), numbered(2) }));
    mainSender.close();
    const bool complete = arrived && client.waitForComplete();
    const bool gone = QTest::qWaitFor([&] { return destroyed.load(); }, WaitTimeoutMs);

    QMetaObject::invokeMethod(
        &context, [&] { server.reset(); }, Qt::BlockingQueuedConnection);
    worker.quit();
    worker.wait();

    QVERIFY(ok);
    QCOMPARE(generatorThread.load(), &worker);
    QVERIFY(sent);
    QVERIFY(arrived);
    QVERIFY2(complete, qPrintable(client.framingError()));
    QVERIFY(gone);
    QCOMPARE(closedIn.load(), &worker);
    QVERIFY(!mainSender.send(numbered(3)));
}

// An app that binds its QHttpServer to its own QTcpServer, not a datastar::TcpServer: on Qt 6.8+ the stream
// cannot watch the connection (docs/sdk.md), but the head, the events and the end are the same bytes.
void TestStream::streamBehindAPlainTcpServerDeliversAndCloses()
{
    QHttpServer http;
    auto *tcp = new QTcpServer(&http);
    QVERIFY(tcp->listen(QHostAddress::LocalHost, 0));
    QVERIFY(datastar::detail::bind(http, tcp));
    QPointer<ServerSentEventGenerator> generator;
    http.route(QStringLiteral("/stream"),
               [&](const QHttpServerRequest &request, datastar::RouteResponder responder) {
                   generator = ServerSentEventGenerator::start(request, std::move(responder));
               });

    RawHttpClient client(tcp->serverPort());
    QVERIFY(client.sendRequest("GET", "/stream", { { "Accept", "text/event-stream" } }));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.statusCode(), 200);
    QCOMPARE(client.header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(client.header("transfer-encoding").toLower(), QByteArray("chunked"));
    QVERIFY(generator);
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);

    QVERIFY(generator->send(numbered(1)));
    QVERIFY(client.waitForBody(joined({ numbered(1) })));
    QVERIFY(generator->send(numbered(2)));
    generator->close();
    QVERIFY2(client.waitForComplete(), qPrintable(client.framingError()));
    QCOMPARE(client.body(), joined({ numbered(1), numbered(2) }));
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.count(), 1, WaitTimeoutMs);
    QCOMPARE(qvariant_cast<CloseReason>(closedSpy.at(0).at(0)), CloseReason::Server);
    QTRY_VERIFY_WITH_TIMEOUT(generator.isNull(), WaitTimeoutMs);
}

// An app that deletes its QHttpServer while streams are open: the streams end as if their clients had gone,
// and nothing touches the server's connection handlers afterwards (on Qt 6.8 a responder calls into its
// handler when released).
void TestStream::destroyingTheServerEndsItsOpenStreams()
{
    auto server = std::make_unique<testhttp::TestServer>();
    QVERIFY(server->isListening());
    QPointer<ServerSentEventGenerator> generator;
    server->server().route(QStringLiteral("/stream"),
                           [&](const QHttpServerRequest &request, datastar::RouteResponder responder) {
                               generator = ServerSentEventGenerator::start(request, std::move(responder));
                           });
    RawHttpClient client(server->port());
    QVERIFY(client.sendRequest("GET", "/stream", { { "Accept", "text/event-stream" } }));
    QVERIFY(client.waitForHead());
    QVERIFY(generator);
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);
    QVERIFY(generator->send(numbered(1)));
    QVERIFY(client.waitForBody(joined({ numbered(1) })));

    server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.count(), 1, WaitTimeoutMs);
    QCOMPARE(qvariant_cast<CloseReason>(closedSpy.at(0).at(0)), CloseReason::ClientDisconnected);
    QTRY_VERIFY_WITH_TIMEOUT(generator.isNull(), WaitTimeoutMs);
    QVERIFY(client.waitForDisconnected());
}

QTEST_GUILESS_MAIN(TestStream)
#include "tst_stream.moc"
