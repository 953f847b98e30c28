#include "cookies_p.h"

#include <QHttpServerRequest>

namespace starling::detail {

QByteArrayList cookieValues(const QHttpServerRequest &request, QByteArrayView name)
{
    QByteArrayList values;
    for (const QByteArray &pair : request.value("cookie").split(';')) {
        const qsizetype equals = pair.indexOf('=');
        if (equals > 0 && pair.left(equals).trimmed() == name)
            values.append(pair.mid(equals + 1).trimmed());
    }
    return values;
}

QByteArray strictCookie(const QByteArray &name, const QByteArray &value)
{
    return name + '=' + value + "; HttpOnly; SameSite=Strict; Path=/";
}

} // namespace starling::detail
