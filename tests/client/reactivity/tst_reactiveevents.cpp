// data-on with every modifier, data-on-interval, data-on-intersect and data-on-signal-patch, driven by real
// mouse and key events. Timing is never asserted: where "did not run" matters, a later event proves the
// earlier ones were processed (events are handled in order; timers of equal delay fire in the order they were
// started).
#include "reactivitytest.h"

using starling::test::ReactivityClient;

class EventsTest : public QObject
{
    Q_OBJECT

public:
    static void initMain() { QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(c.start()); }
    void cleanup() { STARLING_VERIFY_NO_CONSOLE_ERRORS(c); }

    void onRunsForDomAndCustomEvents()
    {
        QVERIFY(c.open(QStringLiteral("on.html")));
        QCOMPARE(c.text(QStringLiteral("#out")), QStringLiteral("0,,0,0"));
        QVERIFY(c.page.click(QStringLiteral("#b")));
        QVERIFY(c.page.click(QStringLiteral("#b")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("2,,0,0")));
        // Kebab-case by default; __case.camel listens to myEvent. #fire is outside the listening div.
        QVERIFY(c.page.click(QStringLiteral("#fire")));
        QVERIFY(c.page.click(QStringLiteral("#fireInside")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("2,bubbled,1,0")));
    }

    void onModifiersOncePreventStopCapturePassive()
    {
        QVERIFY(c.open(QStringLiteral("modifiers.html")));
        QVERIFY(c.page.click(QStringLiteral("#once")));
        QVERIFY(c.page.click(QStringLiteral("#once")));
        QVERIFY(c.page.click(QStringLiteral("#prevent")));
        QVERIFY(c.page.click(QStringLiteral("#submit")));
        QVERIFY(c.page.click(QStringLiteral("#stop")));
        QVERIFY(c.page.click(QStringLiteral("#nostop")));
        QVERIFY(c.page.click(QStringLiteral("#capture")));
        QVERIFY(c.page.click(QStringLiteral("#passive")));
        QVERIFY(c.page.click(QStringLiteral("#active")));
        QVERIFY(c.page.click(QStringLiteral("#sentinel")));
        QVERIFY(c.waitSignal(QStringLiteral("sentinel"), QStringLiteral("1")));
        QCOMPARE(c.signalJson(QStringLiteral("once")), QStringLiteral("1"));
        QCOMPARE(c.signalJson(QStringLiteral("prevented")), QStringLiteral("1"));
        QCOMPARE(c.page.eval(QStringLiteral("location.hash")).toString(), QString()); // __prevent
        QCOMPARE(c.signalJson(QStringLiteral("submitted")),
                 QStringLiteral("1")); // submit prevented: same page
        QCOMPARE(c.page.eval(QStringLiteral("location.pathname")).toString(),
                 QStringLiteral("/modifiers.html"));
        QCOMPARE(c.signalJson(QStringLiteral("outer")), QStringLiteral("1")); // only #nostop bubbled
        QCOMPARE(c.signalJson(QStringLiteral("order")),
                 QStringLiteral("\"outer;inner;\"")); // capture runs first
        QCOMPARE(c.signalJson(QStringLiteral("passiveDp")),
                 QStringLiteral("\"false\"")); // passive: cannot prevent
        QCOMPARE(c.signalJson(QStringLiteral("activeDp")), QStringLiteral("\"true\""));
        // Chromium says so when a passive listener tries to prevent the default.
        QCOMPARE(c.page.consoleErrors(),
                 QStringList {
                     QStringLiteral("Unable to preventDefault inside passive event listener invocation.") });
        c.page.clearConsole();
    }

    void onModifiersOutsideWindowDelayViewTransition()
    {
        QVERIFY(c.open(QStringLiteral("modifiers.html")));
        QVERIFY(c.page.click(QStringLiteral("#insideBox")));
        QVERIFY(c.page.click(QStringLiteral("#box")));
        QVERIFY(c.page.click(QStringLiteral("#outsideBox")));
        QVERIFY(c.page.click(QStringLiteral("#sentinel")));
        QVERIFY(c.waitSignal(QStringLiteral("sentinel"), QStringLiteral("1")));
        QCOMPARE(c.signalJson(QStringLiteral("outside")), QStringLiteral("2")); // #outsideBox and #sentinel

        c.page.typeText(QStringLiteral("ab")); // focus is on a button: keydown reaches window
        QVERIFY(c.waitSignal(QStringLiteral("key"), QStringLiteral("\"ab\"")));

        QVERIFY(c.page.click(QStringLiteral("#delay")));
        QVERIFY(c.waitSignal(QStringLiteral("delayed"), QStringLiteral("\"now;later;\"")));

        // Chrome 102 has no document.startViewTransition: the handler runs without one...
        const bool native
            = c.page.eval(QStringLiteral("typeof document.startViewTransition === 'function'")).toBool();
        QVERIFY(c.page.click(QStringLiteral("#vt")));
        QVERIFY(c.waitSignal(QStringLiteral("vt"), QStringLiteral("1")));
        // ...and inside one when the engine has it.
        c.page.eval(QStringLiteral(
            "window.vtCalls = 0; document.startViewTransition = (cb) => { window.vtCalls++; cb(); };"));
        QVERIFY(c.page.click(QStringLiteral("#vt")));
        QVERIFY(c.waitSignal(QStringLiteral("vt"), QStringLiteral("2")));
        QCOMPARE(c.page.eval(QStringLiteral("window.vtCalls")).toInt(), 1);
        if (native)
            qInfo("this engine has document.startViewTransition");
    }

    void debounceTrailingLeadingAndNoTrailing()
    {
        QVERIFY(c.open(QStringLiteral("timing.html")));
        QVERIFY(c.page.typeInto(QStringLiteral("#trail"), QStringLiteral("abc")));
        QVERIFY(c.waitSignal(QStringLiteral("trail"), QStringLiteral("\"[abc]\"")));
        QVERIFY(c.page.typeInto(QStringLiteral("#lead"), QStringLiteral("abc")));
        QVERIFY(c.waitSignal(QStringLiteral("lead"), QStringLiteral("\"[a][abc]\"")));
        QVERIFY(c.page.typeInto(QStringLiteral("#leadOnly"), QStringLiteral("abc")));
        QVERIFY(c.waitSignal(QStringLiteral("leadOnly"), QStringLiteral("\"[a]\"")));
        // The marker's debounce (same delay) starts after the last key: when it fires, a trailing call of
        // #leadOnly would already have happened.
        QVERIFY(c.page.click(QStringLiteral("#marker")));
        QVERIFY(c.waitSignal(QStringLiteral("marker"), QStringLiteral("1")));
        QCOMPARE(c.signalJson(QStringLiteral("leadOnly")), QStringLiteral("\"[a]\""));
        QCOMPARE(c.signalJson(QStringLiteral("trail")), QStringLiteral("\"[abc]\""));
    }

    void throttleLeadingTrailingAndNoLeading()
    {
        QVERIFY(c.open(QStringLiteral("timing.html")));
        for (int i = 0; i < 3; ++i) {
            QVERIFY(c.page.click(QStringLiteral("#thr")));
            QVERIFY(c.page.click(QStringLiteral("#thrTrail")));
            QVERIFY(c.page.click(QStringLiteral("#thrNoLead")));
        }
        QVERIFY(c.page.click(QStringLiteral("#sentinel")));
        QVERIFY(c.waitSignal(QStringLiteral("sentinel"), QStringLiteral("1")));
        QCOMPARE(c.signalJson(QStringLiteral("thr")), QStringLiteral("1")); // first call only, within 5 s
        // Trailing calls come at the end of the window.
        QVERIFY(c.waitSignal(QStringLiteral("thrTrail"), QStringLiteral("2")));
        QVERIFY(c.waitSignal(QStringLiteral("thrNoLead"), QStringLiteral("1")));
        QCOMPARE(c.signalJson(QStringLiteral("thr")), QStringLiteral("1"));
    }

    void onIntervalTicksUntilRemoved()
    {
        QVERIFY(c.open(QStringLiteral("interval.html")));
        QCOMPARE(c.signalJson(QStringLiteral("lead")), QStringLiteral("1")); // .leading: ran at once
        QVERIFY(c.page.waitFor(QStringLiteral("window.__starlingDatastarDebug.getPath('ticks') >= 3")));
        QVERIFY(c.page.waitFor(
            QStringLiteral("window.__starlingDatastarDebug.getPath('def') >= 1"))); // 1 s default
        const int timers
            = c.page.eval(QStringLiteral("window.__starlingDatastarDebug.registry.timers")).toInt();
        QCOMPARE(timers, 3);
        QVERIFY(c.page.click(QStringLiteral("#remove")));
        QVERIFY(c.page.waitFor(QStringLiteral("window.__starlingDatastarDebug.registry.timers === 1")));
        const QString ticks = c.signalJson(QStringLiteral("ticks"));
        // A 50 ms interval started now ticks three times: the removed 50 ms ticker would have ticked
        // meanwhile.
        c.page.eval(QStringLiteral(
            "window.m = 0; const id = setInterval(() => { if (++window.m === 3) clearInterval(id); }, 50)"));
        QVERIFY(c.page.waitFor(QStringLiteral("window.m === 3")));
        QCOMPARE(c.signalJson(QStringLiteral("ticks")), ticks);
    }

    void onIntersectHonoursOnceHalfAndFull()
    {
        // Layout (600 px view, PageDown = 525 px): small elements at 2000-2150, a 1000 px __half element at
        // 2150-3150, a 1000 px __full element at 3150-4150 (it can never be fully in view).
        QVERIFY(c.open(QStringLiteral("intersect.html")));
        const auto signal = [](const char *name) {
            return QStringLiteral("window.__starlingDatastarDebug.getPath('%1')").arg(QLatin1String(name));
        };
        QCOMPARE(c.signalJson(QStringLiteral("any")), QStringLiteral("0"));
        QVERIFY(c.page.click(QStringLiteral("#top"))); // focus the page for keyboard scrolling
        for (int i = 0; i < 3; ++i)
            c.page.keyClick(Qt::Key_PageDown);
        QVERIFY(c.page.waitFor(signal("any") + QStringLiteral(" === 1 && ") + signal("fullSmall")
                               + QStringLiteral(" === 1")));
        QCOMPARE(c.signalJson(QStringLiteral("once")), QStringLiteral("1"));
        c.page.keyClick(Qt::Key_PageDown);
        QVERIFY(c.page.waitFor(signal("half") + QStringLiteral(" === 1")));
        c.page.keyClick(Qt::Key_Home);
        QVERIFY(c.page.waitFor(QStringLiteral("window.scrollY === 0")));
        for (int i = 0; i < 3; ++i)
            c.page.keyClick(Qt::Key_PageDown);
        QVERIFY(c.page.waitFor(signal("any") + QStringLiteral(" === 2")));
        QCOMPARE(c.signalJson(QStringLiteral("once")), QStringLiteral("1")); // __once: not again
        for (int i = 0; i < 3; ++i)
            c.page.keyClick(Qt::Key_PageDown);
        // The marker inside the __full element has been seen: the element was 60 % in view, which is not
        // enough.
        QVERIFY(c.page.waitFor(signal("fullMarker") + QStringLiteral(" >= 1")));
        QCOMPARE(c.signalJson(QStringLiteral("full")), QStringLiteral("0"));
    }

    void onSignalPatchGetsFilteredPatches()
    {
        QVERIFY(c.open(QStringLiteral("signal-patch.html")));
        // The initial data-signals patch is the first event (the handler was registered in the same batch).
        QCOMPARE(c.text(QStringLiteral("#log")), QStringLiteral("{\"count\":0}"));
        QVERIFY(c.page.click(QStringLiteral("#inc")));
        QVERIFY(c.waitText(QStringLiteral("#log"), QStringLiteral("{\"count\":0}{\"count\":1}")));
        QVERIFY(c.page.click(QStringLiteral("#several"))); // one batch: one patch, 'other' filtered out
        QVERIFY(c.waitText(QStringLiteral("#log"),
                           QStringLiteral("{\"count\":0}{\"count\":1}{\"nested\":{\"a\":1}}")));
        QVERIFY(c.page.click(QStringLiteral("#remove"))); // removal is null in the patch
        QVERIFY(
            c.waitText(QStringLiteral("#log"),
                       QStringLiteral("{\"count\":0}{\"count\":1}{\"nested\":{\"a\":1}}{\"nested\":null}")));
        // data-on:datastar-signal-patch listens on document and sees the event's detail.
        QCOMPARE(c.signalJson(QStringLiteral("events")), QStringLiteral("2"));
    }

    void onSignalPatchHonoursTimingModifiers()
    {
        QVERIFY(c.open(QStringLiteral("signal-patch.html")));
        for (int i = 0; i < 3; ++i)
            QVERIFY(c.page.click(QStringLiteral("#other")));
        // The marker's handler has the same debounce and starts after the last click.
        QVERIFY(c.page.click(QStringLiteral("#marker")));
        QVERIFY(c.waitSignal(QStringLiteral("markerCalls"), QStringLiteral("1")));
        QCOMPARE(c.signalJson(QStringLiteral("calls")), QStringLiteral("1"));
        QCOMPARE(c.signalJson(QStringLiteral("other")), QStringLiteral("3"));
    }

private:
    ReactivityClient c;
};

QTEST_MAIN(EventsTest)
#include "tst_reactiveevents.moc"
