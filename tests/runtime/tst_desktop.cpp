// The desktop capabilities (starling::Desktop) from C++ and from a page in a real window, headless: file and
// message dialogs (through a recording provider, and the real Qt Quick message box), the clipboard, window
// control, opening URLs and chosen files, dropped files, routes called on a page, and the refusals of bad
// input and of --serve.
#include "desktop_p.h"
#include "desktoproutes_p.h"
#include "rawhttpclient.h"
#include "windowhost_p.h"
#include "windowtest.h"

#include <starling/desktop.h>
#include <starling/response.h>
#include <starling/server.h>
#include <starling/stream.h>

#include <QDesktopServices>
#include <QDropEvent>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QPointer>
#include <QQuickItem>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using starling::Desktop;
using starling::DesktopResult;
using starling::detail::WindowHost;
using namespace windowtest;

namespace {

// The page: every option signal the endpoints read, one button that posts to the endpoint in $endpoint, and
// the signals as JSON in #state.
const QString Page = QStringLiteral(R"html(<!DOCTYPE html><title>Desktop</title>
<script type="module" src="/_starling/datastar/datastar.js"></script>
<body data-signals="{endpoint: '', called: 0,
  dialog: {mode: 'files', title: 'Pick files', filters: ['Text (*.txt)']},
  saving: {title: 'Save notes', name: 'notes.txt'},
  message: {kind: 'question', text: 'Delete it?', detail: 'It cannot be undone.', buttons: ['yes', 'no']},
  clipboard: {text: 'copied text', html: '<b>copied</b>', format: 'text'},
  open: {url: 'https://example.org/docs'},
  window: {title: 'Renamed', width: 640, height: 480, path: '/second'},
  droppedFiles: []}">
<div id="ready" data-init="@get('/_starling/stream', {openWhenHidden: true}); el.textContent = 'ready'"></div>
<input id="endpoint" data-bind:endpoint>
<button id="call" data-on:click="@post($endpoint, {openWhenHidden: true})">call</button>
<pre id="state" data-text="JSON.stringify({dialog: $dialog, saving: $saving, message: $message,
  clipboard: $clipboard, open: $open, window: $window, droppedFiles: $droppedFiles, called: $called})"></pre>
</body>)html");

// A provider that keeps each request for the test to answer.
class RecordingProvider : public starling::DialogProvider
{
public:
    struct Request
    {
        QWindow *window = nullptr;
        starling::FileDialogOptions file;
        starling::MessageOptions message;
        starling::DesktopCallback done;
    };
    std::shared_ptr<QList<Request>> requests = std::make_shared<QList<Request>>();

    void fileDialog(QWindow *window, const starling::FileDialogOptions &options,
                    starling::DesktopCallback done) override
    {
        requests->append({ .window = window, .file = options, .message = {}, .done = std::move(done) });
    }
    void messageBox(QWindow *window, const starling::MessageOptions &options,
                    starling::DesktopCallback done) override
    {
        requests->append({ .window = window, .file = {}, .message = options, .done = std::move(done) });
    }
};

// Records what is handed to the desktop's default handlers (QDesktopServices::setUrlHandler).
class DefaultHandlers : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> opened;

public Q_SLOTS:
    void open(const QUrl &url) { opened.append(url); }
};

// The visible button of a Qt Quick dialog whose text (without its mnemonic) is `text`, searched through the
// item trees of every window (Qt 6.4 shows the dialog in the window's overlay, 6.8 may give it a window).
QQuickItem *dialogButton(QQuickItem *root, const QString &text)
{
    if (root->isVisible() && root->inherits("QQuickAbstractButton")
        && root->property("text").toString().remove(u'&') == text)
        return root;
    for (QQuickItem *child : root->childItems()) {
        if (QQuickItem *found = dialogButton(child, text))
            return found;
    }
    return nullptr;
}

QQuickItem *waitForDialogButton(const QString &text)
{
    QQuickItem *button = nullptr;
    const bool found = QTest::qWaitFor(
        [&] {
            for (QWindow *window : QGuiApplication::topLevelWindows()) {
                auto *quickWindow = qobject_cast<QQuickWindow *>(window);
                if (quickWindow && quickWindow->isVisible()
                    && (button = dialogButton(quickWindow->contentItem(), text)))
                    return true;
            }
            return false;
        },
        30000);
    return found ? button : nullptr;
}

} // namespace

class DesktopTest : public WindowTestCase
{
    Q_OBJECT

private:
    starling::Server m_server;
    std::unique_ptr<Desktop> m_desktop = starling::detail::DesktopAccess::create();
    std::unique_ptr<WindowHost> m_host;
    RecordingProvider *m_provider = nullptr; // owned by m_desktop
    std::shared_ptr<QList<RecordingProvider::Request>> m_requests;
    DefaultHandlers m_handlers;
    QJsonObject m_calledWith; // the signals /called got
    QTemporaryDir m_files;
    QPointer<QQuickWindow> m_requestingWindow; // see requestingPage()

    QUrl url(const QString &path) const { return m_server.origin().resolved(QUrl(path)); }

    QQuickWindow *openPage()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        if (!window
            || !waitInPage(window,
                           QStringLiteral("document.getElementById('ready')?.textContent === 'ready'")))
            return nullptr;
        // The page's channel is open once the hub counts its stream.
        const starling::Topic channel
            = m_server.hub().pageTopic(QString::fromLatin1(starling::PageChannelTopic), windowId(window));
        if (!QTest::qWaitFor([this, channel] { return m_server.hub().streamCount(channel) > 0; }, 30000))
            return nullptr;
        return window;
    }

    // The page of a window kept open across the tests that only send requests as it (opening a window takes
    // seconds).
    QQuickWindow *requestingPage()
    {
        if (!m_requestingWindow)
            m_requestingWindow = openPage();
        return m_requestingWindow;
    }

    // Has the page post to `endpoint` with its signals, as a click on a Datastar button does.
    static bool post(QQuickWindow *window, const QString &endpoint)
    {
        return evalInPage(window,
                          QStringLiteral("(() => { const input = document.getElementById('endpoint');"
                                         "input.value = '%1'; input.dispatchEvent(new Event('input'));"
                                         "document.getElementById('call').click(); return true; })()")
                              .arg(endpoint))
            .toBool();
    }

    // Waits until the page's signal `expression` (JS over the parsed #state, as `s`) is true.
    static bool waitForState(QQuickWindow *window, const QString &expression)
    {
        return waitInPage(window,
                          QStringLiteral("(s => %1)(JSON.parse(document.getElementById('state')"
                                         ".textContent || '{}'))")
                              .arg(expression));
    }

    static QJsonObject state(QQuickWindow *window)
    {
        return QJsonDocument::fromJson(
                   evalInPage(window, QStringLiteral("document.getElementById('state').textContent"))
                       .toString()
                       .toUtf8())
            .object();
    }

    QString windowId(QQuickWindow *window) const { return WindowHost::idOf(window); }

    QString file(const QString &name, const QByteArray &content = "text", bool executable = false)
    {
        const QString path = m_files.filePath(name);
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly))
            return {};
        out.write(content);
        out.close();
        if (executable)
            out.setPermissions(out.permissions() | QFileDevice::ExeOwner);
        return path;
    }

    // A request as the window's page sends it (its secret header, Origin and page id), answered.
    std::unique_ptr<testhttp::RawHttpClient> request(const QByteArray &method, const QByteArray &target,
                                                     const QByteArray &body = "{}",
                                                     const QByteArray &pageId = "window-1")
    {
        auto client = std::make_unique<testhttp::RawHttpClient>(m_server.port());
        testhttp::Headers headers { { starling::Server::TokenHeader.toByteArray(), m_server.secret() },
                                    { "Origin", m_server.origin().toString().toUtf8() },
                                    { "Datastar-Request", "true" },
                                    { "Content-Type", "application/json" } };
        if (!pageId.isEmpty())
            headers.append({ "Starling-Page", pageId });
        if (!client->sendRequest(method, target, headers, method == "GET" ? QByteArray() : body)
            || !client->waitForComplete())
            return nullptr;
        return client;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StarlingTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_desktop"));
        QGuiApplication::setQuitOnLastWindowClosed(false);
        QVERIFY(m_files.isValid());
        for (const char *scheme : { "http", "https", "file" })
            QDesktopServices::setUrlHandler(QString::fromLatin1(scheme), &m_handlers, "open");

        starling::detail::addDesktopRoutes(m_server, *m_desktop);
        m_server.get("/", [](const starling::Request &) { return starling::html(Page); });
        m_server.get("/second", [](const starling::Request &) {
            return starling::html(QStringLiteral("<!DOCTYPE html><title>Second</title><p>second</p>"));
        });
        m_server.post("/called", [this](const starling::Request &request, starling::Stream &stream) {
            m_calledWith = request.signalValues();
            stream.patchSignals(
                QJsonObject { { QStringLiteral("called"), m_calledWith.value("called").toInt() + 1 } });
        });
        QVERIFY(m_server.listen());
        m_host = std::make_unique<WindowHost>(m_server.origin(), m_server.secret());
        starling::detail::DesktopAccess::attach(*m_desktop, m_host.get(), &m_server.hub());
    }

    void init()
    {
        auto provider = std::make_unique<RecordingProvider>();
        m_provider = provider.get();
        m_requests = provider->requests;
        m_desktop->setDialogProvider(std::move(provider));
        m_handlers.opened.clear();
    }

    void cleanup()
    {
        // The requesting page stays for the next test that sends requests as it.
        const qsizetype kept = m_requestingWindow ? 1 : 0;
        for (QQuickWindow *window : m_host->windows()) {
            if (window != m_requestingWindow)
                window->close();
        }
        QVERIFY(QTest::qWaitFor(
            [this, kept] { return m_host->windows().size() == kept && m_server.hub().streamCount() == kept; },
            30000));
    }

    void cleanupTestCase()
    {
        for (const char *scheme : { "http", "https", "file" })
            QDesktopServices::unsetUrlHandler(QString::fromLatin1(scheme));
        m_desktop.reset();
        m_host.reset();
    }

    void fileDialogAnswersPendingThenTheChosenPathsOnThePageChannel()
    {
        QQuickWindow *window = openPage();
        QVERIFY(window);
        QVERIFY(post(window, QStringLiteral("/_starling/dialog/open")));
        QVERIFY(waitForState(window, QStringLiteral("s.dialog.status === 'pending'")));
        QVERIFY(QTest::qWaitFor([this] { return m_requests->size() == 1; }, 30000));
        const RecordingProvider::Request asked = m_requests->first();
        QCOMPARE(asked.window, window);
        QCOMPARE(asked.file.mode, starling::FileDialogMode::OpenFiles);
        QCOMPARE(asked.file.title, QStringLiteral("Pick files"));
        QCOMPARE(asked.file.filters, QStringList { QStringLiteral("Text (*.txt)") });

        const QString first = file(QStringLiteral("first.txt"));
        const QString second = file(QStringLiteral("second.txt"));
        QVERIFY(!m_desktop->isGranted(first));
        asked.done({ .paths = { first, second } });
        QVERIFY(waitForState(window, QStringLiteral("s.dialog.status === 'done'")));
        const QJsonObject dialog = state(window).value("dialog").toObject();
        QCOMPARE(dialog.value("paths").toVariant().toStringList(), QStringList({ first, second }));
        QCOMPARE(dialog.value("error").toString(), QString());
        QCOMPARE(dialog.value("title").toString(), QStringLiteral("Pick files")); // the options stay
        QVERIFY(m_desktop->isGranted(first));
        QVERIFY(m_desktop->isGranted(second));
        QVERIFY(!m_desktop->isGranted(file(QStringLiteral("other.txt"))));
    }

    void saveDialogAndCancelIsAResultNotAnError()
    {
        QQuickWindow *window = openPage();
        QVERIFY(window);
        QVERIFY(post(window, QStringLiteral("/_starling/dialog/save?signal=saving")));
        QVERIFY(QTest::qWaitFor([this] { return m_requests->size() == 1; }, 30000));
        QCOMPARE(m_requests->first().file.mode, starling::FileDialogMode::Save);
        QCOMPARE(m_requests->first().file.fileName, QStringLiteral("notes.txt"));
        QCOMPARE(m_requests->first().file.title, QStringLiteral("Save notes"));
        m_requests->first().done(DesktopResult::cancelled());
        QVERIFY(
            waitForState(window, QStringLiteral("s.saving.status === 'cancelled' && s.saving.error === ''")));
        QVERIFY(!state(window).value("dialog").toObject().contains("status")); // untouched
    }

    void dialogsAreAnsweredOnceAlsoWhenTheirWindowCloses()
    {
        QQuickWindow *window = openPage();
        QVERIFY(window);
        QList<DesktopResult> answers;
        m_desktop->messageBox(windowId(window), { .text = QStringLiteral("Still there?") },
                              [&answers](const DesktopResult &result) { answers.append(result); });
        QCOMPARE(m_requests->size(), 1);
        QCOMPARE(m_requests->first().message.text, QStringLiteral("Still there?"));
        window->close();
        QVERIFY(QTest::qWaitFor([&answers] { return !answers.isEmpty(); }, 30000));
        QCOMPARE(answers.first().status, DesktopResult::Status::Cancelled);
        m_requests->first().done({ .button = QStringLiteral("ok") }); // the provider's late answer
        QCOMPARE(answers.size(), 1);

        // A window id that names no window: answered at once, by the provider (no window to be modal to).
        m_desktop->fileDialog(QStringLiteral("window-999"), {},
                              [&answers](const DesktopResult &result) { answers.append(result); });
        QCOMPARE(m_requests->size(), 2);
        QCOMPARE(m_requests->last().window, nullptr);
        m_requests->last().done(DesktopResult::cancelled());
        QCOMPARE(answers.size(), 2);
    }

    void messageBoxThroughTheRealQtQuickDialog()
    {
        m_desktop->setDialogProvider(nullptr); // Starling's own: Qt Quick Dialogs
        QQuickWindow *window = openPage();
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(post(window, QStringLiteral("/_starling/dialog/message")));
        QVERIFY(waitForState(window, QStringLiteral("s.message.status === 'pending'")));
        QQuickItem *yes = waitForDialogButton(QStringLiteral("Yes"));
        QVERIFY(yes);
        QVERIFY(waitForDialogButton(QStringLiteral("No")));
        QTest::mouseClick(yes->window(), Qt::LeftButton, {},
                          yes->mapToScene(QPointF(yes->width() / 2, yes->height() / 2)).toPoint());
        QVERIFY(waitForState(window,
                             QStringLiteral("s.message.status === 'done' && s.message.button === 'yes'")));

        // Escape closes the box without a choice: cancelled.
        QVERIFY(post(window, QStringLiteral("/_starling/dialog/message")));
        QVERIFY(waitForState(window, QStringLiteral("s.message.status === 'pending'")));
        QQuickItem *no = waitForDialogButton(QStringLiteral("No"));
        QVERIFY(no);
        QTest::keyClick(no->window(), Qt::Key_Escape);
        QVERIFY(waitForState(window, QStringLiteral("s.message.status === 'cancelled'")));
    }

    void clipboardTextAndHtml()
    {
        QQuickWindow *window = openPage();
        QVERIFY(window);
        QVERIFY(post(window, QStringLiteral("/_starling/clipboard/write")));
        const QString platform = QGuiApplication::platformName();
        if (platform == u"offscreen") {
            // No clipboard shared with other programs: a result the page can show.
            QVERIFY(waitForState(window, QStringLiteral("s.clipboard.status === 'failed'")));
            QVERIFY(state(window)
                        .value("clipboard")
                        .toObject()
                        .value("error")
                        .toString()
                        .contains(u"no clipboard"));
            QCOMPARE(m_desktop->clipboard().status, DesktopResult::Status::Failed);
            return;
        }
        QVERIFY(waitForState(window, QStringLiteral("s.clipboard.status === 'done'")));
        QCOMPARE(m_desktop->clipboard().text, QStringLiteral("copied text"));
        QVERIFY(m_desktop->clipboard(Desktop::ClipboardFormat::Html).text.contains(u"<b>copied</b>"));

        QVERIFY(m_desktop->setClipboard(QStringLiteral("from C++")).isDone());
        QVERIFY(post(window, QStringLiteral("/_starling/clipboard/read")));
        QVERIFY(waitForState(window, QStringLiteral("s.clipboard.text === 'from C++'")));
        QCOMPARE(m_desktop->clipboard(Desktop::ClipboardFormat::Html).status, DesktopResult::Status::Failed);
    }

    void pageControlsItsWindow()
    {
        QQuickWindow *window = openPage();
        QVERIFY(window);
        QVERIFY(post(window, QStringLiteral("/_starling/window/title")));
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("Renamed"), 30000);
        QVERIFY(m_desktop->setWindowTitle(windowId(window), QString())); // back to the page's <title>
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("Desktop"), 30000);

        QVERIFY(post(window, QStringLiteral("/_starling/window/resize")));
        QTRY_COMPARE_WITH_TIMEOUT(window->size(), QSize(640, 480), 30000);
        QVERIFY(post(window, QStringLiteral("/_starling/window/fullscreen")));
        QTRY_VERIFY_WITH_TIMEOUT(window->windowStates() & Qt::WindowFullScreen, 30000);
        QVERIFY(post(window, QStringLiteral("/_starling/window/restore")));
        QTRY_VERIFY_WITH_TIMEOUT(!(window->windowStates() & Qt::WindowFullScreen), 30000);

        QVERIFY(post(window, QStringLiteral("/_starling/window/open")));
        QTRY_COMPARE_WITH_TIMEOUT(m_host->windows().size(), 2, 30000);
        QQuickWindow *second = m_host->windows().last();
        QTRY_COMPARE_WITH_TIMEOUT(second->title(), QStringLiteral("Second"), 30000);
        QCOMPARE(m_desktop->windowIds(), QStringList({ windowId(window), windowId(second) }));
        QCOMPARE(m_desktop->window(windowId(second)), second);

        QVERIFY(post(window, QStringLiteral("/_starling/window/close")));
        QTRY_COMPARE_WITH_TIMEOUT(m_host->windows().size(), 1, 30000);
        QCOMPARE(m_host->windows().first(), second);
        QVERIFY(m_desktop->openWindow(QStringLiteral("/second")));
        QVERIFY(!m_desktop->openWindow(QStringLiteral("https://example.org/")));
    }

    void opensHttpUrlsAndOnlyChosenHarmlessFiles()
    {
        QQuickWindow *window = openPage();
        QVERIFY(window);
        QVERIFY(post(window, QStringLiteral("/_starling/open")));
        QVERIFY(waitForState(window, QStringLiteral("s.open.status === 'done'")));
        QCOMPARE(m_handlers.opened, QList<QUrl> { QUrl(QStringLiteral("https://example.org/docs")) });

        for (const QString &refused :
             { QStringLiteral("file:///etc/passwd"), QStringLiteral("javascript:alert(1)"),
               QStringLiteral("ftp://example.org/"), QStringLiteral("not a url") })
            QCOMPARE(m_desktop->openUrl(QUrl(refused)).status, DesktopResult::Status::Failed);

        const QString notes = file(QStringLiteral("notes.md"), "# notes");
        const QString program = file(QStringLiteral("tool"), "#!/bin/sh\necho hi\n", true);
        const QString script = file(QStringLiteral("run.sh"), "#!/bin/sh\necho hi\n");
        const QString launcher
            = file(QStringLiteral("app.desktop"), "[Desktop Entry]\nType=Application\nExec=xterm\n");
        QCOMPARE(m_desktop->openPath(notes).status, DesktopResult::Status::Failed); // not chosen
        m_handlers.opened.clear();
        QVERIFY(post(window, QStringLiteral("/_starling/dialog/open")));
        QVERIFY(QTest::qWaitFor([this] { return m_requests->size() == 1; }, 30000));
        m_requests->first().done({ .paths = { notes, program, script, launcher } });
        QVERIFY(waitForState(window, QStringLiteral("s.dialog.status === 'done'")));

        const DesktopResult opened = m_desktop->openPath(notes);
        QVERIFY2(opened.isDone(), qPrintable(opened.error));
        QCOMPARE(m_handlers.opened, QList<QUrl> { QUrl::fromLocalFile(notes) });
        for (const QString &starter : { program, script, launcher }) {
            const DesktopResult refused = m_desktop->openPath(starter);
            QCOMPARE(refused.status, DesktopResult::Status::Failed);
            QVERIFY(refused.error.contains(u"never opened"));
        }
        QCOMPARE(m_handlers.opened.size(), 1);
        QCOMPARE(m_desktop->openPath(QStringLiteral("notes.md")).status,
                 DesktopResult::Status::Failed); // relative
    }

    void droppedFilesReachThePageAsPathsAndAreGranted()
    {
        QQuickWindow *window = openPage();
        QVERIFY(window);
        const QString dropped = file(QStringLiteral("dropped.txt"));
        QSignalSpy spy(m_desktop.get(), &Desktop::filesDropped);
        m_desktop->setDropRoute(QStringLiteral("/called"));
        QMimeData data;
        data.setUrls({ QUrl::fromLocalFile(dropped) });
        const QPointF centre(window->width() / 2.0, window->height() / 2.0);
        QDropEvent drop(centre, Qt::CopyAction, &data, Qt::LeftButton, {});
        QCoreApplication::sendEvent(window, &drop);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().at(0).toString(), windowId(window));
        QCOMPARE(spy.first().at(1).toStringList(), QStringList { dropped });
        QVERIFY(m_desktop->isGranted(dropped));
        QVERIFY(waitForState(window, QStringLiteral("s.droppedFiles.length === 1 && s.called === 1")));
        QCOMPARE(state(window).value("droppedFiles").toArray().first().toString(), dropped);
        QCOMPARE(m_calledWith.value("droppedFiles").toArray().first().toString(), dropped);
        m_desktop->setDropRoute(QString());
    }

    void callRouteHasThePageCallTheRouteWithItsSignals()
    {
        QQuickWindow *window = openPage();
        QVERIFY(window);
        m_calledWith = {};
        QVERIFY(m_desktop->callRoute(windowId(window), QStringLiteral("/called")));
        QVERIFY(waitForState(window, QStringLiteral("s.called === 1")));
        QCOMPARE(m_calledWith.value("window").toObject().value("title").toString(),
                 QStringLiteral("Renamed"));
        QVERIFY(evalInPage(window,
                           QStringLiteral("document.querySelectorAll('[id^=starling-call]').length === 0"))
                    .toBool()); // the calling element removed itself
        for (const QString &route :
             { QStringLiteral("javascript:alert(1)"), QStringLiteral("//evil.example/x"),
               QStringLiteral("/x'); alert(1); ('") })
            QVERIFY(!m_desktop->callRoute(windowId(window), route));
        QVERIFY(!m_desktop->callRoute(windowId(window), QStringLiteral("/called"), QStringLiteral("eval")));
        QVERIFY(!m_desktop->callRoute(QStringLiteral("window-999"), QStringLiteral("/called")));
    }

    void aRouteCallWaitsForThePagesStream()
    {
        // Sent before the window's page has a stream: delivered when it opens (the channel's refresh).
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QVERIFY(m_desktop->callRoute(windowId(window), QStringLiteral("/called")));
        QVERIFY(waitForState(window, QStringLiteral("s.called === 1")));
    }

    void badOptionsAre400NamingTheOption_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("named");
        QTest::addColumn<bool>("fromWindow"); // with the window's Starling-Page header
        QTest::newRow("mode") << QByteArray("/_starling/dialog/open")
                              << QByteArray("{\"dialog\":{\"mode\":\"dirs\"}}")
                              << QStringLiteral("dialog.mode") << true;
        QTest::newRow("filters") << QByteArray("/_starling/dialog/open")
                                 << QByteArray("{\"dialog\":{\"filters\":[3]}}")
                                 << QStringLiteral("dialog.filters") << true;
        QTest::newRow("title type") << QByteArray("/_starling/dialog/save")
                                    << QByteArray("{\"dialog\":{\"title\":7}}")
                                    << QStringLiteral("dialog.title") << true;
        QTest::newRow("message text")
            << QByteArray("/_starling/dialog/message") << QByteArray("{\"message\":{}}")
            << QStringLiteral("message.text") << true;
        QTest::newRow("buttons") << QByteArray("/_starling/dialog/message")
                                 << QByteArray("{\"message\":{\"text\":\"x\",\"buttons\":[\"maybe\"]}}")
                                 << QStringLiteral("message.buttons") << true;
        QTest::newRow("clipboard text") << QByteArray("/_starling/clipboard/write") << QByteArray("{}")
                                        << QStringLiteral("clipboard.text") << true;
        QTest::newRow("resize") << QByteArray("/_starling/window/resize")
                                << QByteArray("{\"window\":{\"width\":5}}") << QStringLiteral("window.width")
                                << true;
        QTest::newRow("open both") << QByteArray(
            "/_starling/open") << QByteArray("{\"open\":{\"url\":\"https://a.example\",\"path\":\"/tmp/x\"}}")
                                   << QStringLiteral("open.url") << true;
        QTest::newRow("signal name") << QByteArray("/_starling/clipboard/read?signal=no-dash")
                                     << QByteArray("{}") << QStringLiteral("signal") << true;
        QTest::newRow("no window") << QByteArray("/_starling/clipboard/read") << QByteArray("{}")
                                   << QStringLiteral("Starling-Page") << false;
    }

    void badOptionsAre400NamingTheOption()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, body);
        QFETCH(QString, named);
        QFETCH(bool, fromWindow);
        QQuickWindow *window = requestingPage();
        QVERIFY(window);
        const QByteArray pageId = fromWindow ? windowId(window).toUtf8() : QByteArray();
        const auto answer = request("POST", target, body, pageId);
        QVERIFY(answer);
        QCOMPARE(answer->statusCode(), 400);
        QVERIFY2(answer->body().contains(named.toUtf8()), answer->body().constData());
        QVERIFY(m_requests->isEmpty()); // nothing shown
    }

    void unknownEndpointsAre404AndWrongMethods405()
    {
        QQuickWindow *window = requestingPage();
        QVERIFY(window);
        const QByteArray pageId = windowId(window).toUtf8();
        auto answer = request("POST", "/_starling/teleport", "{}", pageId);
        QVERIFY(answer);
        QCOMPARE(answer->statusCode(), 404);
        answer = request("POST", "/_starling/window/explode", "{}", pageId);
        QVERIFY(answer);
        QCOMPARE(answer->statusCode(), 404);
        QVERIFY(answer->body().contains("explode"));
        answer = request("GET", "/_starling/dialog/open", {}, pageId);
        QVERIFY(answer);
        QCOMPARE(answer->statusCode(), 405);
        QCOMPARE(answer->header("allow"), QByteArray("POST"));
    }

    void withoutWindowsEveryCapabilityIsRefused403()
    {
        // As under --serve: the desktop is never attached to windows.
        starling::Server server;
        const std::unique_ptr<Desktop> desktop = starling::detail::DesktopAccess::create();
        starling::detail::addDesktopRoutes(server, *desktop);
        QVERIFY(server.listen());
        QVERIFY(!desktop->isAvailable());
        for (const QByteArray &target :
             { QByteArray("/_starling/dialog/open"), QByteArray("/_starling/clipboard/read"),
               QByteArray("/_starling/window/close"), QByteArray("/_starling/open") }) {
            testhttp::RawHttpClient client(server.port());
            QVERIFY(client.sendRequest("POST", target,
                                       { { starling::Server::TokenHeader.toByteArray(), server.secret() },
                                         { "Origin", server.origin().toString().toUtf8() },
                                         { "Starling-Page", "window-1" } },
                                       "{}"));
            QVERIFY(client.waitForComplete());
            QCOMPARE(client.statusCode(), 403);
            QVERIFY2(client.body().contains("desktop-only"), client.body().constData());
        }
        QCOMPARE(desktop->clipboard().status, DesktopResult::Status::Failed);
        QCOMPARE(desktop->openUrl(QUrl(QStringLiteral("https://example.org/"))).status,
                 DesktopResult::Status::Failed);
        bool answered = false;
        desktop->fileDialog(QStringLiteral("window-1"), {}, [&answered](const DesktopResult &result) {
            answered = result.status == DesktopResult::Status::Failed && result.error.contains(u"desktop");
        });
        QVERIFY(answered);
    }
};

QTEST_MAIN(DesktopTest)
#include "tst_desktop.moc"
