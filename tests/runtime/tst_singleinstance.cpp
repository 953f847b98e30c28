// One running instance per user and data directory: a second launch of a real app (tests/runtime/windowapp)
// hands its command line to the running instance and exits 0; a crashed instance's socket is cleaned up;
// other XDG directories make another instance.
#include "singleinstance_p.h"
#include "windowtest.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {
constexpr int WaitTimeoutMs = 60000;

// Leaves a socket file at path with nobody listening, as a crashed instance does.
bool leaveStaleSocket(const QString &path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    const QByteArray name = path.toLocal8Bit();
    if (fd < 0 || size_t(name.size()) >= sizeof(address.sun_path))
        return false;
    std::copy(name.begin(), name.end(), address.sun_path);
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0;
    ::close(fd);
    return bound && QFile::exists(path);
}
} // namespace

class SingleInstanceTest : public QObject
{
    Q_OBJECT

public:
    static void initMain() { s_xdgRoot = windowtest::usePrivateXdgDirectories(); }

private:
    static inline QString s_xdgRoot;

private Q_SLOTS:
    void initTestCase()
    {
        // The names of tests/runtime/windowapp.cpp: the same app, so the same instance.
        QCoreApplication::setOrganizationName(QStringLiteral("StarlingTests"));
        QCoreApplication::setApplicationName(QStringLiteral("WindowApp"));
    }

    void keyFollowsTheXdgDirectories()
    {
        const QString name = starling::detail::SingleInstance::serverName();
        QVERIFY2(name.startsWith(s_xdgRoot + u'/'), qPrintable(name));
        const QByteArray dataHome = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", QByteArray(dataHome + "-other"));
        const QString other = starling::detail::SingleInstance::serverName();
        qputenv("XDG_DATA_HOME", dataHome);
        QVERIFY(other != name);
    }

    void staleSocketIsReplaced()
    {
        const QString name = starling::detail::SingleInstance::serverName();
        QVERIFY(leaveStaleSocket(name));
        QVERIFY(!starling::detail::SingleInstance::handOff({ QStringLiteral("app") })); // nobody answers
        starling::detail::SingleInstance instance;
        QVERIFY(instance.listen());
    }

    void secondLaunchHandsItsArgumentsToTheRunningInstance()
    {
        starling::detail::SingleInstance running;
        QVERIFY(running.listen());
        QSignalSpy activated(&running, &starling::detail::SingleInstance::activated);

        QProcess second; // inherits the private XDG directories
        second.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        second.start(QStringLiteral(WINDOW_APP), { QStringLiteral("--new-window") });
        QVERIFY(second.waitForStarted(WaitTimeoutMs));
        QTRY_COMPARE_WITH_TIMEOUT(activated.size(), 1, WaitTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(second.state(), QProcess::NotRunning, WaitTimeoutMs);
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
        const QStringList arguments = activated.at(0).at(0).toStringList();
        QCOMPARE(arguments.mid(1), QStringList { QStringLiteral("--new-window") });
    }
};

QTEST_GUILESS_MAIN(SingleInstanceTest)
#include "tst_singleinstance.moc"
