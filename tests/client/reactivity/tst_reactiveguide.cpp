// The guide's "Reactive Signals" and "Frontend Reactivity" examples, reproduced and driven with real input.
#include "reactivitytest.h"

class GuideTest : public starling::test::ReactivityTest
{
    Q_OBJECT

private Q_SLOTS:
    void bindAndText()
    {
        QVERIFY(c.open(QStringLiteral("guide-bind-text.html")));
        QVERIFY(c.page.typeInto(QStringLiteral("#in"), QStringLiteral("hello")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("hello")));
        QCOMPARE(c.text(QStringLiteral("#upper")), QStringLiteral("HELLO"));
        QVERIFY(c.page.typeInto(QStringLiteral("#valueform"), QStringLiteral("v")));
        QVERIFY(c.waitText(QStringLiteral("#baz"), QStringLiteral("v")));
    }

    void computed()
    {
        QVERIFY(c.open(QStringLiteral("guide-computed.html")));
        QVERIFY(c.page.typeInto(QStringLiteral("#in"), QStringLiteral("ab")));
        QVERIFY(c.waitText(QStringLiteral("#out"), QStringLiteral("abab")));
    }

    void show()
    {
        QVERIFY(c.open(QStringLiteral("guide-show.html")));
        const QString visible
            = QStringLiteral("getComputedStyle(document.getElementById('%1')).display !== 'none'");
        QVERIFY(!c.page.eval(visible.arg(QStringLiteral("save"))).toBool());
        QVERIFY(!c.page.eval(visible.arg(QStringLiteral("save2"))).toBool());
        QVERIFY(c.page.typeInto(QStringLiteral("#in"), QStringLiteral("x")));
        QVERIFY(c.page.waitFor(visible.arg(QStringLiteral("save"))));
        QVERIFY(c.page.eval(visible.arg(QStringLiteral("save2"))).toBool());
        c.page.keyClick(Qt::Key_Backspace);
        QVERIFY(
            c.page.waitFor(QStringLiteral("!(") + visible.arg(QStringLiteral("save")) + QLatin1Char(')')));
    }

    void classes()
    {
        QVERIFY(c.open(QStringLiteral("guide-class.html")));
        const QString cls = QStringLiteral("document.getElementById('%1').className");
        QCOMPARE(c.page.eval(cls.arg(QStringLiteral("save"))).toString(), QString());
        QVERIFY(c.page.typeInto(QStringLiteral("#in"), QStringLiteral("strong")));
        QVERIFY(c.page.waitFor(cls.arg(QStringLiteral("bold")) + QStringLiteral(" === 'font-bold'")));
        QCOMPARE(c.page.eval(cls.arg(QStringLiteral("save"))).toString(), QStringLiteral("success"));
        QCOMPARE(c.page.eval(cls.arg(QStringLiteral("both"))).toString(),
                 QStringLiteral("success font-bold"));
        c.page.keyClick(Qt::Key_Backspace);
        QVERIFY(c.page.waitFor(cls.arg(QStringLiteral("both")) + QStringLiteral(" === 'success'")));
        QCOMPARE(c.page.eval(cls.arg(QStringLiteral("bold"))).toString(), QString());
    }

    void attributes()
    {
        QVERIFY(c.open(QStringLiteral("guide-attr.html")));
        const QString has = QStringLiteral("document.getElementById('%1').hasAttribute('%2')");
        QVERIFY(c.page.eval(has.arg(QStringLiteral("save"), QStringLiteral("disabled"))).toBool());
        QVERIFY(c.page.eval(has.arg(QStringLiteral("both"), QStringLiteral("disabled"))).toBool());
        QVERIFY(c.page.typeInto(QStringLiteral("#in"), QStringLiteral("hide")));
        // Wait for the last key's effect: `save` is enabled from the first key on.
        QVERIFY(c.page.waitFor(has.arg(QStringLiteral("hidden"), QStringLiteral("aria-hidden"))));
        QVERIFY(!c.page.eval(has.arg(QStringLiteral("save"), QStringLiteral("disabled"))).toBool());
        QVERIFY(c.page.eval(has.arg(QStringLiteral("both"), QStringLiteral("aria-hidden"))).toBool());
        QVERIFY(!c.page.eval(has.arg(QStringLiteral("both"), QStringLiteral("disabled"))).toBool());
    }

    void signals()
    {
        QVERIFY(c.open(QStringLiteral("guide-signals.html")));
        QCOMPARE(
            c.text(QStringLiteral("#json")),
            QStringLiteral("{\"foo\":1,\"form\":{\"baz\":2},\"fooBar\":3,\"quux\":{\"bar\":1,\"baz\":2}}"));
    }

    void onWithEl()
    {
        QVERIFY(c.open(QStringLiteral("guide-on.html")));
        QVERIFY(c.page.typeInto(QStringLiteral("#in"), QStringLiteral("abc")));
        QVERIFY(c.waitSignal(QStringLiteral("foo"), QStringLiteral("\"abc\"")));
        QVERIFY(c.page.click(QStringLiteral("#reset")));
        QVERIFY(c.page.waitFor(QStringLiteral("document.getElementById('in').value === ''")));
        QVERIFY(c.page.typeInto(QStringLiteral("#in"), QStringLiteral("d")));
        QVERIFY(c.waitSignal(QStringLiteral("foo"), QStringLiteral("\"d\"")));
        QVERIFY(c.page.click(QStringLiteral("#fire"))); // data-on:custom-event
        QVERIFY(c.page.waitFor(QStringLiteral("document.getElementById('in').value === ''")));
        QVERIFY(c.page.click(QStringLiteral("#who")));
        QVERIFY(c.waitText(QStringLiteral("#whoOut"), QStringLiteral("who")));
    }

    void toasterQuiz()
    {
        QVERIFY(c.open(QStringLiteral("guide-toaster.html")));
        const QString shown
            = QStringLiteral("getComputedStyle(document.getElementById('%1')).display !== 'none'");
        QVERIFY(!c.page.eval(shown.arg(QStringLiteral("answered"))).toBool());
        c.page.setPromptAnswer(QStringLiteral("Toast"));
        QVERIFY(c.page.click(QStringLiteral("#buzz")));
        QVERIFY(c.waitText(QStringLiteral("#response"), QStringLiteral("Toast")));
        QVERIFY(c.page.eval(shown.arg(QStringLiteral("answered"))).toBool());
        QVERIFY(c.page.eval(shown.arg(QStringLiteral("wrong"))).toBool());
        QVERIFY(!c.page.eval(shown.arg(QStringLiteral("correct"))).toBool());
        c.page.setPromptAnswer(QStringLiteral("Bread"));
        QVERIFY(c.page.click(QStringLiteral("#buzz")));
        QVERIFY(c.page.waitFor(shown.arg(QStringLiteral("correct"))));
        QVERIFY(!c.page.eval(shown.arg(QStringLiteral("wrong"))).toBool());
        c.page.setPromptAnswer(QString());
    }
};

QTEST_MAIN(GuideTest)
#include "tst_reactiveguide.moc"
