#include "pagealert_p.h"

#include <starling/response.h>

#include <QCoreApplication>
#include <QHttpServerRequest>

#include <httptransport_p.h>

namespace starling::detail {

QList<datastar::Event> pageAlert(const QString &id, const QString &message)
{
    const QString bar = QStringLiteral(
        "<div id=\"%1\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;z-index:2147483647;"
        "display:flex;gap:12px;align-items:flex-start;padding:12px 16px;background:#fff4e5;color:#5f370e;"
        "border-top:1px solid #e0a458;font:14px/1.4 system-ui,sans-serif\"><span style=\"flex:1\">%2</span>"
        "<button type=\"button\" aria-label=\"%3\" data-on:click=\"el.parentElement.remove()\" "
        "style=\"border:0;background:none;color:inherit;font:inherit;cursor:pointer\">×</button></div>");
    // A script removes an earlier bar: a removal patch with no target would log an error in the page.
    return { datastar::executeScript(QStringLiteral("document.getElementById('%1')?.remove()").arg(id)),
             datastar::patchElements(
                 bar.arg(id, message.toHtmlEscaped(),
                         QCoreApplication::translate("starling", "Dismiss").toHtmlEscaped()),
                 { .selector = QStringLiteral("body"), .mode = datastar::ElementPatchMode::Append }) };
}

QHttpServerResponse refusal(const QHttpServerRequest &request, QHttpServerResponse::StatusCode status,
                            const QString &message, const ErrorPage &errorPage)
{
    if (request.value("datastar-request") != "true") {
        if (ErrorPage::isNavigation(request))
            return html(errorPage.render(int(status), message), status);
        return text(message + u'\n', status);
    }
    QByteArray body = datastar::patchSignals({ { QStringLiteral("_error"), message } }).toSse();
    for (const datastar::Event &event : pageAlert(QLatin1String(RefusalElementId), message))
        body += event.toSse();
    QHttpServerResponse response("text/event-stream", body, status);
    datastar::detail::setHeader(response, "Cache-Control", "no-cache");
    return response;
}

} // namespace starling::detail
