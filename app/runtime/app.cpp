#include "desktop_p.h"
#include "desktoproutes_p.h"
#include "devresources_p.h"
#include "logging_p.h"
#include "quitonsignal_p.h"
#include "singleinstance_p.h"
#include "windowhost_p.h"

#include <starling/app.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTranslator>
#include <QtWebEngineQuick>

#include <cstdio>
#include <optional>

namespace starling {

using namespace Qt::StringLiterals;

namespace {

// True when the command line asks for something that needs no GUI: the GUI application object must not be
// created then (it aborts without a display, and it would start QtWebEngine for nothing).
bool needsNoGui(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "--serve" || arg == "--help" || arg == "-h" || arg == "--help-all" || arg == "--version"
            || arg == "-v")
            return true;
    }
    return false;
}

// The app's data folder (QStandardPaths::AppDataLocation: its databases, the window's web storage) is the
// user's alone: created 0700, and an existing one that others may read (an earlier version made it 0755) is
// tightened to its owner's bits.
void makeDataFolderPrivate()
{
    const QString path = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    constexpr QFileDevice::Permissions OwnerOnly
        = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
    constexpr QFileDevice::Permissions Others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    if (path.isEmpty())
        return;
    if (!QFileInfo::exists(path)) {
        if (!QDir().mkpath(QFileInfo(path).absolutePath()) || !QDir().mkdir(path, OwnerOnly))
            qCWarning(lcApp).noquote() << "cannot create the data folder" << path;
        return;
    }
    const QFileDevice::Permissions permissions = QFile::permissions(path);
    if ((permissions & Others) && !QFile::setPermissions(path, permissions & OwnerOnly))
        qCWarning(lcApp).noquote() << "cannot make the data folder" << path << "private to its owner";
}

// `info` with each empty field taken from the identity starling_add_app() compiled into the executable, then
// from its default.
AppInfo completed(AppInfo info)
{
    QJsonObject identity;
    QFile file(QStringLiteral(":/starling/app/app.json"));
    if (file.open(QIODevice::ReadOnly))
        identity = QJsonDocument::fromJson(file.readAll()).object();
    const auto fill = [&identity](QString &field, QLatin1StringView key, const QString &fallback = {}) {
        if (field.isEmpty())
            field = identity.value(key).toString();
        if (field.isEmpty())
            field = fallback;
    };
    fill(info.id, "id"_L1);
    fill(info.name, "name"_L1);
    fill(info.organization, "organization"_L1);
    fill(info.version, "version"_L1, QStringLiteral("0.0.0"));
    fill(info.description, "summary"_L1);
    fill(info.devResourceDir, "devResourceDir"_L1);
    if (info.urlSchemes.isEmpty()) {
        for (const QJsonValue scheme : identity.value("urlSchemes"_L1).toArray())
            info.urlSchemes.append(scheme.toString());
    }
    const QString builtIcon = QStringLiteral(":/starling/app/icon.svg");
    if (info.icon.isEmpty())
        info.icon = QFile::exists(builtIcon) ? builtIcon : QStringLiteral(":/starling/icon.svg");
    if (!info.windowSize.isValid())
        info.windowSize = QSize(1024, 720);
    return info;
}

// Starling's own strings (refusals, the stream-limit bar, --help, the window's menus) in the user's language
// when Starling has them (:/starling/i18n/starling_<language>.qm), and Qt's own (qtbase) likewise. Apps add
// their own QTranslator for their strings.
void installTranslators(QCoreApplication &application)
{
    const QLocale locale;
    auto *starling = new QTranslator(&application);
    if (starling->load(locale, QStringLiteral("starling"), QStringLiteral("_"),
                       QStringLiteral(":/starling/i18n")))
        QCoreApplication::installTranslator(starling);
    auto *qt = new QTranslator(&application);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

// What the command line asks a window to open: URLs as given, paths made absolute against this launch's
// working directory (a later launch hands them to an instance that may run elsewhere).
QStringList openArguments(const QStringList &positional)
{
    static const QRegularExpression Scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*:"));
    QStringList arguments;
    for (const QString &argument : positional) {
        if (argument.isEmpty())
            continue;
        arguments.append(Scheme.match(argument).hasMatch() ? argument
                                                           : QFileInfo(argument).absoluteFilePath());
    }
    return arguments;
}

// The command line's options: a launch's own, and those a later launch hands over (SingleInstance).
struct CommandLine
{
    QCommandLineOption serve { QStringLiteral("serve"),
                               QCoreApplication::translate(
                                   "starling", "Serve the app without a window; prints the URL to open.") };
    QCommandLineOption port { QStringLiteral("port"),
                              QCoreApplication::translate("starling",
                                                          "Port on 127.0.0.1 (default: any free one)."),
                              QStringLiteral("N"), QStringLiteral("0") };
    QCommandLineOption verbose { QStringLiteral("verbose"),
                                 QCoreApplication::translate("starling", "Log debug messages (to stderr).") };
    QCommandLineOption newWindow { QStringLiteral("new-window"),
                                   QCoreApplication::translate(
                                       "starling", "Open another window when the app is already running.") };
    QCommandLineOption dev {
        QStringLiteral("dev"),
        QCoreApplication::translate(
            "starling",
            "Development: pages, templates and files are read from the source tree first "
            "and never cached; a window also gets the web inspector on a local port and "
            "live reload.")
    };

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({ serve, port, verbose, newWindow, dev });
        parser.addPositionalArgument(
            QStringLiteral("urls"),
            QCoreApplication::translate("starling", "URLs of the app's own schemes, and files to open."),
            QStringLiteral("[url|file...]"));
    }
};

} // namespace

struct App::Private
{
    std::unique_ptr<QCoreApplication> application;
    std::optional<Server> server;
    std::unique_ptr<detail::WindowHost> window;
    std::unique_ptr<Desktop> desktop; // reset first: its pending dialogs are answered while windows exist
    bool serve = false;
    detail::WindowOptions windowOptions;
    quint16 port = 0;
    bool portValid = true;
    bool newWindow = false;
    QStringList openArguments; // the URLs and files of the command line, paths absolute
};

App::App(int &argc, char **argv, const AppInfo &givenInfo, const ServerOptions &options)
    : d(std::make_unique<Private>())
{
    const AppInfo info = completed(givenInfo);
    if (needsNoGui(argc, argv)) {
        // Qt's poll() event loop rather than GLib's: GLib's integration finds a socket notifier by a walk
        // over all of them, and every write to a connection toggles one, so a publish to thousands of
        // --serve streams cost time quadratic in their number. Nothing without a GUI needs GLib's loop; an
        // explicit QT_NO_GLIB from the environment is left as it is.
        if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
            qputenv("QT_NO_GLIB", "1");
        d->application = std::make_unique<QCoreApplication>(argc, argv);
    } else {
        QtWebEngineQuick::initialize();
        // QApplication, not QGuiApplication: the tray icon and its menu are Qt Widgets.
        d->application = std::make_unique<QApplication>(argc, argv);
        QGuiApplication::setWindowIcon(QIcon(info.icon));
        if (!info.id.isEmpty())
            QGuiApplication::setDesktopFileName(info.id);
    }
    installTranslators(*d->application); // before --help is printed
    QCoreApplication::setOrganizationName(info.organization);
    if (!info.name.isEmpty()) // else Qt's default, the executable's name
        QCoreApplication::setApplicationName(info.name);
    QCoreApplication::setApplicationVersion(info.version);

    QCommandLineParser parser;
    parser.setApplicationDescription(info.description.isEmpty() ? info.name : info.description);
    parser.addHelpOption();
    parser.addVersionOption();
    const CommandLine commandLine;
    commandLine.addTo(parser);
    parser.process(*d->application); // --help, --version and unknown options exit here
    const QCommandLineOption &dev = commandLine.dev;

    d->serve = parser.isSet(commandLine.serve);
    d->newWindow = parser.isSet(commandLine.newWindow);
    d->openArguments = openArguments(parser.positionalArguments());
    // With --dev every read of a resource (handlers' included) goes to the source tree first: on before any
    // route is added, since apps load their templates while adding them.
    d->windowOptions
        = { .dev = parser.isSet(dev),
            .watchedDirs
            = parser.isSet(dev) ? detail::DevResources::enableForApp(info.devResourceDir) : QStringList(),
            .initialSize = info.windowSize };
    bool ok = false;
    const uint portNumber = parser.value(commandLine.port).toUInt(&ok);
    d->portValid = ok && portNumber <= 65535;
    d->port = d->portValid ? quint16(portNumber) : 0;
    if (parser.isSet(commandLine.verbose))
        QLoggingCategory::setFilterRules(QStringLiteral("starling.*.debug=true"));
    makeDataFolderPrivate(); // before the app's routes (which may open their databases) are added

    d->server.emplace(options);
    d->server->setIcon(info.icon);
    d->desktop = detail::DesktopAccess::create();
    detail::DesktopAccess::setUrlSchemes(*d->desktop, info.urlSchemes);
    detail::DesktopAccess::setKeepRunningInTray(*d->desktop, info.keepRunningInTray);
    detail::addDesktopRoutes(*d->server, *d->desktop); // first: the app's routes cannot shadow them
}

App::~App()
{
    d->desktop.reset();
    d->window.reset();
    d->server.reset();
}

void App::route(Method method, const QString &pattern, Handler handler)
{
    d->server->route(method, pattern, std::move(handler));
}

void App::route(Method method, const QString &pattern, StreamHandler handler)
{
    d->server->route(method, pattern, std::move(handler));
}

void App::serveResources(const QString &urlPrefix, const QString &resourceRoot)
{
    d->server->serveResources(urlPrefix, resourceRoot);
}

void App::setErrorPage(const Template &page)
{
    d->server->setErrorPage(page);
}

StreamHub &App::hub()
{
    return d->server->hub();
}

Server &App::server()
{
    return *d->server;
}

Desktop &App::desktop()
{
    return *d->desktop;
}

int App::exec()
{
    const QByteArray program = QCoreApplication::applicationName().toLocal8Bit();
    if (!d->portValid) {
        std::fprintf(stderr, "%s: --port needs a number from 0 to 65535\n", program.constData());
        return 1;
    }
    // One instance per user and data directory: a later launch hands its command line over and exits 0.
    // What it hands over: whether to open a window, and what to open; paths are absolute already.
    detail::SingleInstance instance;
    if (!d->serve) {
        QStringList handedOver = { QCoreApplication::arguments().value(0) };
        if (d->newWindow)
            handedOver.append(QStringLiteral("--new-window"));
        if (!d->openArguments.isEmpty())
            handedOver += QStringList { QStringLiteral("--") } + d->openArguments;
        if (detail::SingleInstance::handOff(handedOver))
            return 0;
        instance.listen();
    }
    if (!d->server->listen(d->port)) {
        std::fprintf(stderr, "%s: %s\n", program.constData(), qPrintable(d->server->errorString()));
        return 1;
    }
    if (d->serve) {
        if (!d->openArguments.isEmpty()) {
            qCInfo(lcApp).noquote() << "--serve: ignoring" << d->openArguments.join(u' ')
                                    << "(URLs and files open in a window)";
        }
        std::printf("starling: serving %s\n", d->server->tokenUrl().toString().toUtf8().constData());
        std::fflush(stdout);
    } else {
        d->window = std::make_unique<detail::WindowHost>(d->server->origin(), d->server->secret(),
                                                         d->windowOptions);
        // The host quits once its last window and that window's page (and streams) are gone, unless it keeps
        // running in its tray (AppInfo::keepRunningInTray).
        QGuiApplication::setQuitOnLastWindowClosed(false);
        QObject::connect(d->window.get(), &detail::WindowHost::allWindowsClosed, d->application.get(),
                         [this] {
                             if (detail::DesktopAccess::keepsRunningWithoutWindows(*d->desktop)) {
                                 qCInfo(lcApp) << "the last window closed; the app keeps running in the tray";
                                 return;
                             }
                             QCoreApplication::quit();
                         });
        QObject::connect(&instance, &detail::SingleInstance::activated, d->window.get(),
                         [this](const QStringList &arguments) {
                             // Built by the launch that handed it over: --new-window, then what to open.
                             QCommandLineParser handedOver;
                             CommandLine().addTo(handedOver);
                             if (!handedOver.parse(arguments))
                                 qCWarning(lcApp).noquote() << "a later launch:" << handedOver.errorText();
                             const QQuickWindow *window
                                 = d->window->activate(handedOver.isSet(QStringLiteral("new-window")),
                                                       d->desktop->window(d->desktop->activeWindowId()));
                             if (window) {
                                 detail::DesktopAccess::openWith(*d->desktop,
                                                                 detail::WindowHost::idOf(window),
                                                                 handedOver.positionalArguments());
                             }
                         });
        detail::DesktopAccess::attach(*d->desktop, d->window.get(), &d->server->hub());
        if (!d->window->show())
            return 1;
        detail::DesktopAccess::openWith(*d->desktop, d->desktop->activeWindowId(), d->openArguments);
    }
    const detail::QuitOnSignal quitOnSignal; // SIGINT/SIGTERM: quit the loop, then tear down in order
    return d->application->exec();
}

} // namespace starling
