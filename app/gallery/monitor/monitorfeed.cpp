#include "monitorfeed.h"

#include "gallery.h"

#include <starling/response.h>
#include <starling/stream.h>

#include <QCoreApplication>
#include <QLoggingCategory>

#include <algorithm>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcMonitor, "starling.gallery.monitor", QtInfoMsg)

namespace gallery {

namespace {

const QString Topic = QStringLiteral("monitor");

} // namespace

MonitorFeed::MonitorFeed(starling::App &app, QObject *parent)
    : QObject(parent)
    , m_app(app)
{
    m_timer.setInterval(IntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &MonitorFeed::tick);
    connect(&app.hub(), &starling::StreamHub::streamCountChanged, this, &MonitorFeed::viewersChanged);

    app.get(QStringLiteral("/monitor"), [this](const starling::Request &) {
        if (!m_timer.isActive())
            sample(); // fresh numbers for the first paint
        return starling::html(m_renderer.page(
            m_state,
            gallery::sourceFiles({ QStringLiteral(":/gallery/monitor/monitor.html"),
                                   QStringLiteral(":/gallery/monitor/processes.html"),
                                   QStringLiteral(":/gallery/source/monitor/procreader.cpp"),
                                   QStringLiteral(":/gallery/source/monitor/monitorrenderer.cpp"),
                                   QStringLiteral(":/gallery/source/monitor/monitorfeed.cpp") }),
            gallery::pager(QStringLiteral("monitor")), gallery::partials()));
    });
    app.get(QStringLiteral("/monitor/updates"),
            [](const starling::Request &, starling::Stream &stream) { stream.subscribe(Topic); });
    app.topic(Topic).setRefresh([this] {
        return QList<datastar::Event> { datastar::patchSignals(MonitorRenderer::signalsPatch(m_state)),
                                        datastar::patchElements(m_renderer.processTable(m_state)
                                                                + MonitorRenderer::chart(m_state)) };
    });
}

void MonitorFeed::viewersChanged()
{
    const bool watched = m_app.hub().streamCount(Topic) > 0;
    if (watched && !m_timer.isActive()) {
        qCDebug(lcMonitor) << "sampling: a viewer arrived";
        m_timer.start();
    } else if (!watched && m_timer.isActive()) {
        qCDebug(lcMonitor) << "sampling stopped: no viewer";
        m_timer.stop();
    }
}

void MonitorFeed::sample()
{
    ProcSample current;
    if (!m_reader.read(&current)) {
        if (!m_readFailed) // once, not ten times a second
            qCWarning(lcMonitor) << "cannot read /proc: the monitor shows its last values";
        m_readFailed = true;
        return;
    }
    m_readFailed = false;
    const ProcSample previous = m_havePrevious ? m_previous : current;

    m_state.cpuPercent = ProcReader::busyPercent(previous.cpu.all, current.cpu.all);
    m_state.corePercents.clear();
    for (qsizetype i = 0; i < current.cpu.cores.size(); ++i)
        m_state.corePercents.append(i < previous.cpu.cores.size() ? ProcReader::busyPercent(
                                        previous.cpu.cores.at(i), current.cpu.cores.at(i))
                                                                  : 0.0);
    m_state.memoryTotalKb = current.memory.totalKb;
    m_state.memoryUsedKb = current.memory.usedKb();
    m_state.load = current.load;

    // Per process: its jiffies since the last sample against the jiffies that passed on one core.
    const qsizetype coreCount = std::max<qsizetype>(1, current.cpu.cores.size());
    const double elapsedPerCore
        = double(current.cpu.all.total() - std::min(previous.cpu.all.total(), current.cpu.all.total()))
        / double(coreCount);
    static const long pageSize = sysconf(_SC_PAGESIZE);
    QList<ProcessRow> rows;
    QHash<int, quint64> ticks;
    ticks.reserve(current.processes.size());
    for (const ProcessStat &process : current.processes) {
        ticks.insert(process.pid, process.cpuTicks);
        const quint64 before = m_previousTicks.value(process.pid, process.cpuTicks);
        const double used = process.cpuTicks >= before ? double(process.cpuTicks - before) : 0;
        rows.append({ .pid = process.pid,
                      .name = process.name,
                      .cpuPercent = elapsedPerCore > 0 ? 100.0 * used / elapsedPerCore : 0,
                      .memoryMb = double(process.rssPages) * double(pageSize) / (1024.0 * 1024.0) });
    }
    std::sort(rows.begin(), rows.end(), [](const ProcessRow &a, const ProcessRow &b) {
        if (a.cpuPercent != b.cpuPercent)
            return a.cpuPercent > b.cpuPercent;
        return a.memoryMb > b.memoryMb;
    });
    if (rows.size() > TopProcesses)
        rows.resize(TopProcesses);
    for (ProcessRow &row : rows) {
        const QString comm = m_reader.commandName(row.pid);
        if (!comm.isEmpty())
            row.name = comm;
    }
    m_state.top = rows;

    if (m_havePrevious) {
        m_state.cpuHistory.append(m_state.cpuPercent);
        m_state.memoryHistory.append(m_state.memoryTotalKb > 0 ? 100.0 * double(m_state.memoryUsedKb)
                                             / double(m_state.memoryTotalKb)
                                                               : 0);
        while (m_state.cpuHistory.size() > MonitorRenderer::HistorySize)
            m_state.cpuHistory.removeFirst();
        while (m_state.memoryHistory.size() > MonitorRenderer::HistorySize)
            m_state.memoryHistory.removeFirst();
    }
    m_previous = current;
    m_previousTicks = ticks;
    m_havePrevious = true;
}

void MonitorFeed::tick()
{
    sample();
    // Each tick replaces the last, and a page that reconnects gets the refresh: nothing to keep for resuming.
    const starling::TransientTopic topic = m_app.topic(Topic).transient();
    topic.patchSignals(MonitorRenderer::signalsPatch(m_state));
    topic.patchElements(m_renderer.processTable(m_state) + MonitorRenderer::chart(m_state));
}

void registerMonitor(starling::App &app)
{
    new MonitorFeed(app, QCoreApplication::instance());
}

} // namespace gallery
