// Fan-out of one patch to 1, 100 and 1,000 hub streams: deliveries per second and memory per stream.
// Prints figures; asserts nothing. The clients live in this process (same thread as the server), so the
// figures include their share of the work and memory; run it on an otherwise idle machine.
#include <starling/server.h>
#include <starling/stream.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTest>

#include <cstdio>
#include <memory>
#include <vector>

namespace {

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// Reads a stream and notes when `marker` (the last event's text) has arrived, across read boundaries.
class Reader : public QObject
{
public:
    Reader(quint16 port, const QByteArray &request)
    {
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
            m_tail += m_socket.readAll();
            if (!m_marker.isEmpty() && m_tail.contains(m_marker))
                m_done = true;
            m_tail = m_tail.right(128);
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.write(request);
    }
    void expect(const QByteArray &marker)
    {
        m_marker = marker;
        m_done = false;
    }
    bool isDone() const { return m_done; }

private:
    QTcpSocket m_socket;
    QByteArray m_tail;
    QByteArray m_marker;
    bool m_done = false;
};

void run(int streams, int events)
{
    starling::Server server;
    server.get("/updates",
               [](const starling::Request &, starling::Stream &stream) { stream.subscribe("bench"); });
    if (!server.listen()) {
        std::fprintf(stderr, "cannot listen: %s\n", qPrintable(server.errorString()));
        return;
    }
    const QByteArray host = "127.0.0.1:" + QByteArray::number(server.port());
    const QByteArray request
        = "GET /updates HTTP/1.1\r\nHost: " + host + "\r\nStarling-Token: " + server.secret() + "\r\n\r\n";

    const qint64 before = residentKiB();
    std::vector<std::unique_ptr<Reader>> readers;
    for (int i = 0; i < streams; ++i)
        readers.push_back(std::make_unique<Reader>(server.port(), request));
    if (!QTest::qWaitFor([&] { return server.hub().streamCount() == streams; }, 60000)) {
        std::fprintf(stderr, "only %d of %d streams opened\n", server.hub().streamCount(), streams);
        return;
    }
    const qint64 after = residentKiB();

    const QString padding(200, u'x'); // a patch of about 300 bytes on the wire
    const QByteArray last = QStringLiteral(">%1<").arg(events).toUtf8();
    for (auto &reader : readers)
        reader->expect(last);
    QElapsedTimer timer;
    timer.start();
    auto topic = server.hub().topic(QStringLiteral("bench"));
    for (int n = 1; n <= events; ++n)
        topic.patchElements(QStringLiteral("<p id=\"tick\" title=\"%1\">%2</p>").arg(padding).arg(n));
    const bool done = QTest::qWaitFor(
        [&] {
            return std::all_of(readers.begin(), readers.end(), [](const auto &r) { return r->isDone(); });
        },
        120000);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double deliveries = double(streams) * events;
    std::printf("%6d streams x %4d events: %s %10.0f deliveries/s (%.3f s), memory %.1f KiB per stream\n",
                streams, events, done ? "   " : "(timed out)", deliveries / seconds, seconds,
                double(after - before) / streams);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::printf("runtime-fanout: one patch published to every stream of a topic (server and clients in one "
                "process)\n");
    run(1, 2000);
    run(100, 500);
    run(1000, 200);
    return 0;
}
