// The hello-world Starling app measured by tests/bench/runtime-startup/bench: a normal starling::App with one
// route `/` answering a small page that loads the Datastar client and shows some text (the same body as
// page.html, the bare window's page). The bench reads the page's paint timing over Chromium's DevTools
// protocol, so the page reports nothing itself.
//
// With STARTUP_HELLO_PATCHES=10000,100000 `/` is instead a page with one stream that receives patches as fast
// as the page applies them (PatchFeeder below), pausing before the first and at each listed count: it prints
// `startup-bench patches <applied count>` on stdout and waits for a `continue` line on stdin, so the bench
// can read the memory of an idle window at each count.
#include <datastar/event.h>
#include <datastar/serversenteventgenerator.h>
#include <starling/app.h>
#include <starling/request.h>
#include <starling/response.h>
#include <starling/stream.h>

#include <QHttpServerResponse>
#include <QJsonObject>
#include <QPointer>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

namespace {

constexpr auto HelloPage = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Hello</title>
<script type="module" src="/_starling/datastar/datastar.js"></script>
</head>
<body>
<h1>Hello, world</h1>
<p>A Starling window: a page from the app's own server, with the Datastar client.</p>
<p hidden id="datastar" data-text="'on'"></p>
</body>
</html>
)html";

// Rows the patches morph in turn (each patch replaces one row's text and an attribute binding).
constexpr int PatchedRows = 100;

constexpr auto PatchPageHead = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Patches</title>
<script type="module" src="/_starling/datastar/datastar.js"></script>
</head>
<body data-signals="{batch: 0}">
<div data-init="@get('/bench/patches/stream', {openWhenHidden: true})"></div>
<div data-effect="$batch > 0 && @post('/bench/patches/ack', {openWhenHidden: true})"></div>
<p>Batch <span id="batch" data-text="$batch"></span></p>
<ul>
)html";

// The same page without the Datastar client, for a baseline: an EventSource, each element replaced by the
// parsed one (no morph), the batch number written and acknowledged with fetch().
constexpr auto EventSourcePageHead = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Patches</title>
<script>
const source = new EventSource('/bench/patches/stream');
source.addEventListener('datastar-patch-elements', (event) => {
  const template = document.createElement('template');
  template.innerHTML = event.data.slice('elements '.length);
  const element = template.content.firstElementChild;
  document.getElementById(element.id).replaceWith(element);
});
source.addEventListener('datastar-patch-signals', (event) => {
  const batch = JSON.parse(event.data.slice('signals '.length)).batch;
  document.getElementById('batch').textContent = batch;
  fetch('/bench/patches/ack', {method: 'POST', headers: {'Content-Type': 'application/json'},
                               body: JSON.stringify({batch})});
});
</script>
</head>
<body>
<p>Batch <span id="batch"></span></p>
<ul>
)html";

// Feeds the patch page's stream. Flow control: batches of BatchPatches element patches, each followed by a
// signal patch setting `batch` to its number; the page's data-effect posts that number back once it applied
// the batch (the client applies a stream's events in order). At most WindowBatches batches are
// unacknowledged, so the page always has the next batch at hand and the stream never runs ahead of it.
class PatchFeeder
{
public:
    static constexpr qint64 BatchPatches = 200;
    static constexpr qint64 WindowBatches = 2;

    explicit PatchFeeder(QList<qint64> pauses)
        : m_pauses(std::move(pauses))
        , m_stdin(STDIN_FILENO, QSocketNotifier::Read)
    {
        QObject::connect(&m_stdin, &QSocketNotifier::activated, [this] { readStdin(); });
    }

    void attach(datastar::ServerSentEventGenerator *generator)
    {
        m_generator = generator;
        pause(); // before the first patch: the idle window
    }

    void acknowledge(qint64 batch)
    {
        m_acknowledged = qMax(m_acknowledged, batch);
        if (!m_paused && !m_pauses.isEmpty() && m_acknowledged * BatchPatches == m_pauses.first()) {
            m_pauses.removeFirst();
            pause(); // all applied: the page is idle
            return;
        }
        feed();
    }

private:
    void pause()
    {
        m_paused = true;
        std::printf("startup-bench patches %lld\n", static_cast<long long>(m_sent));
        std::fflush(stdout);
    }

    void readStdin()
    {
        char buffer[256];
        const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (got <= 0) {
            m_stdin.setEnabled(false); // the bench went away; SIGTERM ends this
            return;
        }
        if (m_paused && QByteArray(buffer, got).contains("continue")) {
            m_paused = false;
            feed();
        }
    }

    // Sends batches up to the window, stopping at the next pause so the page is idle there.
    void feed()
    {
        if (m_paused || !m_generator || m_pauses.isEmpty())
            return;
        while (m_sent < m_pauses.first() && m_sent < (m_acknowledged + WindowBatches) * BatchPatches) {
            for (const qint64 end = m_sent + BatchPatches; m_sent < end; ++m_sent) {
                const QString row = QString::number(m_sent % PatchedRows);
                const QString text = QString::number(m_sent);
                m_generator->send(datastar::patchElements(
                    QStringLiteral("<li id=\"row-%1\" data-attr:title=\"'patch %2'\">patch %2</li>")
                        .arg(row, text)));
            }
            m_generator->send(datastar::patchSignals({ { QStringLiteral("batch"), m_sent / BatchPatches } }));
        }
    }

    QList<qint64> m_pauses;
    QSocketNotifier m_stdin;
    QPointer<datastar::ServerSentEventGenerator> m_generator;
    qint64 m_sent = 0;
    qint64 m_acknowledged = 0;
    bool m_paused = false;
};

QString patchPage(bool datastar)
{
    QString page = QString::fromUtf8(datastar ? PatchPageHead : EventSourcePageHead);
    for (int row = 0; row < PatchedRows; ++row)
        page += QStringLiteral("<li id=\"row-%1\">row %1</li>\n").arg(row);
    return page + QStringLiteral("</ul>\n</body>\n</html>\n");
}

// STARTUP_HELLO_PATCHES: ascending multiples of a batch, e.g. "10000,100000"; empty (said why) when
// malformed.
QList<qint64> patchPauses()
{
    QList<qint64> pauses;
    for (const QString &item :
         qEnvironmentVariable("STARTUP_HELLO_PATCHES").split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 count = item.toLongLong(&ok);
        if (!ok || count <= 0 || count % PatchFeeder::BatchPatches != 0
            || (!pauses.isEmpty() && count <= pauses.last())) {
            std::fprintf(stderr, "STARTUP_HELLO_PATCHES: ascending multiples of %lld, not '%s'\n",
                         static_cast<long long>(PatchFeeder::BatchPatches), qPrintable(item));
            return {};
        }
        pauses.append(count);
    }
    return pauses;
}

} // namespace

int main(int argc, char *argv[])
{
    starling::App app(argc, argv, { .name = "StartupHello", .organization = "StarlingBench" });
    // Measuring the window without its menu bar (the standard shortcuts stay): STARTUP_HELLO_NO_MENU_BAR=1.
    if (qEnvironmentVariableIsSet("STARTUP_HELLO_NO_MENU_BAR"))
        app.desktop().setMenuBarVisible(false);

    if (!qEnvironmentVariableIsSet("STARTUP_HELLO_PATCHES")) {
        app.get("/", [](const starling::Request &) { return starling::html(QString::fromUtf8(HelloPage)); });
        return app.exec();
    }
    const QList<qint64> pauses = patchPauses();
    if (pauses.isEmpty())
        return 2;

    PatchFeeder feeder(pauses);
    const bool datastar = qEnvironmentVariable("STARTUP_HELLO_PATCH_PAGE") != QLatin1String("eventsource");
    app.get("/", [datastar](const starling::Request &) { return starling::html(patchPage(datastar)); });
    app.get("/bench/patches/stream", [&feeder](const starling::Request &, starling::Stream &stream) {
        feeder.attach(stream.keepOpen());
    });
    app.post("/bench/patches/ack", [&feeder](const starling::Request &request) {
        feeder.acknowledge(request.signal<qint64>("batch"));
        return QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent);
    });
    return app.exec();
}
