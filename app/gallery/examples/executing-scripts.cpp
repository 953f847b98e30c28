// Executing scripts: the backend answers with JavaScript for the page to run.
#include "examples.h"

#include <datastar/responses.h>
#include <starling/app.h>
#include <starling/stream.h>

namespace gallery {

namespace {
const QString Line = QStringLiteral("This mission is too important for me to allow you to jeopardize it.");
}

void registerExecutingScripts(starling::App &app)
{
    // A text/javascript answer: the client runs it.
    app.get(QStringLiteral("/examples/executing-scripts/script"), [](const starling::Request &) {
        return datastar::scriptResponse(
            QStringLiteral("document.getElementById('hal-script').textContent = '%1';").arg(Line));
    });

    // The guide's original: an alert (the window answers it with a native dialog).
    app.get(QStringLiteral("/examples/executing-scripts/alert"), [](const starling::Request &) {
        return datastar::scriptResponse(QStringLiteral("alert('%1');").arg(Line));
    });

    // Over SSE: executeScript appends a <script> to <body> that removes itself once it has run.
    app.get(QStringLiteral("/examples/executing-scripts/stream"),
            [](const starling::Request &, starling::Stream &stream) {
                stream.executeScript(
                    QStringLiteral("document.getElementById('hal-stream').textContent = '%1';").arg(Line));
            });
}

} // namespace gallery
