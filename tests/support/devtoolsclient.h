// A small Chrome DevTools protocol client for tests, with Qt only (Core, Network, WebSockets): it drives the
// pages of any Chromium that listens for DevTools on a local port, whether QtWebEngine in an app started with
// QTWEBENGINE_REMOTE_DEBUGGING=127.0.0.1:<port> or a browser started with --remote-debugging-port=<port>.
//
//     starling::test::DevToolsBrowser browser(QStringLiteral("127.0.0.1:9222"));
//     const auto pages = browser.waitForPages([](const auto &pages) { return pages.size() == 1; });
//     starling::test::DevToolsPage page;
//     QVERIFY2(pages && page.open(pages->first()), qPrintable(page.errorString()));
//     QVERIFY(page.recordErrors());                      // console errors, exceptions, failed loads
//     QVERIFY(page.evaluate("document.querySelector('#go').click()"));
//     QVERIFY(page.waitFor("document.querySelector('#out').textContent === 'done'"));
//     QCOMPARE(page.evaluate("document.title")->toString(), "Home");
//     QVERIFY2(page.errors().isEmpty(), qPrintable(page.errors().join('\n')));
//
// Uses what Chromium 102 (Qt 6.4's QtWebEngine) and later support: GET /json/list, Page.navigate,
// Runtime.evaluate (returnByValue, awaitPromise), Runtime.enable, Log.enable, Network.enable and their
// events. chromiumbrowser.h starts a headless Chromium and opens its tabs with this client. All calls are
// synchronous: they spin a local event loop until done or until their timeout, and never throw.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QWebSocket;

namespace starling::test {

// One entry of /json/list.
struct DevToolsTarget
{
    QString id {};
    QString type {}; // "page", "iframe", "service_worker", "other", ...
    QString title {};
    QUrl url {};
    QUrl webSocketDebuggerUrl {}; // empty while another client is attached to the target
};

// The browser's DevTools HTTP endpoint: its targets.
class DevToolsBrowser
{
public:
    // hostAndPort: where the browser listens, e.g. "127.0.0.1:9222".
    explicit DevToolsBrowser(const QString &hostAndPort);

    // GET /json/list: every target, or nullopt (errorString()) when the browser does not answer with a list
    // in time (e.g. it has not started listening yet).
    std::optional<QList<DevToolsTarget>> targets(int timeoutMs = 10000);
    // Asks /json/list again until its targets of type "page" satisfy `done`, and returns them; nullopt at the
    // timeout (errorString() says what was listed last).
    std::optional<QList<DevToolsTarget>>
    waitForPages(const std::function<bool(const QList<DevToolsTarget> &pages)> &done, int timeoutMs = 30000);

    QString errorString() const { return m_error; }

private:
    QString m_hostAndPort;
    QString m_error;
};

// One event the browser sent on a session.
struct DevToolsEvent
{
    QString method {};
    QJsonObject params {};
};

// A session with one target (a page) over its WebSocket.
class DevToolsPage : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DevToolsPage)

public:
    explicit DevToolsPage(QObject *parent = nullptr);
    ~DevToolsPage() override;

    // Connects to the target's webSocketDebuggerUrl; false (errorString()) when it cannot in time.
    bool open(const DevToolsTarget &target, int timeoutMs = 10000);
    bool open(const QUrl &webSocketDebuggerUrl, int timeoutMs = 10000);
    // True until the browser closes the connection (e.g. the page went away).
    bool isOpen() const;
    void close();
    QString errorString() const { return m_error; }

    // Sends one command and waits for its answer: its result object, or nullopt (errorString()) for an error
    // answer, a closed connection or the timeout.
    std::optional<QJsonObject> call(const QString &method, const QJsonObject &params = {},
                                    int timeoutMs = 10000);

    // Page.navigate to url, then waits until the new document has loaded (document.readyState "complete");
    // false (errorString()) when the browser cannot load it (e.g. the connection is refused) or in time.
    bool navigate(const QUrl &url, int timeoutMs = 30000);

    // A real left click (Input.dispatchMouseEvent) at the centre of the first element matching the CSS
    // selector, scrolled into view first; false (errorString()) when there is none or it has no size.
    bool click(const QString &selector, int timeoutMs = 10000);

    // Runtime.evaluate in the page's main world, with awaitPromise (a promise's value is returned) and
    // returnByValue (objects and arrays come back as JSON); `undefined` comes back as QJsonValue::Undefined.
    // nullopt (errorString()) when the expression throws, or as call().
    std::optional<QJsonValue> evaluate(const QString &expression, int timeoutMs = 10000);
    // Waits until the JS expression `condition` is truthy in the page: the page checks it every 10 ms, and
    // the check starts again in the next document when the page navigates. False at the timeout, or at once
    // when the expression does not compile (errorString()).
    bool waitFor(const QString &condition, int timeoutMs = 10000);

    // Turns on the Runtime and Log domains and records, from then on (and what the page logged before, which
    // the browser sends again), console.error() and console.assert() calls, uncaught exceptions and the
    // browser's error entries (failed loads, refused requests). False (errorString()) when it cannot.
    bool recordErrors(int timeoutMs = 10000);
    QStringList errors() const { return m_errors; }
    void clearErrors() { m_errors.clear(); }

    // Every event received so far, in order (a domain sends events once it is enabled, e.g. by
    // call("Network.enable")).
    const QList<DevToolsEvent> &events() const { return m_events; }
    void clearEvents() { m_events.clear(); }
    // The first event received so far, or until the timeout, named `method` whose params satisfy `match`.
    std::optional<DevToolsEvent> waitForEvent(const QString &method,
                                              const std::function<bool(const QJsonObject &params)> &match,
                                              int timeoutMs = 10000);

    // A JS string literal holding `text`, to build expressions with.
    static QString jsString(const QString &text);

Q_SIGNALS:
    void eventReceived(const starling::test::DevToolsEvent &event);

private:
    void receive(const QString &message);
    void recordError(const DevToolsEvent &event);
    bool spinUntil(const std::function<bool()> &done, int timeoutMs);

    std::unique_ptr<QWebSocket> m_socket;
    qint64 m_nextId = 1;
    QHash<qint64, QJsonObject> m_answers;
    QList<DevToolsEvent> m_events;
    QStringList m_errors;
    QString m_error;
};

} // namespace starling::test
