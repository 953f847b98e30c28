// The HTTP benchmark's Starling side: a starling::App run with --serve (every request check on, default
// ServerOptions) with one small Datastar handler, POST /bench/post, which reads the signals {count, label}
// and answers one patchElements built from them: <div id="bench-result">label: count+1</div>.
//
//   http-bench-server --serve [--port N]
// Prints the ServerOptions it runs with, then App's `starling: serving
// http://127.0.0.1:<port>/?token=<secret>`.
#include <starling/app.h>
#include <starling/stream.h>

#include <cstdio>

namespace {

void printOptions(const starling::ServerOptions &options)
{
    std::printf(
        "ServerOptions (defaults): maxBodyBytes=%lld maxHeadBytes=%lld maxConnections=%d "
        "maxUntrustedConnections=%d maxBufferedBodyBytes=%lld idleTimeout=%lldms headerTimeout=%lldms "
        "bodyTimeout=%lldms\n",
        qlonglong(options.maxBodyBytes), qlonglong(options.maxHeadBytes), options.maxConnections,
        options.maxUntrustedConnections, qlonglong(options.maxBufferedBodyBytes),
        qlonglong(options.idleTimeout.count()), qlonglong(options.headerTimeout.count()),
        qlonglong(options.bodyTimeout.count()));
}

} // namespace

int main(int argc, char *argv[])
{
    // An app as a browser-facing server runs it: `--serve` (no GUI, Qt's own event loop), default options.
    const starling::ServerOptions options;
    starling::App app(argc, argv, { .name = "http-bench", .organization = "Starling benchmarks" }, options);
    app.post(QStringLiteral("/bench/post"), [](const starling::Request &request, starling::Stream &stream) {
        const int count = request.signal<int>("count");
        const QString label = request.signal<QString>("label");
        stream.patchElements(QStringLiteral("<div id=\"bench-result\">%1: %2</div>")
                                 .arg(label.toHtmlEscaped())
                                 .arg(qint64(count) + 1));
    });
    printOptions(options);
    std::fflush(stdout);
    return app.exec(); // prints `starling: serving http://127.0.0.1:<port>/?token=<secret>`
}
