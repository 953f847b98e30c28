// The system monitor's /proc parsers and chart paths, on fixed text.
#include "monitorrenderer.h"
#include "procreader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using gallery::CpuTimes;
using gallery::MonitorRenderer;
using gallery::ProcReader;

class MonitorProcTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesStatIntoTotalAndCores()
    {
        const QByteArray stat = "cpu  100 5 50 800 20 3 2 0 0 0\n"
                                "cpu0 60 2 30 400 10 2 1 0 0 0\n"
                                "cpu1 40 3 20 400 10 1 1 0 0 0\n"
                                "intr 12345 0 0\n"
                                "ctxt 999\n"
                                "btime 1700000000\n";
        const auto parsed = ProcReader::parseStat(stat);
        QVERIFY(parsed);
        QCOMPARE(parsed->all.user, 100u);
        QCOMPARE(parsed->all.idle, 800u);
        QCOMPARE(parsed->all.iowait, 20u);
        QCOMPARE(parsed->all.total(), 980u);
        QCOMPARE(parsed->cores.size(), 2);
        QCOMPARE(parsed->cores.at(1).nice, 3u);
    }

    void refusesStatWithoutTheCpuLine()
    {
        QVERIFY(!ProcReader::parseStat("intr 1 2 3\n"));
        QVERIFY(!ProcReader::parseStat("cpu  1 2 x 4\n"));
        QVERIFY(!ProcReader::parseStat(""));
    }

    void busyPercentIsTheNonIdleShare()
    {
        const CpuTimes before { .user = 100, .system = 50, .idle = 800, .iowait = 50 };
        const CpuTimes after { .user = 130, .system = 60, .idle = 850, .iowait = 60 }; // 40 busy of 100
        QCOMPARE(ProcReader::busyPercent(before, after), 40.0);
        QCOMPARE(ProcReader::busyPercent(after, after), 0.0); // no time passed
        QCOMPARE(ProcReader::busyPercent(after, before), 0.0); // counters went back (e.g. a CPU went offline)
    }

    void parsesMeminfo()
    {
        const QByteArray meminfo = "MemTotal:       16314336 kB\n"
                                   "MemFree:         1234567 kB\n"
                                   "MemAvailable:    8157168 kB\n"
                                   "Buffers:          345678 kB\n"
                                   "Cached:          4567890 kB\n";
        const auto parsed = ProcReader::parseMeminfo(meminfo);
        QVERIFY(parsed);
        QCOMPARE(parsed->totalKb, 16314336);
        QCOMPARE(parsed->availableKb, 8157168);
        QCOMPARE(parsed->usedKb(), 16314336 - 8157168);
    }

    void meminfoWithoutMemAvailableFallsBackToFreePlusCaches()
    {
        const auto parsed = ProcReader::parseMeminfo(
            "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n");
        QVERIFY(parsed);
        QCOMPARE(parsed->availableKb, 400);
        QVERIFY(!ProcReader::parseMeminfo("MemFree: 100 kB\n"));
    }

    void parsesLoadavg()
    {
        const auto parsed = ProcReader::parseLoadavg("0.52 1.25 2.00 3/456 7890\n");
        QVERIFY(parsed);
        QCOMPARE(parsed->one, 0.52);
        QCOMPARE(parsed->five, 1.25);
        QCOMPARE(parsed->fifteen, 2.0);
        QCOMPARE(parsed->running, 3);
        QCOMPARE(parsed->tasks, 456);
        QVERIFY(!ProcReader::parseLoadavg("0.52 1.25\n"));
        QVERIFY(!ProcReader::parseLoadavg("a b c 1/2 3\n"));
    }

    void parsesProcessStatWithAwkwardNames()
    {
        // The name may hold spaces and parentheses; it ends at the last ')'.
        const QByteArray line = "4242 (Web (Content) 2) S 1 4242 4242 0 -1 4194560 1000 0 0 0 "
                                "250 75 0 0 20 0 12 0 5000 123456789 2048 18446744073709551615\n";
        const auto parsed = ProcReader::parseProcessStat(line);
        QVERIFY(parsed);
        QCOMPARE(parsed->pid, 4242);
        QCOMPARE(parsed->name, QStringLiteral("Web (Content) 2"));
        QCOMPARE(parsed->state, QLatin1Char('S'));
        QCOMPARE(parsed->cpuTicks, 325u);
        QCOMPARE(parsed->rssPages, 2048);
    }

    void refusesTruncatedProcessStat()
    {
        QVERIFY(!ProcReader::parseProcessStat("4242 (short) S 1 2 3\n"));
        QVERIFY(!ProcReader::parseProcessStat("no parentheses here"));
        QVERIFY(!ProcReader::parseProcessStat(""));
    }

    void readsAProcTree()
    {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        const auto write = [&](const QString &name, const QByteArray &text) {
            QDir(root.path()).mkpath(QFileInfo(root.filePath(name)).path());
            QFile file(root.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        };
        write(QStringLiteral("stat"), "cpu  1 2 3 4 5 6 7 8\ncpu0 1 2 3 4 5 6 7 8\n");
        write(QStringLiteral("meminfo"), "MemTotal: 2048 kB\nMemAvailable: 1024 kB\n");
        write(QStringLiteral("loadavg"), "0.10 0.20 0.30 1/99 1234\n");
        write(QStringLiteral("17/stat"),
              "17 (worker) R 1 17 17 0 -1 0 0 0 0 0 30 12 0 0 20 0 1 0 100 4096 64 0\n");
        write(QStringLiteral("17/comm"), "worker\n");
        write(QStringLiteral("self/stat"), "not a pid directory");
        write(QStringLiteral("18/stat"), "garbage");

        ProcReader reader(root.path());
        gallery::ProcSample sample;
        QVERIFY(reader.read(&sample));
        QCOMPARE(sample.cpu.cores.size(), 1);
        QCOMPARE(sample.memory.usedKb(), 1024);
        QCOMPARE(sample.load.tasks, 99);
        QCOMPARE(sample.processes.size(), 1);
        QCOMPARE(sample.processes.constFirst().pid, 17);
        QCOMPARE(sample.processes.constFirst().cpuTicks, 42u);
        QCOMPARE(reader.commandName(17), QStringLiteral("worker"));
        QCOMPARE(reader.commandName(99), QString());

        QFile::remove(root.filePath(QStringLiteral("meminfo")));
        QVERIFY(!reader.read(&sample));
    }

    void chartPathPutsTheNewestSampleAtTheRightEdge()
    {
        QCOMPARE(MonitorRenderer::path({}), QString());
        const QString d = MonitorRenderer::path({ 0.0, 50.0, 100.0 });
        // 60 slots across 600 units: the last three at x = 580, 590, 600 (rounded to one decimal).
        const double step = 600.0 / 59.0;
        QCOMPARE(d,
                 QStringLiteral("M%1,160.0 L%2,80.0 L600.0,0.0")
                     .arg(QString::number(57 * step, 'f', 1), QString::number(58 * step, 'f', 1)));
        QVERIFY(MonitorRenderer::path({ 150.0 }).endsWith(QStringLiteral(",0.0"))); // clamped to 100 %
    }

    void signalsCarryRoundedNumbers()
    {
        gallery::MonitorState state;
        state.cpuPercent = 12.345;
        state.corePercents = { 10.04, 99.96 };
        state.memoryTotalKb = 4096;
        state.memoryUsedKb = 1024;
        state.load = { .one = 0.5, .five = 0.25, .fifteen = 0.125, .running = 1, .tasks = 77 };
        const QJsonObject signalsObject = MonitorRenderer::signalsPatch(state);
        QCOMPARE(signalsObject.value(QStringLiteral("cpu")).toDouble(), 12.3);
        QCOMPARE(signalsObject.value(QStringLiteral("cores")).toArray(), (QJsonArray { 10.0, 100.0 }));
        QCOMPARE(signalsObject.value(QStringLiteral("memoryPercent")).toDouble(), 25.0);
        QCOMPARE(signalsObject.value(QStringLiteral("memoryUsedMb")).toDouble(), 1.0);
        QCOMPARE(signalsObject.value(QStringLiteral("tasks")).toInt(), 77);
    }
};

QTEST_GUILESS_MAIN(MonitorProcTest)
#include "tst_monitorproc.moc"
