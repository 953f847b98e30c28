// Backend templating keeps the HTML DRY: one template for a card (partials/card.html) renders the list on the
// page, as a Mustache partial, and each card the backend patches in later; every page of the gallery shares
// one layout template.
#include "controlcharacters.h"
#include "examples.h"
#include "gallery.h"

#include <datastar/responses.h>
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

QString renderCard(const Card &card)
{
    return renderPartial(QStringLiteral("partials/card.html"),
                         { { QStringLiteral("id"), card.id }, { QStringLiteral("title"), card.title } });
}

} // namespace

void registerTemplates(starling::App &app)
{
    // The page renders the list with the partial: {{#cards}}{{> card}}{{/cards}}.
    app.get(QStringLiteral("/examples/templates"), [](const starling::Request &) {
        QJsonArray list;
        for (const Card &card : cards)
            list.append(
                QJsonObject { { QStringLiteral("id"), card.id }, { QStringLiteral("title"), card.title } });
        return examplePage(QStringLiteral("templates"), { { QStringLiteral("cards"), list } });
    });

    app.post(QStringLiteral("/examples/templates/cards"),
             [](const starling::Request &request, starling::Stream &stream) {
                 const QString title
                     = request.signalValues().value(QStringLiteral("title")).toString().trimmed();
                 if (const QString error = controlCharacterError(title, QStringLiteral("A card's title"));
                     !error.isEmpty())
                     throw starling::HttpError(422, error);
                 if (title.isEmpty())
                     return;
                 if (cards.size() >= 50)
                     cards.removeFirst();
                 cards.append({ cards.isEmpty() ? 1 : cards.last().id + 1, title.left(200) });
                 stream.patchElements(
                     renderCard(cards.last()),
                     { .selector = QStringLiteral("#cards"), .mode = datastar::ElementPatchMode::Append });
                 stream.patchSignals({ { QStringLiteral("title"), QString() } });
             });
}

} // namespace gallery
