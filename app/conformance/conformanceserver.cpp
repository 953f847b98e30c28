#include "conformanceserver.h"

#include "benchstream.h"
#include "conformancerequest.h"

#include <datastar/serversenteventgenerator.h>
#include <datastar/tcpserver.h>

#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QUrlQuery>

#include <httptransport_p.h>

Q_LOGGING_CATEGORY(lcConformance, "starling.conformance")

namespace starling::conformance {

namespace {

void refuse(QHttpServerResponder &responder, int status, const QString &message)
{
    qCInfo(lcConformance).noquote() << "refused:" << message;
    responder.write(message.toUtf8() + '\n', "text/plain; charset=utf-8",
                    static_cast<QHttpServerResponder::StatusCode>(status));
}

} // namespace

ConformanceServer::ConformanceServer(QObject *parent)
    : QObject(parent)
{
    m_server.route(
        QStringLiteral("/test"), [](const QHttpServerRequest &request, datastar::RouteResponder responder) {
            // Everything is translated and validated before the stream starts: a bad event gets a 400, never
            // half a 200.
            const ConformanceRequest conformance = ConformanceRequest::fromHttp(request);
            if (!conformance.isValid()) {
                refuse(responder, conformance.httpStatus(), conformance.errorString());
                return;
            }
            auto *generator = datastar::ServerSentEventGenerator::start(request, std::move(responder));
            const QList<datastar::Event> events = conformance.events();
            for (const datastar::Event &event : events) {
                if (!generator->send(event)) {
                    qCWarning(lcConformance) << "the stream refused an event; the client may have gone";
                    break;
                }
            }
            generator->close();
        });

    m_server.route(
        QStringLiteral("/bench"), [](const QHttpServerRequest &request, datastar::RouteResponder responder) {
            QString error;
            const std::optional<BenchParameters> parameters
                = BenchParameters::fromQuery(QUrlQuery(request.url()), &error);
            if (!parameters) {
                refuse(responder, 400, error);
                return;
            }
            BenchStream::start(datastar::ServerSentEventGenerator::start(request, std::move(responder)),
                               *parameters);
        });
}

bool ConformanceServer::listen(quint16 port)
{
    // Our own TcpServer, rather than QHttpServer::listen(), to have its error message and let streams watch
    // their connections on every Qt version.
    auto *tcpServer = new datastar::TcpServer(this);
    if (!tcpServer->listen(QHostAddress::LocalHost, port)) {
        m_error = QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(port).arg(tcpServer->errorString());
        delete tcpServer;
        return false;
    }
    if (!datastar::detail::bind(m_server, tcpServer)) {
        m_error = QStringLiteral("the HTTP server refused 127.0.0.1:%1").arg(tcpServer->serverPort());
        delete tcpServer;
        return false;
    }
    m_port = tcpServer->serverPort();
    return true;
}

} // namespace starling::conformance
