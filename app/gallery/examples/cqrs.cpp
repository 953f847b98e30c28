// CQRS: each window holds one long-lived read stream (a topic of the runtime's hub); writes are short POSTs
// whose handlers publish the new state to every window.
#include "controlcharacters.h"
#include "examples.h"
#include "gallery.h"

#include <datastar/event.h>
#include <datastar/responses.h>
#include <starling/app.h>
#include <starling/httperror.h>
#include <starling/response.h>
#include <starling/stream.h>

#include <QJsonArray>

namespace gallery {

namespace {

const QString Topic = QStringLiteral("gallery-cqrs");

int counter = 0;
QStringList messages; // the newest last, at most 20

QString renderBoard()
{
    QJsonArray items;
    for (const QString &message : messages)
        items.append(message);
    return renderPartial(QStringLiteral("partials/board.html"),
                         { { QStringLiteral("counter"), counter }, { QStringLiteral("messages"), items } });
}

QHttpServerResponse noContent()
{
    return QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent);
}

} // namespace

void registerCqrs(starling::App &app)
{
    // A window that (re)connects without a usable Last-Event-ID first gets the current board.
    app.topic(Topic).setRefresh(
        [] { return QList<datastar::Event> { datastar::patchElements(renderBoard()) }; });

    // The read side: one stream per window, handed to the hub.
    app.get(QStringLiteral("/examples/cqrs/updates"),
            [](const starling::Request &, starling::Stream &stream) { stream.subscribe(Topic); });

    // The write side: change the state, publish it, answer at once.
    app.post(QStringLiteral("/examples/cqrs/increment"), [&app](const starling::Request &) {
        ++counter;
        app.topic(Topic).patchElements(renderBoard());
        return noContent();
    });
    app.post(QStringLiteral("/examples/cqrs/messages"), [&app](const starling::Request &request) {
        const QString message = request.signalValues().value(QStringLiteral("message")).toString().trimmed();
        if (const QString error = controlCharacterError(message, QStringLiteral("A message"));
            !error.isEmpty())
            throw starling::HttpError(422, error);
        if (message.isEmpty())
            return noContent();
        messages.append(message.left(280));
        while (messages.size() > 20)
            messages.removeFirst();
        app.topic(Topic).patchElements(renderBoard());
        // The writer's own input is cleared by its answer; the board arrives on every read stream.
        return datastar::signalsResponse({ { QStringLiteral("message"), QString() } });
    });
}

} // namespace gallery
