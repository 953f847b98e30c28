// The system monitor's stream: one sample per tick for all viewers, published to the hub topic "monitor".
#pragma once

#include "monitorrenderer.h"
#include "procreader.h"

#include <starling/app.h>

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QTimer>

namespace gallery {

// Adds GET /monitor (the page) and GET /monitor/updates (its read stream, subscribed to "monitor") to `app`
// (which must outlive it). While at least one stream watches the topic a timer samples /proc every
// IntervalMs and publishes a signals patch (the numbers) and an elements patch (process table and chart);
// with no viewer the timer stops. Main thread only.
class MonitorFeed : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorFeed)

public:
    static constexpr int IntervalMs = 100; // 10 Hz
    static constexpr int TopProcesses = 10;

    explicit MonitorFeed(starling::App &app, QObject *parent = nullptr);

    bool isSampling() const { return m_timer.isActive(); }
    MonitorState state() const { return m_state; }

    // One sample now: updates state() from the previous sample (no publishing).
    void sample();

private:
    void tick();
    void viewersChanged();

    starling::App &m_app;
    ProcReader m_reader;
    MonitorRenderer m_renderer;
    QTimer m_timer;
    ProcSample m_previous;
    bool m_havePrevious = false;
    bool m_readFailed = false;
    QHash<int, quint64> m_previousTicks; // per pid
    MonitorState m_state;
};

// The gallery's entry point: a MonitorFeed on `app`, deleted with the application object.
void registerMonitor(starling::App &app);

} // namespace gallery
