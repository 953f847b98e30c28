// Nested signals: the page sends them as nested JSON objects; the backend reads them back.
#include "examples.h"

#include <starling/app.h>
#include <starling/stream.h>
#include <starling/template.h>

#include <QJsonObject>

namespace gallery {

void registerNestedSignals(starling::App &app)
{
    app.post(
        QStringLiteral("/examples/nested-signals/read"),
        [](const starling::Request &request, starling::Stream &stream) {
            const QJsonObject signalsObject = request.signalValues();
            // $foo.bar arrives as {"foo": {"bar": ...}}.
            const QString bar = signalsObject.value(QStringLiteral("foo"))
                                    .toObject()
                                    .value(QStringLiteral("bar"))
                                    .toString();
            const QJsonObject isOpen = signalsObject.value(QStringLiteral("menu"))
                                           .toObject()
                                           .value(QStringLiteral("isOpen"))
                                           .toObject();
            static const starling::Template read(QStringLiteral(
                "<div id=\"backend-read\">The backend read foo.bar = “<span id=\"read-bar\">{{bar}}</span>”, "
                "menu.isOpen.desktop = <span id=\"read-desktop\">{{desktop}}</span>, "
                "menu.isOpen.mobile = <span id=\"read-mobile\">{{mobile}}</span>.</div>"));
            stream.patchElements(read.render(
                { { QStringLiteral("bar"), bar },
                  { QStringLiteral("desktop"),
                    isOpen.value(QStringLiteral("desktop")).toBool() ? QStringLiteral("true")
                                                                     : QStringLiteral("false") },
                  { QStringLiteral("mobile"),
                    isOpen.value(QStringLiteral("mobile")).toBool() ? QStringLiteral("true")
                                                                    : QStringLiteral("false") } }));
        });
}

} // namespace gallery
