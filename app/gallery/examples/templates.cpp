// Backend templating keeps the HTML DRY: one template for the list (partials/card-list.html, which renders
// each card with partials/card.html) makes the list on the page and the list the backend patches in after
// each added card, so the page always shows what the backend has; every page of the gallery shares one layout
// template.
#include "controlcharacters.h"
#include "examples.h"
#include "gallery.h"

#include <starling/app.h>
#include <starling/httperror.h>
#include <starling/stream.h>

#include <QJsonArray>

namespace gallery {

namespace {

struct Card
{
    int id;
    QString title;
};

QList<Card> cards
    = { { 1, QStringLiteral("Open the pod bay doors") }, { 2, QStringLiteral("Sing “Daisy Bell”") } };

// The data of {{> card-list}}.
QJsonObject cardListData()
{
    QJsonArray list;
    for (const Card &card : cards)
        list.append(
            QJsonObject { { QStringLiteral("id"), card.id }, { QStringLiteral("title"), card.title } });
    return { { QStringLiteral("cards"), list } };
}

} // namespace

void registerTemplates(starling::App &app)
{
    // The page renders the list with the partial: {{> card-list}}.
    app.get(QStringLiteral("/examples/templates"), [](const starling::Request &) {
        return examplePage(QStringLiteral("templates"), cardListData());
    });

    app.post(
        QStringLiteral("/examples/templates/cards"),
        [](const starling::Request &request, starling::Stream &stream) {
            const QString title = request.signalValues().value(QStringLiteral("title")).toString().trimmed();
            if (const QString error = controlCharacterError(title, QStringLiteral("A card's title"));
                !error.isEmpty())
                throw starling::HttpError(422, error);
            if (title.isEmpty())
                return;
            if (cards.size() >= 50)
                cards.removeFirst();
            cards.append({ cards.isEmpty() ? 1 : cards.last().id + 1, title.left(200) });
            // The whole list, not just the new card: the oldest one may have made room for it, and other
            // windows may have added cards since this page was drawn. The morph touches only the changes.
            stream.patchElements(renderPartial(QStringLiteral("partials/card-list.html"), cardListData()));
            stream.patchSignals({ { QStringLiteral("title"), QString() } });
        });
}

} // namespace gallery
