// Starling's cookies: reading them from a request, and the one way it sets them.
#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>

class QHttpServerRequest;

namespace starling::detail {

// The values of the cookies named `name` in the request's Cookie header, in the order sent (trimmed).
QByteArrayList cookieValues(const QHttpServerRequest &request, QByteArrayView name);

// The Set-Cookie value for `name`=`value` as Starling sets every cookie: HttpOnly, SameSite=Strict, Path=/.
QByteArray strictCookie(const QByteArray &name, const QByteArray &value);

} // namespace starling::detail
