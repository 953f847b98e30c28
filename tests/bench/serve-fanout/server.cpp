// The server of the serve-fanout benchmark: a starling::App run with --serve, with ServerOptions sized for
// `--capacity N` streams (printed as one JSON line before it listens). GET /updates subscribes the stream
// to the topic "fanout"; POST /publish?seq=S&count=C publishes C patches numbered S.., each carrying the
// CLOCK_MONOTONIC time (ns) taken just before it was published, so a reader on the same machine measures
// publish-to-delivery; GET /stats answers the hub's stream count.
#include <starling/app.h>
#include <starling/response.h>
#include <starling/stream.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <vector>

namespace {

constexpr int PaddingBytes = 200; // a patch of about 300 bytes of SSE

qint64 monotonicNs()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// Takes `--capacity N` out of argv (App parses the rest); 256 streams when absent.
int takeCapacity(int &argc, char **argv)
{
    int capacity = 256;
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--capacity") == 0 && i + 1 < argc)
            capacity = std::atoi(argv[++i]);
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    argv[argc] = nullptr;
    return capacity;
}

starling::ServerOptions optionsFor(int capacity)
{
    starling::ServerOptions options;
    constexpr int ControlConnections = 64; // the reader's publishing and stats connections, with room
    options.maxConnections = capacity + ControlConnections;
    // Every stream's connection is untrusted until its request has been read: a burst of openings needs room.
    options.maxUntrustedConnections = capacity + ControlConnections;
    options.hub.maxStreams = capacity;
    // Streams without a Starling-Page id do not count against maxPageStreams (left at its default).
    // A burst of publishes queues each event on every stream before the event loop writes them.
    options.hub.maxTotalPendingBytes
        = std::max(options.hub.maxTotalPendingBytes, qint64(capacity) * 64 * 1024);
    return options;
}

QJsonObject describe(const starling::ServerOptions &options)
{
    return QJsonObject {
        { "maxConnections", options.maxConnections },
        { "maxUntrustedConnections", options.maxUntrustedConnections },
        { "hub.maxStreams", options.hub.maxStreams },
        { "hub.maxPageStreams", options.hub.maxPageStreams },
        { "hub.maxPendingBytes", double(options.hub.maxPendingBytes) },
        { "hub.maxTotalPendingBytes", double(options.hub.maxTotalPendingBytes) },
        { "idleTimeout_ms", double(options.idleTimeout.count()) },
    };
}

} // namespace

int main(int argc, char *argv[])
{
    const starling::ServerOptions options = optionsFor(takeCapacity(argc, argv));
    std::printf("options: %s\n", QJsonDocument(describe(options)).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    starling::App app(argc, argv, { .name = "serve-fanout", .organization = "Starling benchmarks" }, options);

    app.get("/updates",
            [](const starling::Request &, starling::Stream &stream) { stream.subscribe("fanout"); });
    app.post("/publish", [&app](const starling::Request &request) {
        const qint64 first = request.query("seq").toLongLong();
        const int count = std::max(1, request.query("count").toInt());
        const starling::Topic topic = app.topic(QStringLiteral("fanout"));
        const QString padding(PaddingBytes, u'x');
        for (qint64 seq = first; seq < first + count; ++seq)
            topic.patchElements(QStringLiteral("<p id=\"tick\" data-seq=\"%1\" data-t=\"%2\">%3</p>")
                                    .arg(seq)
                                    .arg(monotonicNs())
                                    .arg(padding));
        return starling::text(QStringLiteral("published\n"));
    });
    app.get("/stats", [&app](const starling::Request &) {
        return starling::text(QString::number(app.hub().streamCount()) + u'\n');
    });
    return app.exec();
}
