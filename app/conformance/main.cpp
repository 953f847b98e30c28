// starling-conformance: serves the Datastar SDK conformance contract with Starling::Datastar.
#include "conformanceserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("starling-conformance"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Serves the Datastar SDK test contract (/test) and a throughput workload "
                       "(/bench?n=N&size=S) on 127.0.0.1, using Starling's Datastar SDK."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Port to listen on (default %1; 0 picks a free one).")
                                            .arg(starling::conformance::ConformanceServer::DefaultPort),
                                        QStringLiteral("N"));
    parser.addOption(portOption);
    parser.process(app); // --help, and unknown options (exit 1 with a message)

    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "starling-conformance: unexpected argument '%s' (see --help)\n",
                     qPrintable(parser.positionalArguments().constFirst()));
        return 1;
    }
    quint16 port = starling::conformance::ConformanceServer::DefaultPort;
    if (parser.isSet(portOption)) {
        bool ok = false;
        const uint value = parser.value(portOption).toUInt(&ok);
        if (!ok || value > 65535) {
            std::fprintf(stderr,
                         "starling-conformance: invalid --port '%s': expected a number from 0 to 65535\n",
                         qPrintable(parser.value(portOption)));
            return 1;
        }
        port = static_cast<quint16>(value);
    }

    starling::conformance::ConformanceServer server;
    if (!server.listen(port)) {
        std::fprintf(stderr, "starling-conformance: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
    std::fflush(stdout);
    return app.exec();
}
