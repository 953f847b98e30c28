// Menus and keyboard shortcuts of an app's windows (starling::Desktop::setMenuBar() and setContextMenu(),
// qml/Main.qml, AppMenuBar.qml, AppMenu.qml), with real key events on the window, in a starling::App run in
// this process, headless: the standard keys (reload, new and close window, quit, zoom, find), an app's item
// calling its route with the page's signals or its C++ function, overriding a standard key, the menu bar's
// menus and the context menu's added items.
#include "windowtest.h"

#include <starling/app.h>
#include <starling/request.h>
#include <starling/response.h>
#include <starling/stream.h>

#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace windowtest;
using starling::Menu;
using starling::MenuItem;

namespace {

constexpr int TimeoutMs = 30000;

// The page's client has started, and its page channel's stream is open (menus' routes arrive on it).
bool waitUntilReady(QQuickWindow *window)
{
    return waitInPage(window, QStringLiteral("document.getElementById('ready')?.textContent === 'ready'"));
}

template<typename T = QObject> T *waitForChild(QObject *parent, const QString &objectName)
{
    T *child = nullptr;
    const bool found
        = QTest::qWaitFor([&] { return (child = parent->findChild<T *>(objectName)) != nullptr; }, TimeoutMs);
    return found ? child : nullptr;
}

// The Qt Quick Controls objects of a class (QQuickMenu, QQuickMenuItem) under parent, in creation order.
QList<QObject *> controlsOf(QObject *parent, const char *className)
{
    QList<QObject *> found;
    const QList<QObject *> all = parent->findChildren<QObject *>();
    for (QObject *object : all) {
        if (object->inherits(className))
            found.append(object);
    }
    return found;
}

// The item of a shown menu (what Menu.itemAt() has, not a removed one not yet deleted), by its text.
QQuickItem *shownItemNamed(QObject *menu, const QString &text)
{
    const int count = menu->property("count").toInt();
    for (int i = 0; i < count; ++i) {
        QQuickItem *item = nullptr;
        if (QMetaObject::invokeMethod(menu, "itemAt", Q_RETURN_ARG(QQuickItem *, item), Q_ARG(int, i)) && item
            && item->property("text").toString() == text)
            return item;
    }
    return nullptr;
}

QObject *menuItemNamed(QObject *menu, const QString &text)
{
    const QList<QObject *> items = controlsOf(menu, "QQuickMenuItem");
    for (QObject *item : items) {
        if (item->property("text").toString() == text)
            return item;
    }
    return nullptr;
}

// An item's map in a window's menu-bar model, by its text.
QVariantMap modelItem(const QVariantList &menus, const QString &text)
{
    for (const QVariant &entry : menus) {
        const QVariantMap map = entry.toMap();
        if (map.value(QStringLiteral("text")).toString() == text && !map.contains(QStringLiteral("items")))
            return map;
        const QVariantMap inside = modelItem(map.value(QStringLiteral("items")).toList(), text);
        if (!inside.isEmpty())
            return inside;
    }
    return {};
}

} // namespace

class MenusTest : public QObject
{
    Q_OBJECT

public:
    explicit MenusTest(starling::App &app)
        : m_app(app)
    {
        app.get("/", [this](const starling::Request &) {
            ++m_homeLoads;
            return starling::html(
                QStringLiteral("<!DOCTYPE html><title>Home</title>"
                               "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>"
                               "<div data-signals=\"{note: 'from the page'}\"></div>"
                               "<div data-init=\"@get('/_starling/stream', {openWhenHidden: true})\"></div>"
                               "<div id=\"ready\" data-init=\"el.textContent = 'ready'\"></div>"
                               "<div id=\"out\">waiting</div>"));
        });
        app.post("/menu/refresh", [this](const starling::Request &request, starling::Stream &stream) {
            m_routeCalls.append({ request.pageId(), request.signal<QString>("note") });
            stream.patchElements(QStringLiteral("<div id=\"out\">refreshed from the menu</div>"));
        });
    }

private:
    starling::App &m_app;
    QQuickWindow *m_first = nullptr; // the app's first window, open until the last test quits the app
    int m_homeLoads = 0;
    QList<QStringList> m_routeCalls; // {page id, its `note` signal}

    starling::Desktop &desktop() { return m_app.desktop(); }

    QQuickWindow *windowOf(const QString &id) { return qobject_cast<QQuickWindow *>(desktop().window(id)); }

    // A new window on the home page, shown and with its client and page stream running.
    QQuickWindow *openReadyWindow()
    {
        auto *window = qobject_cast<QQuickWindow *>(desktop().openWindow());
        if (!window || !QTest::qWaitForWindowExposed(window) || !waitUntilReady(window))
            return nullptr;
        return activated(window) ? window : nullptr;
    }

    // Shortcuts go to the active window, as the user's keys do.
    static bool activated(QQuickWindow *window)
    {
        window->requestActivate();
        return QTest::qWaitForWindowActive(window);
    }

    QString idOf(QQuickWindow *window) const { return window->property("pageId").toString(); }

    static QList<Menu> withTools(const QList<MenuItem> &tools)
    {
        QList<Menu> menus = starling::Desktop::standardMenus();
        menus.append({ .title = QStringLiteral("Tools"), .items = tools });
        return menus;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QTRY_COMPARE_WITH_TIMEOUT(desktop().windowIds().size(), 1, TimeoutMs);
        m_first = windowOf(desktop().windowIds().constFirst());
        QVERIFY(m_first);
        QVERIFY(waitUntilReady(m_first));
    }

    void cleanup()
    {
        desktop().setMenuBar(starling::Desktop::standardMenus());
        desktop().setMenuBarVisible(true);
        desktop().setContextMenu({});
        if (!m_first)
            return; // the app has quit
        const QStringList ids = desktop().windowIds();
        for (const QString &id : ids) {
            if (QWindow *window = desktop().window(id); window != m_first)
                window->close();
        }
        QTRY_COMPARE_WITH_TIMEOUT(desktop().windowIds().size(), 1, TimeoutMs);
    }

    void standardKeysReloadZoomAndFind()
    {
        QQuickWindow *window = openReadyWindow();
        QVERIFY(window);
        QQuickItem *view = webView(window);
        QVERIFY(view);

        const int loads = m_homeLoads;
        QTest::keyClick(window, Qt::Key_R, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(m_homeLoads, loads + 1, TimeoutMs);
        QVERIFY(waitUntilReady(window));
        QTest::keyClick(window, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(m_homeLoads, loads + 2, TimeoutMs);
        QVERIFY(waitUntilReady(window));

        QTest::keyClick(window, Qt::Key_Plus, Qt::ControlModifier);
        QTRY_VERIFY(view->property("zoomFactor").toDouble() > 1.05);
        QTest::keyClick(window, Qt::Key_Equal, Qt::ControlModifier);
        QTRY_VERIFY(view->property("zoomFactor").toDouble() > 1.15);
        QTest::keyClick(window, Qt::Key_0, Qt::ControlModifier);
        QTRY_COMPARE(view->property("zoomFactor").toDouble(), 1.0);
        QTest::keyClick(window, Qt::Key_Minus, Qt::ControlModifier);
        QTRY_VERIFY(view->property("zoomFactor").toDouble() < 0.95);

        QTest::keyClick(window, Qt::Key_F, Qt::ControlModifier);
        auto *findBar = waitForChild<QQuickItem>(window, QStringLiteral("findBar"));
        QVERIFY(findBar);
        QTRY_VERIFY(findBar->isVisible());
    }

    void ctrlNOpensAWindowAndCtrlWClosesIt()
    {
        QQuickWindow *window = openReadyWindow();
        QVERIFY(window);
        const QString id = idOf(window);
        QCOMPARE(desktop().windowIds().size(), 2);

        QTest::keyClick(window, Qt::Key_N, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(desktop().windowIds().size(), 3, TimeoutMs);
        QQuickWindow *opened = windowOf(desktop().windowIds().constLast());
        QVERIFY(opened && opened != window);
        QVERIFY(QTest::qWaitForWindowExposed(opened));

        QVERIFY(activated(window));
        QTest::keyClick(window, Qt::Key_W, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!desktop().windowIds().contains(id), TimeoutMs);
        QCOMPARE(desktop().windowIds().size(), 2); // the other two stay
    }

    void menuBarShowsTheAppsMenus()
    {
        desktop().setMenuBar(withTools({
            { .text = QStringLiteral("Refresh data"),
              .shortcut = QKeySequence(QStringLiteral("Ctrl+Shift+D")),
              .route = QStringLiteral("/menu/refresh") },
            MenuItem::makeSeparator(),
            { .text = QStringLiteral("More"),
              .items = { { .text = QStringLiteral("Inner"), .triggered = [](const QString &) {} } } },
        }));
        QQuickWindow *window = openReadyWindow();
        QVERIFY(window);

        QObject *bar = waitForChild(window, QStringLiteral("menuBar"));
        QVERIFY(bar);
        QTRY_COMPARE_WITH_TIMEOUT(bar->property("count").toInt(), 4, TimeoutMs);
        QStringList titles;
        for (QObject *menu : controlsOf(bar, "QQuickMenu")) {
            if (menu->parent() == bar)
                titles.append(menu->property("title").toString());
        }
        QCOMPARE(titles,
                 (QStringList { QStringLiteral("&File"), QStringLiteral("&Edit"), QStringLiteral("&View"),
                                QStringLiteral("Tools") }));
        QObject *refresh = menuItemNamed(bar, QStringLiteral("Refresh data"));
        QVERIFY(refresh);
        QCOMPARE(refresh->property("shortcutText").toString(),
                 QKeySequence(QStringLiteral("Ctrl+Shift+D")).toString(QKeySequence::NativeText));
        QVERIFY(menuItemNamed(bar, QStringLiteral("Inner"))); // in the submenu
        QVERIFY(menuItemNamed(bar, QStringLiteral("Quit")));

        // The view starts below the bar; without the bar, at the top, and the shortcuts still work.
        auto *barItem = qobject_cast<QQuickItem *>(bar);
        QVERIFY(barItem);
        QTRY_VERIFY(webView(window)->y() >= barItem->height() && barItem->height() > 0);
        desktop().setMenuBarVisible(false);
        QTRY_COMPARE(webView(window)->y(), 0.0);
        const qsizetype calls = m_routeCalls.size();
        QTest::keyClick(window, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(m_routeCalls.size(), calls + 1, TimeoutMs);
    }

    void appItemCallsItsRouteWithThePagesSignals()
    {
        desktop().setMenuBar(withTools({ { .text = QStringLiteral("Refresh data"),
                                           .shortcut = QKeySequence(QStringLiteral("Ctrl+Shift+D")),
                                           .route = QStringLiteral("/menu/refresh") } }));
        QQuickWindow *window = openReadyWindow();
        QVERIFY(window);
        m_routeCalls.clear();

        QTest::keyClick(window, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(m_routeCalls.size(), 1, TimeoutMs);
        QCOMPARE(m_routeCalls.constFirst(), (QStringList { idOf(window), QStringLiteral("from the page") }));
        QVERIFY(waitInPage(
            window,
            QStringLiteral("document.getElementById('out').textContent === 'refreshed from the menu'")));
    }

    void cppItemCallsItsFunction()
    {
        QStringList calledFor;
        desktop().setMenuBar(
            withTools({ { .text = QStringLiteral("Count"),
                          .shortcut = QKeySequence(QStringLiteral("Ctrl+Shift+K")),
                          .triggered = [&calledFor](const QString &id) { calledFor.append(id); } } }));
        QQuickWindow *window = openReadyWindow();
        QVERIFY(window);

        QTest::keyClick(window, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(calledFor, QStringList { idOf(window) }, TimeoutMs);
        desktop().setMenuBar(starling::Desktop::standardMenus()); // before calledFor goes
    }

    void appItemOverridesAStandardShortcut()
    {
        desktop().setMenuBar(withTools({ { .text = QStringLiteral("Refresh data"),
                                           .shortcut = QKeySequence(QStringLiteral("Ctrl+R")),
                                           .route = QStringLiteral("/menu/refresh") } }));
        QQuickWindow *window = openReadyWindow();
        QVERIFY(window);
        m_routeCalls.clear();
        const int loads = m_homeLoads;

        // Ctrl+R is the app's now: Reload shows no shortcut and keeps F5.
        const QVariantList model = window->property("menuBarModel").toList();
        QCOMPARE(modelItem(model, QStringLiteral("Reload")).value(QStringLiteral("shortcut")).toString(),
                 QString());
        QCOMPARE(
            modelItem(model, QStringLiteral("Refresh data")).value(QStringLiteral("shortcut")).toString(),
            QKeySequence(QStringLiteral("Ctrl+R")).toString(QKeySequence::NativeText));

        QTest::keyClick(window, Qt::Key_R, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(m_routeCalls.size(), 1, TimeoutMs);
        QVERIFY(waitInPage(
            window,
            QStringLiteral("document.getElementById('out').textContent === 'refreshed from the menu'")));
        QCOMPARE(m_homeLoads, loads); // not reloaded

        QTest::keyClick(window, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(m_homeLoads, loads + 1, TimeoutMs);
    }

    void contextMenuHasTheAppsItems()
    {
        desktop().setContextMenu(
            { { .text = QStringLiteral("Refresh data"), .route = QStringLiteral("/menu/refresh") } });
        QQuickWindow *window = openReadyWindow();
        QVERIFY(window);
        m_routeCalls.clear();

        QTest::mouseClick(window, Qt::RightButton, Qt::NoModifier, QPoint(100, 100));
        QObject *menu = waitForChild(window, QStringLiteral("contextMenu"));
        QVERIFY(menu);
        QTRY_VERIFY_WITH_TIMEOUT(menu->property("opened").toBool(), TimeoutMs);
        QVERIFY(menuItemNamed(menu, QStringLiteral("Copy"))); // the page's own actions stay
        QQuickItem *item = shownItemNamed(menu, QStringLiteral("Refresh data"));
        QVERIFY(item);
        QTRY_VERIFY(item->isVisible() && item->width() > 0);
        // As a click on it would (a test click on the offscreen popup did not reach the item on Qt 6.4).
        QVERIFY(QMetaObject::invokeMethod(item, "triggered"));
        QTRY_COMPARE_WITH_TIMEOUT(m_routeCalls.size(), 1, TimeoutMs);
        QCOMPARE(m_routeCalls.constFirst().constFirst(), idOf(window));
    }

    // Last: it closes every window.
    void ctrlQClosesEveryWindowAndQuits()
    {
        QQuickWindow *window = openReadyWindow();
        QVERIFY(window);
        QCOMPARE(desktop().windowIds().size(), 2);
        QuitCounter catcher;
        QCoreApplication::instance()->installEventFilter(&catcher);

        QTest::keyClick(window, Qt::Key_Q, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(desktop().windowIds().isEmpty(), TimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(catcher.quits, 1, TimeoutMs);
        QCoreApplication::instance()->removeEventFilter(&catcher);
        m_first = nullptr;
    }

    void cleanupTestCase() { }
};

int main(int argc, char *argv[])
{
    usePrivateXdgDirectories();
    // The App takes no test options: it gets the program's name alone; QtTest gets the command line.
    int appArgc = 1;
    char *appArgv[] = { argv[0], nullptr };
    starling::App app(
        appArgc, appArgv,
        { .name = QStringLiteral("tst_menus"), .organization = QStringLiteral("StarlingTests") });
    MenusTest test(app);
    int result = 1;
    QTimer::singleShot(0, &test, [&] {
        result = QTest::qExec(&test, argc, argv);
        QCoreApplication::exit(result);
    });
    app.exec();
    return result;
}

#include "tst_menus.moc"
