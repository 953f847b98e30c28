// In morph we trust: on every keystroke the backend renders the whole page again, from <html> down, and
// sends all of it. The client morphs it in, so the input keeps its element, its text and the focus.
#include "examples.h"
#include "gallery.h"

#include <starling/app.h>
#include <starling/stream.h>

#include <QTime>

namespace gallery {

namespace {

int renders = 0; // how often the backend rendered this page since the app started

QJsonObject pageData(const QString &note)
{
    ++renders;
    return { { QStringLiteral("renders"), renders },
             { QStringLiteral("time"), QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz")) },
             { QStringLiteral("note"), note } };
}

} // namespace

void registerFatMorph(starling::App &app)
{
    app.get(QStringLiteral("/examples/fat-morph"),
            [](const starling::Request &) { return examplePage(QStringLiteral("fat-morph"), pageData({})); });

    // The same page, whole, as one patch: no selector, so the <html> element is morphed into the document.
    app.get(QStringLiteral("/examples/fat-morph/page"),
            [](const starling::Request &request, starling::Stream &stream) {
                const QString note = request.signalValues().value(QStringLiteral("note")).toString();
                stream.patchElements(renderExamplePage(QStringLiteral("fat-morph"), pageData(note)));
            });
}

} // namespace gallery
