// A small Starling app with a window, for tests that run the app as a separate process (signals, single
// instance). Run it headless: QT_QPA_PLATFORM=offscreen, and QTWEBENGINE_DISABLE_SANDBOX=1 as root.
#include <starling/app.h>
#include <starling/response.h>

int main(int argc, char *argv[])
{
    starling::App app(argc, argv, { .name = "WindowApp", .organization = "StarlingTests" });

    app.get("/", [](const starling::Request &) {
        return starling::html("<!DOCTYPE html><title>Window app</title><h1>Window app</h1>");
    });

    return app.exec();
}
