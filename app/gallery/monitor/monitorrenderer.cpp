#include "monitorrenderer.h"

#include <QJsonDocument>

#include <cmath>

namespace gallery {

namespace {

double rounded(double value)
{
    return std::round(value * 10.0) / 10.0;
}

QString number(double value)
{
    return QString::number(rounded(value), 'f', 1);
}

} // namespace

MonitorRenderer::MonitorRenderer()
    : m_page(starling::Template::fromResource(QStringLiteral(":/gallery/monitor/monitor.html")))
    , m_table(starling::Template::fromResource(QStringLiteral(":/gallery/monitor/processes.html")))
{ }

QJsonObject MonitorRenderer::signalsPatch(const MonitorState &state)
{
    QJsonArray cores;
    for (double core : state.corePercents)
        cores.append(rounded(core));
    const double memoryPercent
        = state.memoryTotalKb > 0 ? 100.0 * double(state.memoryUsedKb) / double(state.memoryTotalKb) : 0;
    return { { QStringLiteral("cpu"), rounded(state.cpuPercent) },
             { QStringLiteral("cores"), cores },
             { QStringLiteral("memoryPercent"), rounded(memoryPercent) },
             { QStringLiteral("memoryUsedMb"), rounded(double(state.memoryUsedKb) / 1024.0) },
             { QStringLiteral("memoryTotalMb"), rounded(double(state.memoryTotalKb) / 1024.0) },
             { QStringLiteral("load1"), state.load.one },
             { QStringLiteral("load5"), state.load.five },
             { QStringLiteral("load15"), state.load.fifteen },
             { QStringLiteral("tasks"), state.load.tasks } };
}

QString MonitorRenderer::processTable(const MonitorState &state) const
{
    QJsonArray rows;
    for (const ProcessRow &row : state.top)
        rows.append(QJsonObject { { QStringLiteral("pid"), row.pid },
                                  { QStringLiteral("name"), row.name },
                                  { QStringLiteral("cpu"), number(row.cpuPercent) },
                                  { QStringLiteral("memory"), number(row.memoryMb) } });
    return m_table.render({ { QStringLiteral("processes"), rows } });
}

QString MonitorRenderer::path(const QList<double> &values)
{
    QString d;
    const double step = double(ChartWidth) / double(HistorySize - 1);
    const qsizetype offset = HistorySize - values.size(); // the newest sample sits at the right edge
    for (qsizetype i = 0; i < values.size(); ++i) {
        const double x = double(offset + i) * step;
        const double y = double(ChartHeight) * (1.0 - qBound(0.0, values.at(i), 100.0) / 100.0);
        d += (i == 0 ? u'M' : u'L') + number(x) + u',' + number(y) + u' ';
    }
    return d.trimmed();
}

QString MonitorRenderer::chart(const MonitorState &state)
{
    return QStringLiteral("<div id=\"monitor-chart\"><svg viewBox=\"0 0 %1 %2\" preserveAspectRatio=\"none\" "
                          "role=\"img\" aria-label=\"CPU and memory, last %3 samples\">"
                          "<path id=\"monitor-cpu-path\" class=\"cpu\" d=\"%4\"></path>"
                          "<path id=\"monitor-memory-path\" class=\"memory\" d=\"%5\"></path>"
                          "</svg></div>")
        .arg(ChartWidth)
        .arg(ChartHeight)
        .arg(HistorySize)
        .arg(path(state.cpuHistory), path(state.memoryHistory));
}

QString MonitorRenderer::page(const MonitorState &state, const QJsonArray &sources, const QJsonObject &pager,
                              const QHash<QString, starling::Template> &partials) const
{
    QJsonArray cores;
    for (qsizetype i = 0; i < state.corePercents.size(); ++i)
        cores.append(QJsonObject { { QStringLiteral("index"), int(i) } });
    const QJsonObject initial = signalsPatch(state);
    return m_page.render({ { QStringLiteral("cores"), cores },
                           { QStringLiteral("signals"),
                             QString::fromUtf8(QJsonDocument(initial).toJson(QJsonDocument::Compact)) },
                           { QStringLiteral("processes"), processTable(state) },
                           { QStringLiteral("chart"), chart(state) },
                           { QStringLiteral("sources"), sources },
                           { QStringLiteral("sourcesClosed"), true },
                           { QStringLiteral("pagerLinks"), pager } },
                         partials);
}

} // namespace gallery
