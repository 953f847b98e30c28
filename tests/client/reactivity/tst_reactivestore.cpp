// The signal store (merge patches, removal, batching and the patch event, local signals) and the local
// actions
// (@peek, @setAll, @toggleAll with include/exclude), triggered by real clicks.
#include "reactivitytest.h"

class StoreTest : public starling::test::ReactivityTest
{
    Q_OBJECT

private Q_SLOTS:
    void oneEventPerOutermostBatch()
    {
        QVERIFY(c.open(QStringLiteral("store.html")));
        QVERIFY(c.page.waitFor(QStringLiteral("window.store !== undefined")));
        QVERIFY(c.page.click(QStringLiteral("#batch")));
        QVERIFY(c.waitText(QStringLiteral("#name"), QStringLiteral("Bob")));
        QCOMPARE(c.page.eval(QStringLiteral("window.events.join('|')")).toString(),
                 QStringLiteral("{\"plain\":3,\"user\":{\"name\":\"Bob\"}}"));
    }

    void nullRemovesSignals()
    {
        QVERIFY(c.open(QStringLiteral("store.html")));
        QVERIFY(c.page.waitFor(QStringLiteral("window.store !== undefined")));
        QVERIFY(c.page.click(QStringLiteral("#remove")));
        QVERIFY(c.waitText(
            QStringLiteral("#json"),
            QStringLiteral("{\"user\":{\"tags\":[\"x\"],\"_secret\":\"s\"},\"_local\":1,\"plain\":1}")));
        QCOMPARE(c.signalJson(QStringLiteral("user.name")), QStringLiteral("undefined"));
        // The removal is in the patch event as null; 'gone' never existed so it is not.
        QCOMPARE(c.page.eval(QStringLiteral("window.events.join('|')")).toString(),
                 QStringLiteral("{\"user\":{\"name\":null}}"));
        // A data-text still reading the removed signal does not bring it back.
        QCOMPARE(c.text(QStringLiteral("#name")), QString());
    }

    void ifMissingAndReplacingBranches()
    {
        QVERIFY(c.open(QStringLiteral("store.html")));
        QVERIFY(c.page.waitFor(QStringLiteral("window.store !== undefined")));
        QVERIFY(c.page.click(QStringLiteral("#ifmissing")));
        QVERIFY(c.waitSignal(QStringLiteral("fresh.deep"), QStringLiteral("true")));
        QCOMPARE(c.signalJson(QStringLiteral("plain")), QStringLiteral("1"));
        QVERIFY(c.page.click(QStringLiteral("#replace")));
        QVERIFY(c.waitText(
            QStringLiteral("#json"),
            QStringLiteral(
                "{\"user\":\"now a string\",\"_local\":1,\"plain\":1,\"fresh\":{\"deep\":true}}")));
        QVERIFY(c.page.click(QStringLiteral("#nested")));
        QVERIFY(c.waitSignal(QStringLiteral("a"), QStringLiteral("{\"b\":{\"c\":1,\"d\":2}}")));
    }

    void localSignalsAreLeftOutByTheLocalPattern()
    {
        QVERIFY(c.open(QStringLiteral("store.html")));
        QVERIFY(c.page.waitFor(QStringLiteral("window.store !== undefined")));
        QCOMPARE(c.page
                     .eval(QStringLiteral("JSON.stringify(window.store.filteredSignals({exclude: "
                                          "window.store.LocalSignalPattern}))"))
                     .toString(),
                 QStringLiteral("{\"user\":{\"name\":\"Ann\",\"tags\":[\"x\"]},\"plain\":1}"));
        QCOMPARE(
            c.page.eval(QStringLiteral("window.store.signalPaths({include: /^user\\./}).join()")).toString(),
            QStringLiteral("user.name,user.tags,user._secret"));
    }

    void toggleAllHonoursIncludeAndExclude()
    {
        QVERIFY(c.open(QStringLiteral("actions.html")));
        QVERIFY(c.page.click(QStringLiteral("#toggleMenu")));
        QVERIFY(c.waitSignal(QStringLiteral("menu"),
                             QStringLiteral("{\"isOpen\":{\"desktop\":true,\"mobile\":true}}")));
        QCOMPARE(c.signalJson(QStringLiteral("other")), QStringLiteral("false"));
        QVERIFY(c.page.click(QStringLiteral("#toggleAll")));
        QVERIFY(c.waitSignal(QStringLiteral("menu"),
                             QStringLiteral("{\"isOpen\":{\"desktop\":false,\"mobile\":true}}")));
        QCOMPARE(c.signalJson(QStringLiteral("other")), QStringLiteral("true"));
    }

    void setAllHonoursFiltersAndSkipsComputed()
    {
        QVERIFY(c.open(QStringLiteral("actions.html")));
        QVERIFY(c.page.click(QStringLiteral("#setForm")));
        QVERIFY(c.waitSignal(QStringLiteral("form"), QStringLiteral("{\"x\":\"\",\"y\":\"\",\"_z\":\"z\"}")));
        QVERIFY(c.page.click(QStringLiteral("#setAll")));
        QVERIFY(c.waitSignal(QStringLiteral("total"), QStringLiteral("14")));
        QCOMPARE(c.signalJson(QStringLiteral("a")), QStringLiteral("7"));
    }

    void peekReadsWithoutSubscribing()
    {
        QVERIFY(c.open(QStringLiteral("actions.html")));
        QCOMPARE(c.signalJson(QStringLiteral("peeked")), QStringLiteral("\"1:1\""));
        QVERIFY(c.page.click(QStringLiteral("#incA")));
        QVERIFY(c.page.click(QStringLiteral("#incB")));
        QVERIFY(c.waitSignal(QStringLiteral("peeked"), QStringLiteral("\"2:2\"")));
        QCOMPARE(c.page.eval(QStringLiteral("window.peekRuns")).toInt(), 2); // not re-run for $a
    }
};

QTEST_MAIN(StoreTest)
#include "tst_reactivestore.moc"
