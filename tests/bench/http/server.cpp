// The HTTP benchmark's Starling side: a starling::Server (every request check on, default ServerOptions) with
// one small Datastar handler, POST /bench/post, which reads the signals {count, label} and answers one
// patchElements built from them: <div id="bench-result">label: count+1</div>.
//
//   http-bench-server [--port N]     (0 or none: a free port)
// Prints the ServerOptions it runs with, then `secret <secret>` and `listening on http://127.0.0.1:<port>`.
#include <starling/server.h>
#include <starling/stream.h>

#include <QCommandLineParser>
#include <QCoreApplication>

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
    QCoreApplication application(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port (0: any free one)."),
                                        QStringLiteral("port"), QStringLiteral("0"));
    parser.addOption(portOption);
    parser.addHelpOption();
    parser.process(application);
    bool portValid = false;
    const uint port = parser.value(portOption).toUInt(&portValid);
    if (!portValid || port > 65535) {
        std::fprintf(stderr, "invalid --port '%s'\n", qPrintable(parser.value(portOption)));
        return 1;
    }

    const starling::ServerOptions options;
    starling::Server server(options);
    server.post(QStringLiteral("/bench/post"),
                [](const starling::Request &request, starling::Stream &stream) {
                    const int count = request.signal<int>("count");
                    const QString label = request.signal<QString>("label");
                    stream.patchElements(QStringLiteral("<div id=\"bench-result\">%1: %2</div>")
                                             .arg(label.toHtmlEscaped())
                                             .arg(qint64(count) + 1));
                });
    if (!server.listen(quint16(port))) {
        std::fprintf(stderr, "cannot listen on 127.0.0.1:%u: %s\n", port, qPrintable(server.errorString()));
        return 1;
    }
    printOptions(options);
    std::printf("secret %s\nlistening on %s\n", server.secret().constData(),
                qPrintable(server.origin().toString()));
    std::fflush(stdout);
    return application.exec();
}
