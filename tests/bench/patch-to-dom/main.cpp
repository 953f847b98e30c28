// patch-to-dom-bench: how long a patch takes from the server to the DOM, Starling's client against a bare
// EventSource page reading the same stream from the same server. Run through tests/bench/patch-to-dom/bench
// (the part's contract: tests/bench/README.md).
//
// The server (in this process) streams `datastar-patch-elements` events of one element,
// <p id="t" data-sent="MICROSECONDS">N</p>, where data-sent is the system clock when the server wrote the
// event. Three pages read the stream:
//   Starling      the client morphs the element (an @get of the stream);
//   bare          a page without the client whose EventSource listener finds data-sent and N with a regular
//                 expression and writes them into the element itself: the least any page can do per patch
//                 (the goal's baseline);
//   bare fetch()  the same with the stream read by fetch(), as the client's @get reads it: the share of the
//                 transport in the difference.
// In each a MutationObserver records, for every event, the page's clock (performance.timeOrigin + now())
// minus data-sent: the patch-to-DOM latency (events that arrive in one network read are applied in one task
// and share that time). Figures:
//   1. latency at 100 patches/s (one event every 10 ms): p50 and p99 of every sample; goal p99 <= 1.5x bare;
//   2. patches applied per second from a burst (all events written at once): the events over the time from
//      the page starting the stream to the last change seen; the median of the rounds.
// Each round loads each page afresh (in rotating order: each page goes first in turn), streams a few warm-up
// events that are not counted, then the measured stream and the burst. The rounds run in QtWebEngine (the
// figures and the goal) and, when Debian's Chromium is installed, in it too (the details); then one more
// stream per page in QtWebEngine with the DevTools profiler on (the details: where the time goes).
#include "benchpage.h"
#include "benchreport.h"
#include "jsprofile.h"
#include "testserver.h"

#include <datastar/datastar.h>

#include <QApplication>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QTextStream>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <chrono>
#include <memory>

using starling::bench::BenchPage;
using starling::bench::BenchReport;
using starling::bench::BenchRow;
using starling::bench::figure;
using starling::bench::median;
using starling::bench::percentile;

namespace {

QTextStream err(stderr);

struct Settings
{
    int rounds = 3;
    int latencyEvents = 250; // per round and page
    int warmUpEvents = 20;
    int burstEvents = 5000;
    int intervalMs = 10; // 100 patches/s
};

qint64 systemMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// Every page: this recorder, and its own stream(url) starting a stream of /patches.
const QByteArray Recorder = R"~(
// One sample per event, also for events applied in one task: each data-sent change's old value is the value
// the change before it set.
new MutationObserver((records) => {
  const now = performance.timeOrigin + performance.now();
  const sent = records.filter((r) => r.attributeName === 'data-sent').slice(1).map((r) => r.oldValue);
  sent.push(document.getElementById('t').getAttribute('data-sent'));
  for (const s of sent) window.samples.push(now - Number(s) / 1000);
  window.lastChangeAt = performance.now();
  if (window.onChange) window.onChange();
}).observe(document.getElementById('target'),
           { subtree: true, childList: true, attributes: true, attributeOldValue: true, characterData: true });
window.reset = () => { window.samples = []; window.applyTimes = []; };
window.reset();
window.shows = (n) => document.getElementById('t').textContent === String(n);
// From the start of the last stream to the last change seen, ms.
window.streamTime = () => window.lastChangeAt - window.streamStart;
)~";

const QByteArray TargetHtml = R"(<div id="target"><p id="t" data-sent="0">0</p></div>)";

const QByteArray StarlingPage
    = "<!doctype html><html><head><meta charset=\"utf-8\">"
      "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script></head><body>"
    + TargetHtml + R"~(<div data-signals:url="''"></div><button id="go" data-on:click="@get($url)">go</button>
<script type="module">)~"
    + Recorder + R"~(
// The client's own share: from its datastar-fetch event for a patch (the event parsed, before the patch is
// applied) to the change seen.
let patchStart = 0;
document.addEventListener('datastar-fetch', (e) => {
  if (e.detail.type === 'datastar-patch-elements') patchStart = performance.now();
});
window.onChange = () => {
  if (patchStart) window.applyTimes.push(performance.now() - patchStart);
  patchStart = 0;
};
window.stream = (url) => {
  window.streamStart = performance.now();
  window.__starlingDatastarDebug.mergePatch({ url });
  document.getElementById('go').click();
};
window.ready = true;
</script></body></html>)~";

const QByteArray BarePage = "<!doctype html><html><head><meta charset=\"utf-8\"></head><body>" + TargetHtml
    + "<script type=\"module\">" + Recorder + R"~(
window.stream = (url) => {
  window.streamStart = performance.now();
  const source = new EventSource(url);
  source.addEventListener('datastar-patch-elements', (e) => {
    const m = /data-sent="(\d+)">(\d+)</.exec(e.data);
    const el = document.getElementById('t');
    el.setAttribute('data-sent', m[1]);
    el.textContent = m[2];
  });
  source.onerror = () => source.close(); // the end of the stream: no reconnection
};
window.ready = true;
</script></body></html>)~";

// A page without the client reading the stream with fetch(), as the client's @get does, and writing the
// change as the bare page does: how much of the client's latency is fetch()'s stream reading.
const QByteArray FetchPage = "<!doctype html><html><head><meta charset=\"utf-8\"></head><body>" + TargetHtml
    + "<script type=\"module\">" + Recorder + R"~(
const read = async (url) => {
  const reader = (await fetch(url)).body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
      const m = /data-sent="(\d+)">(\d+)</.exec(text.slice(0, end));
      text = text.slice(end + 2);
      if (!m) continue;
      const el = document.getElementById('t');
      el.setAttribute('data-sent', m[1]);
      el.textContent = m[2];
    }
  }
};
window.stream = (url) => {
  window.streamStart = performance.now();
  read(url);
};
window.ready = true;
</script></body></html>)~";

// The pages, in the order of EngineFigures::pages.
struct PageKind
{
    QString name;
    QString path;
};
const PageKind Pages[] = { { QStringLiteral("Starling client"), QStringLiteral("/starling.html") },
                           { QStringLiteral("bare EventSource"), QStringLiteral("/bare.html") },
                           { QStringLiteral("bare fetch()"), QStringLiteral("/fetch.html") } };
constexpr int StarlingPageIndex = 0;
constexpr int BarePageIndex = 1;
constexpr int PageCount = int(std::size(Pages));

// GET /patches?first=F&count=C&interval=MS: C events numbered from F, one every MS ms (0: all at once).
void streamPatches(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QUrlQuery query(request.url());
    const int first = query.queryItemValue(QStringLiteral("first")).toInt();
    const int count = query.queryItemValue(QStringLiteral("count")).toInt();
    const int intervalMs = query.queryItemValue(QStringLiteral("interval")).toInt();
    QPointer<datastar::ServerSentEventGenerator> sse
        = datastar::ServerSentEventGenerator::start(request, std::move(responder));
    const auto send = [sse](int n) {
        sse->patchElements(QStringLiteral("<p id=\"t\" data-sent=\"%1\">%2</p>").arg(systemMicros()).arg(n));
    };
    if (intervalMs == 0) {
        for (int n = first; n < first + count; ++n)
            send(n);
        sse->close();
        return;
    }
    auto *timer = new QTimer(sse);
    timer->setTimerType(Qt::PreciseTimer);
    timer->setInterval(intervalMs);
    QObject::connect(timer, &QTimer::timeout, sse, [sse, send, next = first, end = first + count]() mutable {
        if (next == end) {
            sse->close();
            return;
        }
        send(next++);
    });
    timer->start();
}

struct PageFigures
{
    QList<double> latencies; // ms, every sample of every round
    QList<double> roundP99s; // ms, one per round: how much the machine's noise moves the p99
    QList<double> rates; // patches/s, one per round
    QList<double> applyTimes; // ms, the client's datastar-fetch to the change (Starling's page only)
};

struct EngineFigures
{
    QString engine;
    PageFigures pages[PageCount];
    const PageFigures &starling() const { return pages[StarlingPageIndex]; }
    const PageFigures &bare() const { return pages[BarePageIndex]; }
};

QList<double> toList(const QJsonValue &value)
{
    QList<double> list;
    for (const QJsonValue &v : value.toArray())
        list.append(v.toDouble());
    return list;
}

// Streams count events from first at the interval and waits until the page shows the last one.
bool streamAndWait(BenchPage &page, int first, int count, int intervalMs)
{
    const QString url
        = QStringLiteral("/patches?first=%1&count=%2&interval=%3").arg(first).arg(count).arg(intervalMs);
    return page.eval(QStringLiteral("stream('%1')").arg(url))
        && page.waitFor(QStringLiteral("shows(%1)").arg(first + count - 1), 120000);
}

// One round on one page: load, warm up, the stream at the interval, the burst.
bool runRound(BenchPage &page, const starling::test::TestServer &server, const QString &path,
              const Settings &s, PageFigures *figures)
{
    if (!page.load(server.url(path)) || !page.waitFor(QStringLiteral("window.ready === true")))
        return false;
    int first = 1;
    if (!streamAndWait(page, first, s.warmUpEvents, s.intervalMs))
        return false;
    first += s.warmUpEvents;
    page.eval(QStringLiteral("reset()"));
    if (!streamAndWait(page, first, s.latencyEvents, s.intervalMs))
        return false;
    first += s.latencyEvents;
    const auto samples = page.eval(QStringLiteral("window.samples"));
    const auto applyTimes = page.eval(QStringLiteral("window.applyTimes"));
    page.eval(QStringLiteral("reset()"));
    if (!samples || !streamAndWait(page, first, s.burstEvents, 0))
        return false;
    const auto burstMs = page.eval(QStringLiteral("streamTime()"));
    if (!burstMs || burstMs->toDouble() <= 0)
        return false;
    if (samples->toArray().isEmpty()) {
        err << "  the page recorded no change\n";
        return false;
    }
    figures->roundP99s.append(percentile(toList(*samples), 0.99));
    figures->latencies += toList(*samples);
    figures->applyTimes += toList(applyTimes.value_or(QJsonValue()));
    figures->rates.append(double(s.burstEvents) / burstMs->toDouble() * 1000.0);
    return true;
}

std::optional<EngineFigures> measure(BenchPage &page, const starling::test::TestServer &server,
                                     const Settings &s)
{
    EngineFigures figures;
    for (int round = 0; round < s.rounds; ++round) {
        for (int i = 0; i < PageCount; ++i) {
            const int index = (i + round) % PageCount; // each page first in turn
            err << "  round " << round + 1 << "/" << s.rounds << ": " << Pages[index].name << " page\n";
            err.flush();
            if (!runRound(page, server, Pages[index].path, s, &figures.pages[index])) {
                err << "  failed: " << page.errorString() << "\n";
                return std::nullopt;
            }
        }
    }
    figures.engine = page.engine();
    return figures;
}

// One more stream at the interval on each page, not counted, with the DevTools profiler sampling the page:
// where each page's main thread spends its time, for the details.
QString profiles(BenchPage &page, const starling::test::TestServer &server, const Settings &s)
{
    QString text
        = QStringLiteral("Profiles (%1, one more stream of %2 events at %3 patches/s per page, not counted "
                         "in the figures above):\n\n")
              .arg(page.engine())
              .arg(s.latencyEvents)
              .arg(1000 / s.intervalMs);
    for (const auto &[name, path] : Pages) {
        err << "  profiling the " << name << " page\n";
        err.flush();
        QString error;
        std::optional<starling::bench::JsProfile> profile;
        if (!page.load(server.url(path)) || !page.waitFor(QStringLiteral("window.ready === true"))
            || !streamAndWait(page, 1, s.warmUpEvents, s.intervalMs)) {
            error = page.errorString();
        } else if (auto *session = page.devTools()) {
            profile = starling::bench::profileWhile(
                *session,
                [&] { return streamAndWait(page, 1 + s.warmUpEvents, s.latencyEvents, s.intervalMs); },
                &error);
        } else {
            error = page.errorString();
        }
        text += QStringLiteral("*%1 page*: ").arg(name)
            + (profile ? profile->markdown(10) : QStringLiteral("no profile (%1)\n").arg(error))
            + QLatin1Char('\n');
    }
    return text;
}

QString detailsTable(const EngineFigures &f)
{
    QString table
        = QStringLiteral("**%1**\n\n| page | samples | p50 ms | p99 ms | p99 of each round, ms | max ms | "
                         "burst patches/s |\n|---|---|---|---|---|---|---|\n")
              .arg(f.engine);
    for (int i = 0; i < PageCount; ++i) {
        const QList<double> &l = f.pages[i].latencies;
        QStringList rounds;
        for (double p99 : f.pages[i].roundP99s)
            rounds.append(figure(p99, 3));
        table += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |\n")
                     .arg(Pages[i].name, QString::number(l.size()), figure(percentile(l, 0.5), 3),
                          figure(percentile(l, 0.99), 3), rounds.join(QStringLiteral(", ")),
                          figure(*std::max_element(l.cbegin(), l.cend()), 3),
                          figure(median(f.pages[i].rates), 0));
    }
    const QList<double> &apply = f.starling().applyTimes;
    return table
        + QStringLiteral("\np99 ratio Starling/bare EventSource: %1. Of the client's latency, from its "
                         "`datastar-fetch` event for a patch to the change seen (applying the patch, the "
                         "engine's observer): p50 %2 ms, p99 %3 ms.\n")
              .arg(figure(percentile(f.starling().latencies, 0.99) / percentile(f.bare().latencies, 0.99)),
                   figure(percentile(apply, 0.5), 3), figure(percentile(apply, 0.99), 3));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    QString error;
    const auto options = starling::bench::BenchOptions::parse(app.arguments(), &error);
    if (!options) {
        err << error << "\n";
        return 2;
    }
    Settings s;
    if (options->smoke)
        s = Settings {
            .rounds = 2, .latencyEvents = 20, .warmUpEvents = 5, .burstEvents = 200, .intervalMs = 10
        };

    starling::test::TestServer server;
    server.addPage(QStringLiteral("/starling.html"), StarlingPage);
    server.addPage(QStringLiteral("/bare.html"), BarePage);
    server.addPage(QStringLiteral("/fetch.html"), FetchPage);
    server.http().route(QStringLiteral("/patches"),
                        [](const QHttpServerRequest &request, datastar::RouteResponder responder) {
                            streamPatches(request, std::move(responder));
                        });
    if (!server.listen())
        return 1;

    const QString settings
        = QStringLiteral("%1 rounds; per round and page: %2 warm-up events, then %3 events at %4 patches/s "
                         "(one every %5 ms), then a burst of %6 events")
              .arg(s.rounds)
              .arg(s.warmUpEvents)
              .arg(s.latencyEvents)
              .arg(1000 / s.intervalMs)
              .arg(s.intervalMs)
              .arg(s.burstEvents);
    err << "patch-to-dom: " << settings << "\nQtWebEngine:\n";
    err.flush();
    std::optional<EngineFigures> qt;
    QString qtProfiles;
    {
        const auto page = BenchPage::openQtWebEngine();
        qt = measure(*page, server, s);
        if (!qt)
            return 1;
        qtProfiles = profiles(*page, server, s);
    }

    err << "Chromium:\n";
    err.flush();
    const QString chromiumDetails = BenchPage::inChromium([&](BenchPage &page) -> std::optional<QString> {
        if (const auto chromium = measure(page, server, s))
            return detailsTable(*chromium);
        return std::nullopt;
    });

    BenchReport report;
    report.title = QStringLiteral("Patch-to-DOM latency: Starling's client against a bare EventSource page");
    report.setup
        = QStringLiteral(
              "One SSE stream of `datastar-patch-elements` events (one `<p>` whose `data-sent` holds the "
              "server's send time) from a Starling SDK server in the benchmark's process, read by Starling's "
              "client (`@get`, morph), by a bare page whose EventSource listener writes the same change "
              "itself, and (details) by the same bare page reading the stream with fetch(), as `@get` does. "
              "Latency: a MutationObserver's time minus the send time, every event. %1. In %2; Chromium and "
              "profiles in the details.")
              .arg(settings, qt->engine);
    const double oursP99 = percentile(qt->starling().latencies, 0.99);
    const double bareP99 = percentile(qt->bare().latencies, 0.99);
    const QString bareName = QStringLiteral("bare EventSource page");
    report.rows.append(BenchRow { .measure = QStringLiteral("patch-to-DOM p50 at 100 patches/s"),
                                  .value = percentile(qt->starling().latencies, 0.5),
                                  .unit = QStringLiteral("ms"),
                                  .baseline = percentile(qt->bare().latencies, 0.5),
                                  .baselineName = bareName });
    const double ratio = bareP99 > 0 ? oursP99 / bareP99 : 0;
    report.rows.append(BenchRow { .measure = QStringLiteral("patch-to-DOM p99 at 100 patches/s"),
                                  .value = oursP99,
                                  .unit = QStringLiteral("ms"),
                                  .baseline = bareP99,
                                  .baselineName = bareName,
                                  .goal = QStringLiteral("<= 1.5x the bare EventSource page"),
                                  .met = ratio > 0 && ratio <= 1.5,
                                  .why = QStringLiteral("%1x (%2 ms against %3 ms)")
                                             .arg(figure(ratio), figure(oursP99, 3), figure(bareP99, 3)) });
    report.rows.append(BenchRow { .measure = QStringLiteral("patches applied per second, burst"),
                                  .value = median(qt->starling().rates),
                                  .unit = QStringLiteral("patches/s"),
                                  .baseline = median(qt->bare().rates),
                                  .baselineName = bareName });
    report.details = detailsTable(*qt) + QLatin1Char('\n') + chromiumDetails + QLatin1Char('\n') + qtProfiles;
    err << report.details;
    err.flush();
    if (!report.write(options->jsonPath, &error)) {
        err << error << "\n";
        return 1;
    }
    return 0;
}
