// A redirect decided by the backend: it answers the click with a script that sets window.location.
#include "examples.h"
#include "gallery.h"

#include <starling/app.h>
#include <starling/stream.h>

namespace gallery {

void registerRedirect(starling::App &app)
{
    app.post(QStringLiteral("/examples/redirect/go"),
             [](const starling::Request &request, starling::Stream &stream) {
                 // The backend chooses: a known destination, else the home page.
                 const QString where = request.signalValues().value(QStringLiteral("destination")).toString();
                 const QString url = where == QStringLiteral("arrived")
                     ? QStringLiteral("/examples/redirect/arrived")
                     : QStringLiteral("/");
                 stream.executeScript(QStringLiteral("window.location = '%1';").arg(url));
             });

    // Where it sends you.
    app.get(QStringLiteral("/examples/redirect/arrived"), [](const starling::Request &) {
        return examplePage(QStringLiteral("redirect"), { { QStringLiteral("arrived"), true } });
    });
}

} // namespace gallery
