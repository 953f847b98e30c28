#include "accessguard_p.h"
#include "devresources_p.h"
#include "logging_p.h"
#include "pagealert_p.h"
#include "requestscreen_p.h"
#include "router_p.h"
#include "sessioncookie_p.h"
#include "staticfiles_p.h"

#include <starling/httperror.h>
#include <starling/response.h>
#include <starling/server.h>
#include <starling/stream.h>

#include <QAbstractHttpServer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>

#include <httptransport_p.h>
#include <map>
#include <optional>

namespace starling {

namespace detail {

namespace {

constexpr QStringView ClientPrefix = u"/_starling/datastar/";
constexpr QStringView ConnectionStatusPrefix = u"/_starling/connection/"; // status.js, a page's opt-in

std::optional<Method> toMethod(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return Method::Get;
    case QHttpServerRequest::Method::Post:
        return Method::Post;
    case QHttpServerRequest::Method::Put:
        return Method::Put;
    case QHttpServerRequest::Method::Patch:
        return Method::Patch;
    case QHttpServerRequest::Method::Delete:
        return Method::Delete;
    default:
        return std::nullopt;
    }
}

QByteArray requestLine(const QHttpServerRequest &request)
{
    const QByteArray method = QVariant::fromValue(request.method()).toString().toUpper().toUtf8();
    return method + ' ' + request.url().path(QUrl::FullyEncoded).toUtf8();
}

// The answer to the exception being handled (call only inside a catch block), logged.
QHttpServerResponse failureAnswer(const QHttpServerRequest &request, const ErrorPage &errorPage)
{
    try {
        throw;
    } catch (const HttpError &error) {
        qCInfo(lcServer).noquote() << requestLine(request) << "answered" << error.status() << ":"
                                   << error.message();
        return refusal(request, StatusCode(error.status()), error.message(), errorPage);
    } catch (const std::exception &error) {
        qCCritical(lcServer).noquote() << requestLine(request) << "threw:" << error.what();
    } catch (...) {
        qCCritical(lcServer).noquote() << requestLine(request) << "threw an unknown exception";
    }
    return refusal(request, StatusCode::InternalServerError,
                   QCoreApplication::translate("starling", "Internal error: the handler failed."), errorPage);
}

} // namespace

// QtHttpServer's low-level server with our own checks and routing in front of every handler.
class HttpServer : public QAbstractHttpServer
{
public:
    HttpServer(const ServerOptions &options, QObject *parent)
        : QAbstractHttpServer(parent)
        , m_options(options)
        , m_hub(options.hub, this)
    {
        m_static.emplace(ClientPrefix.toString(), StaticFiles(QStringLiteral(":/datastar")));
        m_static.emplace(ConnectionStatusPrefix.toString(),
                         StaticFiles(QStringLiteral(":/starling/connection")));
    }

    ServerOptions m_options;
    StreamHub m_hub;
    AccessGuard m_guard;
    SessionCookie m_sessionCookie;
    quint16 m_port = 0;
    Router m_router;
    std::map<QString, StaticFiles> m_static; // URL prefix (ending in '/') -> files
    std::optional<StaticFiles> m_iconFolder; // /favicon.ico when no route answers it: the app's icon
    QString m_iconName; // percent-encoded, in m_iconFolder
    ErrorPage m_errorPage; // what a navigation that is refused shows
    // The screen of the connection whose request is being dispatched (handlers run synchronously).
    QPointer<RequestScreen> m_screen;
    // The session of the request being dispatched, once it passed the access checks; a new one's cookie goes
    // on the answer.
    QString m_sessionId;
    bool m_newSession = false;

protected:
#if STARLING_QHTTPSERVER_68
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override
    {
        dispatch(request, std::move(responder));
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QHttpServerResponder &) override
    { }
#else
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        dispatch(request, makeResponder(request, socket));
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override
    { }
#endif

private:
    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void respond(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                 QHttpServerResponse &&response);
    void refuse(const QHttpServerRequest &request, QHttpServerResponder &&responder, StatusCode status,
                const QString &why);
    // The 404 of an unknown route or a missing file, in the form the request gets refusals in.
    QHttpServerResponse notFound(const QHttpServerRequest &request) const
    {
        return refusal(request, StatusCode::NotFound, QCoreApplication::translate("starling", "Not found."),
                       m_errorPage);
    }
    void runStream(const StreamHandler &handler, const Request &req, const QHttpServerRequest &request,
                   QHttpServerResponder &&responder);
};

void HttpServer::respond(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                         QHttpServerResponse &&response)
{
    if (response.mimeType().startsWith("text/html"))
        datastar::detail::setHeader(response, "Content-Security-Policy",
                                    Server::ContentSecurityPolicy.toByteArray());
    datastar::detail::setHeader(response, "X-Content-Type-Options", "nosniff");
    datastar::detail::setHeader(response, "Referrer-Policy", "no-referrer");
    detail::DevResources::preventCaching(response); // with --dev a reload always shows the edited sources
    if (m_newSession)
        datastar::detail::addHeader(response, "Set-Cookie", m_sessionCookie.setCookie(m_sessionId));
    if (m_screen && !m_screen->keepAlive())
        datastar::detail::setHeader(response, "Connection", "close");
    qCDebug(lcServer).noquote() << requestLine(request) << "->" << int(response.statusCode());
    datastar::detail::sendResponse(std::move(responder), std::move(response));
    if (m_screen)
        m_screen->requestAnswered();
}

void HttpServer::refuse(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                        StatusCode status, const QString &why)
{
    qCWarning(lcServer).noquote() << "refused" << requestLine(request) << "with" << int(status) << ":" << why;
    respond(request, std::move(responder),
            refusal(request, status, QCoreApplication::translate("starling", "Refused: %1.").arg(why),
                    m_errorPage));
}

void HttpServer::runStream(const StreamHandler &handler, const Request &req,
                           const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    Stream stream(req, request, std::move(responder), m_hub,
                  m_newSession ? m_sessionCookie.setCookie(m_sessionId) : QByteArray(), m_options.brotli);
    try {
        handler(req, stream);
    } catch (...) {
        QHttpServerResponse answer = failureAnswer(request, m_errorPage);
        if (!stream.isStarted()) {
            respond(request, stream.takeResponder(), std::move(answer));
            return;
        }
        qCWarning(lcServer).noquote()
            << requestLine(request) << "failed after its stream started; the status stays 200";
    }
    stream.finish();
    if (!m_screen)
        return;
    if (stream.m_generator && stream.m_generator->isOpen())
        m_screen->streamStarted(stream.m_generator);
    else
        m_screen->requestAnswered();
}

void HttpServer::dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    m_screen = RequestScreen::of(request, responder);
    m_sessionId.clear();
    m_newSession = false;
    const AccessGuard::Verdict verdict = m_guard.check(request);
    if (m_screen && verdict.kind != AccessGuard::Verdict::Kind::Refused)
        m_screen->markTrusted();
    if (verdict.kind == AccessGuard::Verdict::Kind::Refused) {
        refuse(request, std::move(responder), verdict.status, verdict.reason);
        return;
    }
    if (verdict.kind == AccessGuard::Verdict::Kind::GrantedByToken) {
        // The cookie takes over from ?token=, which then leaves the address bar and the history.
        QHttpServerResponse response
            = text(QStringLiteral("See Other: the same page without the token.\n"), StatusCode::SeeOther);
        datastar::detail::setHeader(response, "Location", AccessGuard::locationWithoutToken(request));
        datastar::detail::addHeader(response, "Set-Cookie", m_guard.sessionCookie());
        respond(request, std::move(responder), std::move(response));
        return;
    }
    // Only requests that presented the secret get a session (refusals set no cookie), and the ?token=
    // redirect leaves it to the request it sends the browser on to: its answer has the secret's cookie.
    m_sessionId = m_sessionCookie.idOf(request);
    m_newSession = m_sessionId.isEmpty();
    if (m_newSession)
        m_sessionId = SessionCookie::newId();

    const std::optional<Method> method = toMethod(request.method());
    const QString encodedPath = request.url().path(QUrl::FullyEncoded);
    for (auto &[prefix, files] : m_static) {
        if (!encodedPath.startsWith(prefix))
            continue;
        if (method != Method::Get) {
            QHttpServerResponse response
                = refusal(request, StatusCode::MethodNotAllowed,
                          QCoreApplication::translate("starling", "Method not allowed: files are GET only."),
                          m_errorPage);
            datastar::detail::addHeader(response, "Allow", "GET");
            respond(request, std::move(responder), std::move(response));
            return;
        }
        QHttpServerResponse response
            = files.serve(encodedPath.mid(prefix.size()), request.value("if-none-match"));
        if (response.statusCode() == StatusCode::NotFound)
            response = notFound(request);
        respond(request, std::move(responder), std::move(response));
        return;
    }

    const Router::Match match = method ? m_router.match(*method, encodedPath) : Router::Match {};
    if (match.kind != Router::Match::Kind::Found) {
        const bool wrongMethod = !method || match.kind == Router::Match::Kind::WrongMethod;
        if (!wrongMethod && *method == Method::Get && encodedPath == u"/favicon.ico" && m_iconFolder) {
            respond(request, std::move(responder),
                    m_iconFolder->serve(m_iconName, request.value("if-none-match")));
            return;
        }
        qCInfo(lcServer).noquote() << requestLine(request) << (wrongMethod ? "405" : "404");
        if (!wrongMethod) {
            respond(request, std::move(responder), notFound(request));
            return;
        }
        QStringList allowed;
        for (Method m : match.allowed)
            allowed.append(toName(m));
        QHttpServerResponse response
            = refusal(request, StatusCode::MethodNotAllowed,
                      QCoreApplication::translate("starling", "Method not allowed."), m_errorPage);
        datastar::detail::addHeader(response, "Allow", allowed.join(u", ").toUtf8());
        respond(request, std::move(responder), std::move(response));
        return;
    }

    Request req(*method, request, match.params);
    req.m_sessionId = m_sessionId;
    if (const auto *streamHandler = std::get_if<StreamHandler>(match.handler)) {
        runStream(*streamHandler, req, request, std::move(responder));
        return;
    }
    const Handler &handler = std::get<Handler>(*match.handler);
    try {
        respond(request, std::move(responder), handler(req));
    } catch (...) {
        respond(request, std::move(responder), failureAnswer(request, m_errorPage));
    }
}

} // namespace detail

struct Server::Private
{
    detail::HttpServer *http = nullptr; // child of the Server
    QString error;
};

Server::Server(const ServerOptions &options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->http = new detail::HttpServer(options, this);
}

Server::~Server() = default;

bool Server::listen(quint16 port)
{
    if (d->http->m_port != 0) {
        d->error = QStringLiteral("already listening on 127.0.0.1:%1").arg(d->http->m_port);
        return false;
    }
    const ServerOptions &options = d->http->m_options;
    detail::ConnectionLimits limits;
    limits.request.maxBodyBytes = options.maxBodyBytes;
    limits.request.maxHeadBytes = options.maxHeadBytes;
    limits.maxConnections = options.maxConnections;
    limits.maxUntrustedConnections = options.maxUntrustedConnections;
    limits.maxBufferedBodyBytes = options.maxBufferedBodyBytes;
    limits.idleTimeout = options.idleTimeout;
    limits.headerTimeout = options.headerTimeout;
    limits.bodyTimeout = options.bodyTimeout;
    auto *tcp = new detail::ScreeningTcpServer(limits, this);
    // Connections wait in the kernel's accept queue until the event loop takes them. Qt's default of 50
    // drops the SYNs of a larger burst (many browsers at once, a reconnect storm), and each dropped client
    // retries only after a second or more; the kernel caps this at net.core.somaxconn.
    tcp->setListenBacklogSize(options.maxConnections);
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        d->error = QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(port).arg(tcp->errorString());
        delete tcp;
        return false;
    }
    if (!datastar::detail::bind(*d->http, tcp)) {
        d->error = QStringLiteral("the HTTP server refused 127.0.0.1:%1").arg(tcp->serverPort());
        delete tcp;
        return false;
    }
    d->http->m_port = tcp->serverPort();
    d->http->m_guard.setPort(tcp->serverPort());
    d->http->m_sessionCookie.setPort(tcp->serverPort());
    qCInfo(lcServer).noquote() << "listening on" << origin().toString();
    return true;
}

QString Server::errorString() const
{
    return d->error;
}

quint16 Server::port() const
{
    return d->http->m_port;
}

QUrl Server::origin() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

QByteArray Server::secret() const
{
    return d->http->m_guard.secret();
}

QUrl Server::tokenUrl() const
{
    return QUrl(
        QStringLiteral("http://127.0.0.1:%1/?token=%2").arg(port()).arg(QString::fromLatin1(secret())));
}

QByteArray Server::cookieName() const
{
    return d->http->m_guard.cookieName();
}

void Server::route(Method method, const QString &pattern, Handler handler)
{
    d->http->m_router.add(method, pattern, std::move(handler));
}

void Server::route(Method method, const QString &pattern, StreamHandler handler)
{
    d->http->m_router.add(method, pattern, std::move(handler));
}

void Server::serveResources(const QString &urlPrefix, const QString &resourceRoot)
{
    const QString prefix = urlPrefix.endsWith(u'/') ? urlPrefix : urlPrefix + u'/';
    d->http->m_static.insert_or_assign(prefix, detail::StaticFiles(resourceRoot));
}

void Server::setErrorPage(const Template &page)
{
    d->http->m_errorPage.setTemplate(page);
}

void Server::setIcon(const QString &path)
{
    const QFileInfo icon(path);
    d->http->m_iconFolder.emplace(icon.absolutePath());
    d->http->m_iconName = QString::fromUtf8(QUrl::toPercentEncoding(icon.fileName()));
}

StreamHub &Server::hub()
{
    return d->http->m_hub;
}

} // namespace starling
