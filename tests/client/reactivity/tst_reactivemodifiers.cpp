// Every RC.7 modifier on its own page (pages/modifiers/), driven by real mouse and key events. Timing is
// never asserted: where "did not run" matters, a later event proves the earlier ones were processed (clicks
// are handled in order; timers of equal delay fire in the order they were started). __duration, __half,
// __full and the intersect __once are in tst_reactiveevents with their attributes.
#include "reactivitytest.h"

class ModifiersTest : public starling::test::ReactivityTest
{
    Q_OBJECT

private Q_SLOTS:
    void onceRunsOnce()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/once.html")));
        QVERIFY(c.page.click(QStringLiteral("#once")));
        QVERIFY(c.page.click(QStringLiteral("#once")));
        QVERIFY(clickSentinel());
        QCOMPARE(c.signalJson(QStringLiteral("once")), QStringLiteral("1"));
    }

    void preventStopsTheDefaultAndFormsNeverSubmit()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/prevent.html")));
        QVERIFY(c.page.click(QStringLiteral("#prevent")));
        QVERIFY(c.page.click(QStringLiteral("#submit")));
        QVERIFY(clickSentinel());
        QCOMPARE(c.signalJson(QStringLiteral("prevented")), QStringLiteral("1"));
        QCOMPARE(c.page.eval(QStringLiteral("location.hash")).toString(), QString());
        QCOMPARE(c.signalJson(QStringLiteral("submitted")), QStringLiteral("1"));
        QCOMPARE(c.page.eval(QStringLiteral("location.pathname")).toString(),
                 QStringLiteral("/modifiers/prevent.html"));
    }

    void stopEndsPropagation()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/stop.html")));
        QVERIFY(c.page.click(QStringLiteral("#stop")));
        QVERIFY(c.page.click(QStringLiteral("#nostop")));
        QVERIFY(clickSentinel());
        QCOMPARE(c.signalJson(QStringLiteral("outer")), QStringLiteral("1")); // only #nostop bubbled
    }

    void captureRunsBeforeTheTarget()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/capture.html")));
        QVERIFY(c.page.click(QStringLiteral("#capture")));
        QVERIFY(c.page.click(QStringLiteral("#bubble")));
        QVERIFY(c.waitSignal(QStringLiteral("order"),
                             QStringLiteral("\"outer;inner;bubble-inner;bubble-outer;\"")));
    }

    void passiveCannotPreventTheDefault()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/passive.html")));
        QVERIFY(c.page.click(QStringLiteral("#passive")));
        QVERIFY(c.page.click(QStringLiteral("#active")));
        QVERIFY(clickSentinel());
        QCOMPARE(c.signalJson(QStringLiteral("passiveDp")), QStringLiteral("\"false\""));
        QCOMPARE(c.signalJson(QStringLiteral("activeDp")), QStringLiteral("\"true\""));
        // Chromium says so when a passive listener tries to prevent the default.
        QCOMPARE(c.page.consoleErrors(),
                 QStringList {
                     QStringLiteral("Unable to preventDefault inside passive event listener invocation.") });
        c.page.clearConsole();
    }

    void outsideRunsForClicksElsewhere()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/outside.html")));
        QVERIFY(c.page.click(QStringLiteral("#insideBox")));
        QVERIFY(c.page.click(QStringLiteral("#box")));
        QVERIFY(c.page.click(QStringLiteral("#outsideBox")));
        QVERIFY(clickSentinel());
        QCOMPARE(c.signalJson(QStringLiteral("outside")), QStringLiteral("2")); // #outsideBox and #sentinel
    }

    void windowListensOnWindow()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/window.html")));
        QVERIFY(clickSentinel()); // focus a button: keys go to it and bubble to window, not to the div
        c.page.typeText(QStringLiteral("ab"));
        QVERIFY(c.waitSignal(QStringLiteral("key"), QStringLiteral("\"ab\"")));
        QCOMPARE(c.signalJson(QStringLiteral("local")), QStringLiteral("\"\""));
    }

    void caseChangesEventSignalClassAndAttributeNames()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/case.html")));
        QVERIFY(c.page.click(QStringLiteral("#fire")));
        QVERIFY(c.waitSignal(QStringLiteral("pascal"), QStringLiteral("1")));
        QCOMPARE(c.signalJson(QStringLiteral("kebab")), QStringLiteral("1"));
        QCOMPARE(c.signalJson(QStringLiteral("camel")), QStringLiteral("1"));
        QCOMPARE(c.signalJson(QStringLiteral("snake")), QStringLiteral("1"));
        QCOMPARE(c.signalJson(QStringLiteral("mySignal")), QStringLiteral("\"camel\""));
        QCOMPARE(c.page.eval(QStringLiteral("window.__starlingDatastarDebug.root['my-signal']")).toString(),
                 QStringLiteral("kebab"));
        QCOMPARE(c.signalJson(QStringLiteral("my_signal")), QStringLiteral("\"snake\""));
        QCOMPARE(c.signalJson(QStringLiteral("MySignal")), QStringLiteral("\"pascal\""));
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('cls').className")).toString(),
                 QStringLiteral("myClass"));
        QCOMPARE(
            c.page.eval(QStringLiteral("document.getElementById('cls').getAttribute('my_attr')")).toString(),
            QStringLiteral("x"));
    }

    void delayRunsLater()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/delay.html")));
        QVERIFY(c.page.click(QStringLiteral("#delay")));
        // The delayed handler is first in attribute order but runs after the plain one.
        QVERIFY(c.waitSignal(QStringLiteral("delayed"), QStringLiteral("\"now;later;\"")));
    }

    void debounceTrailingLeadingAndNoTrailing()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/debounce.html")));
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
        QVERIFY(c.open(QStringLiteral("modifiers/throttle.html")));
        for (int i = 0; i < 3; ++i) {
            QVERIFY(c.page.click(QStringLiteral("#thr")));
            QVERIFY(c.page.click(QStringLiteral("#thrTrail")));
            QVERIFY(c.page.click(QStringLiteral("#thrNoLead")));
        }
        QVERIFY(clickSentinel());
        QCOMPARE(c.signalJson(QStringLiteral("thr")), QStringLiteral("1")); // first call only, within 5 s
        // Trailing calls come at the end of the window.
        QVERIFY(c.waitSignal(QStringLiteral("thrTrail"), QStringLiteral("2")));
        QVERIFY(c.waitSignal(QStringLiteral("thrNoLead"), QStringLiteral("1")));
        QCOMPARE(c.signalJson(QStringLiteral("thr")), QStringLiteral("1"));
    }

    void viewTransitionFallsBackWithoutTheApi()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/viewtransition.html")));
        const bool native
            = c.page.eval(QStringLiteral("typeof document.startViewTransition === 'function'")).toBool();
        // Chrome 102 has no document.startViewTransition: data-init and the handler run without one...
        QCOMPARE(c.signalJson(QStringLiteral("initVt")), QStringLiteral("1"));
        // Where the engine has view transitions, a click on a page in transition reaches its root, not the
        // button: each click waits for the last transition to end, as a user would.
        const QString transitionsEnded = QStringLiteral("document.getAnimations().length === 0");
        QVERIFY(c.page.waitFor(transitionsEnded));
        QVERIFY(c.page.click(QStringLiteral("#vt")));
        QVERIFY(c.waitSignal(QStringLiteral("vt"), QStringLiteral("1")));
        // ...and inside one when the engine has it.
        c.page.eval(QStringLiteral(
            "window.vtCalls = 0; document.startViewTransition = (cb) => { window.vtCalls++; cb(); };"));
        QVERIFY(c.page.waitFor(transitionsEnded));
        QVERIFY(c.page.click(QStringLiteral("#vt")));
        QVERIFY(c.waitSignal(QStringLiteral("vt"), QStringLiteral("2")));
        QCOMPARE(c.page.eval(QStringLiteral("window.vtCalls")).toInt(), 1);
        if (native)
            qInfo("this engine has document.startViewTransition");
    }

    void ifMissingLeavesExistingSignals()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/ifmissing.html")));
        QCOMPARE(c.text(QStringLiteral("#out")), QStringLiteral("original,new"));
        QCOMPARE(c.signalJson(QStringLiteral("keep2")),
                 QStringLiteral("\"second\"")); // without it: overwritten
        QVERIFY(c.page.click(QStringLiteral("#again")));
        QVERIFY(c.waitSignal(QStringLiteral("later"), QStringLiteral("2")));
        QCOMPARE(c.signalJson(QStringLiteral("keep")), QStringLiteral("\"original\""));
    }

    void terseLeavesOutWhitespace()
    {
        QVERIFY(c.open(QStringLiteral("modifiers/terse.html")));
        QCOMPARE(c.text(QStringLiteral("#terse")), QStringLiteral("{\"a\":{\"b\":1},\"c\":\"x\"}"));
        QCOMPARE(c.text(QStringLiteral("#pretty")),
                 QStringLiteral("{\n  \"a\": {\n    \"b\": 1\n  },\n  \"c\": \"x\"\n}"));
        QVERIFY(c.page.click(QStringLiteral("#change")));
        QVERIFY(c.waitText(QStringLiteral("#terse"), QStringLiteral("{\"a\":{\"b\":1},\"c\":\"y\"}")));
    }

private:
    // Clicks #sentinel and waits for its handler: every earlier click has been handled by then.
    bool clickSentinel()
    {
        const int before
            = c.page.eval(QStringLiteral("window.__starlingDatastarDebug.getPath('sentinel')")).toInt();
        return c.page.click(QStringLiteral("#sentinel"))
            && c.waitSignal(QStringLiteral("sentinel"), QString::number(before + 1));
    }
};

QTEST_MAIN(ModifiersTest)
#include "tst_reactivemodifiers.moc"
