// A windowed app with a URL scheme of its own (starling-test) and an open route, for tst_openwith: it prints
// what Desktop::opened() and the route got to stdout, one JSON object a line. Run it headless:
// QT_QPA_PLATFORM=offscreen, and QTWEBENGINE_DISABLE_SANDBOX=1 as root.
#include <starling/app.h>
#include <starling/response.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace {

void print(const QJsonObject &line)
{
    std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    starling::App app(argc, argv,
                      { .name = QStringLiteral("OpenApp"),
                        .organization = QStringLiteral("StarlingTests"),
                        .urlSchemes = { QStringLiteral("Starling-Test") } });
    starling::Desktop &desktop = app.desktop();
    desktop.setOpenRoute(QStringLiteral("/opened"));

    QObject::connect(&desktop, &starling::Desktop::opened,
                     [](const QString &windowId, const QList<QUrl> &urls, const QStringList &paths) {
                         QJsonArray urlStrings;
                         for (const QUrl &url : urls)
                             urlStrings.append(url.toString(QUrl::FullyEncoded));
                         print({ { QStringLiteral("signal"), windowId },
                                 { QStringLiteral("urls"), urlStrings },
                                 { QStringLiteral("paths"), QJsonArray::fromStringList(paths) } });
                     });

    // The page follows its channel, where the runtime sends it `opened` and the call of the open route.
    app.get(QStringLiteral("/"), [](const starling::Request &) {
        return starling::html(QStringLiteral(
            "<!DOCTYPE html><title>Open app</title>"
            "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>"
            "<body data-init=\"@get('/_starling/stream', {openWhenHidden: true})\"><h1>Open app</h1>"));
    });

    // What the route got, and whether each path is one the user chose (the page's signals are its word).
    app.post(QStringLiteral("/opened"), [&desktop](const starling::Request &request) {
        const QJsonObject opened = request.signalValues().value(QStringLiteral("opened")).toObject();
        QJsonArray granted;
        for (const QJsonValue path : opened.value(QStringLiteral("paths")).toArray())
            granted.append(desktop.isGranted(path.toString()));
        print({ { QStringLiteral("route"), request.pageId() },
                { QStringLiteral("windows"), int(desktop.windowIds().size()) },
                { QStringLiteral("urls"), opened.value(QStringLiteral("urls")) },
                { QStringLiteral("paths"), opened.value(QStringLiteral("paths")) },
                { QStringLiteral("granted"), granted } });
        return starling::json(QJsonObject {});
    });

    return app.exec();
}
