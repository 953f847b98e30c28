// Starling Gallery (preview): the guide's first example on the Starling runtime, in a window or with --serve.
#include <starling/app.h>
#include <starling/response.h>
#include <starling/stream.h>

#include <QTimer>

int main(int argc, char *argv[])
{
    starling::App app(
        argc, argv,
        { .name = QStringLiteral("starling-gallery"),
          .organization = QStringLiteral("Starling"),
          .version = QStringLiteral(STARLING_VERSION),
          .description = QStringLiteral("Starling Gallery: Datastar examples in a native window.") });

    app.get("/",
            [](const starling::Request &) { return starling::page(QStringLiteral(":/gallery/index.html")); });

    app.get("/hal", [](const starling::Request &, starling::Stream &stream) {
        stream.patchElements(
            QStringLiteral("<div id=\"hal\">I’m sorry, Dave. I’m afraid I can’t do that.</div>"));
        auto *generator = stream.keepOpen();
        if (!generator)
            return;
        QTimer::singleShot(1000, generator, [generator] {
            generator->patchElements(QStringLiteral("<div id=\"hal\">Waiting for an order...</div>"));
            generator->close();
        });
    });

    return app.exec();
}
