// The morph (resources/datastar/morph.js): elements matched by id keep their identity, state and focus; only
// what changed is touched; data-ignore-morph and data-preserve-attr are respected.
#include "backendtest.h"
#include "pagedriver.h"
#include "testserver.h"
#include "webenginetest.h"

#include <QApplication>
#include <QtTest>

using starling::test::PageDriver;
using starling::test::TestServer;

// window.m(selector, html, mode) morphs the element matching selector into html.
// window.mark(selector) tags each matching element with a property, so identity survives or not.
static const QByteArray MorphImports = R"JS(
import {morph} from '/_starling/datastar/morph.js';
window.m = (selector, html, mode = 'outer') => {
  const t = document.createElement('template');
  t.innerHTML = html;
  morph(document.querySelector(selector), t.content, {mode});
};
window.mark = (selector) => document.querySelectorAll(selector).forEach((el, i) => { el.__mark = `${selector}#${i}`; });
window.marks = (selector) => Array.from(document.querySelectorAll(selector), (el) => el.__mark || null).join(',');
window.records = [];
window.observe = (selector) => {
  const o = new MutationObserver((list) => list.forEach((r) => window.records.push(
    r.type === 'attributes' ? `attr:${r.target.id || r.target.localName}:${r.attributeName}` : `child:${r.target.id || r.target.localName}`)));
  o.observe(document.querySelector(selector), {subtree: true, childList: true, attributes: true, characterData: true});
  window.records = [];
  return o;
};
)JS";

class MorphTest : public starling::test::WebEngineTest
{
    Q_OBJECT

private:
    bool load(const QByteArray &body)
    {
        return backendtest::loadPage(m_server, m_page, QStringLiteral("/morph.html"),
                                     backendtest::modulePage(body, MorphImports));
    }
    QString str(const QString &js) { return m_page.eval(js).toString(); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }

    void elementsKeepIdentityWhenReordered()
    {
        QVERIFY(load(R"(<ul id="l"><li id="a">A</li><li id="b">B</li><li id="c">C</li></ul>)"));
        m_page.eval(QStringLiteral("mark('#a'); mark('#b'); mark('#c')"));
        m_page.eval(QStringLiteral(
            R"(m('#l', '<ul id="l"><li id="c">C2</li><li id="a">A</li><li id="b">B</li></ul>'))"));
        QCOMPARE(str(QStringLiteral("document.getElementById('l').outerHTML")),
                 QStringLiteral(R"(<ul id="l"><li id="c">C2</li><li id="a">A</li><li id="b">B</li></ul>)"));
        QCOMPARE(str(QStringLiteral("marks('#c') + ',' + marks('#a') + ',' + marks('#b')")),
                 QStringLiteral("#c#0,#a#0,#b#0"));
    }

    void idsMatchAcrossTheSubtree()
    {
        // #x moves from one container to another, deeper in the morphed tree: the same element is moved.
        QVERIFY(load(
            R"(<div id="root"><section id="s1"><p id="x">x</p></section><section id="s2"></section></div>)"));
        m_page.eval(QStringLiteral("mark('#x')"));
        m_page.eval(QStringLiteral(
            R"(m('#root', '<div id="root"><section id="s1"></section><section id="s2"><div><p id="x" class="moved">x</p></div></section></div>'))"));
        QCOMPARE(str(QStringLiteral("document.querySelector('#s2 > div > #x').className")),
                 QStringLiteral("moved"));
        QCOMPARE(str(QStringLiteral("marks('#x')")), QStringLiteral("#x#0"));
        QCOMPARE(m_page.eval(QStringLiteral("document.querySelectorAll('#x').length")).toInt(), 1);
    }

    void elementsWithoutIdsAreReusedInPlace()
    {
        // A prepend into a list without ids inserts one node and keeps the others as they were.
        QVERIFY(
            load(R"(<ul id="l"><li class="one">1</li><li class="two">2</li><li class="three">3</li></ul>)"));
        m_page.eval(QStringLiteral("mark('#l li')"));
        m_page.eval(QStringLiteral(R"(observe('#l'))"));
        m_page.eval(QStringLiteral(
            R"(m('#l', '<ul id="l"><li class="zero">0</li><li class="one">1</li><li class="two">2</li><li class="three">3</li></ul>'))"));
        QCOMPARE(
            str(QStringLiteral("document.getElementById('l').innerHTML")),
            QStringLiteral(
                R"(<li class="zero">0</li><li class="one">1</li><li class="two">2</li><li class="three">3</li>)"));
        QCOMPARE(str(QStringLiteral("marks('#l li')")), QStringLiteral(",#l li#0,#l li#1,#l li#2"));
        QCOMPARE(str(QStringLiteral("records.join(' ')")), QStringLiteral("child:l"));
    }

    void onlyChangedAttributesAreTouched()
    {
        QVERIFY(load(
            R"(<div id="d" class="a" title="t" data-text="$x" data-on:click="$n++"><span id="s" data-show="$y">s</span></div>)"));
        m_page.eval(QStringLiteral("observe('#d')"));
        // class changes, data-text changes, title removed, data-on:click and the span unchanged, lang added.
        m_page.eval(QStringLiteral(
            R"(m('#d', '<div id="d" class="b" data-text="$z" data-on:click="$n++" lang="en"><span id="s" data-show="$y">s</span></div>'))"));
        QStringList records = str(QStringLiteral("records.join(' ')")).split(QLatin1Char(' '));
        records.sort();
        QCOMPARE(records,
                 (QStringList { QStringLiteral("attr:d:class"), QStringLiteral("attr:d:data-text"),
                                QStringLiteral("attr:d:lang"), QStringLiteral("attr:d:title") }));
        // Morphing to identical content touches nothing at all.
        m_page.eval(QStringLiteral("observe('#d')"));
        m_page.eval(QStringLiteral(
            R"(m('#d', '<div id="d" class="b" data-text="$z" data-on:click="$n++" lang="en"><span id="s" data-show="$y">s</span></div>'))"));
        QCOMPARE(str(QStringLiteral("records.join(' ')")), QString());
    }

    void preserveAttrKeepsListedAttributes()
    {
        QVERIFY(load(
            R"(<details id="d" open class="mine" data-preserve-attr="open class"><summary>s</summary></details>)"));
        m_page.eval(QStringLiteral(
            R"(m('#d', '<details id="d" class="theirs" title="t" data-preserve-attr="open class"><summary>s2</summary></details>'))"));
        QCOMPARE(str(QStringLiteral("document.getElementById('d').getAttribute('class')")),
                 QStringLiteral("mine"));
        QVERIFY(m_page.eval(QStringLiteral("document.getElementById('d').hasAttribute('open')")).toBool());
        QCOMPARE(str(QStringLiteral("document.getElementById('d').title")), QStringLiteral("t"));
        QCOMPARE(str(QStringLiteral("document.querySelector('#d summary').textContent")),
                 QStringLiteral("s2"));
    }

    void ignoreMorphSkipsTheSubtree()
    {
        QVERIFY(load(
            R"(<div id="root"><div id="keep" data-ignore-morph><p>client</p></div><p id="other">old</p></div>)"));
        m_page.eval(QStringLiteral(
            R"(m('#root', '<div id="root"><div id="keep" data-ignore-morph class="new"><p>server</p></div><p id="other">new</p></div>'))"));
        QCOMPARE(str(QStringLiteral("document.getElementById('keep').outerHTML")),
                 QStringLiteral(R"(<div id="keep" data-ignore-morph=""><p>client</p></div>)"));
        QCOMPARE(str(QStringLiteral("document.getElementById('other').textContent")), QStringLiteral("new"));
        // A target inside an ignored subtree is not morphed either.
        m_page.eval(QStringLiteral(R"(m('#keep p', '<p>direct</p>'))"));
        QCOMPARE(str(QStringLiteral("document.querySelector('#keep p').textContent")),
                 QStringLiteral("client"));
    }

    // The user types with real key events, moves the caret, then the input's parent is morphed with the input
    // moved elsewhere in it: the same input keeps its text, focus and caret, and typing continues at the
    // caret.
    void typedTextFocusAndCaretSurviveMorph()
    {
        QVERIFY(
            load(R"(<div id="wrap"><input id="name" value="a" style="width: 300px"><p id="t">1</p></div>)"));
        m_page.eval(QStringLiteral("mark('#name')"));
        QVERIFY(m_page.typeInto(QStringLiteral("#name"), QStringLiteral("hello")));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('name').value === 'ahello'")));
        m_page.keyClick(Qt::Key_Left);
        m_page.keyClick(Qt::Key_Left);
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('name').selectionStart === 4")));

        m_page.eval(
            QStringLiteral("window.blurs = 0; document.getElementById('name').addEventListener('blur', () => "
                           "window.blurs++)"));
        m_page.eval(QStringLiteral(
            R"(m('#wrap', '<div id="wrap" class="v2"><p id="t">2</p><input id="name" value="a" style="width: 300px"></div>'))"));
        // The paragraph moved up; the input never left the document, so it never lost focus.
        QCOMPARE(m_page.eval(QStringLiteral("window.blurs")).toInt(), 0);
        QCOMPARE(str(QStringLiteral("document.getElementById('t').nextElementSibling.id")),
                 QStringLiteral("name"));
        QCOMPARE(str(QStringLiteral("marks('#name')")), QStringLiteral("#name#0"));
        QCOMPARE(str(QStringLiteral("document.getElementById('name').value")), QStringLiteral("ahello"));
        QCOMPARE(str(QStringLiteral("document.activeElement.id")), QStringLiteral("name"));
        QCOMPARE(m_page.eval(QStringLiteral("document.getElementById('name').selectionStart")).toInt(), 4);
        QCOMPARE(m_page.eval(QStringLiteral("document.getElementById('name').selectionEnd")).toInt(), 4);

        m_page.typeText(QStringLiteral("X"));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('name').value === 'ahelXlo'")));

        // When the server changes the value attribute, its value wins over what was typed.
        m_page.eval(QStringLiteral(
            R"(m('#wrap', '<div id="wrap"><p id="t">3</p><input id="name" value="server" style="width: 300px"></div>'))"));
        QCOMPARE(str(QStringLiteral("document.getElementById('name').value")), QStringLiteral("server"));
    }

    // Chrome 102 has no moveBefore(): an input moved to another container is detached on the way; the morph
    // puts focus and caret back.
    void focusAndCaretSurviveAMoveToAnotherContainer()
    {
        QVERIFY(load(
            R"(<div id="w"><div id="a"><input id="name" style="width: 300px"></div><div id="b"></div></div>)"));
        m_page.eval(QStringLiteral("mark('#name')"));
        QVERIFY(m_page.typeInto(QStringLiteral("#name"), QStringLiteral("moving")));
        m_page.keyClick(Qt::Key_Left);
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('name').selectionStart === 5")));
        m_page.eval(QStringLiteral(
            R"(m('#w', '<div id="w"><div id="a"></div><div id="b"><input id="name" style="width: 300px"></div></div>'))"));
        QCOMPARE(str(QStringLiteral("document.getElementById('name').parentElement.id")),
                 QStringLiteral("b"));
        QCOMPARE(str(QStringLiteral("marks('#name')")), QStringLiteral("#name#0"));
        QCOMPARE(str(QStringLiteral("document.activeElement.id")), QStringLiteral("name"));
        QCOMPARE(str(QStringLiteral("document.getElementById('name').value")), QStringLiteral("moving"));
        QCOMPARE(m_page.eval(QStringLiteral("document.getElementById('name').selectionStart")).toInt(), 5);
        m_page.typeText(QStringLiteral("!"));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('name').value === 'movin!g'")));
    }

    void textareaAndCheckboxStateSurvive()
    {
        QVERIFY(load(R"(<form id="f"><textarea id="ta">x</textarea><input id="cb" type="checkbox"></form>)"));
        QVERIFY(m_page.typeInto(QStringLiteral("#ta"), QStringLiteral("yz")));
        QVERIFY(m_page.click(QStringLiteral("#cb")));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('cb').checked")));
        m_page.eval(QStringLiteral(
            R"(m('#f', '<form id="f" class="b"><textarea id="ta">x</textarea><input id="cb" type="checkbox"></form>'))"));
        QCOMPARE(str(QStringLiteral("document.getElementById('ta').value")), QStringLiteral("xyz"));
        QVERIFY(m_page.eval(QStringLiteral("document.getElementById('cb').checked")).toBool());
        // New server content for the textarea replaces its value.
        m_page.eval(QStringLiteral(
            R"(m('#f', '<form id="f"><textarea id="ta">from server</textarea><input id="cb" type="checkbox" checked></form>'))"));
        QCOMPARE(str(QStringLiteral("document.getElementById('ta').value")), QStringLiteral("from server"));
        QVERIFY(m_page.eval(QStringLiteral("document.getElementById('cb').checked")).toBool());
    }

    void scrollPositionSurvivesAMove()
    {
        QVERIFY(load(
            R"(<div id="wrap"><div id="box" style="height: 50px; overflow: auto"><div style="height: 500px">tall</div></div><p id="p">p</p></div>)"));
        m_page.eval(QStringLiteral("document.getElementById('box').scrollTop = 120"));
        QCOMPARE(m_page.eval(QStringLiteral("document.getElementById('box').scrollTop")).toInt(), 120);
        m_page.eval(QStringLiteral(
            R"(m('#wrap', '<div id="wrap"><p id="p">p</p><div id="box" style="height: 50px; overflow: auto"><div style="height: 500px">tall</div></div></div>'))"));
        QCOMPARE(str(QStringLiteral("document.getElementById('wrap').lastElementChild.id")),
                 QStringLiteral("box"));
        QCOMPARE(m_page.eval(QStringLiteral("document.getElementById('box').scrollTop")).toInt(), 120);
    }

    void innerModeMorphsChildrenOnly()
    {
        QVERIFY(load(R"(<div id="d" class="keep"><p id="a">a</p><p>b</p></div>)"));
        m_page.eval(QStringLiteral("mark('#a')"));
        m_page.eval(QStringLiteral(R"(m('#d', '<p>new</p><p id="a">a2</p>', 'inner'))"));
        QCOMPARE(str(QStringLiteral("document.getElementById('d').outerHTML")),
                 QStringLiteral(R"(<div id="d" class="keep"><p>new</p><p id="a">a2</p></div>)"));
        QCOMPARE(str(QStringLiteral("marks('#a')")), QStringLiteral("#a#0"));
    }

    void outerModeWithSeveralNodesReplacesTheTarget()
    {
        QVERIFY(load(R"(<div id="c"><p id="before">b</p><p id="t">t</p><p id="after">a</p></div>)"));
        m_page.eval(QStringLiteral("mark('#t')"));
        m_page.eval(QStringLiteral(R"(m('#t', '<p id="n1">1</p><p id="t">t2</p><p id="n2">2</p>'))"));
        QCOMPARE(
            str(QStringLiteral("document.getElementById('c').innerHTML")),
            QStringLiteral(
                R"(<p id="before">b</p><p id="n1">1</p><p id="t">t2</p><p id="n2">2</p><p id="after">a</p>)"));
        QCOMPARE(str(QStringLiteral("marks('#t')")), QStringLiteral("#t#0"));
    }

private:
    TestServer m_server;
    PageDriver m_page;
};

QTEST_MAIN(MorphTest)
#include "tst_morph.moc"
