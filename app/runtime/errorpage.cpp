#include "errorpage_p.h"
#include "logging_p.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QJsonObject>

namespace starling::detail {

namespace {

constexpr auto BuiltInPage = ":/starling/error.html";

// The name of a status for people (RFC 9110's reason phrases), translated; a generic one for the rest.
QString reasonOf(int status)
{
    struct Reason
    {
        int status;
        const char *text;
    };
    static constexpr Reason Reasons[] = {
        { 400, QT_TRANSLATE_NOOP("starling", "Bad Request") },
        { 403, QT_TRANSLATE_NOOP("starling", "Forbidden") },
        { 404, QT_TRANSLATE_NOOP("starling", "Not Found") },
        { 405, QT_TRANSLATE_NOOP("starling", "Method Not Allowed") },
        { 409, QT_TRANSLATE_NOOP("starling", "Conflict") },
        { 410, QT_TRANSLATE_NOOP("starling", "Gone") },
        { 413, QT_TRANSLATE_NOOP("starling", "Content Too Large") },
        { 415, QT_TRANSLATE_NOOP("starling", "Unsupported Media Type") },
        { 421, QT_TRANSLATE_NOOP("starling", "Misdirected Request") },
        { 422, QT_TRANSLATE_NOOP("starling", "Unprocessable Content") },
        { 429, QT_TRANSLATE_NOOP("starling", "Too Many Requests") },
        { 500, QT_TRANSLATE_NOOP("starling", "Internal Server Error") },
        { 501, QT_TRANSLATE_NOOP("starling", "Not Implemented") },
        { 503, QT_TRANSLATE_NOOP("starling", "Service Unavailable") },
    };
    for (const Reason &reason : Reasons) {
        if (reason.status == status)
            return QCoreApplication::translate("starling", reason.text);
    }
    return status >= 500 ? QCoreApplication::translate("starling", "Server Error")
                         : QCoreApplication::translate("starling", "Request Refused");
}

} // namespace

ErrorPage::ErrorPage()
    : m_template(Template::fromResource(QLatin1String(BuiltInPage)))
{ }

QString ErrorPage::render(int status, const QString &message) const
{
    const QJsonObject data { { QStringLiteral("status"), status },
                             { QStringLiteral("reason"), reasonOf(status) },
                             { QStringLiteral("message"), message },
                             { QStringLiteral("home"), QStringLiteral("/") },
                             { QStringLiteral("homeLabel"),
                               QCoreApplication::translate("starling", "Go to the home page") } };
    if (m_template.isValid())
        return m_template.render(data);
    qCWarning(lcServer).noquote() << "the app's error page cannot be used:" << m_template.errorString();
    return Template::fromResource(QLatin1String(BuiltInPage)).render(data);
}

bool ErrorPage::isNavigation(const QHttpServerRequest &request)
{
    const QByteArray mode = request.value("sec-fetch-mode");
    if (!mode.isEmpty())
        return mode == "navigate";
    return request.value("accept").contains("text/html");
}

} // namespace starling::detail
