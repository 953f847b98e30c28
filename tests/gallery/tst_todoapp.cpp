// The gallery's todo app as a user sees it: starling-gallery --serve in its own process, driven through real
// QtWebEngine pages with real mouse and key events.
#include "galleryapp.h"
#include "webenginetest.h"

#include <QTemporaryDir>
#include <QTest>
#include <QWebEnginePage>

#include <pagedriver.h>
#include <sys/stat.h>

using gallerytest::GalleryApp;
using starling::test::PageDriver;

namespace {

// JS: the rows of the list, and the titles shown in them (a field's value, or the text of a title).
const QString Rows = QStringLiteral("document.querySelectorAll('#todo-list li')");
const QString ShownTitle = QStringLiteral("(e => e.localName === 'input' ? e.value : e.textContent)");
const QString Titles
    = QStringLiteral("[...document.querySelectorAll('#todo-list li .title')].map(%1)").arg(ShownTitle);

QString rowCountIs(int count)
{
    return QStringLiteral("%1.length === %2").arg(Rows).arg(count);
}

QString jsString(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
    return u'\'' + escaped + u'\'';
}

QString titlesAre(const QStringList &titles)
{
    QStringList quoted;
    for (const QString &title : titles)
        quoted.append(jsString(title));
    return QStringLiteral("JSON.stringify(%1) === JSON.stringify([%2])").arg(Titles, quoted.join(u','));
}

// The CSS selector of the n-th row (1-based).
QString row(int n, const QString &inside = {})
{
    return QStringLiteral("#todo-list li:nth-child(%1)%2")
        .arg(n)
        .arg(inside.isEmpty() ? QString() : u' ' + inside);
}

// JS: the n-th row (1-based) is shown as completed.
QString isDone(int n)
{
    return QStringLiteral("document.querySelector('%1').classList.contains('done')").arg(row(n));
}

// The permission bits of a file or folder, -1 when it does not exist.
int modeOf(const QString &path)
{
    struct stat status = {};
    return ::stat(QFile::encodeName(path).constData(), &status) == 0 ? int(status.st_mode & 07777) : -1;
}

// JS: the title the n-th row (1-based) shows.
QString shownTitle(int n)
{
    return QStringLiteral("%1(document.querySelector('%2'))")
        .arg(ShownTitle, row(n, QStringLiteral(".title")));
}

// JS: the title the server last sent for the n-th row (the value attribute of a field, the text of a title).
QString savedTitle(int n)
{
    return QStringLiteral("(e => e.localName === 'input' ? e.getAttribute('value') : e.textContent)"
                          "(document.querySelector('%1'))")
        .arg(row(n, QStringLiteral(".title")));
}

QString visibleRowsAre(int count)
{
    return QStringLiteral("[...%1].filter(e => e.offsetParent !== null).length === %2").arg(Rows).arg(count);
}

} // namespace

class TodoAppTest : public starling::test::WebEngineTest
{
    Q_OBJECT

private:
    // Loads the todo page and waits for its read stream to deliver the list.
    bool openTodo(PageDriver &page, const GalleryApp &app)
    {
        if (!page.load(app.tokenUrl(QStringLiteral("/todo"))))
            return false;
        return page.waitFor(QStringLiteral("document.querySelector('#todo-items') !== null"));
    }

    // Starts editing the n-th row's title (1-based) and types `text` over it, not yet saved.
    bool editTitle(PageDriver &page, int n, const QString &text)
    {
        if (!page.click(row(n, QStringLiteral(".title")))
            || !page.waitFor(QStringLiteral("document.activeElement.closest('%1') !== null").arg(row(n))))
            return false;
        page.keyClick(Qt::Key_A, Qt::ControlModifier);
        page.typeText(text);
        return page.waitFor(QStringLiteral("document.activeElement.value === %1").arg(jsString(text)));
    }

    // Two windows on the app's list, once the first added `titles` and the second shows them.
    bool openTwoWindows(const GalleryApp &app, PageDriver &first, PageDriver &second,
                        const QStringList &titles)
    {
        if (!openTodo(first, app) || !openTodo(second, app))
            return false;
        for (qsizetype i = 0; i < titles.size(); ++i) {
            if (!addByTyping(first, titles.at(i), int(i) + 1))
                return false;
        }
        return second.waitFor(titlesAre(titles));
    }

    bool addByTyping(PageDriver &page, const QString &title, int rowsAfter)
    {
        if (!page.typeInto(QStringLiteral("#todo-title"), title))
            return false;
        page.keyClick(Qt::Key_Return);
        return page.waitFor(rowCountIs(rowsAfter))
            && page.waitFor(QStringLiteral("document.querySelector('#todo-title').value === ''"));
    }

private Q_SLOTS:
    void userManagesTheirList()
    {
        GalleryApp app;
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver page;
        QVERIFY(openTodo(page, app));
        QVERIFY(page.waitFor(QStringLiteral("document.querySelector('#todo-empty') !== null")));

        // Add: type + Enter, then type + click Add.
        QVERIFY(addByTyping(page, QStringLiteral("Buy milk"), 1));
        QVERIFY(page.typeInto(QStringLiteral("#todo-title"), QStringLiteral("Walk the dog")));
        QVERIFY(
            page.waitFor(QStringLiteral("document.querySelector('#todo-title').value === 'Walk the dog'")));
        // What the page saw, should the click not add the row (for diagnosis; not asserted).
        page.eval(QStringLiteral(
            "window.__seen = []; for (const t of ['mousedown', 'mouseup', 'click', 'submit'])"
            " document.addEventListener(t, e => window.__seen.push(t + ':' + e.target.id), true);"
            " document.addEventListener('datastar-fetch', e => window.__seen.push(e.detail.type));"
            " true"));
        QVERIFY(page.click(QStringLiteral("#todo-add")));
        QVERIFY2(page.waitFor(rowCountIs(2)),
                 qPrintable(page.eval(QStringLiteral("JSON.stringify(window.__seen)")).toString() + u' '
                            + QString::fromUtf8(app.standardError())));
        const QString markup
            = QStringLiteral("\"><b id=\"bold\">Call</b> <script>window.injected=1</script>");
        QVERIFY(addByTyping(page, markup, 3));
        QVERIFY(
            page.waitFor(titlesAre({ QStringLiteral("Buy milk"), QStringLiteral("Walk the dog"), markup })));
        // Auto-escaped: the title is text, not markup.
        QCOMPARE(page.eval(QStringLiteral("document.querySelector('#bold') === null && !window.injected"))
                     .toBool(),
                 true);
        QVERIFY(page.waitFor(
            QStringLiteral("document.querySelector('#todo-count').textContent === '3 items left'")));

        // Edit the first title in place: click it, select it all, type the new one, Enter.
        QVERIFY(editTitle(page, 1, QStringLiteral("Buy oat milk")));
        page.keyClick(Qt::Key_Return);
        // Shown once the server's patch arrives.
        QVERIFY(page.waitFor(QStringLiteral("%1 === 'Buy oat milk'").arg(savedTitle(1))));

        // Complete the first one.
        QVERIFY(page.click(row(1, QStringLiteral("button.toggle"))));
        QVERIFY(page.waitFor(isDone(1)));
        QVERIFY(page.waitFor(
            QStringLiteral("document.querySelector('#todo-count').textContent === '2 items left'")));
        QCOMPARE(page.eval(QStringLiteral("document.querySelector('%1').getAttribute('aria-pressed')")
                               .arg(row(1, QStringLiteral("button.toggle"))))
                     .toString(),
                 QStringLiteral("true"));

        // Filters show this window's view of the list.
        QVERIFY(page.click(QStringLiteral("#todo-filter-active")));
        QVERIFY(page.waitFor(visibleRowsAre(2)));
        QVERIFY(
            page.waitFor(QStringLiteral("document.querySelector('%1').offsetParent === null").arg(row(1))));
        QVERIFY(page.click(QStringLiteral("#todo-filter-completed")));
        QVERIFY(page.waitFor(visibleRowsAre(1)));
        QVERIFY(
            page.waitFor(QStringLiteral("document.querySelector('%1').offsetParent !== null").arg(row(1))));
        QVERIFY(page.click(QStringLiteral("#todo-filter-all")));
        QVERIFY(page.waitFor(visibleRowsAre(3)));

        // Delete the second one.
        QVERIFY(page.click(row(2, QStringLiteral("button.delete"))));
        QVERIFY(page.waitFor(titlesAre({ QStringLiteral("Buy oat milk"), markup })));

        // Clear completed removes the first one.
        QVERIFY(page.click(QStringLiteral("#todo-clear")));
        QVERIFY(page.waitFor(titlesAre({ markup })));
        QVERIFY(page.waitFor(QStringLiteral("document.querySelector('#todo-clear') === null")));
        QVERIFY2(page.consoleErrors().isEmpty(), qPrintable(page.consoleErrors().join(u'\n')));
    }

    void homePageOpensTheAppWithItsSources()
    {
        GalleryApp app;
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver page;
        QVERIFY(page.load(app.tokenUrl()));
        QVERIFY(page.clickAndWaitForLoad(QStringLiteral("#apps #entry-todo")));
        QCOMPARE(page.page()->url().path(), QStringLiteral("/todo"));
        QVERIFY(page.waitFor(QStringLiteral("document.querySelector('#todo-items') !== null")));

        // Its HTML and C++ are shown beside it, as text.
        QCOMPARE(page.eval(QStringLiteral("[...document.querySelectorAll('.sources summary')]"
                                          ".map(e => e.textContent).join(' ')"))
                     .toString(),
                 QStringLiteral("todo.html todo-list.html todo-item.html todo-status.html todoexample.cpp "
                                "todostore.cpp"));
        QVERIFY(page.eval(QStringLiteral("document.querySelector('.sources').textContent"
                                         ".includes('INSERT INTO todos (title, done) VALUES (?, 0)')"))
                    .toBool());
    }

    void badInputShowsAMessageAndAddsNoRow()
    {
        GalleryApp app;
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver page;
        QVERIFY(openTodo(page, app));
        QVERIFY(addByTyping(page, QStringLiteral("First"), 1));
        QVERIFY(page.waitFor(
            QStringLiteral("getComputedStyle(document.querySelector('#todo-error')).display === 'none'")));

        // Only spaces.
        QVERIFY(page.typeInto(QStringLiteral("#todo-title"), QStringLiteral("   ")));
        page.keyClick(Qt::Key_Return);
        QVERIFY(page.waitFor(
            QStringLiteral("document.querySelector('#todo-error').offsetParent !== null && "
                           "document.querySelector('#todo-error').textContent.includes('title')")));

        // 10 KB pasted in (typing it key by key would only slow the test down).
        QVERIFY(page.eval(QStringLiteral("const input = document.querySelector('#todo-title');"
                                         "input.value = 'x'.repeat(10240);"
                                         "input.dispatchEvent(new Event('input', {bubbles: true})); true"))
                    .toBool());
        QVERIFY(page.click(QStringLiteral("#todo-add")));
        QVERIFY(page.waitFor(
            QStringLiteral("document.querySelector('#todo-error').textContent.includes('at most 500')")));

        // A valid add clears the message and makes exactly one more row: the refused ones made none.
        QVERIFY(page.eval(QStringLiteral("const i = document.querySelector('#todo-title'); i.value = '';"
                                         "i.dispatchEvent(new Event('input', {bubbles: true})); true"))
                    .toBool());
        QVERIFY(addByTyping(page, QStringLiteral("Second"), 2));
        QVERIFY(page.waitFor(titlesAre({ QStringLiteral("First"), QStringLiteral("Second") })));
        QVERIFY(page.waitFor(
            QStringLiteral("getComputedStyle(document.querySelector('#todo-error')).display === 'none'")));
    }

    void refusedAndCancelledEditsShowTheSavedTitle()
    {
        GalleryApp app;
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver page;
        QVERIFY(openTodo(page, app));
        QVERIFY(addByTyping(page, QStringLiteral("First"), 1));

        // An empty title is refused: the message shows, and so does the saved title, not the refused one.
        QVERIFY(editTitle(page, 1, QStringLiteral("x")));
        page.keyClick(Qt::Key_Backspace);
        page.keyClick(Qt::Key_Return);
        QVERIFY(page.waitFor(QStringLiteral(
            "document.querySelector('#todo-error').textContent.includes('Please give the to-do a title')")));
        QVERIFY(page.waitFor(QStringLiteral("%1 === 'First'").arg(shownTitle(1))));

        // So is a title over the limit (pasted: the field's maxlength stops typing, not a script).
        QVERIFY(editTitle(page, 1, QStringLiteral("y")));
        QVERIFY(page.eval(QStringLiteral(
                              "document.activeElement.value = 'x'.repeat(10000);"
                              "document.activeElement.dispatchEvent(new Event('input', {bubbles: true}));"
                              "true"))
                    .toBool());
        page.keyClick(Qt::Key_Return);
        QVERIFY(page.waitFor(
            QStringLiteral("document.querySelector('#todo-error').textContent.includes('at most 500')")));
        QVERIFY(page.waitFor(QStringLiteral("%1 === 'First'").arg(shownTitle(1))));

        // Escape cancels an edit: the saved title shows again, and leaving the field saves nothing.
        QVERIFY(editTitle(page, 1, QStringLiteral("Not wanted")));
        page.keyClick(Qt::Key_Escape);
        QVERIFY(page.waitFor(QStringLiteral("%1 === 'First'").arg(shownTitle(1))));
        QVERIFY(page.click(QStringLiteral("#title"))); // away from the field
        QVERIFY(page.waitFor(QStringLiteral("document.activeElement === document.body")));
        // A later write that arrives back means an earlier one would have too.
        QVERIFY(page.click(row(1, QStringLiteral("button.toggle"))));
        QVERIFY(page.waitFor(isDone(1)));
        PageDriver fresh; // what the server has
        QVERIFY(openTodo(fresh, app));
        QVERIFY(fresh.waitFor(isDone(1)));
        QCOMPARE(fresh.eval(Titles).toStringList(), QStringList { QStringLiteral("First") });
        QCOMPARE(page.eval(shownTitle(1)).toString(), QStringLiteral("First"));
        QVERIFY2(page.consoleErrors().isEmpty(), qPrintable(page.consoleErrors().join(u'\n')));
    }

    void aDraftSurvivesARenameFromAnotherWindow()
    {
        GalleryApp app;
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver first;
        PageDriver second;
        QVERIFY(openTwoWindows(app, first, second, { QStringLiteral("Shared") }));

        // The first window is typing a new title when the second one renames the item.
        QVERIFY(editTitle(first, 1, QStringLiteral("My draft")));
        QVERIFY(editTitle(second, 1, QStringLiteral("Renamed")));
        second.keyClick(Qt::Key_Return);
        QVERIFY(second.waitFor(QStringLiteral("%1 === 'Renamed'").arg(savedTitle(1))));

        // The first window shows the new saved title, and the draft is still in the field being edited.
        QVERIFY(first.waitFor(QStringLiteral("%1 === 'Renamed'").arg(savedTitle(1))));
        QVERIFY(first.waitFor(QStringLiteral("[...document.querySelectorAll('%1 .title')]"
                                             ".some(e => e.localName !== 'input' && e.offsetParent !== null)")
                                  .arg(row(1))));
        QCOMPARE(first.eval(QStringLiteral("document.activeElement.value")).toString(),
                 QStringLiteral("My draft"));

        // Saving the draft is the user's choice: it wins, everywhere.
        QVERIFY(first.click(row(1, QStringLiteral("input.edit")))); // back to the first window's field
        first.keyClick(Qt::Key_Return);
        QVERIFY(second.waitFor(titlesAre({ QStringLiteral("My draft") })));
        QVERIFY(first.waitFor(titlesAre({ QStringLiteral("My draft") })));
    }

    void deleteAndClearCompletedCanBeUndone()
    {
        GalleryApp app;
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver page;
        QVERIFY(openTodo(page, app));
        QVERIFY(addByTyping(page, QStringLiteral("One"), 1));
        QVERIFY(addByTyping(page, QStringLiteral("Two"), 2));
        QVERIFY(addByTyping(page, QStringLiteral("Three"), 3));
        QVERIFY(page.click(row(2, QStringLiteral("button.toggle"))));
        QVERIFY(page.waitFor(isDone(2)));
        const QStringList all { QStringLiteral("One"), QStringLiteral("Two"), QStringLiteral("Three") };
        const QString undoButton = QStringLiteral("#todo-undo button");

        // Delete the middle one: the offer names it and takes the keyboard, Enter puts it back in its place.
        QVERIFY(page.click(row(2, QStringLiteral("button.delete"))));
        QVERIFY(page.waitFor(titlesAre({ QStringLiteral("One"), QStringLiteral("Three") })));
        QVERIFY(
            page.waitFor(QStringLiteral("document.querySelector('#todo-undo') !== null && "
                                        "document.querySelector('#todo-undo').textContent.includes('Two')")));
        QVERIFY(page.waitFor(
            QStringLiteral("document.activeElement === document.querySelector('%1')").arg(undoButton)));
        page.keyClick(Qt::Key_Return);
        QVERIFY(page.waitFor(titlesAre(all)));
        QVERIFY(page.waitFor(isDone(2)));
        QVERIFY(page.waitFor(
            QStringLiteral("getComputedStyle(document.querySelector('#todo-undo')).display === 'none'")));

        // Clear completed, then undo it the same way.
        QVERIFY(page.click(QStringLiteral("#todo-clear")));
        QVERIFY(page.waitFor(titlesAre({ QStringLiteral("One"), QStringLiteral("Three") })));
        QVERIFY(page.waitFor(
            QStringLiteral("document.activeElement === document.querySelector('%1')").arg(undoButton)));
        page.keyClick(Qt::Key_Return);
        QVERIFY(page.waitFor(titlesAre(all)));
        QVERIFY(page.waitFor(isDone(2)));

        // The store has them back, in order and state; an offer already used is refused with a message.
        PageDriver fresh;
        QVERIFY(openTodo(fresh, app));
        QVERIFY(fresh.waitFor(titlesAre(all)));
        QVERIFY(fresh.waitFor(isDone(2)));
        QVERIFY(!fresh.eval(isDone(1)).toBool());
        QVERIFY(page.eval(QStringLiteral(
                              "window.answer = null;"
                              "fetch('/todo/undo/no-such-token', {method: 'POST'})"
                              ".then(async r => window.answer = r.status + ' ' + await r.text()); true"))
                    .toBool());
        QVERIFY(page.waitFor(QStringLiteral("window.answer !== null")));
        QCOMPARE(page.eval(QStringLiteral("window.answer")).toString(),
                 QStringLiteral("410 {\"_error\":\"That can no longer be undone.\"}"));
        QVERIFY2(page.consoleErrors().isEmpty(), qPrintable(page.consoleErrors().join(u'\n')));
    }

    void titlesAndTogglesReadRight()
    {
        GalleryApp app;
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver page;
        QVERIFY(openTodo(page, app));
        const QString hebrew = QStringLiteral("\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd");
        // Pasted (the test's keyboard has no Hebrew layout).
        QVERIFY(page.eval(QStringLiteral("const i = document.querySelector('#todo-title'); i.value = %1;"
                                         "i.dispatchEvent(new Event('input', {bubbles: true})); true")
                              .arg(jsString(hebrew)))
                    .toBool());
        QVERIFY(page.click(QStringLiteral("#todo-add")));
        QVERIFY(page.waitFor(rowCountIs(1)));
        QVERIFY(addByTyping(page, QStringLiteral("Finished"), 2));
        QVERIFY(page.click(row(2, QStringLiteral("button.toggle"))));
        QVERIFY(page.waitFor(isDone(2)));

        // Every title field stops at the store's limit, and every title and field takes its text's direction.
        QVERIFY(page.waitFor(QStringLiteral("[...document.querySelectorAll('#todo-title, #todo-list "
                                            "input')].every(e => e.maxLength === 500)")));
        QVERIFY(page.eval(QStringLiteral("[...document.querySelectorAll('#todo-title, #todo-list .title, "
                                         "#todo-list input')].every(e => e.dir === 'auto')"))
                    .toBool());
        QCOMPARE(page.eval(QStringLiteral("getComputedStyle(document.querySelector('%1')).direction")
                               .arg(row(1, QStringLiteral(".title"))))
                     .toString(),
                 QStringLiteral("rtl"));
        QCOMPARE(page.eval(QStringLiteral("getComputedStyle(document.querySelector('%1')).direction")
                               .arg(row(2, QStringLiteral(".title"))))
                     .toString(),
                 QStringLiteral("ltr"));

        // An open to-do's toggle is an empty box: no check mark, no fill; a done one shows both.
        const QString look = QStringLiteral("(t => [getComputedStyle(t.querySelector('*') || t).visibility, "
                                            "getComputedStyle(t).backgroundColor])"
                                            "(document.querySelector('%1'))");
        const QStringList open = page.eval(look.arg(row(1, QStringLiteral("button.toggle")))).toStringList();
        const QStringList done = page.eval(look.arg(row(2, QStringLiteral("button.toggle")))).toStringList();
        QCOMPARE(open, (QStringList { QStringLiteral("hidden"), QStringLiteral("rgba(0, 0, 0, 0)") }));
        QCOMPARE(done.value(0), QStringLiteral("visible"));
        QVERIFY2(done.value(1) != QStringLiteral("rgba(0, 0, 0, 0)"), qPrintable(done.join(u' ')));
        // Each toggle says what it is for, and whether it is on.
        QCOMPARE(
            page.eval(QStringLiteral(
                          "[...document.querySelectorAll('#todo-list button.toggle')]"
                          ".map(t => t.getAttribute('aria-label') + ' ' + t.getAttribute('aria-pressed'))"))
                .toStringList(),
            (QStringList { QStringLiteral("Done: ") + hebrew + QStringLiteral(" false"),
                           QStringLiteral("Done: Finished true") }));
    }

    void anAddSendsOnlyTheNewItemAndTheCounter()
    {
        GalleryApp app;
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver first;
        PageDriver second;
        QVERIFY(openTwoWindows(app, first, second, { QStringLiteral("Alpha"), QStringLiteral("Beta") }));

        // What each window's read stream patches into the page from now on.
        const QString record = QStringLiteral(
            "window.patched = []; document.addEventListener('datastar-fetch', e => {"
            " if (e.detail.type === 'datastar-patch-elements')"
            "  window.patched.push(e.detail.argsRaw.elements || e.detail.argsRaw.selector || ''); }); true");
        QVERIFY(first.eval(record).toBool());
        QVERIFY(second.eval(record).toBool());
        QVERIFY(addByTyping(first, QStringLiteral("Gamma"), 3));
        QVERIFY(second.waitFor(
            titlesAre({ QStringLiteral("Alpha"), QStringLiteral("Beta"), QStringLiteral("Gamma") })));
        QVERIFY(second.waitFor(
            QStringLiteral("document.querySelector('#todo-count').textContent === '3 items left'")));
        for (PageDriver *page : { &first, &second }) {
            const QString patched = page->eval(QStringLiteral("window.patched.join('\\n')")).toString();
            QVERIFY2(patched.contains(u"Gamma") && patched.contains(u"3 items left"), qPrintable(patched));
            QVERIFY2(!patched.contains(u"Alpha") && !patched.contains(u"Beta"), qPrintable(patched));
        }

        // A toggle sends that item and the counter, a delete its selector and the counter.
        QVERIFY(second.eval(QStringLiteral("window.patched = []; true")).toBool());
        QVERIFY(first.click(row(2, QStringLiteral("button.toggle"))));
        QVERIFY(second.waitFor(isDone(2)));
        QVERIFY(second.waitFor(
            QStringLiteral("document.querySelector('#todo-count').textContent === '2 items left'")));
        QVERIFY(first.click(row(1, QStringLiteral("button.delete"))));
        QVERIFY(second.waitFor(titlesAre({ QStringLiteral("Beta"), QStringLiteral("Gamma") })));
        QVERIFY(second.waitFor(
            QStringLiteral("document.querySelector('#todo-count').textContent === '1 item left'")));
        const QString patched = second.eval(QStringLiteral("window.patched.join('\\n')")).toString();
        QVERIFY2(patched.contains(u"Beta") && !patched.contains(u"Gamma"), qPrintable(patched));
    }

    void controlCharactersAreRefusedWithAMessage()
    {
        GalleryApp app;
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver page;
        QVERIFY(openTodo(page, app));
        QVERIFY(addByTyping(page, QStringLiteral("First"), 1));
        // What a script could send (the form's input cannot hold a NUL): the answer is 422 with the reason.
        QVERIFY(page
                    .eval(QStringLiteral(
                        "window.answer = null;"
                        "fetch('/todo/items', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                        " body: JSON.stringify({title: 'nul\\u0000inside'})})"
                        ".then(async r => window.answer = r.status + ' ' + await r.text()); true"))
                    .toBool());
        QVERIFY(page.waitFor(QStringLiteral("window.answer !== null")));
        const QString answer = page.eval(QStringLiteral("window.answer")).toString();
        QVERIFY2(answer.startsWith(u"422 ") && answer.contains(u"control characters")
                     && answer.contains(u"U+0000"),
                 qPrintable(answer));
        PageDriver fresh; // what the server has
        QVERIFY(openTodo(fresh, app));
        QVERIFY(fresh.waitFor(titlesAre({ QStringLiteral("First") })));
    }

    void theListSurvivesARestart()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        {
            GalleryApp app(home.path());
            QVERIFY2(app.start(), qPrintable(app.errorString()));
            PageDriver page;
            QVERIFY(openTodo(page, app));
            QVERIFY(addByTyping(page, QStringLiteral("Persist me"), 1));
            QVERIFY(addByTyping(page, QStringLiteral("Done before the restart"), 2));
            QVERIFY(page.click(row(2, QStringLiteral("button.toggle"))));
            QVERIFY(page.waitFor(isDone(2)));
            app.stop();
        }
        QVERIFY(QFile::exists(home.filePath(QStringLiteral("data/Starling/starling-gallery/todo.sqlite"))));
        // The data folder and the database are the user's alone.
        QCOMPARE(modeOf(home.filePath(QStringLiteral("data/Starling/starling-gallery"))), 0700);
        QCOMPARE(modeOf(home.filePath(QStringLiteral("data/Starling/starling-gallery/todo.sqlite"))), 0600);

        GalleryApp again(home.path());
        QVERIFY2(again.start(), qPrintable(again.errorString()));
        PageDriver page;
        QVERIFY(openTodo(page, again));
        QVERIFY(page.waitFor(
            titlesAre({ QStringLiteral("Persist me"), QStringLiteral("Done before the restart") })));
        QVERIFY(page.waitFor(isDone(2)));
    }

    void twoWindowsStayInSync()
    {
        GalleryApp app;
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver first;
        PageDriver second;
        QVERIFY(openTwoWindows(app, first, second, { QStringLiteral("Shared") }));

        QVERIFY(addByTyping(second, QStringLiteral("From the second"), 2));
        QVERIFY(first.waitFor(titlesAre({ QStringLiteral("Shared"), QStringLiteral("From the second") })));

        QVERIFY(second.click(row(1, QStringLiteral("button.toggle"))));
        QVERIFY(first.waitFor(isDone(1)));

        QVERIFY(first.click(row(2, QStringLiteral("button.delete"))));
        QVERIFY(second.waitFor(titlesAre({ QStringLiteral("Shared") })));
        QVERIFY(first.waitFor(
            QStringLiteral("getComputedStyle(document.querySelector('#todo-undo')).display !== 'none'")));

        // Each window keeps its own filter.
        QVERIFY(first.click(QStringLiteral("#todo-filter-active")));
        QVERIFY(first.waitFor(visibleRowsAre(0)));
        QVERIFY(second.waitFor(visibleRowsAre(1)));
        QVERIFY2(first.consoleErrors().isEmpty(), qPrintable(first.consoleErrors().join(u'\n')));
        QVERIFY2(second.consoleErrors().isEmpty(), qPrintable(second.consoleErrors().join(u'\n')));
    }
};

QTEST_MAIN(TodoAppTest)
#include "tst_todoapp.moc"
