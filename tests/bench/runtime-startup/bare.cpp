// The bare QtWebEngine window measured by run.py next to the Starling one: a QML Window with a WebEngineView
// (bare.qml), no Starling, loading a static page from a file (the URL is the first argument). The page reports
// its first contentful paint with console.log; bare.qml prints it as `startup-bench <kind> <epoch ms> <n>` on
// stdout. With STARTUP_BENCH_PERSISTENT=1 the view uses a named persistent profile under XDG_DATA_HOME /
// XDG_CACHE_HOME, like Starling's window (a diagnosis variant), instead of the default profile. With
// STARTUP_BENCH_QML=controls the window is bare-controls.qml (QtQuick Controls, another diagnosis variant).
#include <QGuiApplication>
#include <QObject>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QUrl>
#include <QDir>
#include <QStandardPaths>
#include <QtWebEngineQuick/QQuickWebEngineProfile>
#include <QtWebEngineQuick/QtWebEngineQuick>

#include <cstdio>
#include <memory>

namespace {

class Reporter : public QObject
{
    Q_OBJECT

public:
    Q_INVOKABLE void print(const QString &line) const
    {
        std::printf("%s\n", line.toUtf8().constData());
        std::fflush(stdout);
    }
};

} // namespace

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

    Reporter reporter;
    QQmlApplicationEngine engine;
    engine.rootContext()->setContextProperty(QStringLiteral("reporter"), &reporter);
    engine.setInitialProperties({
        {QStringLiteral("pageUrl"), QUrl(args.at(1))},
        {QStringLiteral("customProfile"), QVariant::fromValue(static_cast<QObject *>(profile.get()))},
    });
    const bool controls = qEnvironmentVariable("STARTUP_BENCH_QML") == QLatin1String("controls");
    engine.load(QUrl(controls ? QStringLiteral("qrc:/bare-controls.qml") : QStringLiteral("qrc:/bare.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    const int code = QGuiApplication::exec();
    engine.clearComponentCache();
    return code;
}

#include "bare.moc"
