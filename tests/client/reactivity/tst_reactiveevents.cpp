// data-on with every modifier, data-on-interval, data-on-intersect and data-on-signal-patch, driven by real
// mouse and key events. Timing is never asserted: where "did not run" matters, a later event proves the
// earlier ones were processed (events are handled in order; timers of equal delay fire in the order they were
// started).
#include "reactivitytest.h"

class EventsTest : public starling::test::ReactivityTest
{
    Q_OBJECT

private Q_SLOTS:
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
        // Layout (600 px view): small elements at 2000-2150, a 1000 px __half element at 2150-3150, a 1000 px
        // __full element at 3150-4150 (it can never be fully in view). The test scrolls to exact positions:
        // how far PageDown goes differs between Chromium versions.
        QVERIFY(c.open(QStringLiteral("intersect.html")));
        const auto signal = [](const char *name) {
            return QStringLiteral("window.__starlingDatastarDebug.getPath('%1')").arg(QLatin1String(name));
        };
        const auto scrollTo = [&](int y) {
            c.page.eval(QStringLiteral("window.scrollTo(0, %1)").arg(y));
            return c.page.waitFor(QStringLiteral("window.scrollY === %1").arg(y));
        };
        QCOMPARE(c.signalJson(QStringLiteral("any")), QStringLiteral("0"));
        QVERIFY(scrollTo(1575)); // the small elements in view
        QVERIFY(c.page.waitFor(signal("any") + QStringLiteral(" === 1 && ") + signal("fullSmall")
                               + QStringLiteral(" === 1")));
        QCOMPARE(c.signalJson(QStringLiteral("once")), QStringLiteral("1"));
        QVERIFY(scrollTo(2100)); // 550 px of the __half element
        QVERIFY(c.page.waitFor(signal("half") + QStringLiteral(" === 1")));
        QVERIFY(scrollTo(0));
        QVERIFY(scrollTo(1575));
        QVERIFY(c.page.waitFor(signal("any") + QStringLiteral(" === 2")));
        QCOMPARE(c.signalJson(QStringLiteral("once")), QStringLiteral("1")); // __once: not again
        QVERIFY(scrollTo(3150));
        // The marker inside the __full element has been seen: the element was 60 % in view, which is not
        // enough.
        QVERIFY(c.page.waitFor(signal("fullMarker") + QStringLiteral(" >= 1")));
        QCOMPARE(c.signalJson(QStringLiteral("full")), QStringLiteral("0"));
    }

    void onSignalPatchGetsFilteredPatches()
    {
        QVERIFY(c.open(QStringLiteral("signal-patch.html")));
        // The data-signals element comes first: its patch was dispatched before the handlers existed.
        QCOMPARE(c.text(QStringLiteral("#log")), QString());
        QVERIFY(c.page.click(QStringLiteral("#inc")));
        QVERIFY(c.waitText(QStringLiteral("#log"), QStringLiteral("{\"count\":1}")));
        QVERIFY(c.page.click(QStringLiteral("#several"))); // one batch: one patch, 'other' filtered out
        QVERIFY(c.waitText(QStringLiteral("#log"), QStringLiteral("{\"count\":1}{\"nested\":{\"a\":1}}")));
        QVERIFY(c.page.click(QStringLiteral("#remove"))); // removal is null in the patch
        QVERIFY(c.waitText(QStringLiteral("#log"),
                           QStringLiteral("{\"count\":1}{\"nested\":{\"a\":1}}{\"nested\":null}")));
        // data-on:datastar-signal-patch listens on document and sees the event's detail.
        QCOMPARE(c.signalJson(QStringLiteral("events")), QStringLiteral("1"));
    }

    // The initial scan applies the attributes in document order, each one's patch dispatched at once: a
    // handler sees the patches of the elements after it, one event each, and none of those before it.
    // (tests/client/reactivity/tst_clientchromium.cpp checks the same page in Chromium.)
    void onSignalPatchSeesOnlyTheScanAfterIt()
    {
        QVERIFY(c.open(QStringLiteral("signal-patch-scan.html")));
        QCOMPARE(c.signalJson(QStringLiteral("seen")), QStringLiteral("\"after;last,later;\""));
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
};

QTEST_MAIN(EventsTest)
#include "tst_reactiveevents.moc"
