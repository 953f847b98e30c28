// Starling Gallery (preview): the guide's first example served by the Datastar SDK, in a window or with --serve.
// The desktop runtime will take over the server, security and window; this entry point stays this small.
#include <datastar/datastar.h>

#include <QCommandLineParser>
#include <QFile>
#include <QGuiApplication>
#include <QHttpServer>
#include <QQmlApplicationEngine>
#include <QTcpServer>
#include <QTextStream>
#include <QTimer>
#include <QtWebEngineQuick>

#include <cstdio>

namespace {

QHttpServerResponse fromResources(const QString &path, const QByteArray &mimeType)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QHttpServerResponse("text/plain", "not found\n", QHttpServerResponse::StatusCode::NotFound);
    return QHttpServerResponse(mimeType, file.readAll());
}

void addRoutes(QHttpServer &server)
{
    server.route("/", [] { return fromResources(QStringLiteral(":/gallery/index.html"), "text/html; charset=utf-8"); });

    server.route("/_starling/datastar/", [](const QUrl &file) {
        const QString path = file.path();
        if (path.contains(u"..") || !path.endsWith(u".js"))
            return QHttpServerResponse("text/plain", "not found\n", QHttpServerResponse::StatusCode::NotFound);
        return fromResources(QStringLiteral(":/datastar/") + path, "text/javascript; charset=utf-8");
    });

    server.route("/hal", [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        auto *stream = datastar::ServerSentEventGenerator::start(request, std::move(responder));
        stream->patchElements(QStringLiteral("<div id=\"hal\">I’m sorry, Dave. I’m afraid I can’t do that.</div>"));
        QTimer::singleShot(1000, stream, [stream] {
            stream->patchElements(QStringLiteral("<div id=\"hal\">Waiting for an order...</div>"));
            stream->close();
        });
    });
}

} // namespace

int main(int argc, char *argv[])
{
    const bool serve = std::any_of(argv + 1, argv + argc, [](const char *arg) { return qstrcmp(arg, "--serve") == 0; });
    std::unique_ptr<QCoreApplication> app;
    if (serve) {
        app = std::make_unique<QCoreApplication>(argc, argv);
    } else {
        QtWebEngineQuick::initialize();
        app = std::make_unique<QGuiApplication>(argc, argv);
    }
    QCoreApplication::setOrganizationName(QStringLiteral("Starling"));
    QCoreApplication::setApplicationName(QStringLiteral("starling-gallery"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STARLING_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Starling Gallery: Datastar examples in a native window."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({ QStringLiteral("serve"), QStringLiteral("Serve the pages without a window.") });
    parser.addOption({ QStringLiteral("port"), QStringLiteral("Port to listen on (default: any free port)."),
                       QStringLiteral("port"), QStringLiteral("0") });
    parser.process(*app);

    bool portOk = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&portOk);
    if (!portOk || port > 65535) {
        std::fprintf(stderr, "starling-gallery: --port needs a number from 0 to 65535\n");
        return 2;
    }

    QHttpServer server;
    addRoutes(server);
    auto *tcp = new QTcpServer(&server);
    if (!tcp->listen(QHostAddress::LocalHost, quint16(port))) {
        std::fprintf(stderr, "starling-gallery: cannot listen on 127.0.0.1:%u: %s\n", port,
                     qPrintable(tcp->errorString()));
        return 1;
    }
    server.bind(tcp);
    const QUrl home(QStringLiteral("http://127.0.0.1:%1/").arg(tcp->serverPort()));

    if (serve) {
        std::printf("starling: serving %s\n", qPrintable(home.toString()));
        std::fflush(stdout);
        return app->exec();
    }

    QQmlApplicationEngine engine;
    engine.setInitialProperties({ { QStringLiteral("startUrl"), home } });
    engine.load(QUrl(QStringLiteral("qrc:/qml/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    return app->exec();
}
