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

// JS: the rows of the list, and the titles shown in them.
const QString Rows = QStringLiteral("document.querySelectorAll('#todo-list li')");
const QString Titles
    = QStringLiteral("[...document.querySelectorAll('#todo-list li input.title')].map(e => e.value)");

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

        // Edit the first title in place: select it all, type the new one, Enter.
        QVERIFY(page.click(row(1, QStringLiteral("input.title"))));
        page.keyClick(Qt::Key_A, Qt::ControlModifier);
        page.typeText(QStringLiteral("Buy oat milk"));
        page.keyClick(Qt::Key_Return);
        // The value attribute only changes when the server's re-rendered list arrives.
        QVERIFY(page.waitFor(
            QStringLiteral("document.querySelector('%1').getAttribute('value') === 'Buy oat milk'")
                .arg(row(1, QStringLiteral("input.title")))));

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
                 QStringLiteral("todo.html todo-list.html todoexample.cpp todostore.cpp"));
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

        // An edit to an empty title is refused too, and the stored title stays.
        QVERIFY(page.click(row(1, QStringLiteral("input.title"))));
        page.keyClick(Qt::Key_A, Qt::ControlModifier);
        page.keyClick(Qt::Key_Backspace);
        page.keyClick(Qt::Key_Return);
        QVERIFY(page.waitFor(
            QStringLiteral("document.querySelector('#todo-error').textContent.includes('title')")));
        QCOMPARE(page.eval(QStringLiteral("document.querySelector('%1').getAttribute('value')")
                               .arg(row(1, QStringLiteral("input.title"))))
                     .toString(),
                 QStringLiteral("First"));
        PageDriver fresh; // what the server has
        QVERIFY(openTodo(fresh, app));
        QVERIFY(fresh.waitFor(titlesAre({ QStringLiteral("First"), QStringLiteral("Second") })));
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
        QVERIFY(openTodo(first, app));
        QVERIFY(openTodo(second, app));

        QVERIFY(addByTyping(first, QStringLiteral("Shared"), 1));
        QVERIFY(second.waitFor(titlesAre({ QStringLiteral("Shared") })));

        QVERIFY(addByTyping(second, QStringLiteral("From the second"), 2));
        QVERIFY(first.waitFor(titlesAre({ QStringLiteral("Shared"), QStringLiteral("From the second") })));

        QVERIFY(second.click(row(1, QStringLiteral("button.toggle"))));
        QVERIFY(first.waitFor(isDone(1)));

        QVERIFY(first.click(row(2, QStringLiteral("button.delete"))));
        QVERIFY(second.waitFor(titlesAre({ QStringLiteral("Shared") })));

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
