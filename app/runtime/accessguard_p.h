// Decides whether a request may reach the app at all: Host, secret, fetch metadata, Origin.
#pragma once

#include <QByteArray>
#include <QHttpServerResponse>
#include <QString>

class QHttpServerRequest;

namespace starling::detail {

// Holds the per-launch secret and checks a parsed request against it, in the documented order (see
// starling/server.h): Host (421), secret (403), fetch metadata of a cookie-only request (403), Origin of
// state-changing methods (403). Main thread only.
class AccessGuard
{
public:
    AccessGuard(); // makes a new secret: 256 bits from QRandomGenerator::system(), base64url

    void setPort(quint16 port) { m_port = port; }
    QByteArray secret() const { return m_secret; }
    // Cookies are shared by all ports of a host: the name carries the port to keep two apps apart.
    QByteArray cookieName() const { return "starling-" + QByteArray::number(m_port); }
    QByteArray sessionCookie() const; // the Set-Cookie value given to a request granted by its ?token=
    // Where a request granted by its ?token= is sent (303): the same URL on the request's own Host, without
    // the `token` query items (the others are kept byte for byte), so the secret leaves the address bar.
    static QByteArray locationWithoutToken(const QHttpServerRequest &request);

    struct Verdict
    {
        enum class Kind { Refused, Granted, GrantedByToken } kind = Kind::Refused;
        QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Forbidden; // when refused
        QString reason; // when refused: what was wrong, for the answer and the log
    };
    Verdict check(const QHttpServerRequest &request) const;

private:
    bool isOwnHostPort(QByteArrayView hostPort) const;
    bool presentsCookie(const QHttpServerRequest &request) const;

    const QByteArray m_secret;
    quint16 m_port = 0;
};

} // namespace starling::detail
