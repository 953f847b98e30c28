// @APP_NAME@: a page, a POST that patches it, and a live stream that keeps every window in step.
#include <starling/app.h>
#include <starling/httperror.h>
#include <starling/response.h>
#include <starling/stream.h>

int main(int argc, char *argv[])
{
    // Name, version, icon and --dev's source folder come from starling_add_app() in CMakeLists.txt.
    starling::App app(argc, argv);
    int greetings = 0;

    app.get("/", [](const starling::Request &) { return starling::page(QStringLiteral(":/index.html")); });

    // The page's live stream: every window subscribes to the "greetings" topic and shows its counter.
    app.get("/updates", [](const starling::Request &, starling::Stream &stream) {
        stream.subscribe(QStringLiteral("greetings"));
    });
    app.topic(QStringLiteral("greetings")).setRefresh([&greetings] {
        return QList<datastar::Event> { datastar::patchSignals(
            { { QStringLiteral("greetings"), greetings } }) };
    });

    // A POST that patches: the answer replaces #greeting in the page that asked, and every window's counter
    // moves through the topic.
    app.post("/greet", [&app, &greetings](const starling::Request &request, starling::Stream &stream) {
        const QString name = request.signal<QString>("name").trimmed(); // 400 when missing or not a string
        if (name.isEmpty())
            throw starling::HttpError(422, QStringLiteral("Type a name first."));
        stream.patchElements(
            QStringLiteral("<p id=\"greeting\">Hello, %1!</p>").arg(name.left(100).toHtmlEscaped()));
        ++greetings;
        app.topic(QStringLiteral("greetings")).patchSignals({ { QStringLiteral("greetings"), greetings } });
    });

    return app.exec();
}
