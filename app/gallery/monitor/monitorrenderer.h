// The system monitor's rendering: signals for the numbers, HTML for the process table, SVG for the chart.
#pragma once

#include "procreader.h"

#include <starling/template.h>

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace gallery {

struct ProcessRow
{
    int pid = 0;
    QString name {};
    double cpuPercent = 0; // of one core, as top shows it
    double memoryMb = 0; // resident
};

// What one tick shows: computed from two consecutive ProcSamples by MonitorFeed.
struct MonitorState
{
    double cpuPercent = 0;
    QList<double> corePercents {};
    qint64 memoryUsedKb = 0;
    qint64 memoryTotalKb = 0;
    LoadAvg load {};
    QList<ProcessRow> top {};
    QList<double> cpuHistory {}; // oldest first, percent
    QList<double> memoryHistory {}; // oldest first, percent
};

// Renders MonitorState with the templates in :/gallery/monitor/. Values are rounded to one decimal.
class MonitorRenderer
{
public:
    static constexpr int ChartWidth = 600;
    static constexpr int ChartHeight = 160;
    static constexpr int HistorySize = 60; // samples across the chart

    MonitorRenderer();

    // {cpu, cores: [...], memoryPercent, memoryUsedMb, memoryTotalMb, load1, load5, load15, tasks}
    static QJsonObject signalsPatch(const MonitorState &state);
    // <table id="monitor-processes"> with one row per process (names HTML-escaped).
    QString processTable(const MonitorState &state) const;
    // <div id="monitor-chart"> holding an SVG with the paths #monitor-cpu-path and #monitor-memory-path.
    static QString chart(const MonitorState &state);
    // An SVG path's `d` for values 0..100, the newest at the right edge.
    static QString path(const QList<double> &values);
    // The whole page; `sources` is [{name, text}] shown beside the monitor with the `source-panel` partial,
    // `pager` the links to the gallery's previous and next entries (the `pager` partial).
    QString page(const MonitorState &state, const QJsonArray &sources, const QJsonObject &pager,
                 const QHash<QString, starling::Template> &partials) const;

private:
    starling::Template m_page;
    starling::Template m_table;
};

} // namespace gallery
