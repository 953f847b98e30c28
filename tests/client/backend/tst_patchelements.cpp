// `datastar-patch-elements` as the whole client applies it from an SSE response: every mode, selectors, SVG
// and MathML namespaces, the view-transition fallback, scripts, and bad input reported without breaking the
// stream.
#include "backendtest.h"
#include "pagedriver.h"
#include "testserver.h"
#include "webenginetest.h"

#include <datastar/datastar.h>

#include <QApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QtTest>

using starling::test::PageDriver;
using starling::test::TestServer;
using namespace datastar;

static PatchElementsOptions opts(const QString &selector, ElementPatchMode mode = ElementPatchMode::Outer,
                                 ElementNamespace ns = ElementNamespace::Html, bool viewTransition = false)
{
    PatchElementsOptions o;
    o.selector = selector;
    o.mode = mode;
    o.elementNamespace = ns;
    o.useViewTransition = viewTransition;
    return o;
}

static ExecuteScriptOptions scriptOpts(bool autoRemove, const QString &name, const QString &value)
{
    ExecuteScriptOptions o;
    o.autoRemove = autoRemove;
    o.attributes = { { name, value } };
    return o;
}

class PatchElementsTest : public starling::test::WebEngineTest
{
    Q_OBJECT

private:
    // Loads a page with `body` and a #go button that @get's /events, which answers with m_events.
    bool load(const QByteArray &body)
    {
        return backendtest::loadPage(
            m_server, m_page, QStringLiteral("/page.html"),
            backendtest::clientPage(body
                                    + R"~(<button id="go" data-on:click="@get('/events')">go</button>)~"));
    }
    // Sends events through the SDK stream and waits until the request finished.
    bool send(const QList<Event> &events)
    {
        m_events = events;
        m_page.eval(QStringLiteral("window.__fetchEvents = []"));
        if (!m_page.click(QStringLiteral("#go")))
            return false;
        return m_page.waitFor(backendtest::FetchFinished);
    }
    QString str(const QString &js) { return m_page.eval(js).toString(); }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.http().route(QStringLiteral("/events"),
                              [this](const QHttpServerRequest &req, datastar::RouteResponder r) {
                                  auto *sse = ServerSentEventGenerator::start(req, std::move(r));
                                  for (const Event &e : std::as_const(m_events))
                                      QVERIFY2(sse->send(e), qPrintable(e.errorString()));
                                  sse->close();
                              });
        m_server.http().route(QStringLiteral("/raw"),
                              [this](const QHttpServerRequest &, datastar::RouteResponder r) {
                                  r.write(m_raw, "text/event-stream");
                              });
        QVERIFY(m_server.listen());
    }

    void eachModeAppliesAsSpecified_data()
    {
        QTest::addColumn<QString>("elements");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("sameElement");
        const auto row = [](const char *name, const char *elements, ElementPatchMode mode,
                            const char *selector, const char *expected, bool same) {
            QTest::newRow(name) << QString::fromUtf8(elements) << int(mode) << QString::fromUtf8(selector)
                                << QString::fromUtf8(expected) << same;
        };
        row("outer by id", R"(<p id="t" class="new">T</p>)", ElementPatchMode::Outer, "",
            R"(<p id="t" class="new">T</p>)", true);
        row("outer by selector", R"(<p id="t" class="sel">S</p>)", ElementPatchMode::Outer, "#c > p",
            R"(<p id="t" class="sel">S</p>)", true);
        row("inner", "<b>x</b>", ElementPatchMode::Inner, "#t", R"(<p id="t" class="old"><b>x</b></p>)",
            true);
        row("replace by id", R"(<p id="t" class="new">R</p>)", ElementPatchMode::Replace, "",
            R"(<p id="t" class="new">R</p>)", false);
        row("replace by selector", "<i>R</i>", ElementPatchMode::Replace, "#t", "<i>R</i>", false);
        row("prepend", "<i>1</i>", ElementPatchMode::Prepend, "#t", R"(<p id="t" class="old"><i>1</i>t</p>)",
            true);
        row("append", "<i>1</i><i>2</i>", ElementPatchMode::Append, "#t",
            R"(<p id="t" class="old">t<i>1</i><i>2</i></p>)", true);
        row("before", "<i>1</i>", ElementPatchMode::Before, "#t", R"(<i>1</i><p id="t" class="old">t</p>)",
            true);
        row("after", "<i>1</i>", ElementPatchMode::After, "#t", R"(<p id="t" class="old">t</p><i>1</i>)",
            true);
        row("remove by selector", "", ElementPatchMode::Remove, "#t", "", false);
    }

    void eachModeAppliesAsSpecified()
    {
        QFETCH(QString, elements);
        QFETCH(int, mode);
        QFETCH(QString, selector);
        QFETCH(QString, expected);
        QFETCH(bool, sameElement);
        QVERIFY(load(R"(<div id="c"><p id="t" class="old">t</p></div>)"));
        m_page.eval(QStringLiteral("document.getElementById('t').__mark = 1"));
        const Event event = patchElements(elements, opts(selector, ElementPatchMode(mode)));
        QVERIFY2(event.isValid(), qPrintable(event.errorString()));
        QVERIFY(send({ event }));
        QCOMPARE(str(QStringLiteral("document.getElementById('c').innerHTML")), expected);
        if (sameElement)
            QCOMPARE(m_page.eval(QStringLiteral("document.getElementById('t').__mark")).toInt(), 1);
        QCOMPARE(m_page.consoleErrors(), QStringList());
    }

    void removeWithoutSelectorRemovesTheElementsById()
    {
        QVERIFY(load(R"(<div id="c"><p id="a">a</p><p id="b">b</p><p id="k">keep</p></div>)"));
        QVERIFY(send({ removeElements(QString(), QStringLiteral(R"(<p id="a"></p><p id="b"></p>)")) }));
        QCOMPARE(str(QStringLiteral("document.getElementById('c').innerHTML")),
                 QStringLiteral(R"(<p id="k">keep</p>)"));
    }

    void severalTopLevelElementsPatchByTheirIds()
    {
        QVERIFY(load(R"(<p id="a">a</p><div><p id="b">b</p></div>)"));
        QVERIFY(send({ patchElements(QStringLiteral("<p id=\"a\">A</p>\n<p id=\"b\">B</p>")) }));
        QCOMPARE(str(QStringLiteral(
                     "document.getElementById('a').textContent + document.getElementById('b').textContent")),
                 QStringLiteral("AB"));
    }

    void selectorPatchesEveryMatch()
    {
        QVERIFY(load(R"(<ul><li class="item">1</li><li class="item">2</li><li>3</li></ul>)"));
        QVERIFY(send({ patchElements(QStringLiteral("<b>x</b>"),
                                     opts(QStringLiteral(".item"), ElementPatchMode::Inner)) }));
        QCOMPARE(str(QStringLiteral("document.querySelector('ul').innerHTML")),
                 QStringLiteral(R"(<li class="item"><b>x</b></li><li class="item"><b>x</b></li><li>3</li>)"));
    }

    void svgAndMathMlNamespaces()
    {
        QVERIFY(load(
            R"(<svg id="s" width="10" height="10"><circle id="c1" r="1"></circle></svg><math id="m"><mi>x</mi></math>)"));
        m_page.eval(QStringLiteral("document.getElementById('c1').__mark = 1"));
        QVERIFY(
            send({ patchElements(
                       QStringLiteral(
                           R"(<circle id="c1" r="5"></circle><rect id="r1" width="2" height="2"></rect>)"),
                       opts(QStringLiteral("#s"), ElementPatchMode::Inner, ElementNamespace::Svg)),
                   patchElements(
                       QStringLiteral("<mi>y</mi><mo>+</mo>"),
                       opts(QStringLiteral("#m"), ElementPatchMode::Inner, ElementNamespace::MathMl)) }));
        QCOMPARE(str(QStringLiteral("document.getElementById('r1').namespaceURI")),
                 QStringLiteral("http://www.w3.org/2000/svg"));
        QCOMPARE(str(QStringLiteral("document.getElementById('c1').getAttribute('r')")), QStringLiteral("5"));
        QCOMPARE(m_page.eval(QStringLiteral("document.getElementById('c1').__mark")).toInt(), 1);
        QCOMPARE(str(QStringLiteral("document.querySelector('#m mo').namespaceURI")),
                 QStringLiteral("http://www.w3.org/1998/Math/MathML"));
        // An SVG element patched by its id, outside any selector.
        QVERIFY(send({ patchElements(QStringLiteral(R"(<rect id="r1" width="7" height="2"></rect>)"),
                                     opts(QString(), ElementPatchMode::Outer, ElementNamespace::Svg)) }));
        QCOMPARE(str(QStringLiteral("document.getElementById('r1').getAttribute('width')")),
                 QStringLiteral("7"));
        QCOMPARE(str(QStringLiteral("document.getElementById('r1') instanceof SVGRectElement")),
                 QStringLiteral("true"));
        QCOMPARE(m_page.consoleErrors(), QStringList());
    }

    void viewTransitionFallsBackToAPlainPatch()
    {
        QVERIFY(load(R"(<p id="t">t</p>)"));
        const bool hasViewTransitions
            = m_page.eval(QStringLiteral("typeof document.startViewTransition === 'function'")).toBool();
        QVERIFY(
            send({ patchElements(QStringLiteral(R"(<p id="t">vt</p>)"),
                                 opts(QString(), ElementPatchMode::Outer, ElementNamespace::Html, true)) }));
        if (hasViewTransitions)
            QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('t').textContent === 'vt'")));
        else
            QCOMPARE(str(QStringLiteral("document.getElementById('t').textContent")), QStringLiteral("vt"));
        QCOMPARE(m_page.consoleErrors(), QStringList());
    }

    void executeScriptRunsOnceAndRemovesItself()
    {
        QVERIFY(load(R"(<p id="t">t</p>)"));
        QVERIFY(
            send({ executeScript(QStringLiteral("window.ran = (window.ran || 0) + 1"),
                                 scriptOpts(true, QStringLiteral("data-kind"), QStringLiteral("auto"))) }));
        QCOMPARE(m_page.eval(QStringLiteral("window.ran")).toInt(), 1);
        QVERIFY(m_page.waitFor(QStringLiteral("document.querySelector('script[data-kind]') === null")));
        // autoRemove off: the tag stays; another patch does not run earlier scripts again.
        QVERIFY(send({ executeScript(QStringLiteral("window.kept = (window.kept || 0) + 1"),
                                     scriptOpts(false, QStringLiteral("id"), QStringLiteral("kept-tag"))),
                       patchElements(QStringLiteral(R"(<p id="t">after</p>)")) }));
        QCOMPARE(m_page.eval(QStringLiteral("window.kept")).toInt(), 1);
        QCOMPARE(m_page.eval(QStringLiteral("window.ran")).toInt(), 1);
        QVERIFY(m_page.eval(QStringLiteral("document.getElementById('kept-tag') !== null")).toBool());
    }

    void scriptsInsidePatchedElementsRun()
    {
        QVERIFY(load(R"(<div id="t">t</div>)"));
        QVERIFY(send({ patchElements(QStringLiteral(
            R"(<div id="t"><script>window.inner = (window.inner || 0) + 1</script>x</div>)")) }));
        QCOMPARE(m_page.eval(QStringLiteral("window.inner")).toInt(), 1);
        QVERIFY(send({ patchElements(QStringLiteral("<script>window.appended = true</script>"),
                                     opts(QStringLiteral("#t"), ElementPatchMode::Append)) }));
        QVERIFY(m_page.eval(QStringLiteral("window.appended === true")).toBool());
        QCOMPARE(m_page.eval(QStringLiteral("window.inner")).toInt(), 1);
    }

    void patchedDataAttributesAreApplied()
    {
        QVERIFY(load(R"(<div data-signals="{n: 5}"></div><p id="t" data-text="$n">?</p>)"));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('t').textContent === '5'")));
        QVERIFY(send({ patchElements(QStringLiteral(R"(<p id="t" data-text="$n * 2">?</p>)")) }));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('t').textContent === '10'")));
    }

    void wholeDocumentPartsMorphIntoThePage()
    {
        // A <body> (closing tag present) targets the page's own body: it is morphed, the engine keeps
        // running.
        QVERIFY(load(R"(<main id="m"><input id="keep" value="v"></main><p id="gone">x</p>)"));
        m_page.eval(QStringLiteral("document.getElementById('keep').__mark = 1"));
        const QString body = QStringLiteral(
            R"~(<body class="fat"><main id="m"><input id="keep" value="v"><p id="new">new</p></main>)~"
            R"~(<button id="go" data-on:click="@get('/events')">go</button></body>)~");
        QVERIFY(send({ patchElements(body) }));
        QCOMPARE(str(QStringLiteral("document.body.className")), QStringLiteral("fat"));
        QCOMPARE(str(QStringLiteral("document.getElementById('new').textContent")), QStringLiteral("new"));
        QVERIFY(m_page.eval(QStringLiteral("document.getElementById('gone') === null")).toBool());
        QCOMPARE(m_page.eval(QStringLiteral("document.getElementById('keep').__mark")).toInt(), 1);
        // The page's own scripts in <head> did not run again, and the button still works.
        QVERIFY(send({ patchElements(QStringLiteral(R"(<p id="new">again</p>)")) }));
        QCOMPARE(str(QStringLiteral("document.getElementById('new').textContent")), QStringLiteral("again"));
        QCOMPARE(m_page.consoleErrors(), QStringList());
    }

    void badInputIsReportedAndTheStreamGoesOn()
    {
        QVERIFY(load(R"(<p id="t">t</p>)"));
        m_raw = QByteArrayLiteral(
            "event: datastar-patch-elements\ndata: mode sideways\ndata: elements <p id=\"t\">1</p>\n\n"
            "event: datastar-patch-elements\ndata: elements <p id=\"nope\">x</p>\n\n"
            "event: datastar-patch-elements\ndata: selector #t\ndata: mode inner\ndata: namespace klingon\n"
            "data: elements <b>x</b>\n\n"
            "event: datastar-patch-elements\ndata: selector ..bad[\ndata: mode inner\ndata: elements x\n\n"
            "event: datastar-patch-elements\ndata: selector .none\ndata: mode inner\ndata: elements x\n\n"
            "event: datastar-patch-signals\ndata: signals {oops\n\n"
            "event: datastar-patch-elements\ndata: elements <p id=\"t\">good</p>\n\n");
        QVERIFY(backendtest::loadPage(
            m_server, m_page, QStringLiteral("/bad.html"),
            backendtest::clientPage(
                R"~(<p id="t">t</p><button id="go" data-on:click="@get('/raw')">go</button>)~")));
        QVERIFY(m_page.click(QStringLiteral("#go")));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('t').textContent === 'good'")));
        const QString errors = m_page.consoleErrors().join(QLatin1Char('\n'));
        QVERIFY2(errors.contains(QLatin1StringView("datastar-patch-elements: InvalidPatchMode")),
                 qPrintable(errors));
        QVERIFY2(errors.contains(QLatin1StringView("NoTargetsFound: no element matches #nope")),
                 qPrintable(errors));
        QVERIFY2(errors.contains(QLatin1StringView("PatchElementsInvalidNamespace")), qPrintable(errors));
        QVERIFY2(errors.contains(QLatin1StringView("InvalidSelector")), qPrintable(errors));
        QVERIFY2(errors.contains(QLatin1StringView("no element matches selector '.none'")),
                 qPrintable(errors));
        QVERIFY2(errors.contains(QLatin1StringView("datastar-patch-signals: InvalidSignals")),
                 qPrintable(errors));
        QCOMPARE(m_page.consoleErrors().size(), 6);
    }

private:
    // Declared first so that they outlive the server's routes.
    QList<Event> m_events;
    QByteArray m_raw;
    TestServer m_server;
    PageDriver m_page;
};

QTEST_MAIN(PatchElementsTest)
#include "tst_patchelements.moc"
