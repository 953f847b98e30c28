#include "procreader.h"

#include <QDir>
#include <QFile>

namespace gallery {

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) // /proc files report size 0: read until the end
        return {};
    return file.readAll();
}

QList<QByteArrayView> fields(QByteArrayView line)
{
    QList<QByteArrayView> result;
    qsizetype start = -1;
    for (qsizetype i = 0; i <= line.size(); ++i) {
        const bool space = i == line.size() || line.at(i) == ' ' || line.at(i) == '\t';
        if (space && start >= 0) {
            result.append(line.sliced(start, i - start));
            start = -1;
        } else if (!space && start < 0) {
            start = i;
        }
    }
    return result;
}

QList<QByteArrayView> lines(QByteArrayView text)
{
    QList<QByteArrayView> result;
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        result.append(text.sliced(start, end - start));
        start = end + 1;
    }
    return result;
}

std::optional<CpuTimes> parseCpuFields(const QList<QByteArrayView> &f)
{
    // cpuN user nice system idle [iowait irq softirq steal ...]; older kernels have fewer columns.
    if (f.size() < 5)
        return std::nullopt;
    quint64 values[8] = {};
    for (int i = 0; i < 8 && i + 1 < f.size(); ++i) {
        bool ok = false;
        values[i] = f.at(i + 1).toULongLong(&ok);
        if (!ok)
            return std::nullopt;
    }
    return CpuTimes {
        values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]
    };
}

} // namespace

ProcReader::ProcReader(const QString &root)
    : m_root(root)
{ }

std::optional<CpuStat> ProcReader::parseStat(QByteArrayView text)
{
    CpuStat stat;
    bool haveAll = false;
    for (QByteArrayView line : lines(text)) {
        if (!line.startsWith("cpu"))
            continue;
        const QList<QByteArrayView> f = fields(line);
        const std::optional<CpuTimes> times = parseCpuFields(f);
        if (!times)
            return std::nullopt;
        if (f.at(0) == "cpu") {
            stat.all = *times;
            haveAll = true;
        } else {
            stat.cores.append(*times);
        }
    }
    if (!haveAll)
        return std::nullopt;
    return stat;
}

std::optional<MemInfo> ProcReader::parseMeminfo(QByteArrayView text)
{
    MemInfo info;
    qint64 freeKb = -1, buffersKb = 0, cachedKb = 0;
    bool haveAvailable = false;
    for (QByteArrayView line : lines(text)) {
        const QList<QByteArrayView> f = fields(line);
        if (f.size() < 2)
            continue;
        bool ok = false;
        const qint64 value = f.at(1).toLongLong(&ok);
        if (!ok)
            continue;
        if (f.at(0) == "MemTotal:")
            info.totalKb = value;
        else if (f.at(0) == "MemAvailable:") {
            info.availableKb = value;
            haveAvailable = true;
        } else if (f.at(0) == "MemFree:")
            freeKb = value;
        else if (f.at(0) == "Buffers:")
            buffersKb = value;
        else if (f.at(0) == "Cached:")
            cachedKb = value;
    }
    if (info.totalKb <= 0)
        return std::nullopt;
    if (!haveAvailable) { // kernels before 3.14
        if (freeKb < 0)
            return std::nullopt;
        info.availableKb = freeKb + buffersKb + cachedKb;
    }
    return info;
}

std::optional<LoadAvg> ProcReader::parseLoadavg(QByteArrayView text)
{
    // "0.52 0.58 0.59 2/1234 5678"
    const QList<QByteArrayView> f = fields(lines(text).value(0));
    if (f.size() < 4)
        return std::nullopt;
    LoadAvg load;
    bool ok1 = false, ok5 = false, ok15 = false, okRunning = false, okTasks = false;
    load.one = f.at(0).toDouble(&ok1);
    load.five = f.at(1).toDouble(&ok5);
    load.fifteen = f.at(2).toDouble(&ok15);
    const qsizetype slash = f.at(3).indexOf('/');
    if (slash < 0)
        return std::nullopt;
    load.running = f.at(3).first(slash).toInt(&okRunning);
    load.tasks = f.at(3).sliced(slash + 1).toInt(&okTasks);
    if (!(ok1 && ok5 && ok15 && okRunning && okTasks))
        return std::nullopt;
    return load;
}

std::optional<ProcessStat> ProcReader::parseProcessStat(QByteArrayView text)
{
    // "pid (comm) state ppid ..." where comm may contain spaces and ')': it ends at the last ')'.
    const qsizetype open = text.indexOf('(');
    const qsizetype close = text.lastIndexOf(')');
    if (open < 1 || close < open)
        return std::nullopt;
    ProcessStat stat;
    bool ok = false;
    stat.pid = text.first(open).trimmed().toInt(&ok);
    if (!ok)
        return std::nullopt;
    stat.name = QString::fromUtf8(text.sliced(open + 1, close - open - 1));
    // After the name: field 3 (state) is index 0, utime (14) index 11, stime (15) index 12, rss (24)
    // index 21.
    const QList<QByteArrayView> f = fields(lines(text.sliced(close + 1)).value(0));
    if (f.size() < 22 || f.at(0).size() != 1)
        return std::nullopt;
    stat.state = QLatin1Char(f.at(0).at(0));
    bool okUser = false, okSystem = false, okRss = false;
    stat.cpuTicks = f.at(11).toULongLong(&okUser) + f.at(12).toULongLong(&okSystem);
    stat.rssPages = f.at(21).toLongLong(&okRss);
    if (!(okUser && okSystem && okRss))
        return std::nullopt;
    return stat;
}

double ProcReader::busyPercent(const CpuTimes &before, const CpuTimes &after)
{
    if (after.total() <= before.total())
        return 0;
    const double total = double(after.total() - before.total());
    const double idle
        = after.idleTotal() >= before.idleTotal() ? double(after.idleTotal() - before.idleTotal()) : 0;
    return qBound(0.0, 100.0 * (total - idle) / total, 100.0);
}

bool ProcReader::read(ProcSample *sample) const
{
    const auto cpu = parseStat(readFile(m_root + QStringLiteral("/stat")));
    const auto memory = parseMeminfo(readFile(m_root + QStringLiteral("/meminfo")));
    const auto load = parseLoadavg(readFile(m_root + QStringLiteral("/loadavg")));
    if (!cpu || !memory || !load)
        return false;
    sample->cpu = *cpu;
    sample->memory = *memory;
    sample->load = *load;
    sample->processes.clear();
    const QStringList entries = QDir(m_root).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        entry.toInt(&isPid);
        if (!isPid)
            continue;
        if (const auto process = parseProcessStat(readFile(m_root + u'/' + entry + QStringLiteral("/stat"))))
            sample->processes.append(*process);
    }
    return true;
}

QString ProcReader::commandName(int pid) const
{
    return QString::fromUtf8(readFile(m_root + QStringLiteral("/%1/comm").arg(pid))).trimmed();
}

} // namespace gallery
