// Starling Gallery: Datastar's guide, example by example, on the Starling runtime (a window, or --serve).
#include "gallery.h"

#include <starling/app.h>

int main(int argc, char *argv[])
{
    starling::App app(
        argc, argv,
        { .name = QStringLiteral("starling-gallery"),
          .organization = QStringLiteral("Starling"),
          .version = QStringLiteral(STARLING_VERSION),
          .description = QStringLiteral("Starling Gallery: Datastar examples in a native window."),
          // --dev: pages, templates and assets from the source tree, and live reload on edits.
          .devResourceDir = QStringLiteral(STARLING_GALLERY_RESOURCES) });

    // Every page: the home list, the guide's examples and the apps (see gallery.cpp's entries()).
    gallery::registerGallery(app);

    return app.exec();
}
