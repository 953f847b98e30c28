// Where a page's main thread spends its time while something runs, from the DevTools Profiler (sampling):
// the functions with the most self time, for a benchmark's details when a goal is not met.
//
//     const auto profile = starling::bench::profileWhile(*page->devTools(), [&] { return runTheStream(); });
//     if (profile) details += profile->markdown(12);
#pragma once

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace starling::test {
class DevToolsPage;
}

namespace starling::bench {

struct JsProfile
{
    struct Entry
    {
        QString function; // "(program)", "(garbage collector)" for the engine's own time
        QString location; // script file:line, empty for the engine's own time
        double selfMs = 0;
    };
    double sampledMs = 0; // from the profiler's start to its stop
    double idleMs = 0;
    QList<Entry> entries; // most self time first; idle left out

    // A Markdown table of the first `top` entries with their share of the busy (not idle) time.
    QString markdown(int top) const;
};

// Samples the page's JS every 100 µs while work() runs; nullopt (*error) when the profiler cannot run or
// work() returns false.
std::optional<JsProfile> profileWhile(test::DevToolsPage &session, const std::function<bool()> &work,
                                      QString *error);

} // namespace starling::bench
