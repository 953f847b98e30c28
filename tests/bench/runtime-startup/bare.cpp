// The bare QtWebEngine window measured by tests/bench/runtime-startup/bench next to the Starling ones: a QML
// Window with a WebEngineView (bare.qml), no Starling, loading a static page from a file (the URL is the
// first argument). The bench reads its paint timing over Chromium's DevTools protocol. With
// STARTUP_BENCH_PERSISTENT=1 the view uses a named persistent profile under XDG_DATA_HOME / XDG_CACHE_HOME,
// like Starling's window (a diagnosis variant), instead of the default profile. With
// STARTUP_BENCH_QML=controls the window is bare-controls.qml (QtQuick Controls, another diagnosis variant).
#include <QDir>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QStandardPaths>
#include <QUrl>
#include <QtWebEngineQuick/QQuickWebEngineProfile>
#include <QtWebEngineQuick/QtWebEngineQuick>

#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    QtWebEngineQuick::initialize();
    QGuiApplication application(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("StarlingBench"));
    QCoreApplication::setApplicationName(QStringLiteral("StartupBare"));

    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: startup-bare <page url>\n");
        return 2;
    }

    // Like Starling's window (app/runtime/windowhost.cpp): a named, persistent profile under the XDG dirs.
    std::unique_ptr<QQuickWebEngineProfile> profile;
    if (qEnvironmentVariableIntValue("STARTUP_BENCH_PERSISTENT") == 1) {
        profile = std::make_unique<QQuickWebEngineProfile>();
        profile->setStorageName(QStringLiteral("StartupBare"));
        profile->setOffTheRecord(false);
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        const QString cacheDir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        profile->setPersistentStoragePath(QDir(dataDir).filePath(QStringLiteral("webengine")));
        profile->setCachePath(QDir(cacheDir).filePath(QStringLiteral("webengine")));
    }

    QQmlApplicationEngine engine;
    engine.setInitialProperties({
        { QStringLiteral("pageUrl"), QUrl(args.at(1)) },
        { QStringLiteral("customProfile"), QVariant::fromValue(static_cast<QObject *>(profile.get())) },
    });
    const bool controls = qEnvironmentVariable("STARTUP_BENCH_QML") == QLatin1String("controls");
    engine.load(QUrl(controls ? QStringLiteral("qrc:/bare-controls.qml") : QStringLiteral("qrc:/bare.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    const int code = QGuiApplication::exec();
    engine.clearComponentCache();
    return code;
}
