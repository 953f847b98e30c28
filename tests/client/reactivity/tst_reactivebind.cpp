// data-bind, both ways, for every kind of input, driven by real mouse and key events.
#include "reactivitytest.h"

#include <QTemporaryDir>

class BindTest : public starling::test::ReactivityTest
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(c.open(QStringLiteral("bind.html"))); }

    void signalsAreCreatedFromElements()
    {
        QCOMPARE(c.signalJson(QStringLiteral("fooBar")), QStringLiteral("\"start\""));
        QCOMPARE(c.signalJson(QStringLiteral("nested.name")), QStringLiteral("\"\""));
        QCOMPARE(c.signalJson(QStringLiteral("num")), QStringLiteral("5"));
        QCOMPARE(c.signalJson(QStringLiteral("agree")), QStringLiteral("false"));
        QCOMPARE(c.signalJson(QStringLiteral("choice")), QStringLiteral("\"b\""));
        QCOMPARE(c.signalJson(QStringLiteral("single")), QStringLiteral("\"two\""));
        QCOMPARE(c.signalJson(QStringLiteral("multi")), QStringLiteral("[]"));
        QCOMPARE(c.signalJson(QStringLiteral("files")), QStringLiteral("[]"));
        QCOMPARE(c.signalJson(QStringLiteral("picked")), QStringLiteral("\"initial\""));
        // Existing signals win over the element: the array signal checks the matching box.
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('red').checked")).toBool(), true);
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('blue').checked")).toBool(), false);
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('num2').value")).toString(),
                 QStringLiteral("1"));
        // A radio without a name gets the signal's.
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('ra').name")).toString(),
                 QStringLiteral("choice"));
    }

    void typingUpdatesTextSignals()
    {
        QVERIFY(c.page.typeInto(QStringLiteral("#text"), QStringLiteral("!")));
        QVERIFY(c.waitText(QStringLiteral("#textOut"), QStringLiteral("start!")));
        QVERIFY(c.page.typeInto(QStringLiteral("#valueform"), QStringLiteral("Ann")));
        QVERIFY(c.waitText(QStringLiteral("#nestedOut"), QStringLiteral("Ann")));
        QVERIFY(c.page.typeInto(QStringLiteral("#area"), QStringLiteral("two words")));
        QVERIFY(c.waitSignal(QStringLiteral("notes"), QStringLiteral("\"two words\"")));
        c.page.keyClick(Qt::Key_Backspace);
        QVERIFY(c.waitSignal(QStringLiteral("notes"), QStringLiteral("\"two word\"")));
    }

    void numbersStayNumbers()
    {
        QVERIFY(c.page.typeInto(QStringLiteral("#num"), QStringLiteral("1"))); // caret at the end: 51
        QVERIFY(c.waitSignal(QStringLiteral("num"), QStringLiteral("51")));
        // A text input bound to a number signal keeps it a number.
        QVERIFY(c.page.typeInto(QStringLiteral("#num2"), QStringLiteral("2")));
        QVERIFY(c.waitSignal(QStringLiteral("num2"), QStringLiteral("12")));
    }

    void checkboxesBindBooleansValuesAndArrays()
    {
        QVERIFY(c.page.click(QStringLiteral("#agree")));
        QVERIFY(c.waitSignal(QStringLiteral("agree"), QStringLiteral("true")));
        QVERIFY(c.page.click(QStringLiteral("#apple")));
        QVERIFY(c.waitSignal(QStringLiteral("fruit"), QStringLiteral("\"apple\"")));
        QVERIFY(c.page.click(QStringLiteral("#apple")));
        QVERIFY(c.waitSignal(QStringLiteral("fruit"), QStringLiteral("\"\"")));
        QVERIFY(c.page.click(QStringLiteral("#blue")));
        QVERIFY(c.waitSignal(QStringLiteral("colors"), QStringLiteral("[\"red\",\"blue\"]")));
        QVERIFY(c.page.click(QStringLiteral("#red")));
        QVERIFY(c.waitSignal(QStringLiteral("colors"), QStringLiteral("[\"blue\"]")));
    }

    void radiosBindTheCheckedValue()
    {
        QVERIFY(c.page.click(QStringLiteral("#ra")));
        QVERIFY(c.waitSignal(QStringLiteral("choice"), QStringLiteral("\"a\"")));
        QVERIFY(c.page.click(QStringLiteral("#rb")));
        QVERIFY(c.waitSignal(QStringLiteral("choice"), QStringLiteral("\"b\"")));
    }

    void selectsBindValueAndArrays()
    {
        c.page.eval(QStringLiteral("document.getElementById('single').focus()"));
        QVERIFY(c.page.waitFor(QStringLiteral("document.activeElement.id === 'single'")));
        c.page.keyClick(Qt::Key_Down);
        QVERIFY(c.waitSignal(QStringLiteral("single"), QStringLiteral("\"three\"")));
        QVERIFY(c.page.click(QStringLiteral("#m2")));
        QVERIFY(c.waitSignal(QStringLiteral("multi"), QStringLiteral("[\"y\"]")));
        QVERIFY(c.page.click(QStringLiteral("#m3"), Qt::ControlModifier));
        QVERIFY(c.waitSignal(QStringLiteral("multi"), QStringLiteral("[\"y\",\"z\"]")));
    }

    void fileInputsBindNameContentsAndMime()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile a(dir.filePath(QStringLiteral("hello.txt")));
        QVERIFY(a.open(QIODevice::WriteOnly));
        a.write("hello");
        a.close();
        QFile b(dir.filePath(QStringLiteral("data.bin")));
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write(QByteArray("\x00\x01\x02", 3));
        b.close();
        c.page.setFilesToChoose({ a.fileName(), b.fileName() });
        QVERIFY(c.page.click(QStringLiteral("#file")));
        QVERIFY(
            c.page.waitFor(QStringLiteral("window.__starlingDatastarDebug.getPath('files').length === 2")));
        QCOMPARE(c.signalJson(QStringLiteral("files")),
                 QStringLiteral(
                     "[{\"name\":\"hello.txt\",\"contents\":\"aGVsbG8=\",\"mime\":\"text/plain\"},"
                     "{\"name\":\"data.bin\",\"contents\":\"AAEC\",\"mime\":\"application/octet-stream\"}]"));
        c.page.setFilesToChoose({});
    }

    void webComponentsBindValueOnChange()
    {
        QVERIFY(c.page.click(QStringLiteral("#picker")));
        QVERIFY(c.waitSignal(QStringLiteral("picked"), QStringLiteral("\"picked\"")));
    }

    void inputsBindingOneArrayBindOneItemEach()
    {
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('item0').value")).toString(),
                 QStringLiteral("first"));
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('item1').value")).toString(),
                 QStringLiteral("2"));
        QVERIFY(c.page.typeInto(QStringLiteral("#item1"), QStringLiteral("3")));
        QVERIFY(c.waitSignal(QStringLiteral("list"), QStringLiteral("[\"first\",23]")));
        QVERIFY(c.page.typeInto(QStringLiteral("#item0"), QStringLiteral("!")));
        QVERIFY(c.waitSignal(QStringLiteral("list"), QStringLiteral("[\"first!\",23]")));
    }

    void signalChangesReachEveryElement()
    {
        QVERIFY(c.page.click(QStringLiteral("#agree")));
        QVERIFY(c.waitSignal(QStringLiteral("agree"), QStringLiteral("true")));
        QVERIFY(c.page.click(QStringLiteral("#fromSignals")));
        QVERIFY(c.page.waitFor(QStringLiteral("document.getElementById('text').value === 'set by signal'")));
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('agree').checked")).toBool(), false);
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('ra').checked")).toBool(), true);
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('rb').checked")).toBool(), false);
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('single').value")).toString(),
                 QStringLiteral("three"));
        QCOMPARE(c.page
                     .eval(QStringLiteral(
                         "[...document.getElementById('multi').selectedOptions].map(o => o.value).join()"))
                     .toString(),
                 QStringLiteral("x,z"));
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('picker').value")).toString(),
                 QStringLiteral("from signal"));
        QCOMPARE(c.page.eval(QStringLiteral("document.getElementById('num').value")).toString(),
                 QStringLiteral("42"));
    }
};

QTEST_MAIN(BindTest)
#include "tst_reactivebind.moc"
