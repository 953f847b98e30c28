// The gallery's home page and its first guide examples (getting started, reactive signals, patching signals,
// expressions and backend requests), driven in the real app with real input events.
#include "gallerytest.h"

class GalleryBasicsTest : public gallerytest::GalleryTest
{
    Q_OBJECT

private Q_SLOTS:
    void homeListsEveryExampleAndOpensThem()
    {
        QVERIFY(m_page->load(m_gallery.tokenUrl()));
        for (const char *slug :
             { "getting-started", "reactive-signals", "patching-signals", "backend-requests", "indicator",
               "executing-scripts", "quiz", "nested-signals", "web-components", "fat-morph", "redirect",
               "navigation", "templates", "cqrs" })
            QVERIFY2(
                m_page->eval(QStringLiteral("!!document.querySelector('#entry-%1')").arg(QLatin1String(slug)))
                    .toBool(),
                slug);
        QVERIFY(m_page->clickAndWaitForLoad(QStringLiteral("#entry-getting-started")));
        QCOMPARE(m_page->page()->url().path(), QStringLiteral("/examples/getting-started"));
        QVERIFY(m_page->waitFor(QStringLiteral("document.querySelector('#open-html') !== null")));
        QCOMPARE(text(QStringLiteral("#title")), QStringLiteral("Getting started"));
    }

    void unknownExampleIsAGalleryErrorPage()
    {
        // QtWebEngine reports a page answered with 404 as a failed load, but shows it.
        m_page->load(m_gallery.url(QStringLiteral("/examples/<nope>")));
        QVERIFY(waitForText(QStringLiteral("#title"), QStringLiteral("404 · Not Found")));
        QCOMPARE(text(QStringLiteral("#error-message")), QStringLiteral("No such example: <nope>"));
        QCOMPARE(m_page->eval(QStringLiteral("document.querySelector('#error-home').getAttribute('href')"))
                     .toString(),
                 QStringLiteral("/"));
        QVERIFY(
            m_page->eval(QStringLiteral("!!document.querySelector('link[href=\"/gallery/gallery.css\"]')"))
                .toBool());
        m_page->eval(
            QStringLiteral("fetch(location.href).then(response => window.fetchedStatus = response.status)"));
        QVERIFY(m_page->waitFor(QStringLiteral("window.fetchedStatus === 404")));
    }

    void examplePageShowsItsSourcesAsText()
    {
        QVERIFY(open(QStringLiteral("/examples/getting-started")));
        const QStringList sources
            = m_page
                  ->eval(QStringLiteral(
                      "[...document.querySelectorAll('.sources code')].map(c => c.textContent)"))
                  .toStringList();
        QCOMPARE(sources.size(), 2);
        // The HTML is shown as text (escaped), not parsed: its button exists once, in the demo.
        QVERIFY(sources.at(0).contains(QStringLiteral("<button id=\"open-html\" data-on:click=")));
        QCOMPARE(m_page->eval(QStringLiteral("document.querySelectorAll('#open-html').length")).toInt(), 1);
        QVERIFY(sources.at(1).contains(QStringLiteral("void registerGettingStarted(starling::App &app)")));
    }

    void gettingStartedPatchesHalWithHtml()
    {
        QVERIFY(open(QStringLiteral("/examples/getting-started")));
        QCOMPARE(text(QStringLiteral("#hal")), QStringLiteral("Waiting for an order..."));
        QVERIFY(m_page->click(QStringLiteral("#open-html")));
        QVERIFY(waitForText(QStringLiteral("#hal"),
                            QStringLiteral("I’m sorry, Dave. I’m afraid I can’t do that.")));
    }

    void gettingStartedStreamsHalAndResets()
    {
        QVERIFY(open(QStringLiteral("/examples/getting-started")));
        QVERIFY(m_page->click(QStringLiteral("#open-stream")));
        QVERIFY(waitForText(QStringLiteral("#hal-stream"),
                            QStringLiteral("I’m sorry, Dave. I’m afraid I can’t do that.")));
        QVERIFY(waitForText(QStringLiteral("#hal-stream"), QStringLiteral("Waiting for an order...")));
    }

    void reactiveSignalsFollowTheInput()
    {
        QVERIFY(open(QStringLiteral("/examples/reactive-signals")));
        QVERIFY(m_page->waitFor(QStringLiteral("document.querySelector('#attr-save').disabled")));
        QVERIFY(!visible(QStringLiteral("#show-save")));
        QVERIFY(m_page->typeInto(QStringLiteral("#foo-bar"), QStringLiteral("Dave")));
        QVERIFY(waitForText(QStringLiteral("#text"), QStringLiteral("Dave")));
        QCOMPARE(text(QStringLiteral("#upper")), QStringLiteral("DAVE"));
        QCOMPARE(text(QStringLiteral("#repeated")), QStringLiteral("DaveDave"));
        QVERIFY(visible(QStringLiteral("#show-save")));
        QVERIFY(
            m_page
                ->eval(QStringLiteral("document.querySelector('#class-save').classList.contains('success')"))
                .toBool());
        QVERIFY(!m_page->eval(QStringLiteral("document.querySelector('#attr-save').disabled")).toBool());
        QCOMPARE(m_page->eval(QStringLiteral("document.querySelector('#classes').className")).toString(),
                 QStringLiteral("success font-bold"));

        QVERIFY(m_page->click(QStringLiteral("#reset")));
        QVERIFY(waitForText(QStringLiteral("#text"), QString()));
        QCOMPARE(m_page->eval(QStringLiteral("document.querySelector('#foo-bar').value")).toString(),
                 QString());
        QVERIFY(!visible(QStringLiteral("#show-save")));
        QVERIFY(m_page->eval(QStringLiteral("document.querySelector('#attr-save').disabled")).toBool());
        QVERIFY(
            !m_page
                 ->eval(QStringLiteral("document.querySelector('#class-save').classList.contains('success')"))
                 .toBool());
    }

    void reactiveSignalsRunStatementsAndKnowTheirElement()
    {
        QVERIFY(open(QStringLiteral("/examples/reactive-signals")));
        QVERIFY(waitForText(QStringLiteral("#user"), QStringLiteral("Dave")));
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(m_page->click(QStringLiteral("#count")));
            QVERIFY(waitForText(QStringLiteral("#counter"), QString::number(i)));
        }
        QCOMPARE(text(QStringLiteral("#user")), QStringLiteral("HAL"));
        QVERIFY(m_page->click(QStringLiteral("#whoami")));
        QVERIFY(waitForText(QStringLiteral("#clicked"), QStringLiteral("whoami was clicked")));
    }

    void reactiveSignalsQuizInThePage()
    {
        QVERIFY(open(QStringLiteral("/examples/reactive-signals")));
        m_page->setPromptAnswer(QStringLiteral("Bread"));
        QVERIFY(m_page->click(QStringLiteral("#buzz")));
        QVERIFY(waitForText(QStringLiteral("#response"), QStringLiteral("Bread")));
        QVERIFY(visible(QStringLiteral("#correct")));
        QVERIFY(!visible(QStringLiteral("#wrong")));
        m_page->setPromptAnswer(QStringLiteral("toast"));
        QVERIFY(m_page->click(QStringLiteral("#buzz")));
        QVERIFY(waitForText(QStringLiteral("#response"), QStringLiteral("toast")));
        QVERIFY(!visible(QStringLiteral("#correct")));
        QVERIFY(visible(QStringLiteral("#wrong")));
        m_page->setPromptAnswer(QString());
    }

    void patchingSignalsByJsonAndStream()
    {
        QVERIFY(open(QStringLiteral("/examples/patching-signals")));
        QVERIFY(waitForText(QStringLiteral("#hal"), QStringLiteral("...")));
        QVERIFY(m_page->click(QStringLiteral("#json")));
        QVERIFY(waitForText(QStringLiteral("#hal"), QStringLiteral("Affirmative, Dave. I read you.")));
        QVERIFY(m_page->click(QStringLiteral("#reset")));
        QVERIFY(waitForText(QStringLiteral("#hal"), QStringLiteral("...")));
        QVERIFY(m_page->click(QStringLiteral("#stream")));
        QVERIFY(waitForText(QStringLiteral("#hal"), QStringLiteral("Affirmative, Dave. I read you.")));
        QVERIFY(waitForText(QStringLiteral("#hal"), QStringLiteral("...")));
    }

    void patchingSignalsOnlyIfMissingAndRemoval()
    {
        QVERIFY(open(QStringLiteral("/examples/patching-signals")));
        QVERIFY(waitForText(QStringLiteral("#hal"), QStringLiteral("...")));
        const QString signalsJson
            = QStringLiteral("JSON.parse(document.querySelector('#signals').textContent)");
        QVERIFY(m_page->click(QStringLiteral("#if-missing")));
        QVERIFY(m_page->waitFor(signalsJson + QStringLiteral(".extra === 'added by the backend'")));
        QCOMPARE(text(QStringLiteral("#hal")), QStringLiteral("..."));
        QVERIFY(m_page->click(QStringLiteral("#remove")));
        QVERIFY(m_page->waitFor(QStringLiteral("!('extra' in %1)").arg(signalsJson)));
        QCOMPARE(m_page->eval(signalsJson + QStringLiteral(".hal")).toString(), QStringLiteral("..."));
    }

    void expressionsReadSignalsAndTheElement()
    {
        QVERIFY(open(QStringLiteral("/examples/backend-requests")));
        QVERIFY(waitForText(QStringLiteral("#greeting"), QStringLiteral("Hello, Dave!")));
        QCOMPARE(text(QStringLiteral("#self")), QStringLiteral("output#self"));
    }

    void backendRequestsSendSignalsWithEveryMethod()
    {
        QVERIFY(open(QStringLiteral("/examples/backend-requests")));
        QVERIFY(waitForText(QStringLiteral("#greeting"), QStringLiteral("Hello, Dave!")));
        QVERIFY(m_page->typeInto(QStringLiteral("#name"), QStringLiteral(" <Bowman>")));
        QVERIFY(m_page->typeInto(QStringLiteral("#draft"), QStringLiteral(" secret")));
        QVERIFY(waitForText(QStringLiteral("#greeting"), QStringLiteral("Hello, Dave <Bowman>!")));

        const QStringList methods { QStringLiteral("get"), QStringLiteral("post"), QStringLiteral("put"),
                                    QStringLiteral("patch"), QStringLiteral("delete") };
        for (int i = 0; i < methods.size(); ++i) {
            QVERIFY(m_page->click(QStringLiteral("#do-") + methods.at(i)));
            QVERIFY(m_page->waitFor(
                QStringLiteral("document.querySelectorAll('#log li').length === %1").arg(i + 1)));
            const QString item = QStringLiteral("#log li:nth-child(%1)").arg(i + 1);
            QCOMPARE(text(item + QStringLiteral(" .method")), methods.at(i).toUpper());
            QVERIFY(text(item).contains(QStringLiteral(" /examples/backend-requests/item ")));
            const QString received = text(item + QStringLiteral(" .received"));
            QVERIFY2(received.contains(QStringLiteral("\"name\":\"Dave <Bowman>\"")), qPrintable(received));
            QVERIFY2(!received.contains(QStringLiteral("draft")), qPrintable(received));
            // The POST button also counts: the backend sees the count after the increment.
            QVERIFY2(
                received.contains(i >= 1 ? QStringLiteral("\"count\":2") : QStringLiteral("\"count\":1")),
                qPrintable(received));
        }
        // The user's text is escaped by the backend's template: no element was made from it.
        QCOMPARE(m_page->eval(QStringLiteral("document.querySelectorAll('#log bowman').length")).toInt(), 0);
    }

    void backendRequestSentOnlyWhenTheExpressionSaysSo()
    {
        QVERIFY(open(QStringLiteral("/examples/backend-requests")));
        QVERIFY(waitForText(QStringLiteral("#greeting"), QStringLiteral("Hello, Dave!")));
        QVERIFY(m_page->typeInto(QStringLiteral("#name"), QString()));
        for (int i = 0; i < 4; ++i)
            m_page->keyClick(Qt::Key_Backspace);
        QVERIFY(waitForText(QStringLiteral("#greeting"), QStringLiteral("Who is there?")));
        QVERIFY(m_page->click(QStringLiteral("#do-if-name")));
        QVERIFY(m_page->click(QStringLiteral("#do-get")));
        QVERIFY(m_page->waitFor(QStringLiteral("document.querySelectorAll('#log li').length === 1")));
        QCOMPARE(text(QStringLiteral("#log li .method")), QStringLiteral("GET"));
        QVERIFY(m_page->typeInto(QStringLiteral("#name"), QStringLiteral("HAL")));
        QVERIFY(waitForText(QStringLiteral("#greeting"), QStringLiteral("Hello, HAL!")));
        QVERIFY(m_page->click(QStringLiteral("#do-if-name")));
        QVERIFY(m_page->waitFor(QStringLiteral("document.querySelectorAll('#log li').length === 2")));
        QCOMPARE(text(QStringLiteral("#log li:nth-child(2) .method")), QStringLiteral("POST"));
    }
};

QTEST_MAIN(GalleryBasicsTest)
#include "tst_gallery_basics.moc"
