// Reactive signals: everything on this page happens in the page; the backend only serves it.
#include "examples.h"

#include <starling/app.h>

namespace gallery {

void registerReactiveSignals(starling::App &)
{
    // No routes of its own: the generic /examples/:slug route renders reactive-signals.html.
}

} // namespace gallery
