// Benchmark of the client's backend half. Prints figures; asserts nothing; not registered with ctest.
//
// Run by hand from the repository root (with your build directory):
//   cmake --build build --target client-backend-bench
//   QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 build/bin/client-backend-bench [runs]
// (QTWEBENGINE_DISABLE_SANDBOX only when running as root.) Takes about half a minute.
//
// Figures, all from one run of one QtWebEngine view against a local SDK server:
//   1. Morph of a 1,000-row table where 10 rows change (a `datastar-patch-elements` of the whole <tbody>,
//      applied with patchElements(): parse + morph) vs setting the <tbody>'s innerHTML to the same HTML;
//      median of `runs` (default 30) of each, DOM work alone and DOM work plus the layout it causes; and the
//      ratio.
//   2. Events applied per second from one SSE stream: 20,000 `datastar-patch-elements` (a morph by id) and
//      20,000 `datastar-patch-signals`, from the first event applied to the stream's end.
//   3. Patch-to-DOM latency at 100 patches/s (one event every 10 ms, 500 events) on our client vs a bare
//      EventSource page that reads the same stream and writes the same text itself: server send time (system
//      clock, µs) to the MutationObserver callback seeing the change (performance.timeOrigin + now()); p50 /
//      p99. (Events that arrive in one network read are applied in one task and give one sample.) Goal: our
//      p99 at most 1.5x the bare page's and under 5 ms.
#include "pagedriver.h"
#include "testserver.h"

#include <datastar/datastar.h>

#include <QApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTextStream>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <chrono>

using starling::test::PageDriver;
using starling::test::TestServer;

namespace {

QTextStream out(stdout);

double nowMicros()
{
    using namespace std::chrono;
    return double(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count());
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype i
        = std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5));
    return values.at(i);
}

QList<double> toDoubles(const QVariant &v)
{
    QList<double> result;
    for (const QVariant &x : v.toList())
        result.append(x.toDouble());
    return result;
}

const QByteArray ClientHead = "<!doctype html><html><head><meta charset=\"utf-8\">"
                              "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>";

// Page 1: the table benchmark, run entirely in the page.
const QByteArray MorphPage = ClientHead + R"~(
<script type="module">
import { patchElements } from '/_starling/datastar/patch.js';
const rows = (version) => {
  let h = '';
  for (let i = 0; i < 1000; i++) {
    const changed = i % 100 === 0; // 10 rows change between versions
    h += `<tr id="r${i}"><td>${i}</td><td class="name">row ${i}${changed ? ' v' + version : ''}</td>` +
         `<td><input value="${i}"></td><td>${(i * 7) % 13}</td></tr>`;
  }
  return h;
};
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
window.runMorphBench = (runs) => {
  const table = document.getElementById('table');
  const result = {};
  for (const kind of ['morph', 'innerHTML']) {
    table.innerHTML = `<tbody id="tb">${rows(0)}</tbody>`;
    document.body.offsetHeight;
    const dom = [], withLayout = [];
    for (let run = 1; run <= runs; run++) {
      const html = rows(run);
      const t0 = performance.now();
      if (kind === 'morph') patchElements({ elements: `<tbody id="tb">${html}</tbody>` });
      else document.getElementById('tb').innerHTML = html;
      const t1 = performance.now();
      document.body.offsetHeight;
      const t2 = performance.now();
      dom.push(t1 - t0);
      withLayout.push(t2 - t0);
    }
    result[kind] = { dom: median(dom), withLayout: median(withLayout) };
  }
  return JSON.stringify(result);
};
window.__ready = true;
</script></head><body><table id="table"></table></body></html>)~";

// Page 2: events per second; a button starts the stream.
const QByteArray RatePage = ClientHead + R"~(
<script type="module">
window.firstAt = 0;
document.addEventListener('datastar-fetch', (e) => {
  if (!window.firstAt && e.detail.type.startsWith('datastar-patch')) window.firstAt = performance.now();
  if (e.detail.type === 'finished') window.doneAt = performance.now();
});
window.__ready = true;
</script></head><body>
<div data-signals="{count: 0}"></div><span id="c">-</span>
<button id="elements" data-on:click="@get('/burst?kind=elements')">e</button>
<button id="signals" data-on:click="@get('/burst?kind=signals')">s</button>
</body></html>)~";

// The latency recorder shared by both latency pages: the sent time travels in data-sent / the text.
const QByteArray LatencyRecorder = R"~(
window.latencies = [];
window.startObserving = () => {
  const target = document.getElementById('target');
  new MutationObserver(() => {
    const now = performance.timeOrigin + performance.now();
    const el = document.getElementById('t');
    const sent = Number(el.getAttribute('data-sent'));
    if (sent) window.latencies.push(now - sent / 1000);
  }).observe(target, { subtree: true, childList: true, attributes: true, characterData: true });
};
)~";

// Page 3a: our client.
const QByteArray LatencyPage = ClientHead + "<script type=\"module\">" + LatencyRecorder + R"~(
startObserving();
document.addEventListener('datastar-fetch', (e) => { if (e.detail.type === 'finished') window.done = true; });
window.__ready = true;
</script></head><body><div id="target"><p id="t" data-sent="0">0</p></div>
<button id="go" data-on:click="@get('/latency')">go</button></body></html>)~";

// Page 3b: a bare EventSource on the same stream, writing the same change itself.
const QByteArray BarePage = QByteArrayLiteral("<!doctype html><html><head><meta charset=\"utf-8\"><script>")
    + LatencyRecorder + R"~(
window.go = () => {
  startObserving();
  const es = new EventSource('/latency');
  es.addEventListener('datastar-patch-elements', (e) => {
    const m = /data-sent="(\d+)">(\d+)</.exec(e.data);
    const el = document.getElementById('t');
    el.setAttribute('data-sent', m[1]);
    el.textContent = m[2];
  });
  es.onerror = () => { es.close(); window.done = true; };
};
window.__ready = true;
</script></head><body><div id="target"><p id="t" data-sent="0">0</p></div></body></html>)~";

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(3, atoi(argv[1])) : 30;
    constexpr int BurstEvents = 20000;
    constexpr int LatencyEvents = 500;

    TestServer server;
    server.addPage(QStringLiteral("/morph.html"), MorphPage);
    server.addPage(QStringLiteral("/rate.html"), RatePage);
    server.addPage(QStringLiteral("/latency.html"), LatencyPage);
    server.addPage(QStringLiteral("/bare.html"), BarePage);
    server.http().route(
        QStringLiteral("/burst"), [](const QHttpServerRequest &req, datastar::RouteResponder r) {
            const bool signalsKind
                = QUrlQuery(req.url()).queryItemValue(QStringLiteral("kind")) == QLatin1StringView("signals");
            auto *sse = datastar::ServerSentEventGenerator::start(req, std::move(r));
            for (int i = 1; i <= BurstEvents; ++i) {
                if (signalsKind)
                    sse->patchSignals(QJsonObject { { QStringLiteral("count"), i } });
                else
                    sse->patchElements(QStringLiteral("<span id=\"c\">%1</span>").arg(i));
            }
            sse->close();
        });
    server.http().route(QStringLiteral("/latency"),
                        [](const QHttpServerRequest &req, datastar::RouteResponder r) {
                            QPointer<datastar::ServerSentEventGenerator> sse
                                = datastar::ServerSentEventGenerator::start(req, std::move(r));
                            auto *timer = new QTimer(sse);
                            timer->setTimerType(Qt::PreciseTimer);
                            timer->setInterval(10);
                            auto sent = std::make_shared<int>(0);
                            QObject::connect(timer, &QTimer::timeout, sse, [sse, timer, sent] {
                                if (!sse)
                                    return;
                                if (++*sent > LatencyEvents) {
                                    timer->stop();
                                    sse->close();
                                    return;
                                }
                                sse->patchElements(QStringLiteral("<p id=\"t\" data-sent=\"%1\">%2</p>")
                                                       .arg(qint64(nowMicros()))
                                                       .arg(*sent));
                            });
                            timer->start();
                        });
    if (!server.listen())
        return 1;
    PageDriver page;

    // 1. Morph vs innerHTML.
    if (page.load(server.url(QStringLiteral("/morph.html")))
        && page.waitFor(QStringLiteral("window.__ready === true"))) {
        const QJsonObject r = QJsonDocument::fromJson(
                                  page.eval(QStringLiteral("runMorphBench(%1)").arg(runs), nullptr, 120000)
                                      .toString()
                                      .toUtf8())
                                  .object();
        const auto morph = r.value(QStringLiteral("morph")).toObject();
        const auto inner = r.value(QStringLiteral("innerHTML")).toObject();
        out << "1. 1,000-row table, 10 rows changed (median of " << runs << " runs)\n";
        out << QStringLiteral("   morph (parse + morph):  %1 ms DOM, %2 ms with layout\n")
                   .arg(morph.value(QStringLiteral("dom")).toDouble(), 0, 'f', 2)
                   .arg(morph.value(QStringLiteral("withLayout")).toDouble(), 0, 'f', 2);
        out << QStringLiteral("   innerHTML replace:      %1 ms DOM, %2 ms with layout\n")
                   .arg(inner.value(QStringLiteral("dom")).toDouble(), 0, 'f', 2)
                   .arg(inner.value(QStringLiteral("withLayout")).toDouble(), 0, 'f', 2);
        out << QStringLiteral("   ratio morph/innerHTML:  %1 (DOM), %2 (with layout)\n")
                   .arg(morph.value(QStringLiteral("dom")).toDouble()
                            / inner.value(QStringLiteral("dom")).toDouble(),
                        0, 'f', 2)
                   .arg(morph.value(QStringLiteral("withLayout")).toDouble()
                            / inner.value(QStringLiteral("withLayout")).toDouble(),
                        0, 'f', 2);
        out.flush();
    } else {
        out << "1. morph page failed to load\n";
    }

    // 2. Events per second from one stream.
    for (const QString &kind : { QStringLiteral("elements"), QStringLiteral("signals") }) {
        if (!page.load(server.url(QStringLiteral("/rate.html")))
            || !page.waitFor(QStringLiteral("window.__ready === true"))) {
            out << "2. rate page failed to load\n";
            continue;
        }
        page.click(QLatin1Char('#') + kind);
        if (!page.waitFor(QStringLiteral("window.doneAt !== undefined"), 120000)) {
            out << "2. burst did not finish\n";
            continue;
        }
        const double ms = page.eval(QStringLiteral("window.doneAt - window.firstAt")).toDouble();
        out << QStringLiteral("2. %1 datastar-patch-%2 events from one stream: %3 ms, %4 events/s\n")
                   .arg(BurstEvents)
                   .arg(kind)
                   .arg(ms, 0, 'f', 1)
                   .arg(double(BurstEvents) / ms * 1000.0, 0, 'f', 0);
        out.flush();
    }

    // 3. Latency at 100 patches/s: the bare page, then ours, in the same run.
    QList<double> bare, ours;
    if (page.load(server.url(QStringLiteral("/bare.html")))
        && page.waitFor(QStringLiteral("window.__ready === true"))) {
        page.eval(QStringLiteral("go()"));
        page.waitFor(QStringLiteral("window.done === true"), 30000);
        bare = toDoubles(page.eval(QStringLiteral("window.latencies")));
    }
    if (page.load(server.url(QStringLiteral("/latency.html")))
        && page.waitFor(QStringLiteral("window.__ready === true"))) {
        page.click(QStringLiteral("#go"));
        page.waitFor(QStringLiteral("window.done === true"), 30000);
        ours = toDoubles(page.eval(QStringLiteral("window.latencies")));
    }
    out << QStringLiteral("3. patch-to-DOM latency at 100 patches/s (%1 / %2 events)\n")
               .arg(bare.size())
               .arg(ours.size());
    out << QStringLiteral("   bare EventSource page:  p50 %1 ms, p99 %2 ms\n")
               .arg(percentile(bare, 0.5), 0, 'f', 3)
               .arg(percentile(bare, 0.99), 0, 'f', 3);
    out << QStringLiteral("   Starling client:        p50 %1 ms, p99 %2 ms\n")
               .arg(percentile(ours, 0.5), 0, 'f', 3)
               .arg(percentile(ours, 0.99), 0, 'f', 3);
    if (!bare.isEmpty() && percentile(bare, 0.99) > 0)
        out << QStringLiteral("   p99 ratio ours/bare:    %1 (goal <= 1.5, and our p99 < 5 ms)\n")
                   .arg(percentile(ours, 0.99) / percentile(bare, 0.99), 0, 'f', 2);
    out.flush();
    return 0;
}
