// The stream hub over real sockets: fan-out, slow consumers, limits on streams and backlogs, clean-up,
// resume and refresh, one stream per page.
#include "brotliheader.h"
#include "httpclient.h"

#include <starling/server.h>
#include <starling/stream.h>

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

// AddressSanitizer's allocator keeps freed memory in quarantine and never hands it back on malloc_trim().
#if defined(__SANITIZE_ADDRESS__)
#define STARLING_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STARLING_ASAN 1
#endif
#endif

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

QString item(int n)
{
    return QStringLiteral("<p id=\"item\">%1</p>").arg(n);
}

QStringList items(int from, int to)
{
    QStringList result;
    for (int n = from; n <= to; ++n)
        result.append(item(n));
    return result;
}

// An event of about `size` bytes whose element ends in `">n</p>`.
QString paddedItem(int n, qsizetype size)
{
    return QStringLiteral("<p id=\"item\" title=\"%1\">%2</p>").arg(QString(size, u'x')).arg(n);
}

QByteArray paddedItemEnd(int n)
{
    return QStringLiteral("\">%1</p>").arg(n).toUtf8();
}

// Resident memory of this process in MiB (/proc/self/statm); 0 where there is none.
double residentMiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? double(fields[1].toLongLong()) * 4096.0 / (1024.0 * 1024.0) : 0;
}

} // namespace

class StreamHubTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<starling::Server> m_server;
    starling::StreamHubOptions m_hubOptions;

    void startServer(const starling::StreamHubOptions &hubOptions = {})
    {
        m_hubOptions = hubOptions;
        m_server = std::make_unique<starling::Server>(starling::ServerOptions { .hub = hubOptions });
        m_server->get("/updates", [](const starling::Request &, starling::Stream &stream) {
            stream.subscribe(QStringLiteral("todos"));
        });
        QVERIFY(m_server->listen());
    }

    std::unique_ptr<RawHttpClient> openStream(const Headers &extra = {})
    {
        auto connection = std::make_unique<RawHttpClient>(m_server->port());
        if (!connection->connectToServer())
            return nullptr;
        connection->send(
            requestBytes("GET", "/updates", ownHeaders(m_server->port(), m_server->secret()) + extra));
        if (!connection->waitForHead())
            return nullptr;
        return connection;
    }

    bool waitForStreamCount(int count)
    {
        return QTest::qWaitFor([&] { return m_server->hub().streamCount() == count; }, WaitTimeoutMs);
    }

    void publish(int from, int to)
    {
        for (int n = from; n <= to; ++n)
            QVERIFY(m_server->hub().topic(QStringLiteral("todos")).patchElements(item(n)));
    }

    // Publishes event n (about `size` bytes) and waits until `reader` has it, so the event loop has written
    // it to every stream. The hub checks its limits while publishing: once it returns, the streams still open
    // are within maxTotalPendingBytes.
    bool publishPadded(int n, qsizetype size, RawHttpClient &reader)
    {
        if (!m_server->hub().topic(QStringLiteral("todos")).patchElements(paddedItem(n, size)))
            return false;
        if (m_server->hub().pendingBytes() > m_hubOptions.maxTotalPendingBytes) {
            qWarning() << "total backlog" << m_server->hub().pendingBytes()
                       << "over the limit after a publish";
            return false;
        }
        return reader.waitForBodyContaining(paddedItemEnd(n));
    }

private Q_SLOTS:
    void cleanup() { m_server.reset(); }

    void fanOutReachesEveryStreamInOrder()
    {
        startServer();
        constexpr int Streams = 200;
        constexpr int Events = 20;
        std::vector<std::unique_ptr<RawHttpClient>> streams;
        for (int i = 0; i < Streams; ++i) {
            streams.push_back(openStream());
            QVERIFY(streams.back());
        }
        QVERIFY(waitForStreamCount(Streams));
        publish(1, Events);
        const QByteArray last = item(Events).toUtf8();
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(streams.begin(), streams.end(),
                                   [&](const auto &s) { return s->body().contains(last); });
            },
            WaitTimeoutMs));
        for (const auto &stream : streams) {
            QCOMPARE(stream->statusCode(), 200);
            QCOMPARE(parseEvents(stream->body()).elements, items(1, Events));
        }
        const QStringList ids = parseEvents(streams.front()->body()).ids;
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), Events); // every event has its own id
    }

    void stuckConsumerIsCutOffWhileOthersKeepUp()
    {
        startServer({ .maxPendingBytes = 256 * 1024 });
        auto healthy = openStream();
        auto stuck = openStream();
        QVERIFY(healthy && stuck);
        QVERIFY(waitForStreamCount(2));
        stuck->setReading(false);

        // Kernel buffers absorb a few MiB before the server's own queue grows; publish until the hub cuts the
        // stuck stream off, keeping the healthy one drained between rounds.
        const QString padding(16 * 1024, u'x');
        int published = 0;
        while (m_server->hub().streamCount() == 2 && published < 4000) {
            ++published;
            QVERIFY(
                m_server->hub()
                    .topic(QStringLiteral("todos"))
                    .patchElements(
                        QStringLiteral("<p id=\"item\" title=\"%1\">%2</p>").arg(padding).arg(published)));
            const QByteArray marker = QStringLiteral("\">%1</p>").arg(published).toUtf8();
            QVERIFY(QTest::qWaitFor([&] { return healthy->body().contains(marker); }, WaitTimeoutMs));
        }
        QCOMPARE(m_server->hub().streamCount(), 1); // the stuck one is gone, the healthy one stays
        QVERIFY(published < 4000);

        // The healthy stream got every event, in order.
        const Received received = parseEvents(healthy->body());
        QCOMPARE(received.elements.size(), published);
        for (int n = 0; n < published; ++n)
            QVERIFY(received.elements[n].endsWith(QStringLiteral("\">%1</p>").arg(n + 1)));

        // The stuck client finds its connection dropped (no normal end: it will reconnect and resume).
        stuck->setReading(true);
        QVERIFY(stuck->waitForDisconnected());
        QVERIFY(!stuck->isComplete());
    }

    void closedStreamsAreForgotten()
    {
        startServer();
        std::vector<std::unique_ptr<RawHttpClient>> streams;
        for (int i = 0; i < 5; ++i)
            streams.push_back(openStream());
        QVERIFY(waitForStreamCount(5));
        streams[0]->abort();
        QVERIFY(waitForStreamCount(4));
        streams.clear(); // the rest close too
        QVERIFY(waitForStreamCount(0));
        QCOMPARE(m_server->hub().streamCount(QStringLiteral("todos")), 0);
    }

    void resumeReplaysMissedEvents()
    {
        startServer();
        m_server->hub().topic(QStringLiteral("todos")).setRefresh([] {
            return QList<datastar::Event> { datastar::patchElements(
                QStringLiteral("<p id=\"item\">refresh</p>")) };
        });
        auto first = openStream();
        QVERIFY(waitForStreamCount(1));
        QVERIFY(first->waitForBodyContaining("refresh")); // a fresh stream starts with the refresh
        publish(1, 3);
        QVERIFY(first->waitForBodyContaining(item(3).toUtf8()));
        const QString lastSeen = parseEvents(first->body()).ids.last();
        QVERIFY(!lastSeen.isEmpty());
        first->abort();
        QVERIFY(waitForStreamCount(0));

        publish(4, 6); // missed while away
        auto resumed = openStream({ { "Last-Event-ID", lastSeen.toUtf8() } });
        QVERIFY(resumed->waitForBodyContaining(item(6).toUtf8()));
        publish(7, 7);
        QVERIFY(resumed->waitForBodyContaining(item(7).toUtf8()));
        QCOMPARE(parseEvents(resumed->body()).elements, items(4, 7));
    }

    void resumeBeyondHistoryGetsRefresh_data()
    {
        QTest::addColumn<QString>("lastEventId");
        QTest::newRow("too old") << QString(); // filled in with the first event's id
        QTest::newRow("other run") << QStringLiteral("zzzz-3");
        QTest::newRow("garbage") << QStringLiteral("not an id");
        QTest::newRow("from the future") << QStringLiteral("+999"); // the current epoch, a later number
    }
    void resumeBeyondHistoryGetsRefresh()
    {
        QFETCH(QString, lastEventId);
        startServer({ .historySize = 4 });
        int refreshes = 0;
        m_server->hub().topic(QStringLiteral("todos")).setRefresh([&refreshes] {
            ++refreshes;
            return QList<datastar::Event> { datastar::patchElements(
                QStringLiteral("<p id=\"item\">refresh</p>")) };
        });
        auto witness = openStream();
        QVERIFY(waitForStreamCount(1));
        publish(1, 10);
        QVERIFY(witness->waitForBodyContaining(item(10).toUtf8()));
        const QStringList ids = parseEvents(witness->body()).ids; // [refresh, 1..10]
        const QString epoch = ids[1].section(u'-', 0, 0);
        if (lastEventId.isEmpty())
            lastEventId = ids[1]; // event 1: events 2..5 are forgotten with a history of 4
        lastEventId.replace(QStringLiteral("+"), epoch + u'-');

        const int before = refreshes;
        auto resumed = openStream({ { "Last-Event-ID", lastEventId.toUtf8() } });
        QVERIFY(resumed->waitForBodyContaining("refresh"));
        QCOMPARE(refreshes, before + 1);
        publish(11, 11);
        QVERIFY(resumed->waitForBodyContaining(item(11).toUtf8()));
        QCOMPARE(parseEvents(resumed->body()).elements,
                 QStringList({ QStringLiteral("<p id=\"item\">refresh</p>"), item(11) }));
    }

    void resumeWithinHistoryNeedsNoRefresh()
    {
        startServer({ .historySize = 4 });
        int refreshes = 0;
        m_server->hub().topic(QStringLiteral("todos")).setRefresh([&refreshes] {
            ++refreshes;
            return QList<datastar::Event> {};
        });
        auto witness = openStream();
        QVERIFY(waitForStreamCount(1));
        publish(1, 10);
        QVERIFY(witness->waitForBodyContaining(item(10).toUtf8()));
        const QString sixth = parseEvents(witness->body()).ids[5]; // events 7..10 are still kept
        auto resumed = openStream({ { "Last-Event-ID", sixth.toUtf8() } });
        QVERIFY(resumed->waitForBodyContaining(item(10).toUtf8()));
        QCOMPARE(parseEvents(resumed->body()).elements, items(7, 10));
        QCOMPARE(refreshes, 1); // the witness's own fresh start only
    }

    void historyIsBoundedInBytes()
    {
        startServer({ .historySize = 1000, .historyBytes = 2000 });
        int refreshes = 0;
        m_server->hub().topic(QStringLiteral("todos")).setRefresh([&refreshes] {
            ++refreshes;
            return QList<datastar::Event> { datastar::patchElements(
                QStringLiteral("<p id=\"item\">refresh</p>")) };
        });
        auto witness = openStream();
        QVERIFY(waitForStreamCount(1));
        const QString padding(250, u'x'); // each event is about 320 bytes: 2000 bytes keep the last 6
        for (int n = 1; n <= 10; ++n) {
            QVERIFY(
                m_server->hub()
                    .topic(QStringLiteral("todos"))
                    .patchElements(QStringLiteral("<p id=\"item\" title=\"%1\">%2</p>").arg(padding).arg(n)));
        }
        QVERIFY(witness->waitForBodyContaining(QByteArray("\">10</p>")));
        const QStringList ids = parseEvents(witness->body()).ids; // [refresh, 1..10]

        auto recent
            = openStream({ { "Last-Event-ID", ids[8].toUtf8() } }); // after event 8: 9 and 10 are kept
        QVERIFY(recent->waitForBodyContaining(QByteArray("\">10</p>")));
        QCOMPARE(parseEvents(recent->body()).elements.size(), 2);
        QCOMPARE(refreshes, 1);

        auto old = openStream({ { "Last-Event-ID", ids[1].toUtf8() } }); // after event 1: 2 is forgotten
        QVERIFY(old->waitForBodyContaining("refresh"));
        QCOMPARE(refreshes, 2);
    }

    void secondStreamOfAPageReplacesTheOlder()
    {
        startServer();
        auto older = openStream({ { "Starling-Page", "window-1" } });
        auto other = openStream({ { "Starling-Page", "window-2" } });
        QVERIFY(waitForStreamCount(2));
        auto newer = openStream({ { "Starling-Page", "window-1" } });
        QVERIFY(older->waitForComplete()); // ended normally, so its client does not retry
        QVERIFY(older->body().contains("console.warn"));
        QVERIFY(older->body().contains("newer read stream"));
        QVERIFY(waitForStreamCount(2));
        publish(1, 1);
        QVERIFY(newer->waitForBodyContaining(item(1).toUtf8()));
        QVERIFY(other->waitForBodyContaining(item(1).toUtf8()));
        QVERIFY(!newer->isComplete());
    }

    void pageOverTheStreamLimitIsToldAndEnded()
    {
        startServer({ .maxPageStreams = 2 });
        auto first = openStream({ { "Starling-Page", "window-1" } });
        auto second = openStream({ { "Starling-Page", "window-2" } });
        auto anonymous = openStream(); // no page id: not counted, not refused
        QVERIFY(waitForStreamCount(3));

        auto third = openStream({ { "Starling-Page", "window-3" } });
        QVERIFY(third->waitForComplete()); // ended normally: the client does not retry into the same wall
        QCOMPARE(third->statusCode(), 200);
        QVERIFY(third->body().contains("data: selector body"));
        QVERIFY(third->body().contains("data: mode append"));
        QVERIFY(third->body().contains("id=\"starling-stream-limit\" role=\"alert\""));
        QVERIFY(third->body().contains("2 other windows of this app already hold live connections"));
        QCOMPARE(m_server->hub().streamCount(), 3);

        // A page that already holds a stream may replace it at the limit.
        auto secondAgain = openStream({ { "Starling-Page", "window-2" } });
        QVERIFY(second->waitForComplete());
        publish(1, 1);
        QVERIFY(secondAgain->waitForBodyContaining(item(1).toUtf8()));
        QVERIFY(!secondAgain->body().contains("starling-stream-limit"));

        // Once a page lets go, another page gets its stream.
        first.reset();
        QVERIFY(waitForStreamCount(2));
        auto thirdAgain = openStream({ { "Starling-Page", "window-3" } });
        QVERIFY(waitForStreamCount(3));
        publish(2, 2);
        QVERIFY(thirdAgain->waitForBodyContaining(item(2).toUtf8()));
        QVERIFY(!thirdAgain->isComplete());
        QVERIFY(anonymous->waitForBodyContaining(item(2).toUtf8()));
    }

    void streamsOverTheLimitAreToldAndEnded()
    {
        startServer({ .maxStreams = 3 });
        auto first = openStream();
        auto second = openStream();
        auto third = openStream({ { "Starling-Page", "window-1" } });
        QVERIFY(first && second && third);
        QVERIFY(waitForStreamCount(3));

        // Without a page id, the fourth gets the message and a stream that ends at once (ended normally: the
        // client does not retry into the same wall).
        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("refusing a read stream on todos *: 3 streams are "
                                              "already open \\(limit 3 \\)")));
        auto fourth = openStream();
        QVERIFY(fourth);
        QVERIFY(fourth->waitForComplete());
        QCOMPARE(fourth->statusCode(), 200);
        QVERIFY(fourth->body().contains("data: selector body"));
        QVERIFY(fourth->body().contains("id=\"starling-stream-limit\" role=\"alert\""));
        QVERIFY(fourth->body().contains("this app already holds 3 live connections"));
        QVERIFY(fourth->body().contains("console.warn"));

        // A new page id is refused too; a page that holds a stream may still replace it.
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("refusing a read stream on todos "
                                                               "for page window-2 *: 3 streams")));
        auto newPage = openStream({ { "Starling-Page", "window-2" } });
        QVERIFY(newPage && newPage->waitForComplete());
        QVERIFY(newPage->body().contains("this app already holds 3 live connections"));
        auto thirdAgain = openStream({ { "Starling-Page", "window-1" } });
        QVERIFY(third->waitForComplete());
        QVERIFY(!third->body().contains("starling-stream-limit"));
        QCOMPARE(m_server->hub().streamCount(), 3);

        // The streams held keep working, and a freed place is taken by the next stream.
        publish(1, 1);
        for (RawHttpClient *stream : { first.get(), second.get(), thirdAgain.get() }) {
            QVERIFY(stream->waitForBodyContaining(item(1).toUtf8()));
            QVERIFY(!stream->isComplete());
        }
        first.reset();
        QVERIFY(waitForStreamCount(2));
        auto fifth = openStream();
        QVERIFY(waitForStreamCount(3));
        publish(2, 2);
        QVERIFY(fifth->waitForBodyContaining(item(2).toUtf8()));
        QVERIFY(!fifth->body().contains("starling-stream-limit"));
        QVERIFY(!fifth->isComplete());
    }

    void totalBacklogCutsOffTheFurthestBehindFirst()
    {
        // The per-stream limit is out of reach: only the total decides here.
        startServer({ .maxPendingBytes = 64 * 1024 * 1024, .maxTotalPendingBytes = 1024 * 1024 });
        auto healthy = openStream();
        auto furthest = openStream();
        QVERIFY(healthy && furthest);
        QVERIFY(waitForStreamCount(2));
        furthest->setReading(false);

        constexpr qsizetype EventBytes = 16 * 1024;
        int published = 0;
        // The kernel's buffers fill first, then the hub sees `furthest` fall behind.
        while (m_server->hub().pendingBytes() < 512 * 1024 && published < 2000)
            QVERIFY(publishPadded(++published, EventBytes, *healthy));
        QVERIFY(published < 2000);
        QCOMPARE(m_server->hub().streamCount(), 2);

        auto behind = openStream(); // stuck too, but joins later: less behind
        QVERIFY(behind);
        QVERIFY(waitForStreamCount(3));
        behind->setReading(false);
        const int joined = published;
        while (m_server->hub().streamCount() == 3 && published < joined + 2000)
            QVERIFY(publishPadded(++published, EventBytes, *healthy));
        QCOMPARE(m_server->hub().streamCount(), 2);

        // `furthest` was dropped without the final chunk (its client resumes); `behind` is still served.
        furthest->setReading(true);
        QVERIFY(furthest->waitForDisconnected());
        QVERIFY(!furthest->isComplete());
        QVERIFY(behind->isConnected());
        behind->setReading(true);
        QVERIFY(publishPadded(++published, EventBytes, *behind));
        QVERIFY(!behind->isComplete());

        // The healthy stream got every event, in order.
        const Received received = parseEvents(healthy->body());
        QCOMPARE(received.elements.size(), published);
        for (int n = 0; n < published; ++n)
            QVERIFY(received.elements[n].endsWith(QString::fromUtf8(paddedItemEnd(n + 1))));
    }

    // Many clients that never read, with the default limits: each is cut off once the hub holds
    // maxTotalPendingBytes for all of them, the healthy one keeps up, and the memory goes back.
    void stuckStreamsAreCutOffAndTheirMemoryReturned()
    {
#ifdef STARLING_ASAN
        QSKIP("resident memory says nothing about our heap under AddressSanitizer");
#endif
        startServer();
        constexpr int Stuck = 200;
        constexpr qsizetype EventBytes = 5000; // about the gallery monitor's patches
        const double startMiB = residentMiB();
        auto healthy = openStream();
        QVERIFY(healthy);
        std::vector<std::unique_ptr<RawHttpClient>> stuck;
        for (int i = 0; i < Stuck; ++i) {
            stuck.push_back(openStream());
            QVERIFY(stuck.back());
            stuck.back()->setReading(false);
        }
        QVERIFY(waitForStreamCount(Stuck + 1));

        QElapsedTimer clock;
        clock.start();
        double publishingPeakMiB = residentMiB();
        qint64 peakPending = 0;
        int published = 0;
        int firstCutOff = 0;
        while (m_server->hub().streamCount() > 1 && published < 5000) {
            QVERIFY(publishPadded(++published, EventBytes, *healthy));
            peakPending = std::max(peakPending, m_server->hub().pendingBytes());
            publishingPeakMiB = std::max(publishingPeakMiB, residentMiB());
            if (firstCutOff == 0 && m_server->hub().streamCount() <= Stuck)
                firstCutOff = published;
        }
        QCOMPARE(m_server->hub().streamCount(), 1);
        qInfo(
            "%d stuck streams cut off after %d to %d events of %lld bytes (%lld to %lld KiB each), %lld ms; "
            "peak total backlog %lld KiB",
            Stuck, firstCutOff, published, qlonglong(EventBytes), firstCutOff * qlonglong(EventBytes) / 1024,
            published * qlonglong(EventBytes) / 1024, qlonglong(clock.elapsed()), peakPending / 1024);
        QVERIFY(peakPending <= m_hubOptions.maxTotalPendingBytes);
        // Cut off promptly: the last one when its own backlog passed maxPendingBytes, after what the kernel's
        // buffers took (128 KiB on each side here; the system's default send buffer took about 4 MiB more).
        QVERIFY(published * EventBytes < m_hubOptions.maxPendingBytes + 1024 * 1024);

        // Every stuck client finds its connection dropped, without the final chunk. (Reading what its kernel
        // buffers held makes these clients, in this process too, the largest part of the peak.)
        for (const auto &client : stuck) {
            client->setReading(true);
            QVERIFY(client->waitForDisconnected());
            QVERIFY(!client->isComplete());
        }
        const Received received = parseEvents(healthy->body());
        QCOMPARE(received.elements.size(), published);
        const double peakMiB = std::max(publishingPeakMiB, residentMiB());

        stuck.clear();
        healthy.reset();
        QVERIFY(waitForStreamCount(0));
        // The hub gives the freed heap back a little after the streams close (at most every 10 s). The
        // topic's history (up to historyBytes) stays, on purpose.
        const double boundMiB = startMiB * 1.1 + 4 + double(m_hubOptions.historyBytes) / (1024 * 1024);
        const bool returned = QTest::qWaitFor([&] { return residentMiB() <= boundMiB; }, 15000);
        const double afterMiB = residentMiB();
        qInfo(
            "resident memory: %.1f MiB at the start, %.1f MiB at the peak while publishing, %.1f MiB at the "
            "peak, %.1f MiB after (bound %.1f MiB)",
            startMiB, publishingPeakMiB, peakMiB, afterMiB, boundMiB);
        QVERIFY(returned);
        QVERIFY(afterMiB <= boundMiB);
    }

    // A publish queues the event on every stream at once, before the event loop writes any: the streams
    // share its bytes instead of each holding a copy.
    void publishSharesTheEventAcrossStreams()
    {
#ifdef STARLING_ASAN
        QSKIP("resident memory says nothing about our heap under AddressSanitizer");
#endif
        constexpr int Streams = 40;
        constexpr qsizetype EventBytes = 2 * 1024 * 1024;
        starling::StreamHubOptions options;
        options.maxPendingBytes = 2 * EventBytes; // a whole event queued is not a stuck client here
        options.maxTotalPendingBytes = 2 * Streams * EventBytes;
        options.historyBytes = 2 * EventBytes;
        startServer(options);
        std::vector<std::unique_ptr<RawHttpClient>> streams;
        for (int i = 0; i < Streams; ++i) {
            streams.push_back(openStream());
            QVERIFY(streams.back());
        }
        QVERIFY(waitForStreamCount(Streams));

        const QString elements = paddedItem(1, EventBytes);
        const double beforeMiB = residentMiB();
        QVERIFY(m_server->hub().topic(QStringLiteral("todos")).patchElements(elements));
        const double queuedMiB = residentMiB() - beforeMiB; // nothing written yet: all still queued
        const double copiesMiB = double(Streams) * EventBytes / (1024 * 1024);
        qInfo("one event of %.1f MiB queued on %d streams: %.1f MiB more resident (a copy each: %.0f MiB)",
              double(EventBytes) / (1024 * 1024), Streams, queuedMiB, copiesMiB);
        QVERIFY(queuedMiB < copiesMiB / 4);
        for (const auto &stream : streams)
            QVERIFY(stream->waitForBodyContaining(paddedItemEnd(1)));
    }

    // A stream's Brotli window is per stream for as long as it is open: small by default, as the server's
    // options say.
    void streamsCompressWithTheServersBrotliSettings_data()
    {
        QTest::addColumn<int>("windowBits"); // 0: the default
        QTest::addColumn<int>("declared");
        QTest::newRow("default") << 0 << 16;
        QTest::newRow("12") << 12 << 12;
        QTest::newRow("20") << 20 << 20;
    }
    void streamsCompressWithTheServersBrotliSettings()
    {
        QFETCH(int, windowBits);
        QFETCH(int, declared);
        starling::ServerOptions options;
        if (windowBits != 0)
            options.brotli.windowBits = windowBits;
        m_server = std::make_unique<starling::Server>(options);
        m_server->get("/updates", [](const starling::Request &, starling::Stream &stream) {
            stream.subscribe(QStringLiteral("todos"));
        });
        QVERIFY(m_server->listen());
        auto stream = openStream({ { "Accept-Encoding", "br" } });
        QVERIFY(stream);
        QCOMPARE(stream->header("Content-Encoding"), QByteArray("br"));
        QVERIFY(waitForStreamCount(1));
        publish(1, 1);
        QVERIFY(QTest::qWaitFor([&] { return stream->body().size() >= 2; }, WaitTimeoutMs));
        QCOMPARE(testhttp::brotliWindowBits(stream->body()), declared);
    }

    void invalidEventIsNotPublished()
    {
        startServer();
        QVERIFY(!m_server->hub().topic(QStringLiteral("todos")).patchElements(QString()));
        auto stream = openStream();
        QVERIFY(waitForStreamCount(1));
        publish(1, 1);
        QVERIFY(stream->waitForBodyContaining(item(1).toUtf8()));
        QVERIFY(parseEvents(stream->body()).ids.first().endsWith(u"-1")); // the invalid one took no id
    }
};

QTEST_GUILESS_MAIN(StreamHubTest)
#include "tst_streamhub.moc"
