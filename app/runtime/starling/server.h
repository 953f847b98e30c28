// The app's private HTTP server: 127.0.0.1 only, locked to the app's own web view, with the route table.
#pragma once

#include <datastar/options.h>
#include <starling/routes.h>
#include <starling/streamhub.h>

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace starling {

struct ServerOptions
{
    qsizetype maxBodyBytes = datastar::MaxSignalsBytes; // larger request bodies get 413 before being read
    StreamHubOptions hub = {};
};

// Listens on 127.0.0.1 (an ephemeral port unless one is asked for) and answers only its own app. Every
// request is checked, in this order, before any handler runs:
//   1. body size, on the raw bytes before the body is read: over maxBodyBytes -> 413 (also 400/431 for
//      malformed framing or an over-long head);
//   2. Host is 127.0.0.1:<port> or localhost:<port>, else 421 (DNS rebinding);
//   3. the per-launch secret is presented: header `Starling-Token` (added by TokenInterceptor in the app's
//      own web view), the session cookie, or `?token=` on a GET (whose answer sets the cookie), else 403;
//   4. POST/PUT/PATCH/DELETE carry the app's own Origin, else 403;
//   5. routing: unknown path 404, known path with another method 405.
// HTML answers carry a fixed Content-Security-Policy; a handler's exception is a logged 500 (HttpError: its
// status). Every refusal has a text body saying why and is logged (category starling.server).
// Main thread only; handlers run on it.
class Server : public QObject, public RouteMethods<Server>
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
    QUrl tokenUrl() const; // origin/?token=<secret>: opens the app in an ordinary browser
    QByteArray cookieName() const; // the session cookie's name, unique to the port

    void route(Method method, const QString &pattern, Handler handler);
    void route(Method method, const QString &pattern, StreamHandler handler);

    // Serves the files under `resourceRoot` (":/assets") at `urlPrefix` ("/assets") with their MIME types
    // and ETags (GET only). Starling's client is already served at /_starling/datastar/ from :/datastar.
    void serveResources(const QString &urlPrefix, const QString &resourceRoot);

    StreamHub &hub();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace starling
