// client-bench: the client's own costs (resources/datastar), each next to a hand-written peer doing the same
// DOM work in plain JS, measured in the same run. Run through tests/bench/client/bench (the part's contract:
// tests/bench/README.md).
//
//   1. Bytes: every module a page that loads the client fetches (read from the page's resource timing; the
//      dev-mode debug module left out), raw, gzip -9 and brotli q11, each module compressed on its own (as
//      they are served) and, in the details, as one concatenated bundle. No peer.
//   2. Init of 1,000 bound elements: a page of 1,000 <input data-bind:fN> loading the client, from just
//      before the client's modules run (all fetched by then) to just after it applied itself, against the
//      same 1,000 inputs wired by a plain-JS module (each input's value kept in a state object by an `input`
//      listener, and a setter writing a value back: the two directions data-bind gives). Also apply() alone
//      on 1,000 inputs added to a running page, against the same hand wiring of them.
//   3. Morph of a 1,000-row table where 10 rows change (patchElements() of the whole <tbody>: parse + morph)
//      against setting the <tbody>'s innerHTML to the same rows; DOM work plus the layout it causes.
//   4. One signal change shown by 1,000 data-text elements against a loop writing the 1,000 textContents.
// Each figure is the median of the runs; the two sides alternate which goes first. Run in QtWebEngine (the
// figures) and, when Debian's Chromium is installed, in it too (the details).
#include "benchpage.h"
#include "benchreport.h"
#include "testserver.h"

#include <QApplication>
#include <QFile>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

#include <brotli/encode.h>
#include <tuple>
#include <zlib.h>

using starling::bench::BenchPage;
using starling::bench::BenchReport;
using starling::bench::BenchRow;
using starling::bench::figure;
using starling::bench::median;

namespace {

QTextStream err(stderr);

struct Settings
{
    int pageRuns = 7; // page loads of each init page
    int runs = 21; // in-page runs of apply() and of the signal change
    int morphRuns = 9; // in-page runs of the morph (each side rebuilds the 1,000-row table first)
};

constexpr int Elements = 1000;

qsizetype gzipSize(const QByteArray &data)
{
    z_stream s {};
    deflateInit2(&s, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY); // 15 + 16: gzip framing
    QByteArray out(qsizetype(deflateBound(&s, uLong(data.size()))) + 64, Qt::Uninitialized);
    s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    s.avail_in = uInt(data.size());
    s.next_out = reinterpret_cast<Bytef *>(out.data());
    s.avail_out = uInt(out.size());
    deflate(&s, Z_FINISH);
    const auto size = qsizetype(s.total_out);
    deflateEnd(&s);
    return size;
}

qsizetype brotliSize(const QByteArray &data)
{
    size_t size = BrotliEncoderMaxCompressedSize(size_t(data.size()));
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, size_t(data.size()),
                          reinterpret_cast<const uint8_t *>(data.constData()), &size,
                          reinterpret_cast<uint8_t *>(out.data()));
    return qsizetype(size);
}

QByteArray inputs(const QByteArray &binding)
{
    QByteArray html;
    for (int i = 0; i < Elements; ++i) {
        const QByteArray n = QByteArray::number(i);
        html += "<input " + QByteArray(binding).replace("N", n) + " value=\"v" + n + "\">";
    }
    return html;
}

const QByteArray Head = "<!doctype html><html><head><meta charset=\"utf-8\"></head><body>";
const QByteArray Client = "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>";

// The plain-JS peer of data-bind: wire(root) binds every input[name] below root, both directions.
const QByteArray HandWiring = R"~(
window.fields = new Map();
window.wire = (root) => {
  for (const input of root.querySelectorAll('input[name]')) {
    const field = { value: input.value, input };
    input.addEventListener('input', () => { field.value = input.value; });
    window.fields.set(input.name, field);
  }
};
window.setField = (name, value) => {
  const field = window.fields.get(name);
  field.value = value;
  field.input.value = value;
};
)~";

// The init pages: one module script imports the clock's start, then what binds the inputs, so the clock
// starts once every module of both has been fetched and parsed, just before they run; the next module script
// runs after the microtasks the first queued (the client applies itself in one) and stops the clock.
const QByteArray StartClock = "window.t0 = performance.now();";
QByteArray initPage(const QByteArray &binding, const QByteArray &bindingModule)
{
    return Head + inputs(binding) + "<script type=\"module\">import '/bench/start-clock.js'; import '"
        + bindingModule + "';</script>"
        + "<script type=\"module\">window.t1 = performance.now();</script></body></html>";
}

// The in-page measurements: each returns {starling: [ms...], peer: [ms...]}.
const QByteArray RunsPage = Head + Client + R"~(
<table id="table"></table>
<div id="texts" data-signals:x="0"></div><div id="plain"></div>
<script type="module">
import { patchElements } from '/_starling/datastar/patch.js';
)~" + HandWiring
    + R"~(
const N = 1000;
const timed = (runs, starling, peer) => {
  const result = { starling: [], peer: [] };
  for (let run = 1; run <= runs; run++) {
    const order = run % 2 ? [['starling', starling], ['peer', peer]] : [['peer', peer], ['starling', starling]];
    for (const [side, fn] of order) result[side].push(fn(run));
  }
  return result;
};

const inputsHtml = (run, attribute) => {
  let h = '';
  for (let i = 0; i < N; i++) h += `<input ${attribute}="r${run}f${i}" value="v${i}">`;
  return h;
};
// A container of 1,000 inputs added to the page (not timed), the binding (timed), the container removed.
const bindAdded = (attribute, bind, check) => (run) => {
  const box = document.createElement('div');
  box.innerHTML = inputsHtml(run, attribute);
  document.body.append(box);
  const t0 = performance.now();
  bind(box);
  const t = performance.now() - t0;
  if (!check(run)) throw new Error(`inputs of run ${run} not bound`);
  box.remove();
  return t;
};
window.runApply = (runs) => timed(runs,
  bindAdded('data-bind', (box) => window.__starlingDatastarDebug.apply(box),
            (run) => window.__starlingDatastarDebug.getPath(`r${run}f${N - 1}`) === `v${N - 1}`),
  bindAdded('name', (box) => wire(box), (run) => fields.get(`r${run}f${N - 1}`).value === `v${N - 1}`));

const rows = (version) => {
  let h = '';
  for (let i = 0; i < N; i++) {
    const changed = i % 100 === 0; // 10 rows change from one version to the next
    h += `<tr id="r${i}"><td>${i}</td><td class="name">row ${i}${changed ? ' v' + version : ''}</td>` +
         `<td><input value="${i}"></td><td>${(i * 7) % 13}</td></tr>`;
  }
  return h;
};
// The table at version run - 1 (not timed), then the change to version run and its layout (timed).
const tableChange = (change) => (run) => {
  document.getElementById('table').innerHTML = `<tbody id="tb">${rows(run - 1)}</tbody>`;
  document.body.offsetHeight;
  const html = rows(run);
  const t0 = performance.now();
  change(html);
  document.body.offsetHeight;
  const t = performance.now() - t0;
  if (document.querySelector('#r0 .name').textContent !== `row 0 v${run}`) throw new Error('the table did not change');
  return t;
};
window.runMorph = (runs) => timed(runs,
  tableChange((html) => patchElements({ elements: `<tbody id="tb">${html}</tbody>` })),
  tableChange((html) => { document.getElementById('tb').innerHTML = html; }));

let spans = '';
for (let i = 0; i < N; i++) spans += '<span data-text="$x"></span>';
document.getElementById('texts').innerHTML = spans;
document.getElementById('plain').innerHTML = spans.replaceAll(' data-text="$x"', '');
const plain = [...document.querySelectorAll('#plain span')];
// One change shown by 1,000 elements and its layout (timed); the value differs on every call.
let value = 0;
const propagate = (show, container) => () => {
  document.body.offsetHeight;
  value++;
  const t0 = performance.now();
  show(value);
  document.body.offsetHeight;
  const t = performance.now() - t0;
  if (document.querySelector(`#${container} span:last-child`).textContent !== String(value)) {
    throw new Error(`#${container} does not show ${value}`);
  }
  return t;
};
window.runPropagate = (runs) => timed(runs,
  propagate((v) => window.__starlingDatastarDebug.mergePatch({ x: v }), 'texts'),
  propagate((v) => { const text = String(v); for (const span of plain) span.textContent = text; }, 'plain'));
window.ready = true;
</script></body></html>)~";

struct Pair
{
    QList<double> starling;
    QList<double> peer;
};

struct EngineFigures
{
    QString engine;
    Pair init;
    Pair apply;
    Pair morph;
    Pair propagate;
};

QList<double> toList(const QJsonValue &value)
{
    QList<double> list;
    for (const QJsonValue &v : value.toArray())
        list.append(v.toDouble());
    return list;
}

std::optional<double> initTime(BenchPage &page, const starling::test::TestServer &server, const QString &path)
{
    if (!page.load(server.url(path)) || !page.waitFor(QStringLiteral("window.t1 !== undefined")))
        return std::nullopt;
    const auto t = page.eval(QStringLiteral("window.t1 - window.t0"));
    return t ? std::optional(t->toDouble()) : std::nullopt;
}

std::optional<Pair> inPage(BenchPage &page, const QString &function, int runs)
{
    const auto result = page.eval(QStringLiteral("%1(%2)").arg(function).arg(runs));
    if (!result)
        return std::nullopt;
    const QJsonObject o = result->toObject();
    return Pair { toList(o.value(QStringLiteral("starling"))), toList(o.value(QStringLiteral("peer"))) };
}

std::optional<EngineFigures> measure(BenchPage &page, const starling::test::TestServer &server,
                                     const Settings &s)
{
    EngineFigures f;
    err << "  init pages: " << s.pageRuns << " loads each\n";
    err.flush();
    for (int run = 0; run < s.pageRuns; ++run) {
        const bool starlingFirst = run % 2 == 0;
        for (int i = 0; i < 2; ++i) {
            const bool starling = (i == 0) == starlingFirst;
            const auto t = initTime(
                page, server, starling ? QStringLiteral("/init.html") : QStringLiteral("/init-by-hand.html"));
            if (!t)
                return std::nullopt;
            (starling ? f.init.starling : f.init.peer).append(*t);
        }
    }
    // A fresh page for each, so that none runs among what another left behind (signals, listeners).
    const std::tuple<const char *, Pair *, int> measurements[] = { { "runApply", &f.apply, s.runs },
                                                                   { "runMorph", &f.morph, s.morphRuns },
                                                                   { "runPropagate", &f.propagate, s.runs } };
    for (const auto &[function, pair, runs] : measurements) {
        err << "  " << function << ": " << runs << " runs each\n";
        err.flush();
        if (!page.load(server.url(QStringLiteral("/runs.html")))
            || !page.waitFor(
                QStringLiteral("window.ready === true && window.__starlingDatastarDebug !== undefined")))
            return std::nullopt;
        const auto result = inPage(page, QString::fromLatin1(function), runs);
        if (!result)
            return std::nullopt;
        *pair = *result;
    }
    f.engine = page.engine();
    return f;
}

struct Module
{
    QString path; // below /_starling/datastar/
    QByteArray data;
};

// The client's modules a page loads (dev-mode debug module left out), from its resource timing.
std::optional<QList<Module>> loadedModules(BenchPage &page, const starling::test::TestServer &server)
{
    if (!page.load(server.url(QStringLiteral("/init.html")))
        || !page.waitFor(QStringLiteral("window.t1 !== undefined")))
        return std::nullopt;
    const auto paths = page.eval(QStringLiteral(
        "performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)"
        ".filter((p) => p.startsWith('/_starling/datastar/') && !p.endsWith('/debug.js')).sort()"));
    if (!paths)
        return std::nullopt;
    QList<Module> modules;
    for (const QJsonValue &p : paths->toArray()) {
        const QString path = p.toString().mid(qsizetype(sizeof("/_starling/datastar/")) - 1);
        QFile file(QStringLiteral(":/datastar/") + path);
        if (!file.open(QIODevice::ReadOnly)) {
            err << "cannot read the client's " << path << "\n";
            return std::nullopt;
        }
        modules.append(Module { path, file.readAll() });
    }
    return modules;
}

QString pairLine(const QString &name, const Pair &p, const QString &peerName)
{
    return QStringLiteral("| %1 | %2 | %3 (%4) | %5x |\n")
        .arg(name, figure(median(p.starling), 3), figure(median(p.peer), 3), peerName,
             figure(median(p.starling) / median(p.peer)));
}

QString detailsTable(const EngineFigures &f)
{
    return QStringLiteral(
               "**%1** (medians, ms)\n\n| measure | Starling | peer | ratio |\n|---|---|---|---|\n")
               .arg(f.engine)
        + pairLine(QStringLiteral("init, page of 1,000 data-bind inputs"), f.init,
                   QStringLiteral("hand-wired"))
        + pairLine(QStringLiteral("apply() on 1,000 added inputs"), f.apply, QStringLiteral("hand-wired"))
        + pairLine(QStringLiteral("morph, 10 of 1,000 rows changed, with layout"), f.morph,
                   QStringLiteral("innerHTML"))
        + pairLine(QStringLiteral("one signal to 1,000 data-text, with layout"), f.propagate,
                   QStringLiteral("textContent loop"));
}

BenchRow pairRow(const QString &measure, const Pair &p, const QString &peerName)
{
    return BenchRow { .measure = measure,
                      .value = median(p.starling),
                      .unit = QStringLiteral("ms"),
                      .baseline = median(p.peer),
                      .baselineName = peerName };
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
    const Settings s = options->smoke ? Settings { .pageRuns = 1, .runs = 2, .morphRuns = 1 } : Settings {};

    starling::test::TestServer server;
    server.addPage(QStringLiteral("/init.html"), initPage("data-bind:fN", "/_starling/datastar/datastar.js"));
    server.addPage(QStringLiteral("/init-by-hand.html"), initPage("name=\"fN\"", "/bench/hand-wiring.js"));
    const auto addModule = [&server](const QString &path, const QByteArray &js) {
        server.http().route(path, [js] { return QHttpServerResponse("text/javascript", js); });
    };
    addModule(QStringLiteral("/bench/start-clock.js"), StartClock);
    addModule(QStringLiteral("/bench/hand-wiring.js"), HandWiring + "wire(document.body);");
    server.addPage(QStringLiteral("/runs.html"), RunsPage);
    if (!server.listen())
        return 1;
    const QString settings
        = QStringLiteral("%1 page loads of each init page, %2 runs of each in-page measure")
              .arg(s.pageRuns)
              .arg(s.runs);
    err << "client: " << settings << "\nQtWebEngine:\n";
    err.flush();

    std::optional<EngineFigures> qt;
    std::optional<QList<Module>> modules;
    {
        const auto page = BenchPage::openQtWebEngine();
        qt = measure(*page, server, s);
        if (qt)
            modules = loadedModules(*page, server);
        if (!qt || !modules) {
            err << "failed: " << page->errorString() << "\n";
            return 1;
        }
    }

    err << "Chromium:\n";
    err.flush();
    const QString chromiumDetails = BenchPage::inChromium([&](BenchPage &page) -> std::optional<QString> {
        if (const auto chromium = measure(page, server, s))
            return detailsTable(*chromium);
        return std::nullopt;
    });

    qsizetype raw = 0, gzip = 0, brotli = 0;
    QByteArray bundle;
    QString moduleTable
        = QStringLiteral("Modules a page loads (bytes):\n\n| module | raw | gzip -9 | brotli q11 |\n"
                         "|---|---|---|---|\n");
    for (const Module &m : *modules) {
        const qsizetype mGzip = gzipSize(m.data), mBrotli = brotliSize(m.data);
        raw += m.data.size();
        gzip += mGzip;
        brotli += mBrotli;
        bundle += m.data;
        moduleTable += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                           .arg(m.path)
                           .arg(m.data.size())
                           .arg(mGzip)
                           .arg(mBrotli);
    }
    moduleTable += QStringLiteral("| total (%1 modules, each compressed) | %2 | %3 | %4 |\n"
                                  "| as one concatenated bundle | %5 | %6 | %7 |\n")
                       .arg(modules->size())
                       .arg(raw)
                       .arg(gzip)
                       .arg(brotli)
                       .arg(bundle.size())
                       .arg(gzipSize(bundle))
                       .arg(brotliSize(bundle));

    BenchReport report;
    report.title = QStringLiteral("Client: size, init, morph");
    report.setup
        = QStringLiteral(
              "Starling's client (resources/datastar) from a test server in the benchmark's process, in %1; "
              "each figure the median of %2, the two sides alternating which goes first. Peers: the same "
              "1,000 inputs wired by a plain-JS module (an `input` listener per input keeping a state "
              "object, "
              "and a setter writing back; no reactivity, no expressions); `innerHTML` of the same rows for "
              "the morph (which, unlike the morph, loses the inputs' state); a loop writing the 1,000 "
              "`textContent`s for the signal change. Sizes: the modules a page fetches (dev-mode debug "
              "module left out), each compressed on its own. Init: from the first client module running (all "
              "fetched) "
              "to the client applied, against the same span for the hand-wiring module. Chromium in the "
              "details.")
              .arg(qt->engine, settings);
    const QString byHand = QStringLiteral("the same inputs wired by hand in plain JS");
    report.rows = {
        BenchRow { .measure = QStringLiteral("client bytes, raw"),
                   .value = double(raw),
                   .unit = QStringLiteral("B") },
        BenchRow { .measure = QStringLiteral("client bytes, gzip -9"),
                   .value = double(gzip),
                   .unit = QStringLiteral("B") },
        BenchRow { .measure = QStringLiteral("client bytes, brotli q11"),
                   .value = double(brotli),
                   .unit = QStringLiteral("B") },
        pairRow(QStringLiteral("init, page of 1,000 data-bind inputs"), qt->init, byHand),
        pairRow(QStringLiteral("apply() on 1,000 added data-bind inputs"), qt->apply, byHand),
        pairRow(QStringLiteral("morph of 10 changed rows in a 1,000-row table, with layout"), qt->morph,
                QStringLiteral("innerHTML of the same rows")),
        pairRow(QStringLiteral("one signal change shown by 1,000 data-text, with layout"), qt->propagate,
                QStringLiteral("a loop writing the 1,000 textContents")),
    };
    report.details
        = moduleTable + QLatin1Char('\n') + detailsTable(*qt) + QLatin1Char('\n') + chromiumDetails;
    err << report.details;
    err.flush();
    if (!report.write(options->jsonPath, &error)) {
        err << error << "\n";
        return 1;
    }
    return 0;
}
