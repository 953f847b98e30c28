// The system monitor's data source: Linux's /proc, read as text and parsed by pure functions.
#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace gallery {

// Jiffies a CPU (or all of them) spent in each state since boot (a `cpu` line of /proc/stat).
struct CpuTimes
{
    quint64 user = 0;
    quint64 nice = 0;
    quint64 system = 0;
    quint64 idle = 0;
    quint64 iowait = 0;
    quint64 irq = 0;
    quint64 softirq = 0;
    quint64 steal = 0;

    quint64 total() const { return user + nice + system + idle + iowait + irq + softirq + steal; }
    quint64 idleTotal() const { return idle + iowait; }
};

struct CpuStat
{
    CpuTimes all {}; // the `cpu` line
    QList<CpuTimes> cores {}; // `cpu0`, `cpu1`, ... in order
};

struct MemInfo
{
    qint64 totalKb = 0; // MemTotal
    qint64 availableKb = 0; // MemAvailable
    qint64 usedKb() const { return totalKb - availableKb; }
};

struct LoadAvg
{
    double one = 0;
    double five = 0;
    double fifteen = 0;
    int running = 0; // runnable tasks
    int tasks = 0; // all tasks
};

// One line of /proc/<pid>/stat.
struct ProcessStat
{
    int pid = 0;
    QString name {}; // the comm field (at most 15 bytes; may contain spaces and parentheses)
    QChar state {};
    quint64 cpuTicks = 0; // utime + stime, in jiffies
    qint64 rssPages = 0;
};

// One reading of everything the monitor shows.
struct ProcSample
{
    CpuStat cpu {};
    MemInfo memory {};
    LoadAvg load {};
    QList<ProcessStat> processes {};
};

// Parses /proc's files (pure functions on their contents, for tests) and reads them from a root directory
// ("/proc" by default). Parsers return nullopt for text they cannot read. Any thread.
class ProcReader
{
public:
    explicit ProcReader(const QString &root = QStringLiteral("/proc"));

    static std::optional<CpuStat> parseStat(QByteArrayView text);
    static std::optional<MemInfo> parseMeminfo(QByteArrayView text);
    static std::optional<LoadAvg> parseLoadavg(QByteArrayView text);
    static std::optional<ProcessStat> parseProcessStat(QByteArrayView text);

    // The share of `after - before` a CPU was busy, 0..100 (0 when no time passed).
    static double busyPercent(const CpuTimes &before, const CpuTimes &after);

    // Reads stat, meminfo, loadavg and every <pid>/stat; files that vanish meanwhile (exited processes) are
    // skipped. False when the system-wide files cannot be read or parsed.
    bool read(ProcSample *sample) const;

    // The name of a process from <pid>/comm (empty when it is gone).
    QString commandName(int pid) const;

private:
    QString m_root;
};

} // namespace gallery
