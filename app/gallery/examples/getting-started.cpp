// Getting started: HAL answers a click, once with a text/html patch and once over SSE.
#include "examples.h"

#include <starling/app.h>
#include <starling/response.h>
#include <starling/stream.h>

#include <QTimer>

namespace gallery {

void registerGettingStarted(starling::App &app)
{
    // A text/html answer: the client morphs its top-level elements into the page by id.
    app.get(QStringLiteral("/examples/getting-started/hal"), [](const starling::Request &) {
        return starling::html(
            QStringLiteral("<div id=\"hal\">I’m sorry, Dave. I’m afraid I can’t do that.</div>"));
    });

    // An SSE answer: HAL's reply now, and a second patch a second later on the same stream.
    app.get(QStringLiteral("/examples/getting-started/hal-stream"),
            [](const starling::Request &, starling::Stream &stream) {
                stream.patchElements(QStringLiteral(
                    "<div id=\"hal-stream\">I’m sorry, Dave. I’m afraid I can’t do that.</div>"));
                auto *generator = stream.keepOpen();
                if (!generator)
                    return;
                // Parented to the generator: no timer outlives a stream the page closed.
                QTimer::singleShot(1000, generator, [generator] {
                    generator->patchElements(
                        QStringLiteral("<div id=\"hal-stream\">Waiting for an order...</div>"));
                    generator->close();
                });
            });
}

} // namespace gallery
