// One browser page for the client benchmarks (tests/bench/patch-to-dom, tests/bench/client): the same
// measurement runs in Qt 6.4's QtWebEngine, which Starling's apps show their pages in, and, where Debian's
// Chromium is installed, in a current Chromium driven over DevTools (tests/support/chromiumbrowser.h).
//
//     const auto page = starling::bench::BenchPage::openQtWebEngine();
//     if (!page->load(url) || !page->waitFor("window.ready === true"))
//         qFatal("%s", qPrintable(page->errorString()));
//     const std::optional<QJsonValue> figures = page->eval("runBench(30)");
//
// Calls spin the event loop (a TestServer in the same thread keeps serving) and never throw.
#pragma once

#include <QJsonValue>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace starling::test {
class DevToolsPage;
}

namespace starling::bench {

class BenchPage
{
public:
    virtual ~BenchPage() = default;

    // A QtWebEngine view (PageDriver). Needs a QApplication created after
    // QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts). Sets QTWEBENGINE_REMOTE_DEBUGGING (for
    // devTools()) when it is unset, so it must come before any other QtWebEngine page of the process.
    static std::unique_ptr<BenchPage> openQtWebEngine();
    // A tab of a headless Chromium started for it; null with *whyNot set when Chromium is not installed or
    // does not start.
    static std::unique_ptr<BenchPage> openChromium(QString *whyNot);
    // Runs `measure` on a Chromium tab (openChromium()) and gives the Markdown it returns, or a line saying
    // why Chromium did not run or the measurement failed (measure's nullopt).
    static QString inChromium(const std::function<std::optional<QString>(BenchPage &)> &measure);

    // "QtWebEngine 6.4.2 (Chrome 102.0.5005.177)", "Chromium 156.0.7632.59": the engine the figures come
    // from. Valid once a page has loaded.
    virtual QString engine();

    // Loads url and waits until it has loaded; false (errorString()) on failure or timeout.
    virtual bool load(const QUrl &url) = 0;
    // The completion value of the script js as JSON (no promises); nullopt (errorString()) when it throws or
    // does not finish in time.
    virtual std::optional<QJsonValue> eval(const QString &js, int timeoutMs = 120000) = 0;
    // Waits until the JS expression condition holds in the page; false (errorString()) at the timeout.
    virtual bool waitFor(const QString &condition, int timeoutMs = 60000) = 0;
    virtual QString errorString() const = 0;

    // A DevTools session on this page (for its profiler, jsprofile.h), open from the first call on; null
    // (errorString()) when it cannot be opened. Call after load().
    virtual test::DevToolsPage *devTools() = 0;
};

} // namespace starling::bench
