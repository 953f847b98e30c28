// Attributes follow the DOM: elements added later are applied, changed attributes re-applied, removed
// attributes and elements cleaned up; 10,000 add/remove cycles leave the client's registry where it started.
#include "reactivitytest.h"

#include <QJsonDocument>
#include <QJsonObject>

class LifecycleTest : public starling::test::ReactivityTest
{
    Q_OBJECT

private Q_SLOTS:
    void addedChangedAndRemovedAttributesFollowTheDom()
    {
        QVERIFY(c.open(QStringLiteral("lifecycle.html")));
        const QVariantMap baseline = sizes();
        QVERIFY(c.page.click(QStringLiteral("#add")));
        QVERIFY(c.waitText(QStringLiteral("#late"), QStringLiteral("0")));
        QCOMPARE(sizes().value(QStringLiteral("listeners")).toInt(),
                 baseline.value(QStringLiteral("listeners")).toInt() + 1);
        QVERIFY(c.page.click(QStringLiteral("#late")));
        QVERIFY(c.waitText(QStringLiteral("#late"), QStringLiteral("1")));

        QVERIFY(c.page.click(QStringLiteral("#change")));
        QVERIFY(c.waitText(QStringLiteral("#late"), QStringLiteral("changed 1")));
        QCOMPARE(sizes().value(QStringLiteral("effects")).toInt(),
                 baseline.value(QStringLiteral("effects")).toInt() + 1);

        QVERIFY(c.page.click(QStringLiteral("#removeAttr")));
        QVERIFY(c.page.waitFor(QStringLiteral("window.__starlingDatastarDebug.registry.listeners === %1")
                                   .arg(baseline.value(QStringLiteral("listeners")).toInt())));
        QVERIFY(c.page.click(QStringLiteral("#late")));
        QVERIFY(c.page.click(QStringLiteral("#sentinel")));
        QVERIFY(c.waitSignal(QStringLiteral("sentinel"), QStringLiteral("1")));
        QCOMPARE(c.signalJson(QStringLiteral("n")), QStringLiteral("1")); // the click did nothing

        QVERIFY(c.page.click(QStringLiteral("#removeEl")));
        QVERIFY(c.page.waitFor(QStringLiteral("!document.getElementById('late')")));
        QTRY_COMPARE(sizes(), baseline);
    }

    void registryReturnsToStartAfterTenThousandCycles()
    {
        QVERIFY(c.open(QStringLiteral("lifecycle.html")));
        const QVariantMap baseline = sizes();
        QVERIFY(c.page.click(QStringLiteral("#cycle")));
        QVERIFY(c.page.waitFor(QStringLiteral("window.cycleDone === true"), 60000));
        // Each cycled element really was applied (listeners, effects, timers, an observer)...
        const QVariantMap peak = c.page.eval(QStringLiteral("window.peak")).toMap();
        for (const char *k : { "listeners", "effects", "observers", "timers", "attributes", "elements" }) {
            const QString key = QLatin1String(k);
            QVERIFY2(peak.value(key).toInt() > baseline.value(key).toInt(), k);
        }
        QVERIFY(
            c.page.waitFor(QStringLiteral("window.__starlingDatastarDebug.getPath('cycleInits') === 10000")));
        // ...and everything it held is gone again.
        QTRY_COMPARE(sizes(), baseline);
        QCOMPARE(c.page.eval(QStringLiteral("document.querySelectorAll('.cycled').length")).toInt(), 0);
    }

private:
    QVariantMap sizes()
    {
        return c.page.eval(QStringLiteral("window.__starlingDatastarDebug.registry.sizes()")).toMap();
    }
};

QTEST_MAIN(LifecycleTest)
#include "tst_reactivelifecycle.moc"
