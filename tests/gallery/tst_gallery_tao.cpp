// The Tao of Datastar as working pages: fat morph, a redirect from the backend, anchor navigation, shared
// templates, and CQRS with two windows in sync.
#include "gallerytest.h"

#include <QWebEngineHistory>

class GalleryTaoTest : public gallerytest::GalleryTest
{
    Q_OBJECT

private Q_SLOTS:
    void fatMorphKeepsTheInputItsTextAndFocus()
    {
        QVERIFY(open(QStringLiteral("/examples/fat-morph")));
        const int before = text(QStringLiteral("#renders")).toInt();
        QVERIFY(before >= 1);
        // A mark on the element itself: it survives only if the morph keeps this very element.
        QVERIFY(m_page->eval(QStringLiteral("document.querySelector('#note').mark = 'kept'; true")).toBool());
        QVERIFY(m_page->typeInto(QStringLiteral("#note"), QStringLiteral("Daisy <Bell>")));
        QVERIFY(waitForText(QStringLiteral("#echo"), QStringLiteral("Daisy <Bell>")));
        QVERIFY(text(QStringLiteral("#renders")).toInt() > before);
        QCOMPARE(m_page->eval(QStringLiteral("document.querySelector('#note').mark")).toString(),
                 QStringLiteral("kept"));
        QCOMPARE(m_page->eval(QStringLiteral("document.querySelector('#note').value")).toString(),
                 QStringLiteral("Daisy <Bell>"));
        QCOMPARE(m_page->eval(QStringLiteral("document.activeElement.id")).toString(),
                 QStringLiteral("note"));
        // Still one page: the whole document was morphed, not nested.
        QCOMPARE(m_page
                     ->eval(QStringLiteral("document.querySelectorAll('body').length + "
                                           "document.querySelectorAll('#note').length"))
                     .toInt(),
                 2);
        // Typing goes on where it was.
        m_page->typeText(QStringLiteral("!"));
        QVERIFY(waitForText(QStringLiteral("#echo"), QStringLiteral("Daisy <Bell>!")));
    }

    void redirectGoesWhereTheBackendSays()
    {
        QVERIFY(open(QStringLiteral("/examples/redirect")));
        QVERIFY(m_page->clickAndWaitForLoad(QStringLiteral("#go")));
        QCOMPARE(m_page->page()->url().path(), QStringLiteral("/examples/redirect/arrived"));
        QVERIFY(
            waitForText(QStringLiteral("#arrived .success"), QStringLiteral("The backend sent you here.")));
    }

    void anchorsNavigateAndTheHistoryGoesBack()
    {
        QVERIFY(open(QStringLiteral("/examples/navigation")));
        QCOMPARE(text(QStringLiteral("#page-number")), QStringLiteral("Page 1 of 3"));
        QVERIFY(m_page->clickAndWaitForLoad(QStringLiteral("#next")));
        QCOMPARE(m_page->page()->url().path(), QStringLiteral("/examples/navigation/2"));
        QCOMPARE(text(QStringLiteral("#page-number")), QStringLiteral("Page 2 of 3"));
        QVERIFY(m_page->clickAndWaitForLoad(QStringLiteral("#next")));
        QCOMPARE(text(QStringLiteral("#page-number")), QStringLiteral("Page 3 of 3"));
        QVERIFY(!m_page->eval(QStringLiteral("!!document.querySelector('#next')")).toBool());

        QSignalSpy loaded(m_page->page(), &QWebEnginePage::loadFinished);
        m_page->page()->triggerAction(QWebEnginePage::Back);
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 15000);
        QVERIFY(m_page->waitFor(
            QStringLiteral("document.querySelector('#page-number')?.textContent === 'Page 2 of 3'")));
        QCOMPARE(m_page->page()->url().path(), QStringLiteral("/examples/navigation/2"));
    }

    void templatesRenderCardsTheSameWay()
    {
        QVERIFY(open(QStringLiteral("/examples/templates")));
        const int before
            = m_page->eval(QStringLiteral("document.querySelectorAll('#cards li').length")).toInt();
        QVERIFY(before >= 2);
        QVERIFY(m_page->typeInto(QStringLiteral("#card-title"), QStringLiteral("Stop, <Dave>")));
        QVERIFY(m_page->click(QStringLiteral("#add")));
        QVERIFY(m_page->waitFor(
            QStringLiteral("document.querySelectorAll('#cards li').length === %1").arg(before + 1)));
        const QString patched
            = m_page->eval(QStringLiteral("document.querySelector('#cards li:last-child').outerHTML"))
                  .toString();
        QVERIFY2(patched.contains(QStringLiteral("Stop, &lt;Dave&gt;")), qPrintable(patched));
        QCOMPARE(m_page->eval(QStringLiteral("document.querySelector('#card-title').value")).toString(),
                 QString());

        // Rendered again with the page, the card is the same markup.
        QVERIFY(open(QStringLiteral("/examples/templates")));
        QCOMPARE(m_page->eval(QStringLiteral("document.querySelector('#cards li:last-child').outerHTML"))
                     .toString(),
                 patched);
    }

    void templatesPageShowsTheCardsTheBackendKeeps()
    {
        // The backend keeps the newest 50 cards: past 50 the page must drop the oldest too, as a reload
        // shows.
        QVERIFY(open(QStringLiteral("/examples/templates")));
        const QString cardCount = QStringLiteral("document.querySelectorAll('#cards li').length");
        const QString lastTitle
            = QStringLiteral("document.querySelector('#cards li:last-child .note-title')?.textContent");
        const int before = m_page->eval(cardCount).toInt();
        // The first with the keyboard: Enter in the field adds it.
        QVERIFY(m_page->typeInto(QStringLiteral("#card-title"), QStringLiteral("Card 0")));
        m_page->keyClick(Qt::Key_Return);
        QVERIFY(m_page->waitFor(lastTitle + QStringLiteral(" === 'Card 0'")));
        for (int i = 1; before + i <= 51; ++i) {
            QVERIFY(m_page
                        ->eval(QStringLiteral("const field = document.querySelector('#card-title');"
                                              "field.value = 'Card %1';"
                                              "field.dispatchEvent(new Event('input', {bubbles: true}));"
                                              "document.querySelector('#card-form').requestSubmit(); true")
                                   .arg(i))
                        .toBool());
            QVERIFY(m_page->waitFor(lastTitle + QStringLiteral(" === 'Card %1'").arg(i)));
        }
        const QString cardIds
            = QStringLiteral("[...document.querySelectorAll('#cards li')].map(li => li.id).join(' ')");
        const QString shown = m_page->eval(cardIds).toString();
        QCOMPARE(m_page->eval(cardCount).toInt(), 50);
        QVERIFY(open(QStringLiteral("/examples/templates")));
        QCOMPARE(m_page->eval(cardIds).toString(), shown);
    }

    void cqrsKeepsTwoWindowsInSync()
    {
        starling::test::PageDriver other;
        QVERIFY(other.load(m_gallery.tokenUrl()));
        QVERIFY(open(QStringLiteral("/examples/cqrs")));
        QVERIFY(other.load(m_gallery.url(QStringLiteral("/examples/cqrs"))));
        // Both read streams got the board.
        QVERIFY(m_page->waitFor(QStringLiteral("document.querySelector('#counter') !== null")));
        QVERIFY(other.waitFor(QStringLiteral("document.querySelector('#counter') !== null")));
        const int start = text(QStringLiteral("#counter")).toInt();
        QCOMPARE(text(QStringLiteral("#counter"), &other).toInt(), start);

        QVERIFY(m_page->click(QStringLiteral("#increment")));
        QVERIFY(waitForText(QStringLiteral("#counter"), QString::number(start + 1), &other));
        QVERIFY(waitForText(QStringLiteral("#counter"), QString::number(start + 1)));

        QVERIFY(other.typeInto(QStringLiteral("#message"), QStringLiteral("Hello, <HAL>")));
        QVERIFY(other.click(QStringLiteral("#send")));
        QVERIFY(waitForText(QStringLiteral("#messages li:last-child"), QStringLiteral("Hello, <HAL>")));
        QVERIFY(
            waitForText(QStringLiteral("#messages li:last-child"), QStringLiteral("Hello, <HAL>"), &other));
        // The writer's input was cleared by its own answer.
        QVERIFY(other.waitFor(QStringLiteral("document.querySelector('#message').value === ''")));
        verifyNoConsoleErrors(&other);
    }
};

QTEST_MAIN(GalleryTaoTest)
#include "tst_gallery_tao.moc"
