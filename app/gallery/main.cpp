// Starling Gallery: Datastar's guide, example by example, on the Starling runtime (a window, or --serve).
#include "gallery.h"

#include <starling/app.h>

int main(int argc, char *argv[])
{
    // Everything else (version, window icon, --dev's source folder) comes from starling_add_app() in CMake.
    // The short name keeps the data folder (~/.local/share/Starling/starling-gallery) of earlier versions.
    starling::App app(argc, argv, { .name = QStringLiteral("starling-gallery") });

    // Every page: the home list, the guide's examples and the apps (see gallery.cpp's entries()).
    gallery::registerGallery(app);

    return app.exec();
}
