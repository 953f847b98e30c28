// The browser session: an id per browser profile, kept in a cookie the server sets.
#pragma once

#include <QByteArray>
#include <QString>

class QHttpServerRequest;

namespace starling::detail {

// Reads and makes the session cookie, which groups a browser profile's requests (Request::sessionId(),
// session topics). It is no credential: every request still presents the secret (AccessGuard). Main thread
// only.
class SessionCookie
{
public:
    void setPort(quint16 port) { m_port = port; }
    // Cookies are shared by all ports of a host: the name carries the port, as the secret's cookie does.
    QByteArray name() const { return "starling-session-" + QByteArray::number(m_port); }
    // The request's session id: the first cookie of this name that holds a well-formed id; empty if none.
    QString idOf(const QHttpServerRequest &request) const;
    // A fresh id: 128 bits from QRandomGenerator::system(), base64url (22 characters).
    static QString newId();
    QByteArray setCookie(const QString &id) const; // the Set-Cookie value: HttpOnly, SameSite=Strict, Path=/

private:
    quint16 m_port = 0;
};

} // namespace starling::detail
