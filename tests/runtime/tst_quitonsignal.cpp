// SIGTERM and SIGINT end a Starling app cleanly (exit code 0, not killed by the signal), with a window and
// with --serve. The apps run as separate processes, headless, with private XDG directories.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {
constexpr int WaitTimeoutMs = 60000;
}

class QuitOnSignalTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_xdg;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR" })
            env.insert(QString::fromLatin1(name), m_xdg.filePath(QString::fromLatin1(name).toLower()));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.remove(QStringLiteral("QT_LOGGING_RULES")); // --verbose's request log tells when the page loaded
        return env;
    }

    // Starts the app and waits until its server has answered the window's (or the test's) first page.
    void runUntilServing(QProcess &process, const QString &program, const QStringList &arguments)
    {
        process.setProcessEnvironment(environment());
        process.start(program, arguments);
        QVERIFY(process.waitForStarted(WaitTimeoutMs));
        QByteArray log;
        QVERIFY(QTest::qWaitFor(
            [&] {
                log += process.readAllStandardError() + process.readAllStandardOutput();
                return log.contains(arguments.contains(QStringLiteral("--serve")) ? "starling: serving"
                                                                                  : "GET / -> 200");
            },
            WaitTimeoutMs));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_xdg.isValid());
        QDir().mkpath(m_xdg.filePath(QStringLiteral("xdg_runtime_dir")));
        QFile::setPermissions(m_xdg.filePath(QStringLiteral("xdg_runtime_dir")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    void signalQuitsTheWindowedAppCleanly_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << SIGTERM;
        QTest::newRow("SIGINT") << SIGINT;
    }

    void signalQuitsTheWindowedAppCleanly()
    {
        QFETCH(int, signal);
        QProcess app;
        runUntilServing(app, QStringLiteral(WINDOW_APP), { QStringLiteral("--verbose") });
        QCOMPARE(::kill(pid_t(app.processId()), signal), 0);
        QVERIFY(app.waitForFinished(WaitTimeoutMs));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
    }

    void signalQuitsTheServingAppCleanly()
    {
        QProcess app;
        runUntilServing(app, QStringLiteral(WINDOW_APP), { QStringLiteral("--serve") });
        QCOMPARE(::kill(pid_t(app.processId()), SIGTERM), 0);
        QVERIFY(app.waitForFinished(WaitTimeoutMs));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(QuitOnSignalTest)
#include "tst_quitonsignal.moc"
