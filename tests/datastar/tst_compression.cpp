// Brotli-compressed SSE streams: negotiated from Accept-Encoding, decodable by libbrotli's own decoder to
// exactly the events' bytes, and flushed per write so each event can be decoded as soon as it arrives.
#include "brotliheader.h"
#include "teststream.h"

#include <datastar/event.h>
#include <datastar/serversenteventgenerator.h>

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include <brotli/decode.h>

using datastar::Compression;
using datastar::Event;
using datastar::ServerSentEventGenerator;
using testhttp::numbered;
using testhttp::RawHttpClient;
using testhttp::WaitTimeoutMs;

namespace {

// Incremental Brotli decoding of a response body, fed chunk by chunk as chunks arrive.
class BrotliStreamDecoder
{
public:
    BrotliStreamDecoder()
        : m_state(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr))
    { }
    ~BrotliStreamDecoder() { BrotliDecoderDestroyInstance(m_state); }
    BrotliStreamDecoder(const BrotliStreamDecoder &) = delete;
    BrotliStreamDecoder &operator=(const BrotliStreamDecoder &) = delete;

    // Feeds the client's chunks not fed yet; returns the output so far.
    QByteArray feedNewChunks(const RawHttpClient &client)
    {
        const QByteArrayList chunks = client.chunks();
        for (; m_fedChunks < chunks.size(); ++m_fedChunks)
            feed(chunks.at(m_fedChunks));
        return m_output;
    }

    bool hasError() const { return m_error; }
    bool isFinished() const
    {
        return m_result == BROTLI_DECODER_RESULT_SUCCESS;
    } // the stream's last block seen
    QByteArray output() const { return m_output; }

private:
    void feed(const QByteArray &input)
    {
        size_t availableIn = size_t(input.size());
        const uint8_t *nextIn = reinterpret_cast<const uint8_t *>(input.constData());
        for (;;) {
            uint8_t buffer[65536];
            size_t availableOut = sizeof buffer;
            uint8_t *nextOut = buffer;
            m_result = BrotliDecoderDecompressStream(m_state, &availableIn, &nextIn, &availableOut, &nextOut,
                                                     nullptr);
            m_output.append(reinterpret_cast<const char *>(buffer), qsizetype(sizeof buffer - availableOut));
            if (m_result == BROTLI_DECODER_RESULT_ERROR) {
                m_error = true;
                qWarning() << "brotli:" << BrotliDecoderErrorString(BrotliDecoderGetErrorCode(m_state));
                return;
            }
            if (m_result != BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT)
                return;
        }
    }

    BrotliDecoderState *m_state;
    BrotliDecoderResult m_result = BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT;
    qsizetype m_fedChunks = 0;
    QByteArray m_output;
    bool m_error = false;
};

} // namespace

class TestCompression : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void brotliStreamHasBrotliHeaders();
    void brotliRoundTripsToExactlyTheEvents();
    void brotliFlushesEachEvent();
    void brotliStreamEndsAsACompleteBrotliStream();
    void brotliUsedWheneverAcceptEncodingListsBr_data();
    void brotliUsedWheneverAcceptEncodingListsBr();
    void notCompressedWithoutBrInAcceptEncoding_data();
    void notCompressedWithoutBrInAcceptEncoding();
    void notCompressedWhenNotAsked();
    void compressedStreamNoticesClientDisconnect();
    void compressedSendsFromSeveralThreadsArriveWholeAndInOrder();
    void keepAliveCommentsAreCompressedAndFlushed();
    void brotliWindowIsSmallByDefault();
    void brotliWindowFollowsTheOption_data();
    void brotliWindowFollowsTheOption();
    void brotliQualityFollowsTheOption();

private:
    // The body of a Brotli stream with `options.brotli` that carried `events` numbered events, once closed.
    QByteArray compressedBody(const datastar::BrotliOptions &brotli, int events)
    {
        m_server.options.brotli = brotli;
        std::unique_ptr<RawHttpClient> client;
        QPointer<ServerSentEventGenerator> generator;
        if (!openBrotli(client, generator))
            return {};
        QByteArray expected;
        for (int n = 0; n < events; ++n) {
            generator->send(numbered(n));
            expected += numbered(n).toSse();
        }
        generator->close();
        if (!client->waitForComplete())
            return {};
        BrotliStreamDecoder decoder;
        if (decoder.feedNewChunks(*client) != expected)
            return {};
        return client->body();
    }

    bool openBrotli(std::unique_ptr<RawHttpClient> &client, QPointer<ServerSentEventGenerator> &generator)
    {
        m_server.options.compression = Compression::Brotli;
        return m_server.open(client, generator, { { "Accept-Encoding", "gzip, br" } });
    }

    testhttp::StreamServer m_server;
};

void TestCompression::initTestCase()
{
    QVERIFY(m_server.isListening());
}

void TestCompression::init()
{
    m_server.options = {};
}

void TestCompression::cleanup()
{
    QVERIFY(m_server.closeAll());
}

void TestCompression::brotliStreamHasBrotliHeaders()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(openBrotli(client, generator));
    QCOMPARE(client->statusCode(), 200);
    QCOMPARE(client->header("content-encoding"), QByteArray("br"));
    QCOMPARE(client->header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(client->header("cache-control"), QByteArray("no-cache"));
    QCOMPARE(client->header("transfer-encoding").toLower(), QByteArray("chunked"));
    QVERIFY(!client->hasHeader("content-length"));
    QVERIFY(generator->isCompressed());
    QVERIFY(generator->isOpen());
}

void TestCompression::brotliRoundTripsToExactlyTheEvents()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(openBrotli(client, generator));

    QByteArray expected;
    for (int n = 0; n < 200; ++n) {
        const Event event = n % 50 == 7
            ? datastar::patchElements(QStringLiteral("<pre id=\"p%1\">%2</pre>")
                                          .arg(n)
                                          .arg(QString(100000 + n, QChar(u'a' + n % 26))))
            : numbered(n);
        QVERIFY(generator->send(event));
        expected += event.toSse();
    }
    generator->close();
    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));

    BrotliStreamDecoder decoder;
    const QByteArray decoded = decoder.feedNewChunks(*client);
    QVERIFY(!decoder.hasError());
    QCOMPARE(decoded.size(), expected.size());
    QCOMPARE(decoded, expected);
    QVERIFY2(client->body().size() < expected.size() / 4, "the repetitive events are actually compressed");
}

void TestCompression::brotliFlushesEachEvent()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(openBrotli(client, generator));

    BrotliStreamDecoder decoder;
    QByteArray expected;
    for (int n = 0; n < 5; ++n) {
        const Event event = numbered(n);
        QVERIFY(generator->send(event));
        expected += event.toSse();
        // Decodable from what arrived, before the next event is sent and while the stream stays open.
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return decoder.feedNewChunks(*client).size() >= expected.size()
                             || decoder.hasError();
                     },
                     WaitTimeoutMs),
                 qPrintable(QStringLiteral("event %1 still waits in the compressor").arg(n)));
        QVERIFY(!decoder.hasError());
        QCOMPARE(decoder.output(), expected);
        QVERIFY(!client->isComplete());
        QVERIFY(!decoder.isFinished());
    }
}

void TestCompression::brotliStreamEndsAsACompleteBrotliStream()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(openBrotli(client, generator));
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);

    QVERIFY(generator->send(numbered(1)));
    generator->close();
    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    QVERIFY(client->rawBytes().endsWith("\r\n0\r\n\r\n"));
    BrotliStreamDecoder decoder;
    QCOMPARE(decoder.feedNewChunks(*client), numbered(1).toSse());
    QVERIFY(!decoder.hasError());
    QVERIFY2(decoder.isFinished(), "close() finishes the Brotli stream before the terminating chunk");
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.count(), 1, WaitTimeoutMs);
    QCOMPARE(qvariant_cast<ServerSentEventGenerator::CloseReason>(closedSpy.at(0).at(0)),
             ServerSentEventGenerator::CloseReason::Server);
}

void TestCompression::brotliUsedWheneverAcceptEncodingListsBr_data()
{
    QTest::addColumn<QByteArray>("acceptEncoding");
    QTest::newRow("br") << QByteArray("br");
    QTest::newRow("chromium") << QByteArray("gzip, deflate, br");
    QTest::newRow("no spaces") << QByteArray("gzip,br");
}

void TestCompression::brotliUsedWheneverAcceptEncodingListsBr()
{
    QFETCH(QByteArray, acceptEncoding);
    m_server.options.compression = Compression::Brotli;
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(m_server.open(client, generator, { { "Accept-Encoding", acceptEncoding } }));
    QCOMPARE(client->header("content-encoding"), QByteArray("br"));
    QVERIFY(generator->isCompressed());

    QVERIFY(generator->send(numbered(1)));
    generator->close();
    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    BrotliStreamDecoder decoder;
    QCOMPARE(decoder.feedNewChunks(*client), numbered(1).toSse());
}

void TestCompression::notCompressedWithoutBrInAcceptEncoding_data()
{
    QTest::addColumn<QByteArray>("acceptEncoding"); // null: no Accept-Encoding header
    QTest::newRow("no header") << QByteArray();
    QTest::newRow("gzip, deflate") << QByteArray("gzip, deflate");
    QTest::newRow("identity") << QByteArray("identity");
    // A quality of zero means "not acceptable" (RFC 9110, 12.4.2); the weight's name is case-insensitive.
    QTest::newRow("br;q=0") << QByteArray("br;q=0");
    QTest::newRow("gzip, br; q=0.000") << QByteArray("gzip, br; q=0.000");
    QTest::newRow("BR;Q=0") << QByteArray("BR;Q=0");
}

void TestCompression::notCompressedWithoutBrInAcceptEncoding()
{
    QFETCH(QByteArray, acceptEncoding);
    m_server.options.compression = Compression::Brotli;
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    testhttp::Headers headers;
    if (!acceptEncoding.isNull())
        headers.append(qMakePair(QByteArray("Accept-Encoding"), acceptEncoding));
    QVERIFY(m_server.open(client, generator, headers));
    QVERIFY(!client->hasHeader("content-encoding"));
    QVERIFY(!generator->isCompressed());

    QVERIFY(generator->send(numbered(1)));
    QVERIFY(client->waitForBody(numbered(1).toSse()));
    generator->close();
    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    QCOMPARE(client->body(), numbered(1).toSse());
}

void TestCompression::notCompressedWhenNotAsked()
{
    m_server.options.compression = Compression::None;
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(m_server.open(client, generator, { { "Accept-Encoding", "gzip, deflate, br" } }));
    QVERIFY(!client->hasHeader("content-encoding"));
    QVERIFY(!generator->isCompressed());
    QVERIFY(generator->send(numbered(1)));
    QVERIFY(client->waitForBody(numbered(1).toSse()));
}

void TestCompression::compressedStreamNoticesClientDisconnect()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(openBrotli(client, generator));
    QSignalSpy closedSpy(generator.data(), &ServerSentEventGenerator::closed);
    const datastar::EventSender sender = generator->sender();
    QVERIFY(sender.send(numbered(1)));
    BrotliStreamDecoder decoder;
    QVERIFY(QTest::qWaitFor([&] { return decoder.feedNewChunks(*client) == numbered(1).toSse(); },
                            WaitTimeoutMs));

    client->abort();
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.count(), 1, WaitTimeoutMs);
    QCOMPARE(qvariant_cast<ServerSentEventGenerator::CloseReason>(closedSpy.at(0).at(0)),
             ServerSentEventGenerator::CloseReason::ClientDisconnected);
    QTRY_VERIFY_WITH_TIMEOUT(generator.isNull(), WaitTimeoutMs);
    QVERIFY(!sender.send(numbered(2)));
}

void TestCompression::compressedSendsFromSeveralThreadsArriveWholeAndInOrder()
{
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(openBrotli(client, generator));

    QCOMPARE(testhttp::sendFromThreads(generator->sender(), 4, 500), 0);
    generator->close();
    QVERIFY2(client->waitForComplete(60000), qPrintable(client->framingError()));
    BrotliStreamDecoder decoder;
    const QByteArray decoded = decoder.feedNewChunks(*client);
    QVERIFY(!decoder.hasError());
    QVERIFY(decoder.isFinished());
    const QString problem = testhttp::checkThreadedEvents(decoded, 4, 500);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestCompression::keepAliveCommentsAreCompressedAndFlushed()
{
    m_server.options.keepAliveInterval = std::chrono::milliseconds(30);
    std::unique_ptr<RawHttpClient> client;
    QPointer<ServerSentEventGenerator> generator;
    QVERIFY(openBrotli(client, generator));

    BrotliStreamDecoder decoder;
    const auto comments = [&] {
        int count = 0;
        testhttp::stripComments(decoder.feedNewChunks(*client), &count);
        return count;
    };
    QTRY_VERIFY_WITH_TIMEOUT(comments() >= 3, WaitTimeoutMs); // decodable as they arrive
    QVERIFY(!decoder.hasError());
    QVERIFY(generator->send(numbered(1)));
    generator->close();
    QVERIFY2(client->waitForComplete(), qPrintable(client->framingError()));
    QCOMPARE(testhttp::stripComments(decoder.feedNewChunks(*client)), numbered(1).toSse());
    QVERIFY(decoder.isFinished());
}

void TestCompression::brotliWindowIsSmallByDefault()
{
    // An encoder lives as long as its stream: the window it (and the client's decoder) holds is per stream.
    QCOMPARE(datastar::BrotliOptions().windowBits, 16);
    QCOMPARE(testhttp::brotliWindowBits(compressedBody({}, 1)), 16);
}

void TestCompression::brotliWindowFollowsTheOption_data()
{
    QTest::addColumn<int>("windowBits");
    QTest::addColumn<int>("declared");
    QTest::newRow("10, the smallest") << 10 << 10;
    QTest::newRow("12") << 12 << 12;
    QTest::newRow("22") << 22 << 22;
    QTest::newRow("24, the largest") << 24 << 24;
    QTest::newRow("8, clamped") << 8 << 10;
    QTest::newRow("30, clamped") << 30 << 24;
}

void TestCompression::brotliWindowFollowsTheOption()
{
    QFETCH(int, windowBits);
    QFETCH(int, declared);
    const QByteArray body = compressedBody({ .windowBits = windowBits }, 3);
    QVERIFY(!body.isEmpty());
    QCOMPARE(testhttp::brotliWindowBits(body), declared);
}

void TestCompression::brotliQualityFollowsTheOption()
{
    // The same events at quality 0 and 9: a higher quality finds more of what repeats.
    const QByteArray fast = compressedBody({ .quality = 0 }, 100);
    const QByteArray dense = compressedBody({ .quality = 9 }, 100);
    QVERIFY(!fast.isEmpty() && !dense.isEmpty());
    QVERIFY2(
        dense.size() < fast.size(),
        qPrintable(QStringLiteral("quality 9: %1 bytes, quality 0: %2").arg(dense.size()).arg(fast.size())));
}

QTEST_GUILESS_MAIN(TestCompression)
#include "tst_compression.moc"
