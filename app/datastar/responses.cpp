#include "eventformat_p.h"
#include "httptransport_p.h"
#include "logging_p.h"

#include <datastar/responses.h>

#include <QJsonDocument>

namespace datastar {

namespace {

// A header value with a line break would let it forge headers: answer 500 rather than send it.
QHttpServerResponse invalidHeader(const char *what)
{
    qCWarning(lcDatastar) << what << "must not contain a line break; answering 500";
    return QHttpServerResponse("text/plain; charset=utf-8",
                               QByteArray(what) + " must not contain a line break\n",
                               QHttpServerResponse::StatusCode::InternalServerError);
}

} // namespace

QHttpServerResponse htmlResponse(const QString &elements, const HtmlResponseOptions &options)
{
    if (EventFormat::hasLineBreak(options.selector))
        return invalidHeader("datastar-selector");
    QHttpServerResponse response("text/html; charset=utf-8", elements.toUtf8());
    if (!options.selector.isEmpty())
        detail::setHeader(response, "datastar-selector", options.selector.toUtf8());
    if (options.mode != ElementPatchMode::Outer)
        detail::setHeader(response, "datastar-mode", toName(options.mode).toUtf8());
    if (options.useViewTransition)
        detail::setHeader(response, "datastar-use-view-transition", "true");
    return response;
}

QHttpServerResponse signalsResponse(const QJsonObject &signalsPatch, const SignalsResponseOptions &options)
{
    QHttpServerResponse response("application/json",
                                 QJsonDocument(signalsPatch).toJson(QJsonDocument::Compact));
    if (options.onlyIfMissing)
        detail::setHeader(response, "datastar-only-if-missing", "true");
    return response;
}

QHttpServerResponse scriptResponse(const QString &script, const ScriptResponseOptions &options)
{
    QHttpServerResponse response("text/javascript; charset=utf-8", script.toUtf8());
    if (!options.attributes.isEmpty()) {
        QJsonObject attributes;
        for (const auto &[name, value] : options.attributes)
            attributes.insert(name, value);
        // Compact JSON escapes every control character, so the header stays on one line.
        detail::setHeader(response, "datastar-script-attributes",
                          QJsonDocument(attributes).toJson(QJsonDocument::Compact));
    }
    return response;
}

} // namespace datastar
