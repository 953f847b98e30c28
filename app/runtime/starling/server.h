// The app's private HTTP server: 127.0.0.1 only, locked to the app's own web view, with the route table.
#pragma once

#include <datastar/options.h>
#include <starling/routes.h>
#include <starling/starling_export.h>
#include <starling/streamhub.h>
#include <starling/template.h>

#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <memory>

namespace starling {

// Limits on what clients may make the server hold. The defaults suit a desktop app and its own windows;
// `--serve` for many browsers raises maxConnections (and the hub's stream limits). docs/security.md explains
// each one.
struct ServerOptions
{
    qsizetype maxBodyBytes = datastar::MaxSignalsBytes; // larger request bodies get 413 before being read
    qsizetype maxHeadBytes = 64 * 1024; // request line and header fields; larger heads get 431
    int maxConnections = 1024; // open at once; more are closed on accept (lowered to fit the open-file limit)
    // Connections that have not yet presented the secret. A new one closes the oldest of them, so idle
    // connections held by another process never lock the app's own windows out.
    int maxUntrustedConnections = 64;
    qint64 maxBufferedBodyBytes
        = 64 * 1024 * 1024; // request bodies held at once, all connections; 503 beyond
    std::chrono::milliseconds idleTimeout = std::chrono::seconds(30); // no request on a kept-alive connection
    std::chrono::milliseconds headerTimeout = std::chrono::seconds(10); // first byte to end of a head; 408
    std::chrono::milliseconds bodyTimeout
        = std::chrono::seconds(30); // end of the head to end of the body; 408
    StreamHubOptions hub = {};
    // Brotli's settings for the SSE streams of clients that accept it (Stream); see datastar::BrotliOptions.
    datastar::BrotliOptions brotli = {};
};

// Listens on 127.0.0.1 (an ephemeral port unless one is asked for) and answers only its own app. Every
// request is checked, in this order, before any handler runs:
//   1. the request screen, on the raw bytes before QtHttpServer sees them: a strict HTTP/1.x parse (400 for
//      malformed framing, 431 for an over-long head or more than 100 fields, 501/505 for unsupported methods,
//      codings and versions), body size (over maxBodyBytes: 413 before the body is read) and the timeouts and
//      connection limits above; QtHttpServer is handed each request in one canonical form, one at a time;
//   2. Host is 127.0.0.1:<port> or localhost:<port>, else 421 (DNS rebinding);
//   3. the per-launch secret is presented: `?token=` on a GET (answered 303 See Other to the same URL
//      without the token, setting the session cookie), header `Starling-Token` (added by TokenInterceptor in
//      the app's own web view), or the session cookie, else 403;
//   4. fetch metadata, only when the session cookie is the sole credential (the token or the header is
//      judged by the secret alone): `Sec-Fetch-Site` absent, `same-origin` or `none`, else 403; this refuses
//      `same-site` and `cross-site`, since every port of 127.0.0.1 is one site and gets the cookie;
//   5. POST/PUT/PATCH/DELETE carry the app's own Origin, else 403;
//   6. routing: unknown path 404, known path with another method 405.
// HTML answers carry a fixed Content-Security-Policy; a handler's exception is a logged 500 (HttpError: its
// status). Every refusal says why and is logged (category starling.server): as SSE for the Datastar client
// (the page's `_error` signal and #starling-error bar), as an HTML error page for a browser's navigation
// (setErrorPage()), as text for anything else.
// Main thread only; handlers run on it.
class STARLING_EXPORT Server : public QObject, public RouteMethods<Server>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Server)

public:
    // The exact Content-Security-Policy of every HTML answer.
    static constexpr QByteArrayView ContentSecurityPolicy
        = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' "
          "'unsafe-inline'; "
          "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
          "frame-ancestors 'none'";
    static constexpr QByteArrayView TokenHeader = "Starling-Token";

    explicit Server(const ServerOptions &options = {}, QObject *parent = nullptr);
    ~Server() override;

    // Starts listening on 127.0.0.1:`port` (0: any free port), once. False, with errorString(), when it
    // cannot (the port is taken, or it already listens).
    bool listen(quint16 port = 0);
    QString errorString() const;

    quint16 port() const; // 0 before listen()
    QUrl origin() const; // http://127.0.0.1:<port>
    QByteArray secret() const; // 256 random bits (QRandomGenerator::system), base64url; fixed for the run
    QUrl tokenUrl() const; // origin/?token=<secret>: opens the app in an ordinary browser (303 to origin/)
    QByteArray cookieName() const; // the session cookie's name, unique to the port

    void route(Method method, const QString &pattern, Handler handler);
    void route(Method method, const QString &pattern, StreamHandler handler);

    // Serves the files under `resourceRoot` (":/assets") at `urlPrefix` ("/assets") with their MIME types
    // and ETags (GET only). Starling's client is already served at /_starling/datastar/ from :/datastar, and
    // the connection status script (docs/runtime.md) at /_starling/connection/status.js.
    void serveResources(const QString &urlPrefix, const QString &resourceRoot);

    // The page a refused navigation shows (a 404, 405, the access checks' 403 and 421, an HttpError, a 500),
    // with its status: a Mustache template rendered with `status` (404), `reason` ("Not Found"), `message`
    // (what was wrong), `home` ("/") and `homeLabel` (the home link's text, translated). Use {{name}}, which
    // HTML-escapes: the message may repeat what the request said. An invalid template is logged at each use
    // and the runtime's own page (light and dark, no external assets) answers instead.
    void setErrorPage(const Template &page);

    // Answers GET /favicon.ico with this file (a resource path such as ":/icons/app.svg", or a file) when
    // no route does. starling::App sets the app's icon.
    void setIcon(const QString &path);

    StreamHub &hub();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace starling
