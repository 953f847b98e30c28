// data-indicator: the page shows a spinner while this deliberately slow request is in flight.
#include "examples.h"

#include <starling/app.h>
#include <starling/stream.h>

#include <QTimer>

namespace gallery {

void registerIndicator(starling::App &app)
{
    app.get(QStringLiteral("/examples/indicator/question"),
            [](const starling::Request &, starling::Stream &stream) {
                auto *generator = stream.keepOpen();
                if (!generator)
                    return;
                // Two seconds to think: the request stays in flight, so the indicator signal stays true.
                QTimer::singleShot(2000, generator, [generator] {
                    generator->patchElements(
                        QStringLiteral("<div id=\"question\">What do you put in a toaster?</div>"));
                    generator->close();
                });
            });
}

} // namespace gallery
