#include "desktopbus.h"

#include <starling/app.h>

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QMutexLocker>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/prctl.h>
#include <unistd.h>
#include <vector>

namespace desktopbus {

namespace {

// Starts `argv` with a pipe whose write end is given to it as `{fd}` in its arguments, and returns the first
// line it writes there (empty when it fails). The child is sent SIGTERM when this process ends.
std::string spawnAndReadLine(std::vector<std::string> args)
{
    int fds[2];
    if (pipe(fds) != 0)
        return {};
    for (std::string &arg : args) {
        const auto at = arg.find("{fd}");
        if (at != std::string::npos)
            arg.replace(at, 4, std::to_string(fds[1]));
    }
    const pid_t child = fork();
    if (child < 0)
        return {};
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        close(fds[0]);
        const int devNull = open("/dev/null", O_RDWR);
        dup2(devNull, STDIN_FILENO);
        dup2(devNull, STDOUT_FILENO); // Xvfb and dbus-daemon talk on stderr; keep it
        std::vector<char *> argv;
        for (std::string &arg : args)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        std::fprintf(stderr, "cannot start %s\n", argv[0]);
        _exit(127);
    }
    close(fds[1]);
    std::string line;
    char c = 0;
    while (read(fds[0], &c, 1) == 1 && c != '\n')
        line.push_back(c);
    close(fds[0]);
    return line;
}

} // namespace

bool startPrivateSessionBus()
{
    static QTemporaryDir folder;
    const QString config = folder.filePath(QStringLiteral("session.conf"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    // A session bus with no service folders: nothing is started on demand, so "no server" means none.
    file.write(
        QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                       " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                       "<busconfig><type>session</type><listen>unix:dir=%1</listen><auth>EXTERNAL</auth>\n"
                       "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                       "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
            .arg(folder.path())
            .toUtf8());
    file.close();
    const std::string address = spawnAndReadLine(
        { "dbus-daemon", "--config-file=" + config.toStdString(), "--nofork", "--print-address={fd}" });
    if (address.empty()) {
        std::fprintf(stderr, "cannot start a private dbus-daemon (Debian: dbus-daemon)\n");
        return false;
    }
    qputenv("DBUS_SESSION_BUS_ADDRESS", QByteArray::fromStdString(address));
    return true;
}

bool startPrivateDisplay()
{
    const std::string display = spawnAndReadLine(
        { "Xvfb", "-displayfd", "{fd}", "-screen", "0", "1280x1024x24", "-nolisten", "tcp", "-noreset" });
    if (display.empty()) {
        std::fprintf(stderr, "cannot start Xvfb (Debian: xvfb)\n");
        return false;
    }
    qputenv("DISPLAY", QByteArray(":") + QByteArray::fromStdString(display));
    qputenv("QT_QPA_PLATFORM", "xcb");
    qunsetenv("WAYLAND_DISPLAY");
    return true;
}

// org.freedesktop.Notifications, as the Desktop Notifications Specification 1.2 has it.
class FakeNotifications : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    explicit FakeNotifications(FakeDesktop::Records &records)
        : m_records(records)
    { }

public Q_SLOTS:
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int expireTimeout)
    {
        const QMutexLocker lock(&m_records.mutex);
        const uint id = replacesId != 0 ? replacesId : ++m_lastId;
        m_records.notifications.append({ .id = id,
                                         .appName = appName,
                                         .icon = appIcon,
                                         .summary = summary,
                                         .body = body,
                                         .actions = actions,
                                         .hints = hints,
                                         .timeout = expireTimeout });
        return id;
    }
    QStringList GetCapabilities() { return { QStringLiteral("actions"), QStringLiteral("body") }; }
    void CloseNotification(uint) { }
    QString GetServerInformation(QString &vendor, QString &version, QString &specVersion)
    {
        vendor = QStringLiteral("Starling tests");
        version = QStringLiteral("1");
        specVersion = QStringLiteral("1.2");
        return QStringLiteral("fake");
    }

private:
    FakeDesktop::Records &m_records;
    uint m_lastId = 100; // not 1: a client that mixes up ids and indexes shows
};

// org.kde.StatusNotifierWatcher, with a host registered: what makes Qt's tray a D-Bus one.
class FakeWatcher : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.StatusNotifierWatcher")
    Q_PROPERTY(bool IsStatusNotifierHostRegistered READ isHostRegistered)
    Q_PROPERTY(int ProtocolVersion READ protocolVersion)
    Q_PROPERTY(QStringList RegisteredStatusNotifierItems READ items)

public:
    explicit FakeWatcher(FakeDesktop::Records &records)
        : m_records(records)
    { }
    bool isHostRegistered() const { return true; }
    int protocolVersion() const { return 0; }
    QStringList items() const
    {
        const QMutexLocker lock(&m_records.mutex);
        return m_records.items;
    }

public Q_SLOTS:
    void RegisterStatusNotifierItem(const QString &service)
    {
        {
            const QMutexLocker lock(&m_records.mutex);
            m_records.items.append(service);
        }
        Q_EMIT StatusNotifierItemRegistered(service);
    }
    void RegisterStatusNotifierHost(const QString &) { }

Q_SIGNALS:
    void StatusNotifierItemRegistered(const QString &service);
    void StatusNotifierItemUnregistered(const QString &service);
    void StatusNotifierHostRegistered();

private:
    FakeDesktop::Records &m_records;
};

FakeDesktop::FakeDesktop()
    : m_connectionName(QStringLiteral("fake-desktop"))
{
    m_thread.start();
    m_notifications = new FakeNotifications(m_records);
    m_watcher = new FakeWatcher(m_records);
    m_notifications->moveToThread(&m_thread);
    m_watcher->moveToThread(&m_thread);
    QDBusConnection::connectToBus(QDBusConnection::SessionBus, m_connectionName);
    // Registered from their thread: QtDBus gives an object that exports signals a child there.
    QMetaObject::invokeMethod(
        m_watcher,
        [this] {
            QDBusConnection bus(m_connectionName);
            bus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), m_notifications,
                               QDBusConnection::ExportAllSlots);
            bus.registerObject(QStringLiteral("/StatusNotifierWatcher"), m_watcher,
                               QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals
                                   | QDBusConnection::ExportAllProperties);
        },
        Qt::BlockingQueuedConnection);
}

FakeDesktop::~FakeDesktop()
{
    QMetaObject::invokeMethod(
        m_watcher,
        [this] {
            QDBusConnection bus(m_connectionName);
            bus.unregisterObject(QStringLiteral("/org/freedesktop/Notifications"));
            bus.unregisterObject(QStringLiteral("/StatusNotifierWatcher"));
            delete m_notifications;
            delete m_watcher;
        },
        Qt::BlockingQueuedConnection);
    QDBusConnection::disconnectFromBus(m_connectionName);
    m_thread.quit();
    m_thread.wait();
}

namespace {

bool own(const QString &connectionName, const QString &service, bool running)
{
    QDBusConnection bus(connectionName);
    return running ? bus.registerService(service) : bus.unregisterService(service);
}

} // namespace

bool FakeDesktop::setNotificationServer(bool running)
{
    return own(m_connectionName, QStringLiteral("org.freedesktop.Notifications"), running);
}

bool FakeDesktop::setWatcher(bool running)
{
    return own(m_connectionName, QStringLiteral("org.kde.StatusNotifierWatcher"), running);
}

QList<NotifyCall> FakeDesktop::notifications() const
{
    const QMutexLocker lock(&m_records.mutex);
    return m_records.notifications;
}

QStringList FakeDesktop::registeredItems() const
{
    const QMutexLocker lock(&m_records.mutex);
    return m_records.items;
}

void FakeDesktop::click(uint id)
{
    QDBusConnection bus(m_connectionName);
    const QString path = QStringLiteral("/org/freedesktop/Notifications");
    const QString interface = QStringLiteral("org.freedesktop.Notifications");
    bus.send(QDBusMessage::createSignal(path, interface, QStringLiteral("ActionInvoked"))
             << id << QStringLiteral("default"));
    bus.send(QDBusMessage::createSignal(path, interface, QStringLiteral("NotificationClosed"))
             << id << uint(2));
}

int runInApp(starling::App &app, QObject &test, int argc, char **argv)
{
    int result = 1;
    QTimer::singleShot(0, &test, [&] {
        result = QTest::qExec(&test, argc, argv);
        QCoreApplication::exit(result);
    });
    const int exitCode = app.exec();
    return exitCode != 0 ? exitCode : result;
}

} // namespace desktopbus

#include "desktopbus.moc"
