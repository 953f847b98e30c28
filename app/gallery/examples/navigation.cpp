// Page navigation: three pages and plain anchors. The style sheet asks for cross-document view transitions
// (`@view-transition { navigation: auto; }`); engines without them (QtWebEngine 6.4's Chromium 102) simply
// navigate.
#include "examples.h"
#include "gallery.h"

#include <starling/app.h>

namespace gallery {

void registerNavigation(starling::App &app)
{
    app.get(QStringLiteral("/examples/navigation/:page"), [](const starling::Request &request) {
        const int page = request.param(QStringLiteral("page")).toInt();
        if (page < 1 || page > 3)
            return examplePage(QStringLiteral("no such page"));
        // Mustache shows a section for any number (it prints it): leave the key out when there is no page.
        QJsonObject data { { QStringLiteral("page"), page } };
        if (page > 1)
            data.insert(QStringLiteral("previous"), page - 1);
        if (page < 3)
            data.insert(QStringLiteral("next"), page + 1);
        return examplePage(QStringLiteral("navigation"), data);
    });
    app.get(QStringLiteral("/examples/navigation"), [](const starling::Request &) {
        return examplePage(QStringLiteral("navigation"),
                           { { QStringLiteral("page"), 1 }, { QStringLiteral("next"), 2 } });
    });
}

} // namespace gallery
