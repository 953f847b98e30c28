// The app's windows (WindowHost and qml/Main.qml) on a real server, headless: the page's backend round trip,
// the title, geometry that outlives the window, links to other origins, new windows, JavaScript dialogs, file
// choosers, the profile's storage, the page shown when the renderer dies, and the parts of the window that
// load only when first used.
#include "windowhost_p.h"
#include "windowtest.h"

#include <starling/response.h>
#include <starling/server.h>
#include <starling/stream.h>

#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJSEngine>
#include <QQmlEngine>
#include <QQuickWebEngineProfile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using starling::detail::WindowHost;
using namespace windowtest;

namespace {

QString page(const QString &title, const QString &body)
{
    return QStringLiteral("<!DOCTYPE html><title>%1</title>"
                          "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>%2")
        .arg(title, body);
}

// The page's client has started (its data-init ran).
bool waitUntilReady(QQuickWindow *window)
{
    return waitInPage(window, QStringLiteral("document.getElementById('ready')?.textContent === 'ready'"));
}

// One of the window's parts that load on first use (see Main.qml), once it exists.
template<typename T = QObject> T *waitForPart(QQuickWindow *window, const QString &objectName)
{
    T *part = nullptr;
    const bool found
        = QTest::qWaitFor([&] { return (part = window->findChild<T *>(objectName)) != nullptr; }, 30000);
    return found ? part : nullptr;
}

// Qt Quick's own file dialog (offscreen) lists a folder's files as delegates with a `file` URL. They are
// items of the window's overlay (Qt 6.4) or of a popup window of their own (Qt 6.8), not QObject children of
// the window: searched through the item tree of every window.
QQuickItem *fileEntry(QQuickItem *root, const QUrl &file)
{
    if (root->isVisible() && root->objectName().startsWith(u"fileDialogDelegate")
        && root->property("file").toUrl() == file)
        return root;
    for (QQuickItem *child : root->childItems()) {
        if (QQuickItem *found = fileEntry(child, file))
            return found;
    }
    return nullptr;
}

QQuickItem *waitForFileEntry(const QUrl &file)
{
    QQuickItem *entry = nullptr;
    const auto find = [&] {
        const QWindowList windows = QGuiApplication::topLevelWindows();
        for (QWindow *window : windows) {
            auto *quickWindow = qobject_cast<QQuickWindow *>(window);
            if (quickWindow && quickWindow->isVisible()
                && (entry = fileEntry(quickWindow->contentItem(), file)))
                return true;
        }
        return false;
    };
    return QTest::qWaitFor(find, 30000) ? entry : nullptr;
}

// Finishes one of the window's Qt Quick dialogs as the platform's dialog does when the user accepts it:
// done(Accepted) keeps the selection the test gave it (accept() would take the Qt Quick dialog's own).
bool finishAccepted(QObject *dialog)
{
    QQmlEngine *engine = qmlEngine(dialog);
    if (!engine)
        return false;
    const QJSValue done
        = engine->evaluate(QStringLiteral("(function (dialog) { dialog.done(1); })")); // Accepted
    const QJSValue result = done.call({ engine->newQObject(dialog) });
    if (result.isError())
        qWarning() << "done(Accepted):" << result.toString();
    return !result.isError();
}

// The names of the files an <input type=file> of the page holds, "|"-separated.
// Clicks the page's <input type=file> `input` as a user would (Chromium opens a chooser on a user's click
// only) and returns the window's dialog part once it shows; nullptr when it does not.
QObject *openChooser(QQuickWindow *window, const QString &input, const QString &part)
{
    if (!QTest::qWaitForWindowExposed(window)
        || !waitInPage(window, QStringLiteral("document.getElementById('%1')").arg(input))
        || !clickInPage(window, u'#' + input))
        return nullptr;
    QObject *dialog = waitForPart(window, part);
    if (!dialog || !QTest::qWaitFor([dialog] { return dialog->property("visible").toBool(); }, 30000))
        return nullptr;
    return dialog;
}

QString chosenFiles(QQuickWindow *window, const QString &input)
{
    return evalInPage(window,
                      QStringLiteral("Array.from(document.getElementById('%1').files).map(f => f.name).sort()"
                                     ".join('|')")
                          .arg(input))
        .toString();
}

} // namespace

// Records the URLs handed to the system browser (QDesktopServices::setUrlHandler).
class SystemBrowser : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> opened;

public Q_SLOTS:
    void open(const QUrl &url) { opened.append(url); }
};

class WindowTest : public WindowTestCase
{
    Q_OBJECT

private:
    starling::Server m_server;
    SystemBrowser m_browser;
    std::unique_ptr<WindowHost> m_host;
    int m_clicks = 0;

    QUrl url(const QString &path) const { return m_server.origin().resolved(QUrl(path)); }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StarlingTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_window"));
        QGuiApplication::setQuitOnLastWindowClosed(false);
        QDesktopServices::setUrlHandler(QStringLiteral("http"), &m_browser, "open");
        QDesktopServices::setUrlHandler(QStringLiteral("https"), &m_browser, "open");

        m_server.get("/", [](const starling::Request &) {
            return starling::html(
                page(QStringLiteral("Home"),
                     QStringLiteral("<div id=\"ready\" data-init=\"el.textContent = 'ready'\"></div>"
                                    "<button id=\"go\" data-on:click=\"@post('/clicked')\">Go</button>"
                                    "<div id=\"out\">waiting</div>"
                                    "<a id=\"away\" href=\"http://example.invalid/away\">away</a>"
                                    "<a id=\"blank\" href=\"/second\" target=\"_blank\">second</a>"
                                    "<p><a id=\"next\" href=\"/second\">next</a></p>")));
        });
        m_server.post("/clicked", [this](const starling::Request &, starling::Stream &stream) {
            ++m_clicks;
            stream.patchElements(QStringLiteral("<div id=\"out\">clicked by the backend</div>"));
        });
        m_server.get("/second", [](const starling::Request &) {
            return starling::html(page(QStringLiteral("Second"), QStringLiteral("<p>second</p>")));
        });
        m_server.get("/upload", [](const starling::Request &) {
            return starling::html(
                page(QStringLiteral("Upload"),
                     QStringLiteral("<input id=\"one\" type=\"file\" accept=\".txt\">"
                                    "<input id=\"many\" type=\"file\" multiple>"
                                    "<input id=\"folder\" type=\"file\" webkitdirectory>")));
        });
        m_server.get("/alert", [](const starling::Request &) {
            return starling::html(page(QStringLiteral("before"),
                                       QStringLiteral("<script>alert('Hello'); document.title = "
                                                      "'answered ' + confirm('Sure?');</script>")));
        });
        QVERIFY(m_server.listen());
    }

    void cleanupTestCase()
    {
        QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    }

    void init() { m_host = std::make_unique<WindowHost>(m_server.origin(), m_server.secret()); }

    void cleanup() { m_host.reset(); }

    void clickReachesTheBackendAndItsPatchTheDom()
    {
        QVERIFY(m_host->show());
        QQuickWindow *window = m_host->windows().value(0);
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(waitUntilReady(window));

        QVERIFY(clickInPage(window, QStringLiteral("#go")));
        QVERIFY(waitInPage(window,
                           QStringLiteral("document.getElementById('out').textContent === 'clicked by the "
                                          "backend'")));
        QCOMPARE(m_clicks, 1);
    }

    void titleFollowsThePageTitle()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("Home"), 30000);
        evalInPage(window, QStringLiteral("document.title = 'Renamed'"));
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("Renamed"), 30000);
    }

    void initialSizeWithoutASavedGeometry()
    {
        QSettings().remove(QStringLiteral("window/geometry"));
        m_host = std::make_unique<WindowHost>(
            m_server.origin(), m_server.secret(),
            starling::detail::WindowOptions { .initialSize = QSize(700, 500) });
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/second")));
        QVERIFY(window);
        QCOMPARE(window->size(), QSize(700, 500));
    }

    void geometryOutlivesTheWindow()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/second")));
        QVERIFY(window);
        const QRect geometry(40, 50, 640, 480);
        window->setGeometry(geometry);
        QTRY_COMPARE(window->geometry(), geometry);
        QSignalSpy closed(m_host.get(), &WindowHost::allWindowsClosed);
        window->close();
        QTRY_COMPARE(closed.size(), 1);
        QVERIFY(m_host->windows().isEmpty());

        m_host = std::make_unique<WindowHost>(m_server.origin(), m_server.secret());
        QQuickWindow *next = m_host->openWindow(url(QStringLiteral("/second")));
        QVERIFY(next);
        QCOMPARE(next->geometry(), geometry);
    }

    void otherOriginsOpenInTheSystemBrowser()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QVERIFY(waitUntilReady(window));
        m_browser.opened.clear();

        evalInPage(window, QStringLiteral("document.getElementById('away').click()"));
        QTRY_COMPARE_WITH_TIMEOUT(m_browser.opened,
                                  QList<QUrl> { QUrl(QStringLiteral("http://example.invalid/away")) }, 30000);
        QCOMPARE(evalInPage(window, QStringLiteral("location.href")).toString(),
                 url(QStringLiteral("/")).toString());
        QCOMPARE(webView(window)->property("url").toUrl(), url(QStringLiteral("/")));
    }

    void sameOriginNewWindowsOpenAppWindows()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QVERIFY(waitUntilReady(window));

        evalInPage(window, QStringLiteral("window.open('/second'); true"));
        QTRY_COMPARE_WITH_TIMEOUT(m_host->windows().size(), 2, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(m_host->windows().at(1)->title(), QStringLiteral("Second"), 30000);

        evalInPage(window, QStringLiteral("document.getElementById('blank').click()"));
        QTRY_COMPARE_WITH_TIMEOUT(m_host->windows().size(), 3, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(m_host->windows().at(2)->title(), QStringLiteral("Second"), 30000);
        QCOMPARE(window->title(), QStringLiteral("Home"));
    }

    void desktopKeysAndContextMenu()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(waitUntilReady(window));
        QQuickItem *view = webView(window);

        QTest::keyClick(window, Qt::Key_Equal, Qt::ControlModifier);
        QTRY_VERIFY(view->property("zoomFactor").toDouble() > 1.05);
        QTest::keyClick(window, Qt::Key_0, Qt::ControlModifier);
        QTRY_COMPARE(view->property("zoomFactor").toDouble(), 1.0);

        // A real click: Chromium's back skips entries left without a user gesture.
        QVERIFY(clickInPage(window, QStringLiteral("#next")));
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("Second"), 30000);
        QTest::keyClick(window, Qt::Key_Left, Qt::AltModifier);
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("Home"), 30000);

        QTest::keyClick(window, Qt::Key_F, Qt::ControlModifier);
        auto *findBar = waitForPart<QQuickItem>(window, QStringLiteral("findBar"));
        QVERIFY(findBar);
        QTRY_VERIFY(findBar->isVisible());
        QTest::keyClick(window, Qt::Key_Escape);
        QTRY_VERIFY(!findBar->isVisible());
        QTest::keyClick(window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(findBar->isVisible());

        QVERIFY(waitUntilReady(window));
        QTest::mouseClick(window, Qt::RightButton, Qt::NoModifier, QPoint(100, 100));
        QObject *menu = waitForPart(window, QStringLiteral("contextMenu"));
        QVERIFY(menu);
        QTRY_VERIFY_WITH_TIMEOUT(menu->property("opened").toBool(), 30000);
    }

    void javaScriptDialogsAreAnsweredInTheWindow()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/alert")));
        QVERIFY(window);
        QObject *dialog = waitForPart(window, QStringLiteral("javaScriptDialog"));
        QVERIFY(dialog);

        QTRY_VERIFY_WITH_TIMEOUT(dialog->property("opened").toBool(), 30000); // alert('Hello')
        QVERIFY(QMetaObject::invokeMethod(dialog, "accept"));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->property("opened").toBool(), 30000); // confirm('Sure?')
        QVERIFY(QMetaObject::invokeMethod(dialog, "reject"));
        QTRY_COMPARE_WITH_TIMEOUT(window->title(), QStringLiteral("answered false"), 30000);
    }

    void profileIsNamedAndStoredInTheAppDataDirectory()
    {
        QQuickWebEngineProfile *profile = m_host->profile();
        QVERIFY(profile != QQuickWebEngineProfile::defaultProfile());
        QCOMPARE(profile->storageName(), QStringLiteral("tst_window"));
        QVERIFY(!profile->isOffTheRecord());
        const QString dataDir = QDir(xdgRoot()).filePath(QStringLiteral("xdg_data_home"));
        QVERIFY2(profile->persistentStoragePath().startsWith(dataDir + u'/'),
                 qPrintable(profile->persistentStoragePath()));
        QVERIFY(profile->cachePath().startsWith(QDir(xdgRoot()).filePath(QStringLiteral("xdg_cache_home"))
                                                + u'/'));
    }

    void rendererCrashShowsAnErrorPageThatReloads()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QVERIFY(waitUntilReady(window));
        const qint64 pid = webView(window)->property("renderProcessPid").toLongLong();
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        auto *errorPage = waitForPart<QQuickItem>(window, QStringLiteral("errorPage"));
        QVERIFY(errorPage);
        QTRY_VERIFY_WITH_TIMEOUT(errorPage->isVisible(), 30000);
        QVERIFY(!webView(window)->isVisible());

        auto *reload = errorPage->findChild<QQuickItem *>(QStringLiteral("reloadButton"));
        QVERIFY(reload);
        QTest::mouseClick(window, Qt::LeftButton, Qt::NoModifier,
                          reload->mapToScene(QPointF(reload->width() / 2, reload->height() / 2)).toPoint());
        QVERIFY(!errorPage->isVisible());
        QVERIFY(webView(window)->isVisible());
        QVERIFY(waitUntilReady(window));
    }

    // The first paint waits for the view alone: the rest of the window (and QtQuick Controls and Dialogs,
    // which only those parts import) loads when first needed, as the tests above show.
    void partsOfTheWindowLoadOnlyWhenFirstUsed()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/")));
        QVERIFY(window);
        QVERIFY(waitUntilReady(window));
        for (const char *part : { "errorPage", "findBar", "javaScriptDialog", "contextMenu", "fileChooser" })
            QVERIFY2(!window->findChild<QObject *>(QLatin1String(part)), part);
    }

    void fileChooserHandsTheChosenFileToThePage()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString file = folder.filePath(QStringLiteral("notes for the app.txt"));
        QVERIFY(QFile(file).open(QIODevice::WriteOnly));
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/upload")));
        QVERIFY(window);
        QObject *dialog = openChooser(window, QStringLiteral("one"), QStringLiteral("fileChooser"));
        QVERIFY(dialog);
        QCOMPARE(dialog->property("fileMode").toInt(), 0); // FileDialog.OpenFile
        QCOMPARE(dialog->property("nameFilters").toStringList(),
                 QStringList({ QStringLiteral("Accepted files (*.txt)"), QStringLiteral("All files (*)") }));

        // As a user would: go to the folder, click its only file, then Open.
        QVERIFY(dialog->setProperty("currentFolder", QUrl::fromLocalFile(folder.path())));
        QQuickItem *entry = waitForFileEntry(QUrl::fromLocalFile(file));
        QVERIFY(entry);
        QTest::mouseClick(entry->window(), Qt::LeftButton, Qt::NoModifier,
                          entry->mapToScene(QPointF(entry->width() / 2, entry->height() / 2)).toPoint());
        QTRY_COMPARE_WITH_TIMEOUT(dialog->property("selectedFile").toUrl(), QUrl::fromLocalFile(file), 30000);
        QVERIFY(QMetaObject::invokeMethod(dialog, "accept"));
        QVERIFY(waitInPage(window, QStringLiteral("document.getElementById('one').files.length === 1")));
        QCOMPARE(chosenFiles(window, QStringLiteral("one")), QStringLiteral("notes for the app.txt"));
    }

    void cancelledFileChooserLeavesTheInputEmptyAndOpensAgain()
    {
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/upload")));
        QVERIFY(window);
        QObject *dialog = openChooser(window, QStringLiteral("one"), QStringLiteral("fileChooser"));
        QVERIFY(dialog);
        QVERIFY(QMetaObject::invokeMethod(dialog, "reject"));
        QTRY_VERIFY(!dialog->property("visible").toBool());
        QCOMPARE(chosenFiles(window, QStringLiteral("one")), QString());

        // Chromium opens no further chooser for a page whose last one is still unanswered.
        QVERIFY(clickInPage(window, QStringLiteral("#one")));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->property("visible").toBool(), 30000);
        QVERIFY(QMetaObject::invokeMethod(dialog, "reject"));
        QTRY_VERIFY(!dialog->property("visible").toBool());
    }

    void fileChooserForMultipleFilesHandsThemAllToThePage()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        QList<QUrl> files;
        for (const QString &name : { QStringLiteral("a.txt"), QStringLiteral("b.png") }) {
            QVERIFY(QFile(folder.filePath(name)).open(QIODevice::WriteOnly));
            files.append(QUrl::fromLocalFile(folder.filePath(name)));
        }
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/upload")));
        QVERIFY(window);
        QObject *dialog = openChooser(window, QStringLiteral("many"), QStringLiteral("fileChooser"));
        QVERIFY(dialog);
        QCOMPARE(dialog->property("fileMode").toInt(), 1); // FileDialog.OpenFiles
        QCOMPARE(dialog->property("nameFilters").toStringList(), QStringList());

        // Qt Quick's own dialog (offscreen) selects one file at a time; a platform dialog reports several.
        QVERIFY(dialog->setProperty("currentFiles", QVariant::fromValue(files)));
        QVERIFY(finishAccepted(dialog));
        QVERIFY(waitInPage(window, QStringLiteral("document.getElementById('many').files.length === 2")));
        QCOMPARE(chosenFiles(window, QStringLiteral("many")), QStringLiteral("a.txt|b.png"));
    }

    void folderChooserHandsTheFolderContentsToThePage()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        for (const QString &name : { QStringLiteral("one.txt"), QStringLiteral("two.txt") })
            QVERIFY(QFile(folder.filePath(name)).open(QIODevice::WriteOnly));
        QQuickWindow *window = m_host->openWindow(url(QStringLiteral("/upload")));
        QVERIFY(window);
        QObject *dialog = openChooser(window, QStringLiteral("folder"), QStringLiteral("folderChooser"));
        QVERIFY(dialog);
        QVERIFY(dialog->setProperty("selectedFolder", QUrl::fromLocalFile(folder.path())));
        QVERIFY(finishAccepted(dialog));
        QVERIFY(waitInPage(window, QStringLiteral("document.getElementById('folder').files.length === 2")));
        QCOMPARE(chosenFiles(window, QStringLiteral("folder")), QStringLiteral("one.txt|two.txt"));
    }
};

QTEST_MAIN(WindowTest)
#include "tst_window.moc"
