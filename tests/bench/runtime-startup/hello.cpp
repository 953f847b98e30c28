// The hello-world Starling app measured by run.py: a normal starling::App with one route `/` answering a small
// page that loads the Datastar client and shows some text. Bench-only: the page reports its first contentful
// paint (and its load event) by POSTing to /bench/report; this program prints each report as one stdout line
// `startup-bench <kind> <epoch ms> <resources> <datastar ran>` for run.py, which then measures memory and ends
// it (SIGTERM). The page also logs the line to its console, for startup-bare showing this app's page (--serve).
#include <starling/app.h>
#include <starling/request.h>
#include <starling/response.h>

#include <QHttpServerResponse>

#include <cstdio>

namespace {

// Shared with page.html's body (the bare window's page); only report() differs.
constexpr auto Page = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Hello</title>
<script type="module" src="/_starling/datastar/datastar.js"></script>
<script>
function report(kind, t) {
    const resources = performance.getEntriesByType('resource').length;
    const datastar = document.getElementById('datastar')?.textContent === 'on' ? 1 : 0; // the client ran
    const line = kind + ' ' + t.toFixed(3) + ' ' + resources + ' ' + datastar;
    fetch('/bench/report', {method: 'POST', body: line});
    console.log('startup-bench ' + line); // for startup-bare loading this page from `startup-hello --serve`
}
new PerformanceObserver(function (list, observer) {
    for (const entry of list.getEntries()) {
        if (entry.name === 'first-contentful-paint') {
            observer.disconnect();
            report('fcp', performance.timeOrigin + entry.startTime);
        }
    }
}).observe({type: 'paint', buffered: true});
report('origin', performance.timeOrigin);
addEventListener('load', function () { setTimeout(function () { report('load', performance.timeOrigin + performance.now()); }, 0); });
</script>
</head>
<body>
<h1>Hello, world</h1>
<p>A Starling window: a page from the app's own server, with the Datastar client.</p>
<p hidden id="datastar" data-text="'on'"></p>
</body>
</html>
)html";

} // namespace

int main(int argc, char *argv[])
{
    starling::App app(argc, argv, {.name = "StartupHello", .organization = "StarlingBench"});
    // Measuring the window without its menu bar (the standard shortcuts stay): STARTUP_HELLO_NO_MENU_BAR=1.
    if (qEnvironmentVariableIsSet("STARTUP_HELLO_NO_MENU_BAR"))
        app.desktop().setMenuBarVisible(false);

    app.get("/", [](const starling::Request &) { return starling::html(QString::fromUtf8(Page)); });
    app.post("/bench/report", [](const starling::Request &request) {
        std::printf("startup-bench %s\n", request.body().simplified().constData());
        std::fflush(stdout);
        return QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent);
    });

    return app.exec();
}
