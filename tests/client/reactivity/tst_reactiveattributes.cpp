// The display and state attributes (data-signals, -computed, -text, -show, -class, -attr, -style, -effect,
// -ref, -indicator, -json-signals, -init, -ignore) and expression errors, each on its own page, driven by
// real clicks.
#include "reactivitytest.h"

#include <QHttpServerResponder>

#include <optional>

class AttributesTest : public starling::test::ReactivityTest
{
    Q_OBJECT

private Q_SLOTS:
    void textFollowsItsExpression()
    {
        QVERIFY(c.open(QStringLiteral("text.html")));
        QCOMPARE(c.text(QStringLiteral("#out")), QStringLiteral("Count: 1"));
        // A missing signal reads as '' (created), so `.deeper` is undefined: rendered as empty text.
        QCOMPARE(c.text(QStringLiteral("#nil")), QString());
        QVERIFY(c.page.click(QStringLiteral("#inc")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("Count: 2")));
        QVERIFY(c.page.click(QStringLiteral("#inc")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("Count: 3")));
    }

    void computedRecomputesOnlyWhenItsInputsChange()
    {
        QVERIFY(c.open(QStringLiteral("computed.html")));
        QCOMPARE(c.text(QStringLiteral("#d")), QStringLiteral("2"));
        QCOMPARE(c.text(QStringLiteral("#q")), QStringLiteral("4"));
        const int runs = c.page.eval(QStringLiteral("window.computeRuns")).toInt();
        QCOMPARE(runs, 1);
        QVERIFY(c.page.click(QStringLiteral("#incB")));
        QVERIFY(c.waitText(QStringLiteral("#b"), QStringLiteral("11")));
        QCOMPARE(c.page.eval(QStringLiteral("window.computeRuns")).toInt(), runs);
        QVERIFY(c.page.click(QStringLiteral("#incA")));
        QVERIFY(c.waitText(QStringLiteral("#q"), QStringLiteral("8")));
        QCOMPARE(c.text(QStringLiteral("#d")), QStringLiteral("4"));
        QCOMPARE(c.page.eval(QStringLiteral("window.computeRuns")).toInt(), runs + 1);
        // Read-only: assigning reports an error and changes nothing.
        c.page.eval(QStringLiteral("window.__starlingDatastarDebug.root.doubled = 99"));
        QCOMPARE(c.signalJson(QStringLiteral("doubled")), QStringLiteral("4"));
        QCOMPARE(c.clientErrors().size(), 1);
        c.page.clearConsole();
    }

    void showTogglesDisplayNone()
    {
        QVERIFY(c.open(QStringLiteral("show.html")));
        const QString hidden = QStringLiteral("getComputedStyle(document.getElementById('hidden')).display");
        const QString flex = QStringLiteral("getComputedStyle(document.getElementById('flex')).display");
        QCOMPARE(c.page.eval(hidden).toString(), QStringLiteral("none"));
        QCOMPARE(c.page.eval(flex).toString(), QStringLiteral("flex"));
        QVERIFY(c.page.click(QStringLiteral("#toggle")));
        QVERIFY(c.page.waitFor(hidden + QStringLiteral(" === 'block'")));
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('hidden').style.display")).toString(),
                 QString());
        QCOMPARE(c.page.eval(flex).toString(), QStringLiteral("none"));
        QVERIFY(c.page.click(QStringLiteral("#toggle")));
        QVERIFY(c.page.waitFor(hidden + QStringLiteral(" === 'none'")));
        // The inline display it hid is given back (not just removed).
        QCOMPARE(c.page.eval(flex).toString(), QStringLiteral("flex"));
    }

    void classTogglesKeyedAndObjectClasses()
    {
        QVERIFY(c.open(QStringLiteral("class.html")));
        const QString keyed = QStringLiteral("document.getElementById('keyed').className");
        const QString object = QStringLiteral("document.getElementById('object').className");
        QCOMPARE(c.page.eval(keyed).toString(), QStringLiteral("base"));
        QCOMPARE(c.page.eval(object).toString(), QStringLiteral("is-off big"));
        QVERIFY(c.page.click(QStringLiteral("#toggle")));
        QVERIFY(c.page.waitFor(keyed + QStringLiteral(" === 'base font-bold'")));
        QCOMPARE(c.page.eval(object).toString(), QStringLiteral("is-on"));
        // Clean-up removes the classes the attribute added, and only those.
        c.page.eval(
            QStringLiteral("document.getElementById('keyed').removeAttribute('data-class:font-bold')"));
        QVERIFY(c.page.waitFor(keyed + QStringLiteral(" === 'base'")));
    }

    void attrSetsRemovesAndSerialises()
    {
        QVERIFY(c.open(QStringLiteral("attr.html")));
        const auto attr = [this](const char *name) {
            return c.page.eval(QStringLiteral("document.getElementById('target').getAttribute('%1')")
                                   .arg(QLatin1String(name)));
        };
        QVERIFY(attr("aria-hidden").isNull());
        QCOMPARE(attr("title").toString(), QStringLiteral("first"));
        QCOMPARE(attr("data-n").toString(), QStringLiteral("1"));
        QVERIFY(attr("disabled").isNull());
        QVERIFY(c.page.click(QStringLiteral("#inc")));
        QVERIFY(c.page.waitFor(
            QStringLiteral("document.getElementById('target').getAttribute('data-n') === '2'")));
        QCOMPARE(attr("aria-hidden").toString(), QString(""));
        QVERIFY(!attr("aria-hidden").isNull());
        QCOMPARE(attr("title").toString(), QStringLiteral("second"));
        QCOMPARE(attr("data-obj").toString(), QStringLiteral("{\"n\":2}"));
        QVERIFY(c.page.click(QStringLiteral("#inc")));
        QVERIFY(c.page.waitFor(QStringLiteral("document.getElementById('target').hasAttribute('disabled')")));
    }

    void styleSetsAndRestoresInlineStyles()
    {
        QVERIFY(c.open(QStringLiteral("style.html")));
        const QString keyed = QStringLiteral("document.getElementById('keyed').style.backgroundColor");
        const QString object = QStringLiteral("document.getElementById('object').style");
        QCOMPARE(c.page.eval(keyed).toString(), QStringLiteral("blue"));
        QCOMPARE(c.page.eval(object + QStringLiteral(".opacity")).toString(), QStringLiteral("1"));
        QCOMPARE(c.page.eval(object + QStringLiteral(".fontSize")).toString(), QString());
        QVERIFY(c.page.click(QStringLiteral("#toggle")));
        QVERIFY(c.page.waitFor(keyed + QStringLiteral(" === 'red'")));
        QCOMPARE(c.page.eval(object + QStringLiteral(".fontSize")).toString(), QStringLiteral("20px"));
        QCOMPARE(c.page.eval(object + QStringLiteral(".opacity")).toString(),
                 QStringLiteral("0")); // 0 is a value
        QVERIFY(c.page.click(QStringLiteral("#toggle")));
        QVERIFY(c.page.waitFor(keyed + QStringLiteral(" === 'blue'"))); // falsy restores the original
        QCOMPARE(c.page.eval(object + QStringLiteral(".fontSize")).toString(), QString());
    }

    void effectRerunsOnlyForWhatItRead()
    {
        QVERIFY(c.open(QStringLiteral("effect.html")));
        QCOMPARE(c.text(QStringLiteral("#copy")), QStringLiteral("a!"));
        QCOMPARE(c.page.eval(QStringLiteral("window.effectRuns")).toInt(), 1);
        QVERIFY(c.page.click(QStringLiteral("#other")));
        QVERIFY(c.waitSignal(QStringLiteral("other"), QStringLiteral("2")));
        QCOMPARE(c.page.eval(QStringLiteral("window.effectRuns")).toInt(), 1);
        QVERIFY(c.page.click(QStringLiteral("#change")));
        QVERIFY(c.waitText(QStringLiteral("#copy"), QStringLiteral("ab!")));
        QCOMPARE(c.page.eval(QStringLiteral("window.effectRuns")).toInt(), 2);
    }

    void refHoldsTheElement()
    {
        QVERIFY(c.open(QStringLiteral("ref.html")));
        QCOMPARE(c.text(QStringLiteral("#out")), QStringLiteral("target valueform"));
        QVERIFY(c.page.click(QStringLiteral("#use")));
        QVERIFY(c.waitText(QStringLiteral("#target"), QStringLiteral("hit via ref")));
    }

    void indicatorFollowsThisElementsFetches()
    {
        QVERIFY(c.open(QStringLiteral("indicator.html")));
        QCOMPARE(c.text(QStringLiteral("#out")), QStringLiteral("false false"));
        QVERIFY(c.page.click(QStringLiteral("#foreign"))); // another element's fetch: no change
        QVERIFY(c.page.click(QStringLiteral("#mine")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("true false")));
        QVERIFY(c.page.click(QStringLiteral("#other")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("false false")));
    }

    void indicatorIsTrueWhileABackendFetchIsInFlight()
    {
        c.server.http().route(
            QStringLiteral("/slow"),
            [this](const QHttpServerRequest &, datastar::RouteResponder r) { m_held.emplace(std::move(r)); });
        QVERIFY(c.open(QStringLiteral("indicator-fetch.html")));
        QCOMPARE(c.text(QStringLiteral("#out")), QStringLiteral("false "));
        QVERIFY(c.page.click(QStringLiteral("#go")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("true ")));
        QTRY_VERIFY(m_held.has_value());
        m_held->write(QByteArray("{\"done\": true}"), QByteArray("application/json"));
        m_held.reset(); // from Qt 6.8 on, a connection reads its next request once the responder is gone
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("false true")));
    }

    void jsonSignalsShowsFilteredSignals()
    {
        QVERIFY(c.open(QStringLiteral("json-signals.html")));
        const QString all = c.text(QStringLiteral("#all"));
        QCOMPARE(all,
                 QStringLiteral(
                     "{\n  \"user\": {\n    \"name\": \"Ann\",\n    \"age\": 3\n  },\n  \"_local\": 1,\n"
                     "  \"gone\": \"x\"\n}"));
        QCOMPARE(c.text(QStringLiteral("#terse")), QStringLiteral("{\"user\":{\"name\":\"Ann\"}}"));
        QVERIFY(c.page.click(QStringLiteral("#change")));
        QVERIFY(c.waitText(QStringLiteral("#terse"), QStringLiteral("{\"user\":{\"name\":\"Bob\"}}")));
        // Setting a signal to null removes it: it is absent, not null.
        QVERIFY(
            c.page.waitFor(QStringLiteral("!document.getElementById('all').textContent.includes('gone')")));
        QCOMPARE(c.signalJson(QStringLiteral("gone")), QStringLiteral("undefined"));
    }

    void signalsPatchesKeyedObjectAndIfMissing()
    {
        QVERIFY(c.open(QStringLiteral("signals.html")));
        QCOMPARE(c.text(QStringLiteral("#out")), QStringLiteral("1,1,2,original,new,kebab"));
        QCOMPARE(c.signalJson(QStringLiteral("gone")), QStringLiteral("undefined"));
        QCOMPARE(c.signalJson(QStringLiteral("_local")), QStringLiteral("\"mine\""));
        QVERIFY(c.page.click(QStringLiteral("#patch")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("2,5,0,original,new,kebab")));
        // Assigning an object replaces the subtree.
        QCOMPARE(c.signalJson(QStringLiteral("nested")), QStringLiteral("{\"a\":5}"));
    }

    void initRunsOnceWhenProcessedAndHonoursDelay()
    {
        QVERIFY(c.open(QStringLiteral("init.html")));
        // The delayed init ran after the one that follows it.
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("ab")));
        QCOMPARE(c.signalJson(QStringLiteral("runs")), QStringLiteral("1"));
        QVERIFY(c.page.click(QStringLiteral("#add"))); // an element added later is initialised too
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("abc")));
        QCOMPARE(c.signalJson(QStringLiteral("runs")), QStringLiteral("1"));
    }

    void ignoreSkipsSubtreesAndMorphRulesAreLeftAlone()
    {
        QVERIFY(c.open(QStringLiteral("ignore.html")));
        QCOMPARE(c.text(QStringLiteral("#child")), QStringLiteral("applied"));
        QCOMPARE(c.text(QStringLiteral("#plain")), QStringLiteral("applied"));
        QCOMPARE(c.text(QStringLiteral("#ignored")), QStringLiteral("original"));
        QCOMPARE(c.text(QStringLiteral("#deeper")), QStringLiteral("original"));
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('morphrules').className")).toString(),
                 QStringLiteral("kept"));
        // Elements added later inside an ignored subtree stay ignored.
        c.page.eval(QStringLiteral("const s = document.createElement('span'); s.id = 'late';"
                                   " s.setAttribute('data-text', \"'changed'\"); s.textContent = 'original';"
                                   " document.getElementById('deep').append(s);"
                                   " const t = document.createElement('span'); t.id = 'sentinel';"
                                   " t.setAttribute('data-text', \"'seen'\"); document.body.append(t);"));
        QVERIFY(c.waitText(QStringLiteral("#sentinel"), QStringLiteral("seen")));
        QCOMPARE(c.text(QStringLiteral("#late")), QStringLiteral("original"));
    }

    void expressionErrorsAreReportedAndIsolated()
    {
        QVERIFY(c.open(QStringLiteral("errors.html")));
        QCOMPARE(c.text(QStringLiteral("#good")), QStringLiteral("fine 1"));
        QCOMPARE(c.text(QStringLiteral("#bad")), QStringLiteral("bad"));
        // Compile errors name the attribute and the element: the syntax error and the line-break-only
        // statements.
        QStringList errors = c.clientErrors();
        QCOMPARE(errors.size(), 2);
        QVERIFY2(errors[0].contains(QLatin1StringView("data-text"))
                     && errors[0].contains(QLatin1StringView("<span id=\"bad\">")),
                 qPrintable(errors[0]));
        QVERIFY2(errors[1].contains(QLatin1StringView("data-on:click"))
                     && errors[1].contains(QLatin1StringView("<button id=\"newline\">")),
                 qPrintable(errors[1]));
        c.page.clearConsole();

        QVERIFY(c.page.click(QStringLiteral("#two")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("1,1,2,0,")));
        QVERIFY(c.page.click(QStringLiteral("#newline"))); // not applied: nothing happens
        QVERIFY(c.page.click(QStringLiteral("#multiline")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("1,7,2,2,")));
        // A runtime error is reported on use, stops that expression only.
        QVERIFY(c.page.click(QStringLiteral("#throws")));
        QVERIFY(c.page.waitFor(QStringLiteral("true")));
        QTRY_COMPARE(c.clientErrors().size(), 1);
        QVERIFY(c.clientErrors()[0].contains(QLatin1StringView("<button id=\"throws\">")));
        QVERIFY(c.clientErrors()[0].contains(QLatin1StringView("noSuchFunction")));
        c.page.clearConsole();
        QVERIFY(c.page.click(QStringLiteral("#useel")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("1,7,2,2,useel")));
        QCOMPARE(c.text(QStringLiteral("#good")), QStringLiteral("fine 1"));
    }

    void keyAndValueRequirementsAreReported()
    {
        QVERIFY(c.open(QStringLiteral("requirements.html")));
        QCOMPARE(c.text(QStringLiteral("#fine")), QStringLiteral("still fine"));
        const QStringList errors = c.clientErrors();
        const QStringList expected { QStringLiteral("onKeyRequired"), QStringLiteral("textKeyNotAllowed"),
                                     QStringLiteral("bindKeyAndValueProvided"),
                                     QStringLiteral("bindKeyOrValueRequired"),
                                     QStringLiteral("computedValueRequired") };
        QCOMPARE(errors.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i)
            QVERIFY2(errors[i].contains(expected[i]), qPrintable(errors[i]));
        QVERIFY(errors[2].contains(QLatin1StringView("<input id=\"both\">")));
        c.page.clearConsole();
    }

private:
    std::optional<QHttpServerResponder> m_held; // the request the indicator test holds open
};

QTEST_MAIN(AttributesTest)
#include "tst_reactiveattributes.moc"
