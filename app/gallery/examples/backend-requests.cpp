// Backend requests: every action sends the page's signals (but not the _local ones); the backend appends what
// it received to the page's log.
#include "examples.h"

#include <starling/app.h>
#include <starling/stream.h>
#include <starling/template.h>

#include <QJsonDocument>

namespace gallery {

namespace {

QString methodName(starling::Method method)
{
    switch (method) {
    case starling::Method::Get:
        return QStringLiteral("GET");
    case starling::Method::Post:
        return QStringLiteral("POST");
    case starling::Method::Put:
        return QStringLiteral("PUT");
    case starling::Method::Patch:
        return QStringLiteral("PATCH");
    case starling::Method::Delete:
        return QStringLiteral("DELETE");
    }
    return {};
}

void logRequest(const starling::Request &request, starling::Stream &stream)
{
    // The template escapes the signals: they are whatever the user typed.
    static const starling::Template entry(
        QStringLiteral("<li><strong class=\"method\">{{method}}</strong> {{path}} <code "
                       "class=\"received\">{{signals}}</code></li>"));
    const QString signalsText
        = QString::fromUtf8(QJsonDocument(request.signalValues()).toJson(QJsonDocument::Compact));
    stream.patchElements(entry.render({ { QStringLiteral("method"), methodName(request.method()) },
                                        { QStringLiteral("path"), request.path() },
                                        { QStringLiteral("signals"), signalsText } }),
                         { .selector = QStringLiteral("#log"), .mode = datastar::ElementPatchMode::Append });
}

} // namespace

void registerBackendRequests(starling::App &app)
{
    const QString path = QStringLiteral("/examples/backend-requests/item");
    app.get(path, logRequest);
    app.post(path, logRequest);
    app.put(path, logRequest);
    app.patch(path, logRequest);
    app.del(path, logRequest);
}

} // namespace gallery
