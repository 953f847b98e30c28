// What a page shows when the backend refuses it something: an alert bar, and the refusal as an answer.
#pragma once

#include "errorpage_p.h"

#include <datastar/event.h>

#include <QHttpServerResponse>
#include <QList>
#include <QString>

class QHttpServerRequest;

namespace starling::detail {

// The element id of the bar that shows a refusal (see refusal()).
inline constexpr auto RefusalElementId = "starling-error";

// The events that show `message` in a bar fixed at the bottom of the page, with the element id `id` (a plain
// identifier): a script removes any earlier bar with that id, then the new one is appended to <body>. The
// bar has a dismiss button.
QList<datastar::Event> pageAlert(const QString &id, const QString &message);

// A refusal (a 4xx or 5xx `status` with `message`) in the form its requester can show. For the Datastar
// client (`Datastar-Request: true`): an SSE body that sets the page's `_error` signal to the message and
// shows it in the #starling-error bar (the client processes an error answer's body, and dispatches its
// `datastar-fetch` error event). For a browser's navigation: `errorPage` as HTML. For anything else: the
// message as text/plain.
QHttpServerResponse refusal(const QHttpServerRequest &request, QHttpServerResponse::StatusCode status,
                            const QString &message, const ErrorPage &errorPage);

} // namespace starling::detail
