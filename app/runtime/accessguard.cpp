#include "accessguard_p.h"
#include "cookies_p.h"

#include <starling/server.h>

#include <QHttpServerRequest>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <algorithm>

namespace starling::detail {

namespace {

QByteArray makeSecret()
{
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// Compares without an early exit, so the time taken says nothing about how much of a guess was right.
bool equalSecret(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size() || a.isEmpty())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

bool changesState(QHttpServerRequest::Method method)
{
    return method == QHttpServerRequest::Method::Post || method == QHttpServerRequest::Method::Put
        || method == QHttpServerRequest::Method::Patch || method == QHttpServerRequest::Method::Delete;
}

} // namespace

AccessGuard::AccessGuard()
    : m_secret(makeSecret())
{ }

QByteArray AccessGuard::sessionCookie() const
{
    return strictCookie(cookieName(), m_secret);
}

bool AccessGuard::isOwnHostPort(QByteArrayView hostPort) const
{
    const QByteArray port = ':' + QByteArray::number(m_port);
    return hostPort.compare(QByteArray("127.0.0.1" + port), Qt::CaseInsensitive) == 0
        || hostPort.compare(QByteArray("localhost" + port), Qt::CaseInsensitive) == 0;
}

bool AccessGuard::presentsCookie(const QHttpServerRequest &request) const
{
    const QByteArrayList values = cookieValues(request, cookieName());
    return std::any_of(values.cbegin(), values.cend(),
                       [this](const QByteArray &value) { return equalSecret(value, m_secret); });
}

QByteArray AccessGuard::locationWithoutToken(const QHttpServerRequest &request)
{
    const QUrl url = request.url();
    QByteArrayList kept;
    for (const QByteArray &item : url.query(QUrl::FullyEncoded).toUtf8().split('&')) {
        const qsizetype equals = item.indexOf('=');
        const QByteArray key = equals < 0 ? item : item.first(equals);
        if (!item.isEmpty() && QUrl::fromPercentEncoding(key) != u"token")
            kept.append(item);
    }
    // Absolute, on the Host the guard already accepted: a path starting with "//" cannot lead elsewhere.
    const QByteArray path = url.path(QUrl::FullyEncoded).toUtf8();
    return "http://" + request.value("host") + (path.isEmpty() ? QByteArray("/") : path)
        + (kept.isEmpty() ? QByteArray() : '?' + kept.join('&'));
}

AccessGuard::Verdict AccessGuard::check(const QHttpServerRequest &request) const
{
    using Kind = Verdict::Kind;
    using StatusCode = QHttpServerResponse::StatusCode;

    const QByteArray host = request.value("host");
    if (!isOwnHostPort(host)) {
        return { Kind::Refused, StatusCode::MisdirectedRequest,
                 QStringLiteral("this server answers only for 127.0.0.1:%1 and localhost:%1, not Host \"%2\"")
                     .arg(m_port)
                     .arg(QString::fromUtf8(host)) };
    }

    // The secret itself (?token= on a GET, or the header the app's window adds) is judged by the secret
    // alone.
    Kind granted = Kind::Refused;
    if (request.method() == QHttpServerRequest::Method::Get
        && equalSecret(QUrlQuery(request.url()).queryItemValue(QStringLiteral("token")).toUtf8(), m_secret)) {
        granted = Kind::GrantedByToken;
    } else if (equalSecret(request.value(Server::TokenHeader.toByteArray()), m_secret)) {
        granted = Kind::Granted;
    } else if (presentsCookie(request)) {
        // The browser sends the cookie to whatever asks for this origin, and every port of 127.0.0.1 is the
        // same site: SameSite=Strict does not keep a page from another local port out. Fetch metadata does.
        const QByteArray site = request.value("sec-fetch-site");
        if (!site.isEmpty() && site != "same-origin" && site != "none") {
            return { Kind::Refused, StatusCode::Forbidden,
                     QStringLiteral("the request comes from another site (Sec-Fetch-Site: %1; other local "
                                    "ports count as one) with only the session cookie; it must come from the "
                                    "app's own pages")
                         .arg(QString::fromUtf8(site)) };
        }
        granted = Kind::Granted;
    } else {
        return { Kind::Refused, StatusCode::Forbidden,
                 QStringLiteral("this app's server answers only its own window (the request has no valid "
                                "Starling token)") };
    }

    if (changesState(request.method())) {
        const QByteArray origin = request.value("origin");
        if (!origin.startsWith("http://") || !isOwnHostPort(QByteArrayView(origin).sliced(7))) {
            return { Kind::Refused, StatusCode::Forbidden,
                     QStringLiteral(
                         "a state-changing request must come from the app's own origin, not \"%1\"")
                         .arg(origin.isNull() ? QStringLiteral("(none)") : QString::fromUtf8(origin)) };
        }
    }
    return { granted, StatusCode::Ok, {} };
}

} // namespace starling::detail
