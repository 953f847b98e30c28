// External scripts and web components: the scripts are static files of the app (/gallery/web-components.js,
// from resources/gallery/assets/), as the Content-Security-Policy allows scripts from the app itself only.
#include "examples.h"

#include <starling/app.h>

namespace gallery {

void registerWebComponents(starling::App &)
{
    // No routes of its own: the page is rendered by the generic /examples/:slug route and its script is one
    // of the gallery's assets, served by app.serveResources("/gallery", ":/gallery/assets").
}

} // namespace gallery
