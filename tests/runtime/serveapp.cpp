// A small Starling app for tst_serve: the shape of a real main(), run as a separate process.
#include <starling/app.h>
#include <starling/response.h>
#include <starling/stream.h>

#include <QAbstractEventDispatcher>
#include <QStandardPaths>

int main(int argc, char *argv[])
{
    starling::App app(argc, argv, { .name = "Hello", .organization = "Example", .version = "1.2.3" });

    app.get("/", [](const starling::Request &) { return starling::html("<h1>Hello</h1>"); });
    app.post("/echo", [](const starling::Request &request) {
        return starling::text(QString::fromUtf8(request.body()));
    });
    app.get("/data-path", [](const starling::Request &) {
        return starling::text(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    });
    app.get("/event-dispatcher", [](const starling::Request &) {
        return starling::text(
            QString::fromLatin1(QAbstractEventDispatcher::instance()->metaObject()->className()));
    });
    app.get("/hal", [](const starling::Request &, starling::Stream &stream) {
        stream.patchElements(QStringLiteral("<div id=\"hal\">I’m sorry, Dave.</div>"));
    });

    return app.exec();
}
