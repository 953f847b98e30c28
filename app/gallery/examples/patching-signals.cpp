// Patching signals: the backend drives the page's state with JSON merge patches.
#include "examples.h"

#include <datastar/responses.h>
#include <starling/app.h>
#include <starling/stream.h>

#include <QJsonObject>
#include <QTimer>

namespace gallery {

void registerPatchingSignals(starling::App &app)
{
    // An application/json answer is merge-patched into the page's signals.
    app.get(QStringLiteral("/examples/patching-signals/json"), [](const starling::Request &) {
        return datastar::signalsResponse(
            { { QStringLiteral("hal"), QStringLiteral("Affirmative, Dave. I read you.") } });
    });

    // The same over SSE, and a second patch a second later resets the signal.
    app.get(QStringLiteral("/examples/patching-signals/stream"),
            [](const starling::Request &, starling::Stream &stream) {
                stream.patchSignals(
                    { { QStringLiteral("hal"), QStringLiteral("Affirmative, Dave. I read you.") } });
                auto *generator = stream.keepOpen();
                if (!generator)
                    return;
                QTimer::singleShot(1000, generator, [generator] {
                    generator->patchSignals({ { QStringLiteral("hal"), QStringLiteral("...") } });
                    generator->close();
                });
            });

    // onlyIfMissing: `hal` exists and is left alone; `extra` is missing and is added.
    app.get(QStringLiteral("/examples/patching-signals/if-missing"),
            [](const starling::Request &, starling::Stream &stream) {
                stream.patchSignals({ { QStringLiteral("hal"),
                                        QStringLiteral("I am putting myself to the fullest possible use.") },
                                      { QStringLiteral("extra"), QStringLiteral("added by the backend") } },
                                    { .onlyIfMissing = true });
            });

    // null removes a signal (RFC 7396): {"extra": null}.
    app.get(QStringLiteral("/examples/patching-signals/remove"),
            [](const starling::Request &, starling::Stream &stream) {
                stream.removeSignals({ QStringLiteral("extra") });
            });
}

} // namespace gallery
