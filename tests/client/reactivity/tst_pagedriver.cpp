// The shared QtWebEngine test harness (tests/support) does what client tests rely on.
#include "pagedriver.h"
#include "testserver.h"
#include "webenginetest.h"

#include <QApplication>
#include <QDir>
#include <QtTest>

using starling::test::PageDriver;
using starling::test::TestServer;

class PageDriverTest : public starling::test::WebEngineTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.listen());
        m_server.addPage(QStringLiteral("/inline.html"), "<!doctype html><p id=p>inline</p>");
    }

    void servesPagesFromDirectoryAndMemory()
    {
        QVERIFY(m_page.load(m_server.url(QStringLiteral("/inline.html"))));
        QCOMPARE(m_page.eval(QStringLiteral("document.getElementById('p').textContent")).toString(),
                 QStringLiteral("inline"));
        QVERIFY(m_page.load(m_server.url(QStringLiteral("/harness.html"))));
        QCOMPARE(m_page.eval(QStringLiteral("document.title")).toString(), QStringLiteral("harness"));
    }

    void servesClientFilesAsJavaScript()
    {
        const QStringList files = QDir(QStringLiteral(":/datastar")).entryList({ QStringLiteral("*.js") });
        QVERIFY2(!files.isEmpty(), "the client resources are linked in");
        QVERIFY(m_page.load(m_server.url(QStringLiteral("/harness.html"))));
        m_page.eval(
            QStringLiteral(
                "fetch('/_starling/datastar/%1').then(r => { window.ct = r.headers.get('content-type');"
                " window.st = r.status; })")
                .arg(files.first()));
        QVERIFY(m_page.waitFor(QStringLiteral("window.st !== undefined")));
        QCOMPARE(m_page.eval(QStringLiteral("window.st")).toInt(), 200);
        QCOMPARE(m_page.eval(QStringLiteral("window.ct")).toString(), QStringLiteral("text/javascript"));
        m_page.eval(
            QStringLiteral("fetch('/_starling/datastar/../nope.js').then(r => { window.st2 = r.status; })"));
        QVERIFY(m_page.waitFor(QStringLiteral("window.st2 !== undefined")));
        QCOMPARE(m_page.eval(QStringLiteral("window.st2")).toInt(), 404);
    }

    void testRoutesTakePrecedence()
    {
        TestServer server;
        server.http().route(QStringLiteral("/hello"), [] { return QStringLiteral("from route"); });
        QVERIFY(server.listen());
        server.addPage(QStringLiteral("/p.html"), "<!doctype html><body>p</body>");
        QVERIFY(m_page.load(server.url(QStringLiteral("/p.html"))));
        m_page.eval(QStringLiteral("fetch('/hello').then(r => r.text()).then(t => { window.t = t; })"));
        QVERIFY(m_page.waitFor(QStringLiteral("window.t === 'from route'")));
    }

    void clickSendsRealMouseEvents()
    {
        QVERIFY(m_page.load(m_server.url(QStringLiteral("/harness.html"))));
        m_page.eval(QStringLiteral("document.getElementById('b').addEventListener('click', e => { "
                                   "window.trusted = e.isTrusted; })"));
        QVERIFY(m_page.click(QStringLiteral("#b")));
        QVERIFY(m_page.waitFor(QStringLiteral("window.clicks === 1")));
        QCOMPARE(m_page.eval(QStringLiteral("window.trusted")).toBool(), true);
        QVERIFY(m_page.click(QStringLiteral("#b")));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('b').textContent === 'clicked 2'")));
        QVERIFY(!m_page.click(QStringLiteral("#missing")));
    }

    void clickThatNavigatesIsNotSentToTheNextPage()
    {
        // The link's page hides the mousedown from everything else and leaves: only the document changing
        // shows that the click arrived.
        m_server.addPage(
            QStringLiteral("/leaves.html"),
            "<!doctype html><a id=go href=/landing.html>go</a><script>addEventListener('mousedown',"
            " e => { e.stopImmediatePropagation(); location.href = '/landing.html'; },"
            " {capture: true});</script>");
        m_server.addPage(
            QStringLiteral("/landing.html"),
            "<!doctype html><p id=landed>landed</p><script>window.downs = 0;"
            " addEventListener('mousedown', () => { window.downs++; }, {capture: true});</script>");
        QVERIFY(m_page.load(m_server.url(QStringLiteral("/leaves.html"))));
        QVERIFY(m_page.clickAndWaitForLoad(QStringLiteral("#go")));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('landed') !== null")));
        QCOMPARE(m_page.eval(QStringLiteral("window.downs")).toInt(), 0);
        QVERIFY(!m_page.clickAndWaitForLoad(QStringLiteral("#missing")));
    }

    void typesWithRealKeyEvents()
    {
        QVERIFY(m_page.load(m_server.url(QStringLiteral("/harness.html"))));
        QVERIFY(m_page.typeInto(QStringLiteral("#i"), QStringLiteral("hi there")));
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('i').value === 'hi there'")));
        m_page.keyClick(Qt::Key_Backspace);
        QVERIFY(m_page.waitFor(QStringLiteral("document.getElementById('i').value === 'hi ther'")));
    }

    void collectsConsoleErrors()
    {
        QVERIFY(m_page.load(m_server.url(QStringLiteral("/harness.html"))));
        QVERIFY(m_page.consoleErrors().isEmpty());
        QVERIFY(m_page.click(QStringLiteral("#e")));
        QVERIFY(m_page.waitFor(QStringLiteral("true"))); // the page's messages are delivered in order
        QTRY_COMPARE(m_page.consoleErrors(), QStringList { QStringLiteral("boom from page") });
        bool ok = true;
        QVERIFY(!m_page.eval(QStringLiteral("throw new Error('thrown')"), &ok).isValid());
        QVERIFY(!ok);
    }

private:
    TestServer m_server { QStringLiteral(STARLING_PAGES_DIR) };
    PageDriver m_page;
};

QTEST_MAIN(PageDriverTest)
#include "tst_pagedriver.moc"
