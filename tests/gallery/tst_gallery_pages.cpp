// Every gallery page (the home page and every entry it lists) in a 400 px wide window, in the light and the
// dark colour scheme: no console error, nothing wider than the window, every control named, focus visible,
// text contrast AA (pagecheck.js, which the Chromium test runs too). Also the layout's parts: the window
// title, previous/next links in the home page's order, and the source panel's toggle.
//
// The dark scheme is the real `prefers-color-scheme: dark` media feature, emulated over the DevTools protocol
// (Emulation.setEmulatedMedia on the test's own QtWebEngine, which listens on a free local port): QtWebEngine
// 6.4 has no setting for it, and a class or attribute hook would test a different code path than the one a
// desktop in dark mode takes.
#include "devtoolsclient.h"
#include "gallerytest.h"
#include "pagecheck.h"

#include <QHostAddress>
#include <QTcpServer>

using starling::test::DevToolsBrowser;
using starling::test::DevToolsPage;
using starling::test::DevToolsTarget;
namespace pagecheck = gallerytest::pagecheck;

class GalleryPagesTest : public gallerytest::GalleryTest
{
    Q_OBJECT

private:
    DevToolsPage m_devTools; // a session with m_page's page, for the colour scheme
    QString m_check = pagecheck::expression();

    bool emulateColourScheme(const QString &scheme)
    {
        if (!m_devTools.call(QStringLiteral("Emulation.setEmulatedMedia"),
                             pagecheck::colourSchemeMedia(scheme))) {
            qWarning() << m_devTools.errorString();
            return false;
        }
        return m_page->waitFor(pagecheck::colourSchemeMatches(scheme));
    }

    // The page check's findings, each prefixed with the scheme.
    QStringList problems(const QString &scheme)
    {
        bool ok = false;
        const QVariant found = m_page->eval(m_check, &ok);
        if (!ok)
            return { scheme + QStringLiteral(": the page check did not run") };
        QStringList list;
        for (const QVariant &problem : found.toList())
            list.append(scheme + QStringLiteral(": ") + problem.toString());
        return list;
    }

    // Sends `text` with a page's form: into the field, then Enter.
    bool submit(const QString &field, const QString &text)
    {
        const bool filled
            = m_page
                  ->eval(QStringLiteral("const field = document.querySelector(%1); field.value = %2;"
                                        "field.dispatchEvent(new Event('input', {bubbles: true})); true")
                             .arg(jsString(field), jsString(text)))
                  .toBool();
        if (!filled || !m_page->click(field))
            return false;
        m_page->keyClick(Qt::Key_Return);
        return true;
    }

    QStringList listedPaths() { return m_page->eval(pagecheck::listedPaths()).toStringList(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(!m_check.isEmpty());
        // QtWebEngine reads the variable when its first page is made (in startGallery()).
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QString devTools = QStringLiteral("127.0.0.1:%1").arg(probe.serverPort());
        probe.close();
        qputenv("QTWEBENGINE_REMOTE_DEBUGGING", devTools.toLatin1());
        QVERIFY(startGallery());
        m_page->view()->resize(pagecheck::WindowWidth, 800);
        QVERIFY(m_page->waitFor(QStringLiteral("innerWidth === %1").arg(pagecheck::WindowWidth)));

        DevToolsBrowser browser(devTools);
        const auto pages
            = browser.waitForPages([](const QList<DevToolsTarget> &pages) { return pages.size() == 1; });
        QVERIFY2(pages && m_devTools.open(pages->first()),
                 qPrintable(browser.errorString() + m_devTools.errorString()));

        // Content that once widened its page: a long unbroken CQRS message, card title and to-do (done, for
        // its colours).
        QVERIFY(open(QStringLiteral("/examples/cqrs")));
        QVERIFY(m_page->waitFor(QStringLiteral("document.querySelector('#counter') !== null")));
        const QString longWord = pagecheck::longWord();
        QVERIFY(submit(QStringLiteral("#message"), longWord));
        QVERIFY(m_page->waitFor(pagecheck::cqrsShows(longWord)));
        QVERIFY(open(QStringLiteral("/examples/templates")));
        QVERIFY(submit(QStringLiteral("#card-title"), longWord));
        QVERIFY(m_page->waitFor(pagecheck::templatesShow(longWord)));
        QVERIFY(open(QStringLiteral("/todo")));
        QVERIFY(submit(QStringLiteral("#todo-title"), longWord));
        QVERIFY(m_page->waitFor(pagecheck::todoShows(longWord)));
        QVERIFY(m_page->click(pagecheck::lastTodoToggle()));
        QVERIFY(m_page->waitFor(pagecheck::lastTodoIsDone()));
    }

    void everyPageWorksAt400PxInBothSchemes_data()
    {
        QTest::addColumn<QString>("path");
        QVERIFY(open(QStringLiteral("/")));
        const QStringList paths = listedPaths();
        QVERIFY(paths.contains(QStringLiteral("/todo")));
        QVERIFY(paths.contains(QStringLiteral("/monitor")));
        QVERIFY(paths.contains(QStringLiteral("/examples/native")));
        for (const QString &path : paths)
            QTest::newRow(qPrintable(path)) << path;
    }

    void everyPageWorksAt400PxInBothSchemes()
    {
        QFETCH(QString, path);
        QVERIFY(open(path));
        // What a page's stream brings belongs to the page too.
        QVERIFY(m_page->waitFor(pagecheck::loadedCondition(path)));
        QStringList found;
        for (const QString &scheme : pagecheck::colourSchemes()) {
            QVERIFY(emulateColourScheme(scheme));
            found += problems(scheme);
        }
        // One line each: a QtTest message would cut a long list short.
        for (const QString &problem : std::as_const(found))
            qWarning().noquote() << problem;
        QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("%1 problems, listed above").arg(found.size())));
    }

    void homeTitleIsTheGallerysName()
    {
        QVERIFY(open(QStringLiteral("/")));
        QCOMPARE(m_page->page()->title(), QStringLiteral("Starling Gallery"));
        QVERIFY(open(QStringLiteral("/examples/quiz")));
        QCOMPARE(m_page->page()->title(), QStringLiteral("The quiz · Starling Gallery"));
    }

    void emptyLogSaysSo()
    {
        const QString placeholder
            = QStringLiteral("getComputedStyle(document.querySelector('#log'), '::before').content");
        QVERIFY(open(QStringLiteral("/examples/backend-requests")));
        QCOMPARE(m_page->eval(placeholder).toString(), QStringLiteral("\"Nothing yet.\""));
        QVERIFY(m_page->click(QStringLiteral("#do-get")));
        QVERIFY(m_page->waitFor(QStringLiteral("document.querySelector('#log li') !== null")));
        QCOMPARE(m_page->eval(placeholder).toString(), QStringLiteral("none"));
    }

    void nextLinksVisitEveryEntryInTheHomePagesOrder()
    {
        QVERIFY(open(QStringLiteral("/")));
        const QStringList entries = listedPaths().mid(1);
        QVERIFY(open(entries.first()));
        QVERIFY(!m_page->eval(QStringLiteral("!!document.querySelector('#pager-previous')")).toBool());
        QStringList visited { entries.first() };
        while (m_page->eval(QStringLiteral("!!document.querySelector('#pager-next')")).toBool()) {
            QVERIFY(m_page->clickAndWaitForLoad(QStringLiteral("#pager-next")));
            visited.append(m_page->page()->url().path());
            QVERIFY(visited.size() <= entries.size());
        }
        QCOMPARE(visited, entries);
        // And back one.
        QVERIFY(m_page->clickAndWaitForLoad(QStringLiteral("#pager-previous")));
        QCOMPARE(m_page->page()->url().path(), entries.at(entries.size() - 2));
    }

    void sourcePanelFoldsWithTheKeyboardAndStaysFolded()
    {
        const QString folded
            = QStringLiteral("document.querySelector('#sources').classList.contains('folded')");
        const QString expanded
            = QStringLiteral("document.querySelector('#sources-toggle').getAttribute('aria-expanded')");
        const QString filesShown = QStringLiteral("!!document.querySelector('#source-files').offsetParent");
        QVERIFY(open(QStringLiteral("/monitor")));
        QVERIFY(m_page->eval(filesShown).toBool());
        QCOMPARE(m_page->eval(expanded).toString(), QStringLiteral("true"));

        // Focus it as the keyboard would, then Space.
        QVERIFY(m_page
                    ->eval(QStringLiteral("document.querySelector('#sources-toggle').focus(); "
                                          "document.activeElement.id"))
                    .toString()
                == QStringLiteral("sources-toggle"));
        m_page->keyClick(Qt::Key_Space);
        QVERIFY(m_page->waitFor(folded));
        QCOMPARE(m_page->eval(expanded).toString(), QStringLiteral("false"));
        QVERIFY(!m_page->eval(filesShown).toBool());
        // The demo takes the room.
        QVERIFY(m_page
                    ->eval(QStringLiteral("document.querySelector('#monitor').getBoundingClientRect().width "
                                          "> innerWidth * 0.7"))
                    .toBool());

        // Remembered on the next page, and through a morph of the whole page.
        QVERIFY(open(QStringLiteral("/examples/fat-morph")));
        QVERIFY(m_page->eval(folded).toBool());
        QCOMPARE(m_page->eval(expanded).toString(), QStringLiteral("false"));
        const int renders = text(QStringLiteral("#renders")).toInt();
        QVERIFY(m_page->typeInto(QStringLiteral("#note"), QStringLiteral("x")));
        QVERIFY(m_page->waitFor(
            QStringLiteral("+document.querySelector('#renders').textContent > %1").arg(renders)));
        QVERIFY(m_page->eval(folded).toBool());

        // Open again with Enter.
        QVERIFY(
            m_page->eval(QStringLiteral("document.querySelector('#sources-toggle').focus(); true")).toBool());
        m_page->keyClick(Qt::Key_Return);
        QVERIFY(m_page->waitFor(QStringLiteral("!") + folded));
        QVERIFY(open(QStringLiteral("/examples/quiz")));
        QVERIFY(!m_page->eval(folded).toBool());
        QVERIFY(m_page->eval(filesShown).toBool());
    }
};

QTEST_MAIN(GalleryPagesTest)
#include "tst_gallery_pages.moc"
