#include "jsprofile.h"

#include "benchreport.h"
#include "devtoolsclient.h"

#include <QHash>
#include <QJsonArray>
#include <QUrl>

#include <algorithm>

namespace starling::bench {

QString JsProfile::markdown(int top) const
{
    const double busy = sampledMs - idleMs;
    QString table = QStringLiteral("%1 ms sampled, %2 ms busy (not idle). Most self time:\n\n"
                                   "| function | where | self ms | of busy |\n|---|---|---|---|\n")
                        .arg(figure(sampledMs, 1), figure(busy, 1));
    for (const Entry &e : entries.first(std::min<qsizetype>(top, entries.size())))
        table += QStringLiteral("| %1 | %2 | %3 | %4% |\n")
                     .arg(e.function, e.location, figure(e.selfMs, 2),
                          figure(busy > 0 ? e.selfMs / busy * 100 : 0, 1));
    return table;
}

std::optional<JsProfile> profileWhile(test::DevToolsPage &session, const std::function<bool()> &work,
                                      QString *error)
{
    if (!session.call(QStringLiteral("Profiler.enable"))
        || !session.call(QStringLiteral("Profiler.setSamplingInterval"),
                         { { QStringLiteral("interval"), 100 } })
        || !session.call(QStringLiteral("Profiler.start"))) {
        *error = session.errorString();
        return std::nullopt;
    }
    const bool worked = work();
    const auto stopped = session.call(QStringLiteral("Profiler.stop"), {}, 60000);
    if (!worked || !stopped) {
        *error = worked ? session.errorString() : QStringLiteral("the profiled work failed");
        return std::nullopt;
    }
    const QJsonObject profile = stopped->value(QStringLiteral("profile")).toObject();

    // Each node's self time: the time from each of its samples to the next one.
    QHash<int, JsProfile::Entry> byNode;
    for (const QJsonValue &n : profile.value(QStringLiteral("nodes")).toArray()) {
        const QJsonObject node = n.toObject();
        const QJsonObject frame = node.value(QStringLiteral("callFrame")).toObject();
        QString function = frame.value(QStringLiteral("functionName")).toString();
        const QString url = frame.value(QStringLiteral("url")).toString();
        if (function.isEmpty())
            function = url.isEmpty() ? QStringLiteral("(anonymous)") : QStringLiteral("(top level)");
        const QString location = url.isEmpty()
            ? QString()
            : QStringLiteral("%1:%2")
                  .arg(QUrl(url).path())
                  .arg(frame.value(QStringLiteral("lineNumber")).toInt() + 1);
        byNode.insert(node.value(QStringLiteral("id")).toInt(), JsProfile::Entry { function, location, 0 });
    }
    const QJsonArray samples = profile.value(QStringLiteral("samples")).toArray();
    const QJsonArray deltas = profile.value(QStringLiteral("timeDeltas")).toArray();
    for (qsizetype i = 0; i + 1 < samples.size() && i + 1 < deltas.size(); ++i) {
        const auto node = byNode.find(samples.at(i).toInt());
        if (node != byNode.end())
            node->selfMs += deltas.at(i + 1).toDouble() / 1000.0;
    }

    // One entry per function and place (a function appears once per distinct stack it was sampled in).
    JsProfile result;
    result.sampledMs = (profile.value(QStringLiteral("endTime")).toDouble()
                        - profile.value(QStringLiteral("startTime")).toDouble())
        / 1000.0;
    QHash<QString, JsProfile::Entry> merged;
    for (const JsProfile::Entry &e : std::as_const(byNode)) {
        if (e.function == QLatin1StringView("(idle)")) {
            result.idleMs += e.selfMs;
            continue;
        }
        if (e.function == QLatin1StringView("(root)") || e.selfMs == 0)
            continue;
        auto &m = merged[e.function + QLatin1Char('@') + e.location];
        m.function = e.function;
        m.location = e.location;
        m.selfMs += e.selfMs;
    }
    result.entries = merged.values();
    std::sort(result.entries.begin(), result.entries.end(),
              [](const JsProfile::Entry &a, const JsProfile::Entry &b) { return a.selfMs > b.selfMs; });
    return result;
}

} // namespace starling::bench
