// Deep links and files the app is opened with: a real app (tests/runtime/openapp, URL scheme starling-test,
// open route /opened) started with URLs and files gets them in its page and its route, granted; a later
// launch hands its own to the running instance, whose window is raised (or a new one opened with
// --new-window); other schemes and missing files are logged and left out; --serve ignores them. The apps run
// as separate processes, headless, with private XDG directories.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr int WaitTimeoutMs = 60000;

// A run of the app: its stdout as JSON lines, its stderr as text.
class Launch
{
public:
    Launch(const QProcessEnvironment &environment, const QString &workingDirectory)
    {
        m_process.setProcessEnvironment(environment);
        m_process.setWorkingDirectory(workingDirectory);
    }
    ~Launch()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate(); // SIGTERM: the app quits cleanly
            if (!m_process.waitForFinished(WaitTimeoutMs))
                m_process.kill();
        }
    }
    Q_DISABLE_COPY_MOVE(Launch)

    bool start(const QStringList &arguments)
    {
        m_process.start(QStringLiteral(OPEN_APP), arguments);
        return m_process.waitForStarted(WaitTimeoutMs);
    }

    // Waits for the first printed line with `key` after those already taken, and takes it.
    QJsonObject take(const QString &key)
    {
        QJsonObject found;
        // An empty object when none came (the comparisons that follow say what was missing).
        (void)QTest::qWaitFor(
            [&] {
                read();
                for (qsizetype i = 0; i < m_lines.size(); ++i) {
                    if (m_lines.at(i).contains(key)) {
                        found = m_lines.takeAt(i);
                        return true;
                    }
                }
                return m_process.state() == QProcess::NotRunning;
            },
            WaitTimeoutMs);
        return found;
    }

    // Waits until stderr holds `text`.
    bool logged(const QString &text)
    {
        return QTest::qWaitFor(
                   [&] {
                       read();
                       return m_log.contains(text) || m_process.state() == QProcess::NotRunning;
                   },
                   WaitTimeoutMs)
            && m_log.contains(text);
    }

    QString log()
    {
        read();
        return m_log;
    }
    QList<QJsonObject> lines()
    {
        read();
        return m_lines;
    }
    QProcess &process() { return m_process; }

private:
    void read()
    {
        m_log += QString::fromUtf8(m_process.readAllStandardError());
        m_output += m_process.readAllStandardOutput();
        qsizetype end = 0;
        while ((end = m_output.indexOf('\n')) >= 0) {
            const QJsonDocument line = QJsonDocument::fromJson(m_output.left(end));
            if (line.isObject())
                m_lines.append(line.object());
            m_output.remove(0, end + 1);
        }
    }

    QProcess m_process;
    QByteArray m_output;
    QString m_log;
    QList<QJsonObject> m_lines;
};

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

class OpenWithTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_xdg;
    QTemporaryDir m_files;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR" })
            env.insert(QString::fromLatin1(name), m_xdg.filePath(QString::fromLatin1(name).toLower()));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.remove(QStringLiteral("QT_LOGGING_RULES")); // --verbose's log tells when the page's stream opened
        return env;
    }

    // A file in its own folder of the test's files (so a relative path names it from there).
    QString makeFile(const QString &folder, const QString &name)
    {
        QDir().mkpath(m_files.filePath(folder));
        QFile file(m_files.filePath(folder + u'/' + name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("# a note\n");
        return QFileInfo(file).canonicalFilePath();
    }

    // Starts the app with nothing to open and waits until its window's page follows its channel.
    std::unique_ptr<Launch> startRunning()
    {
        auto running = std::make_unique<Launch>(environment(), m_files.path());
        if (!running->start({ QStringLiteral("--verbose") })
            || !running->logged(QStringLiteral("stream subscribed to _starling")))
            return nullptr;
        return running;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_xdg.isValid());
        QVERIFY(m_files.isValid());
        QDir().mkpath(m_xdg.filePath(QStringLiteral("xdg_runtime_dir")));
        QFile::setPermissions(m_xdg.filePath(QStringLiteral("xdg_runtime_dir")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    void firstLaunchDeliversItsUrlsAndFiles()
    {
        const QString note = makeFile(QStringLiteral("first"), QStringLiteral("note.md"));
        const QString other = makeFile(QStringLiteral("first"), QStringLiteral("other note.md"));
        QVERIFY(!note.isEmpty() && !other.isEmpty());
        Launch app(environment(), m_files.filePath(QStringLiteral("first")));
        QVERIFY(app.start({ QStringLiteral("starling-test://note/1?title=a%20b"),
                            QStringLiteral("note.md"), // relative to the launch's working directory
                            QUrl::fromLocalFile(other).toString(), QStringLiteral("STARLING-TEST:list") }));

        const QJsonArray urls = strings(
            { QStringLiteral("starling-test://note/1?title=a%20b"), QStringLiteral("starling-test:list") });
        const QJsonArray paths = strings({ note, other });
        const QJsonObject signal = app.take(QStringLiteral("signal"));
        QCOMPARE(signal.value(QStringLiteral("signal")).toString(), QStringLiteral("window-1"));
        QCOMPARE(signal.value(QStringLiteral("urls")).toArray(), urls);
        QCOMPARE(signal.value(QStringLiteral("paths")).toArray(), paths);

        // The page got them in its `opened` signal, then called the open route with it.
        const QJsonObject route = app.take(QStringLiteral("route"));
        QCOMPARE(route.value(QStringLiteral("route")).toString(), QStringLiteral("window-1"));
        QCOMPARE(route.value(QStringLiteral("windows")).toInt(), 1);
        QCOMPARE(route.value(QStringLiteral("urls")).toArray(), urls);
        QCOMPARE(route.value(QStringLiteral("paths")).toArray(), paths);
        QCOMPARE(route.value(QStringLiteral("granted")).toArray(), QJsonArray({ true, true }));
    }

    void otherSchemesAndMissingFilesAreLoggedAndIgnored()
    {
        const QString note = makeFile(QStringLiteral("ignored"), QStringLiteral("note.md"));
        const QString missing = m_files.filePath(QStringLiteral("ignored/missing.md"));
        Launch app(environment(), m_files.filePath(QStringLiteral("ignored")));
        QVERIFY(app.start({ QStringLiteral("https://example.org/page"), QStringLiteral("missing.md"),
                            QStringLiteral("notes://elsewhere"), QStringLiteral("file://otherhost/etc/hosts"),
                            QStringLiteral("note.md") }));

        const QJsonObject route = app.take(QStringLiteral("route"));
        QCOMPARE(route.value(QStringLiteral("urls")).toArray(), QJsonArray());
        QCOMPARE(route.value(QStringLiteral("paths")).toArray(), strings({ note }));
        const QString log = app.log();
        for (const QString &expected :
             { QStringLiteral("ignoring https://example.org/page : not a URL of the app's schemes "
                              "(starling-test)"),
               QStringLiteral("ignoring notes://elsewhere : not a URL of the app's schemes"),
               QStringLiteral("ignoring %1 : no such file").arg(missing),
               QStringLiteral("ignoring file://otherhost/etc/hosts : not a local file URL") })
            QVERIFY2(log.contains(expected), qPrintable(log));
        QCOMPARE(app.process().state(), QProcess::Running); // none of it ended the app
    }

    void nothingToOpenCallsNoRoute()
    {
        Launch app(environment(), m_files.path());
        QVERIFY(app.start({ QStringLiteral("--verbose"), QStringLiteral("mailto:someone@example.org") }));
        QVERIFY(app.logged(QStringLiteral("stream subscribed to _starling")));
        QVERIFY(app.logged(QStringLiteral("ignoring mailto:someone@example.org")));
        QCOMPARE(app.lines(), QList<QJsonObject>());
    }

    void laterLaunchHandsItsUrlToTheRunningInstance()
    {
        const std::unique_ptr<Launch> running = startRunning();
        QVERIFY(running);
        const QString note = makeFile(QStringLiteral("later"), QStringLiteral("later.md"));

        // Another working directory: the path reaches the running instance made absolute.
        Launch later(environment(), m_files.filePath(QStringLiteral("later")));
        QVERIFY(later.start({ QStringLiteral("starling-test://note/2"), QStringLiteral("later.md"),
                              QStringLiteral("ftp://example.org/file") }));
        QVERIFY(later.process().waitForFinished(WaitTimeoutMs));
        QCOMPARE(later.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(later.process().exitCode(), 0);

        const QJsonObject route = running->take(QStringLiteral("route"));
        QCOMPARE(route.value(QStringLiteral("route")).toString(), QStringLiteral("window-1"));
        QCOMPARE(route.value(QStringLiteral("windows")).toInt(), 1); // raised, not another window
        QCOMPARE(route.value(QStringLiteral("urls")).toArray(),
                 strings({ QStringLiteral("starling-test://note/2") }));
        QCOMPARE(route.value(QStringLiteral("paths")).toArray(), strings({ note }));
        QCOMPARE(route.value(QStringLiteral("granted")).toArray(), QJsonArray({ true }));
        QVERIFY(running->logged(
            QStringLiteral("ignoring ftp://example.org/file : not a URL of the app's schemes")));
    }

    void laterLaunchWithNewWindowOpensThereInANewWindow()
    {
        const std::unique_ptr<Launch> running = startRunning();
        QVERIFY(running);
        Launch later(environment(), m_files.path());
        QVERIFY(later.start({ QStringLiteral("--new-window"), QStringLiteral("starling-test://note/3") }));
        QVERIFY(later.process().waitForFinished(WaitTimeoutMs));
        QCOMPARE(later.process().exitCode(), 0);

        const QJsonObject route = running->take(QStringLiteral("route"));
        QCOMPARE(route.value(QStringLiteral("route")).toString(), QStringLiteral("window-2"));
        QCOMPARE(route.value(QStringLiteral("windows")).toInt(), 2);
        QCOMPARE(route.value(QStringLiteral("urls")).toArray(),
                 strings({ QStringLiteral("starling-test://note/3") }));
    }

    void servingIgnoresWhatToOpen()
    {
        Launch app(environment(), m_files.path());
        QVERIFY(app.start({ QStringLiteral("--serve"), QStringLiteral("starling-test://note/4") }));
        QVERIFY(app.logged(QStringLiteral("--serve: ignoring starling-test://note/4")));
        QCOMPARE(app.lines(), QList<QJsonObject>());
    }
};

QTEST_GUILESS_MAIN(OpenWithTest)
#include "tst_openwith.moc"
