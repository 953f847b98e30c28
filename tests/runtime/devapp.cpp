// A small Starling app for tst_devresources, run as a separate process: the test's resources are compiled in,
// and its source resource directory (AppInfo::devResourceDir) is DEVAPP_RESOURCES, a directory of the test.
#include <starling/app.h>
#include <starling/response.h>
#include <starling/template.h>

#include <QJsonArray>

int main(int argc, char *argv[])
{
    starling::App app(argc, argv,
                      { .name = QStringLiteral("DevApp"),
                        .organization = QStringLiteral("Example"),
                        .devResourceDir = qEnvironmentVariable("DEVAPP_RESOURCES") });

    app.get("/",
            [](const starling::Request &) { return starling::page(QStringLiteral(":/pages/index.html")); });
    app.get("/greeting", [](const starling::Request &) {
        return starling::render(QStringLiteral(":/pages/greeting.mustache"),
                                { { QStringLiteral("name"), QStringLiteral("Dave") } });
    });
    // Loaded once, as apps do; with --dev the template and its partial still follow their files.
    const starling::Template cards
        = starling::Template::fromResource(QStringLiteral(":/pages/cards.mustache"));
    const QHash<QString, starling::Template> partials { { QStringLiteral("card"),
                                                          starling::Template::fromResource(
                                                              QStringLiteral(":/partials/card.mustache")) } };
    app.get("/cards", [cards, partials](const starling::Request &) {
        const QJsonArray list { QJsonObject { { QStringLiteral("title"), QStringLiteral("first") } },
                                QJsonObject { { QStringLiteral("title"), QStringLiteral("second") } } };
        return starling::html(cards.render({ { QStringLiteral("cards"), list } }, partials));
    });
    app.serveResources(QStringLiteral("/assets"), QStringLiteral(":/assets"));

    return app.exec();
}
