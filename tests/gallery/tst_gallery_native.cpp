// The gallery's Native page in the app's own window. The real starling-gallery runs with a window (xcb, on a
// private X server), on a private D-Bus session bus with a fake notification server and
// StatusNotifierWatcher, with its own XDG directories; the test drives the window's page over the Chrome
// DevTools protocol (QTWEBENGINE_REMOTE_DEBUGGING): it clicks the page's buttons and reads the page, the
// fakes and the X server back. Under --serve the same page, in a QtWebEngine page of this process, is
// refused.
#include "desktopbus.h"
#include "devtoolsclient.h"
#include "galleryapp.h"
#include "pagedriver.h"
#include "webenginetest.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QSize>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <xcb/xcb.h>

using starling::test::DevToolsBrowser;
using starling::test::DevToolsPage;
using starling::test::DevToolsTarget;

namespace {

// Generous: the app starts QtWebEngine on a loaded machine. Every wait ends as soon as its condition holds.
constexpr int Timeout = 60000;

// An xcb reply, freed with free().
struct FreeReply
{
    void operator()(void *reply) const { std::free(reply); }
};
template<typename T> using Reply = std::unique_ptr<T, FreeReply>;

// A top-level window on the X server, as a window manager would see it.
struct TopLevelWindow
{
    QString title {};
    QSize size {};
};

// The viewable top-level windows on the X server of $DISPLAY (the app's, without a window manager: Qt's
// windows are children of the root window), with their _NET_WM_NAME.
QList<TopLevelWindow> topLevelWindows()
{
    QList<TopLevelWindow> windows;
    int screenNumber = 0;
    xcb_connection_t *connection = xcb_connect(nullptr, &screenNumber);
    if (xcb_connection_has_error(connection)) {
        xcb_disconnect(connection);
        return windows;
    }
    xcb_screen_iterator_t screen = xcb_setup_roots_iterator(xcb_get_setup(connection));
    for (int i = 0; i < screenNumber && screen.rem > 0; ++i)
        xcb_screen_next(&screen);
    const auto atom = [connection](const char *name) {
        const Reply<xcb_intern_atom_reply_t> reply(xcb_intern_atom_reply(
            connection, xcb_intern_atom(connection, 1, uint16_t(std::strlen(name)), name), nullptr));
        return reply ? reply->atom : xcb_atom_t(XCB_ATOM_NONE);
    };
    const xcb_atom_t netWmName = atom("_NET_WM_NAME");
    const xcb_atom_t utf8String = atom("UTF8_STRING");
    const Reply<xcb_query_tree_reply_t> tree(
        xcb_query_tree_reply(connection, xcb_query_tree(connection, screen.data->root), nullptr));
    const xcb_window_t *children = tree ? xcb_query_tree_children(tree.get()) : nullptr;
    for (int i = 0; tree && i < xcb_query_tree_children_length(tree.get()); ++i) {
        const Reply<xcb_get_window_attributes_reply_t> attributes(xcb_get_window_attributes_reply(
            connection, xcb_get_window_attributes(connection, children[i]), nullptr));
        if (!attributes || attributes->map_state != XCB_MAP_STATE_VIEWABLE)
            continue;
        const Reply<xcb_get_geometry_reply_t> geometry(
            xcb_get_geometry_reply(connection, xcb_get_geometry(connection, children[i]), nullptr));
        const Reply<xcb_get_property_reply_t> name(xcb_get_property_reply(
            connection, xcb_get_property(connection, 0, children[i], netWmName, utf8String, 0, 4096),
            nullptr));
        windows.append(
            { .title = name ? QString::fromUtf8(static_cast<const char *>(xcb_get_property_value(name.get())),
                                                xcb_get_property_value_length(name.get()))
                            : QString(),
              .size = geometry ? QSize(geometry->width, geometry->height) : QSize() });
    }
    xcb_disconnect(connection);
    return windows;
}

std::optional<TopLevelWindow> windowTitled(const QString &title)
{
    for (const TopLevelWindow &window : topLevelWindows()) {
        if (window.title == title)
            return window;
    }
    return std::nullopt;
}

QString jsString(const QString &text)
{
    return DevToolsPage::jsString(text);
}

} // namespace

class GalleryNativeTest : public starling::test::WebEngineTest
{
    Q_OBJECT

private:
    QTemporaryDir m_home; // the windowed gallery's XDG directories, which a second launch shares
    QProcess m_app;
    QByteArray m_appLog;
    QString m_devTools; // 127.0.0.1:<port>, where the app's QtWebEngine listens for DevTools clients
    std::unique_ptr<desktopbus::FakeDesktop> m_fake;
    DevToolsPage m_page; // the first window's page
    QString m_pageTarget;

    QProcessEnvironment appEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *kind : { "DATA", "CONFIG", "CACHE", "STATE" }) {
            const QString path = m_home.filePath(QString::fromLatin1(kind).toLower());
            QDir().mkpath(path);
            env.insert(QStringLiteral("XDG_%1_HOME").arg(QLatin1String(kind)), path);
        }
        const QString runtimeDir = m_home.filePath(QStringLiteral("runtime"));
        QDir().mkpath(runtimeDir);
        QFile::setPermissions(runtimeDir,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
        // A real window on the private X server (DISPLAY, from main()), on the private session bus
        // (DBUS_SESSION_BUS_ADDRESS), with the xcb platform's own theme: Qt's D-Bus tray needs it.
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        env.remove(QStringLiteral("QT_QPA_PLATFORMTHEME"));
        env.remove(QStringLiteral("XDG_CURRENT_DESKTOP"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.insert(QStringLiteral("QTWEBENGINE_DISABLE_SANDBOX"), QStringLiteral("1"));
        env.remove(QStringLiteral("QT_LOGGING_RULES")); // the app's log, shown when a test fails
        return env;
    }

    QString appLog()
    {
        m_appLog += m_app.readAllStandardError();
        return QString::fromUtf8(m_appLog);
    }

    // Runs `js` in the page; false (with the reason) when it throws.
    bool run(const QString &js, DevToolsPage *page = nullptr)
    {
        page = page ? page : &m_page;
        if (page->evaluate(js))
            return true;
        qWarning().noquote() << page->errorString();
        return false;
    }

    // element.click(): what Datastar's data-on:click hears, as from a mouse.
    bool click(const QString &selector, DevToolsPage *page = nullptr)
    {
        return run(QStringLiteral("document.querySelector(%1).click()").arg(jsString(selector)), page);
    }

    // click(), for a button that ends the page: the click comes after the answer, which could be lost with
    // the page otherwise.
    bool clickAfterAnswering(const QString &selector, DevToolsPage *page)
    {
        const auto found
            = page->evaluate(QStringLiteral("(() => { const button = document.querySelector(%1);"
                                            " setTimeout(() => button.click()); return !!button; })()")
                                 .arg(jsString(selector)));
        return found && found->toBool();
    }

    // What typing does to a bound field: a new value, then an input event.
    bool setValue(const QString &selector, const QString &value)
    {
        return run(QStringLiteral("(() => { const field = document.querySelector(%1); field.value = %2;"
                                  " field.dispatchEvent(new Event('input', { bubbles: true })); })()")
                       .arg(jsString(selector), jsString(value)));
    }

    bool waitFor(const QString &condition, DevToolsPage *page = nullptr)
    {
        page = page ? page : &m_page;
        if (page->waitFor(condition, Timeout))
            return true;
        qWarning().noquote() << page->errorString();
        return false;
    }

    QString text(const QString &selector)
    {
        const auto value = m_page.evaluate(
            QStringLiteral("document.querySelector(%1)?.textContent.trim() ?? null").arg(jsString(selector)));
        return value ? value->toString() : m_page.errorString();
    }

    bool waitForText(const QString &selector, const QString &expected)
    {
        if (m_page.waitFor(QStringLiteral("document.querySelector(%1)?.textContent.trim() === %2")
                               .arg(jsString(selector), jsString(expected)),
                           Timeout))
            return true;
        qWarning().noquote() << selector << "shows" << text(selector) << "not" << expected;
        return false;
    }

    // A signal of the page (a dotted path), read from the Datastar client's store.
    QJsonValue signal(const QString &path)
    {
        return m_page
            .evaluate(QStringLiteral("window.__starlingDatastarDebug.getPath(%1)").arg(jsString(path)))
            .value_or(QJsonValue(QJsonValue::Undefined));
    }

    bool waitForSignal(const QString &path, const QString &expectedJs)
    {
        if (waitFor(QStringLiteral("window.__starlingDatastarDebug?.getPath(%1) === %2")
                        .arg(jsString(path), expectedJs)))
            return true;
        qWarning().noquote() << path << "is" << signal(path);
        return false;
    }

    // Attaches `page` to the page target `target`, records its errors, and waits for the Native page in it.
    bool attachToNativePage(DevToolsPage &page, const DevToolsTarget &target)
    {
        if (!page.open(target, Timeout) || !page.recordErrors(Timeout)) {
            qWarning().noquote() << page.errorString();
            return false;
        }
        return waitFor(QStringLiteral("location.pathname === '/examples/native' && document.readyState === "
                                      "'complete' && !!window.__starlingDatastarDebug"),
                       &page);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_fake = std::make_unique<desktopbus::FakeDesktop>();
        QVERIFY(m_fake->setNotificationServer(true));
        QVERIFY(m_fake->setWatcher(true)); // before the app starts: Qt decides on a D-Bus tray once

        // A free port for the app's DevTools server (QtWebEngine reads the variable when its engine starts).
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        m_devTools = QStringLiteral("127.0.0.1:%1").arg(probe.serverPort());
        probe.close();
        QProcessEnvironment env = appEnvironment();
        env.insert(QStringLiteral("QTWEBENGINE_REMOTE_DEBUGGING"), m_devTools);
        m_app.setProcessEnvironment(env);
        // --dev: the page has the client's debug hook (window.__starlingDatastarDebug), read by signal().
        m_app.start(QStringLiteral(GALLERY_APP), { QStringLiteral("--dev") });
        QVERIFY2(m_app.waitForStarted(Timeout), qPrintable(m_app.errorString()));

        // The window opens the home page; the test takes it to the Native page as a link would.
        DevToolsBrowser browser(m_devTools);
        const auto pages = browser.waitForPages(
            [](const QList<DevToolsTarget> &pages) {
                return pages.size() == 1 && pages.first().url.scheme() == u"http";
            },
            Timeout);
        QVERIFY2(pages, qPrintable(browser.errorString() + u'\n' + appLog()));
        m_pageTarget = pages->first().id;
        QVERIFY2(m_page.open(pages->first(), Timeout), qPrintable(m_page.errorString()));
        QVERIFY2(m_page.recordErrors(Timeout), qPrintable(m_page.errorString() + u'\n' + appLog()));
        QVERIFY2(m_page.call(QStringLiteral("Network.enable"), {}, Timeout),
                 qPrintable(m_page.errorString()));
        // (The target may still hold its first empty document, whose URL cannot resolve a path.)
        QVERIFY(
            waitFor(QStringLiteral("location.protocol === 'http:' && document.readyState === 'complete'")));
        QVERIFY(run(QStringLiteral("location.assign('/examples/native')")));
        QVERIFY(waitFor(QStringLiteral("location.pathname === '/examples/native' && document.readyState === "
                                       "'complete' && !!window.__starlingDatastarDebug")));
    }

    void cleanup()
    {
        const QStringList errors = m_page.errors();
        m_page.clearErrors(); // each test's own
        if (QTest::currentTestFailed() || !errors.isEmpty())
            qWarning().noquote() << "the app's log:\n" << appLog();
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    }

    void cleanupTestCase()
    {
        m_page.close();
        // SIGTERM quits the app cleanly, its file dialog still open.
        QCOMPARE(m_app.state(), QProcess::Running);
        m_app.terminate();
        if (!m_app.waitForFinished(Timeout))
            m_app.kill();
        m_app.waitForFinished(Timeout);
        QVERIFY2(m_app.exitStatus() == QProcess::NormalExit && m_app.exitCode() == 0, qPrintable(appLog()));
    }

    void pageOpensItsStreamAndShowsEverySection()
    {
        // The page's channel: GET /_starling/stream from the window, answered 200 (an event stream).
        const auto stream = m_page.waitForEvent(
            QStringLiteral("Network.responseReceived"),
            [](const QJsonObject &params) {
                const QJsonObject response = params.value(QStringLiteral("response")).toObject();
                return QUrl(response.value(QStringLiteral("url")).toString()).path() == u"/_starling/stream";
            },
            Timeout);
        QVERIFY2(stream, qPrintable(m_page.errorString()));
        const QJsonObject response = stream->params.value(QStringLiteral("response")).toObject();
        QCOMPARE(response.value(QStringLiteral("status")).toInt(), 200);
        QCOMPARE(response.value(QStringLiteral("mimeType")).toString(), QStringLiteral("text/event-stream"));
        QVERIFY2(m_page.call(QStringLiteral("Network.disable"), {}, Timeout),
                 qPrintable(m_page.errorString()));

        QVERIFY(m_page.evaluate(QStringLiteral("!!document.querySelector('#native-channel')"))->toBool());
        QVERIFY(!m_page.evaluate(QStringLiteral("!!document.querySelector('#native-browser')"))->toBool());
        const auto sections = m_page.evaluate(
            QStringLiteral("[...document.querySelectorAll('.box h2')].map(heading => heading.textContent)"));
        QVERIFY2(sections, qPrintable(m_page.errorString()));
        QCOMPARE(sections->toArray(),
                 QJsonArray({ QStringLiteral("File dialogs"), QStringLiteral("Message boxes"),
                              QStringLiteral("Clipboard"), QStringLiteral("Notifications and the tray"),
                              QStringLiteral("Menus and keys"), QStringLiteral("This window"),
                              QStringLiteral("Links, dropped files, deep links"),
                              QStringLiteral("What the backend did") }));
    }

    void clipboardCopyThenPasteRoundTrips()
    {
        const QString copied = QStringLiteral("Copied by tst_gallery_native: ✓ <b>&amp;</b>");
        QVERIFY(setValue(QStringLiteral("#clipboard-text"), copied));
        QVERIFY(click(QStringLiteral("#do-copy")));
        QVERIFY(waitForText(QStringLiteral("#clipboard-status"), QStringLiteral("done")));
        QCOMPARE(signal(QStringLiteral("clipboard.error")).toString(), QString());

        // Paste brings the copied text back into the field (a binding on the same signal).
        QVERIFY(setValue(QStringLiteral("#clipboard-text"), QStringLiteral("overwritten")));
        QVERIFY(waitForSignal(QStringLiteral("clipboard.text"), QStringLiteral("'overwritten'")));
        QVERIFY(click(QStringLiteral("#do-paste")));
        QVERIFY(waitFor(
            QStringLiteral("document.querySelector('#clipboard-text').value === %1").arg(jsString(copied))));
        QCOMPARE(text(QStringLiteral("#clipboard-status")), QStringLiteral("done"));
    }

    void notifyReachesTheDesktopAndItsClickThePage()
    {
        const QString title = QStringLiteral("Hello from tst_gallery_native");
        QVERIFY(setValue(QStringLiteral("#notification-title"), title));
        QVERIFY(click(QStringLiteral("#do-notify")));
        QVERIFY(waitForText(QStringLiteral("#notification-status"), QStringLiteral("done")));
        const QList<desktopbus::NotifyCall> calls = m_fake->notifications();
        QCOMPARE(calls.size(), 1);
        QCOMPARE(calls.first().summary, title);
        QCOMPARE(calls.first().body, QStringLiteral("Click me to come back to the gallery."));
        QCOMPARE(signal(QStringLiteral("notification.id")).toString(), QString::number(calls.first().id));

        // A click on it calls the page's route in its window.
        m_fake->click(calls.first().id);
        QVERIFY(waitFor(QStringLiteral("document.querySelector('#native-log').textContent.includes("
                                       "'The notification was clicked.')")));
    }

    void trayCheckboxShowsAndHidesTheIcon()
    {
        // The route answers trayShown and trayError: a mark in trayError tells when the answer has come.
        const QString unanswered = QStringLiteral("window.__starlingDatastarDebug.mergePatch({ trayError: "
                                                  "'unanswered' })");
        QVERIFY(m_fake->registeredItems().isEmpty());
        QVERIFY(run(unanswered));
        QVERIFY(click(QStringLiteral("#tray-shown")));
        QVERIFY(waitForSignal(QStringLiteral("trayError"), QStringLiteral("''")));
        QCOMPARE(signal(QStringLiteral("trayShown")), QJsonValue(true));
        QTRY_COMPARE_WITH_TIMEOUT(m_fake->registeredItems().size(), 1, Timeout);
        const QString item = m_fake->registeredItems().first();
        QDBusConnectionInterface *bus = QDBusConnection::sessionBus().interface();
        QVERIFY(bus->isServiceRegistered(item));

        // Unchecked: the item leaves the bus (a watcher forgets it then).
        QVERIFY(run(unanswered));
        QVERIFY(click(QStringLiteral("#tray-shown")));
        QVERIFY(waitForSignal(QStringLiteral("trayError"), QStringLiteral("''")));
        QCOMPARE(signal(QStringLiteral("trayShown")), QJsonValue(false));
        QVERIFY(!m_page.evaluate(QStringLiteral("document.querySelector('#tray-shown').checked"))->toBool());
        QTRY_VERIFY_WITH_TIMEOUT(!bus->isServiceRegistered(item), Timeout);
    }

    void windowTakesTheTitleAndTheSize()
    {
        const QString title = QStringLiteral("Native, renamed by tst_gallery_native");
        QVERIFY(setValue(QStringLiteral("#window-title"), title));
        QVERIFY(click(QStringLiteral("#do-title")));
        QVERIFY(waitForSignal(QStringLiteral("window.status"), QStringLiteral("'done'")));
        QTRY_VERIFY_WITH_TIMEOUT(windowTitled(title).has_value(), Timeout);

        QVERIFY(run(QStringLiteral("window.__starlingDatastarDebug.mergePatch({ window: { status: '' } })")));
        QVERIFY(click(QStringLiteral("#do-resize")));
        QVERIFY(waitForSignal(QStringLiteral("window.status"), QStringLiteral("'done'")));
        // The window is 900 x 650; the page gets its width, and its height less the menu bar's.
        QVERIFY(waitFor(QStringLiteral("innerWidth === 900 && innerHeight > 550 && innerHeight <= 650")));
        QTRY_COMPARE_WITH_TIMEOUT(windowTitled(title).value_or(TopLevelWindow {}).size, QSize(900, 650),
                                  Timeout);
    }

    void newWindowOpensAndItsCloseButtonClosesIt()
    {
        DevToolsBrowser browser(m_devTools);
        QVERIFY(click(QStringLiteral("#do-new-window")));
        const auto pages = browser.waitForPages(
            [](const QList<DevToolsTarget> &pages) { return pages.size() == 2; }, Timeout);
        QVERIFY2(pages, qPrintable(browser.errorString()));
        const auto added = std::find_if(pages->cbegin(), pages->cend(), [this](const DevToolsTarget &page) {
            return page.id != m_pageTarget;
        });
        QVERIFY(added != pages->cend());

        // The new window shows the Native page (window.path) with its own stream; its Close closes it alone.
        DevToolsPage second;
        QVERIFY(attachToNativePage(second, *added));
        QVERIFY(second.evaluate(QStringLiteral("!!document.querySelector('#native-channel')"))->toBool());
        QVERIFY(clickAfterAnswering(QStringLiteral("#do-close"), &second));
        QVERIFY2(browser.waitForPages(
                     [this](const QList<DevToolsTarget> &pages) {
                         return pages.size() == 1 && pages.first().id == m_pageTarget;
                     },
                     Timeout),
                 qPrintable(browser.errorString()));
        QVERIFY2(second.errors().isEmpty(), qPrintable(second.errors().join(u'\n')));
        QVERIFY(m_page.evaluate(QStringLiteral("location.pathname"))->toString() == u"/examples/native");
    }

    void deepLinkOfALaterLaunchReachesThePage()
    {
        // A second launch with the same XDG directories hands its link to the running app and ends.
        QProcess later;
        later.setProcessEnvironment(appEnvironment());
        later.start(QStringLiteral(GALLERY_APP), { QStringLiteral("starling-gallery://hello") });
        QVERIFY2(later.waitForFinished(Timeout), qPrintable(later.errorString()));
        QVERIFY2(later.exitStatus() == QProcess::NormalExit && later.exitCode() == 0,
                 later.readAllStandardError().constData());
        QVERIFY(waitForText(QStringLiteral("#opened"), QStringLiteral("starling-gallery://hello")));
        QVERIFY(waitFor(QStringLiteral("document.querySelector('#native-log').textContent.includes("
                                       "'Opened with 1 link(s)')")));
    }

    // The file dialog waits for a user this test cannot be (tests/runtime/tst_desktop.cpp answers the real Qt
    // Quick dialog in-process): the request answers `pending` at once. Last: the dialog stays open.
    void openDialogAnswersPending()
    {
        QVERIFY(click(QStringLiteral("#do-open-dialog")));
        QVERIFY(waitForText(QStringLiteral("#dialog-status"), QStringLiteral("pending")));
        QCOMPARE(signal(QStringLiteral("dialog.error")).toString(), QString());
    }

    // Under --serve (a browser) the page says so, and the desktop refuses its buttons.
    void serveShowsTheNoticeAndRefusesTheButtons()
    {
        gallerytest::GalleryApp served;
        QVERIFY2(served.start({ QStringLiteral("--dev") }), qPrintable(served.errorString()));
        starling::test::PageDriver page;
        QVERIFY(page.load(served.tokenUrl()));
        QVERIFY(page.load(served.url(QStringLiteral("/examples/native"))));
        QVERIFY(page.eval(QStringLiteral("!!document.querySelector('#native-browser')")).toBool());
        QVERIFY(!page.eval(QStringLiteral("!!document.querySelector('#native-channel')")).toBool());
        // The statuses of the page's requests (the client calls fetch() for each action).
        page.eval(
            QStringLiteral("window.answers = []; const pageFetch = window.fetch; window.fetch = (...call) =>"
                           " pageFetch(...call).then((response) => { answers.push(new URL(response.url)"
                           ".pathname + ' ' + response.status); return response; });"));
        QVERIFY(page.click(QStringLiteral("#do-copy")));
        QVERIFY(page.waitFor(QStringLiteral("answers.includes('/_starling/clipboard/write 403')")));
        QVERIFY(page.waitFor(QStringLiteral("document.querySelector('#starling-error')?.textContent"
                                            ".includes('/_starling/clipboard/write is desktop-only')")));
        QCOMPARE(page.eval(QStringLiteral("window.__starlingDatastarDebug.getPath('clipboard.status') ?? ''"))
                     .toString(),
                 QString());
    }
};

int main(int argc, char **argv)
{
    GalleryNativeTest::initMain();
    // This process's own state (its QtWebEngine page for --serve) in directories of its own.
    static QTemporaryDir home;
    for (const char *kind : { "DATA", "CONFIG", "CACHE", "STATE" })
        qputenv(QByteArray("XDG_") + kind + "_HOME",
                home.filePath(QString::fromLatin1(kind).toLower()).toLocal8Bit());
    // The app's desktop: a private session bus and X server, which it inherits through the environment.
    // This process stays offscreen.
    if (!desktopbus::startPrivateSessionBus() || !desktopbus::startPrivateDisplay())
        return 1;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    GalleryNativeTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_gallery_native.moc"
