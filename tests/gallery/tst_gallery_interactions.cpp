// The gallery's guide examples that talk to the backend in more ways: the loading indicator, executing
// scripts, the quiz, nested signals, external scripts and web components; and what a page of another local
// port can no longer do with them.
#include "gallerytest.h"
#include "testserver.h"

class GalleryInteractionsTest : public gallerytest::GalleryTest
{
    Q_OBJECT

private Q_SLOTS:
    void indicatorShowsWhileTheSlowRequestIsInFlight()
    {
        QVERIFY(open(QStringLiteral("/examples/indicator")));
        QVERIFY(!visible(QStringLiteral("#loading")));
        QVERIFY(m_page->click(QStringLiteral("#fetch")));
        // In flight (the backend waits two seconds): the spinner shows and the button is disabled.
        QVERIFY(m_page->waitFor(
            QStringLiteral("getComputedStyle(document.querySelector('#loading')).display !== 'none' "
                           "&& document.querySelector('#fetch').disabled")));
        QCOMPARE(text(QStringLiteral("#question")), QStringLiteral("No question yet."));
        // Answered: the question is in, the spinner gone, the button enabled again.
        QVERIFY(waitForText(QStringLiteral("#question"), QStringLiteral("What do you put in a toaster?")));
        QVERIFY(m_page->waitFor(
            QStringLiteral("getComputedStyle(document.querySelector('#loading')).display === 'none' "
                           "&& !document.querySelector('#fetch').disabled")));
    }

    void scriptAnswerRuns()
    {
        QVERIFY(open(QStringLiteral("/examples/executing-scripts")));
        QVERIFY(m_page->click(QStringLiteral("#run-script")));
        QVERIFY(waitForText(
            QStringLiteral("#hal-script"),
            QStringLiteral("This mission is too important for me to allow you to jeopardize it.")));
        QCOMPARE(text(QStringLiteral("#hal-stream")), QStringLiteral("..."));
    }

    void executeScriptEventRunsAndRemovesItself()
    {
        QVERIFY(open(QStringLiteral("/examples/executing-scripts")));
        QVERIFY(m_page->click(QStringLiteral("#run-stream")));
        QVERIFY(waitForText(
            QStringLiteral("#hal-stream"),
            QStringLiteral("This mission is too important for me to allow you to jeopardize it.")));
        QVERIFY(m_page->waitFor(QStringLiteral("document.querySelectorAll('body > script').length === 0")));
        QCOMPARE(text(QStringLiteral("#hal-script")), QStringLiteral("..."));
    }

    void quizChecksAnswersAndKeepsTheScore()
    {
        QVERIFY(open(QStringLiteral("/examples/quiz")));
        QVERIFY(m_page->eval(QStringLiteral("document.querySelector('#buzz').disabled")).toBool());
        QVERIFY(m_page->click(QStringLiteral("#fetch")));
        QVERIFY(waitForText(QStringLiteral("#question"), QStringLiteral("What do you put in a toaster?")));
        QVERIFY(m_page->typeInto(QStringLiteral("#answer"), QStringLiteral("Bread")));
        QVERIFY(m_page->waitFor(QStringLiteral("!document.querySelector('#buzz').disabled")));
        QVERIFY(m_page->click(QStringLiteral("#buzz")));
        QVERIFY(waitForText(QStringLiteral("#score"), QStringLiteral("1 / 1")));
        QVERIFY(text(QStringLiteral("#verdict")).contains(QStringLiteral("You answered “Bread”.")));
        QVERIFY(text(QStringLiteral("#verdict")).contains(QStringLiteral("That is correct ✅")));

        // The next question clears the answer; a wrong answer shows the right one and scores nothing.
        QVERIFY(m_page->click(QStringLiteral("#fetch")));
        QVERIFY(waitForText(QStringLiteral("#question"), QStringLiteral("What colour is HAL’s eye?")));
        QCOMPARE(m_page->eval(QStringLiteral("document.querySelector('#answer').value")).toString(),
                 QString());
        QCOMPARE(text(QStringLiteral("#verdict")), QString());
        QVERIFY(m_page->typeInto(QStringLiteral("#answer"), QStringLiteral("<b>blue</b>")));
        QVERIFY(m_page->waitFor(QStringLiteral("!document.querySelector('#buzz').disabled")));
        QVERIFY(m_page->click(QStringLiteral("#buzz")));
        QVERIFY(waitForText(QStringLiteral("#score"), QStringLiteral("1 / 2")));
        QVERIFY(text(QStringLiteral("#verdict")).contains(QStringLiteral("You answered “<b>blue</b>”.")));
        QVERIFY(text(QStringLiteral("#verdict"))
                    .contains(QStringLiteral("The correct answer is “red” 🤷")));

        // A second BUZZ for the same question does not count.
        QVERIFY(m_page->click(QStringLiteral("#buzz")));
        QVERIFY(waitForText(QStringLiteral("#verdict"), QStringLiteral("Fetch a question first.")));
        QCOMPARE(text(QStringLiteral("#score")), QStringLiteral("1 / 2"));
    }

    void quizAnswersWithEnter()
    {
        QVERIFY(open(QStringLiteral("/examples/quiz")));
        QVERIFY(m_page->click(QStringLiteral("#fetch")));
        QVERIFY(waitForText(QStringLiteral("#question"), QStringLiteral("What do you put in a toaster?")));
        QVERIFY(m_page->typeInto(QStringLiteral("#answer"), QStringLiteral("bread")));
        QVERIFY(m_page->waitFor(QStringLiteral("!document.querySelector('#buzz').disabled")));
        m_page->keyClick(Qt::Key_Return);
        QVERIFY(waitForText(QStringLiteral("#score"), QStringLiteral("1 / 1")));
    }

    void quizScoreBelongsToThePage()
    {
        // A freshly opened page is a new quiz session: its own first question and score.
        QVERIFY(open(QStringLiteral("/examples/quiz")));
        QCOMPARE(text(QStringLiteral("#score")), QStringLiteral("0 / 0"));
        QVERIFY(m_page->click(QStringLiteral("#fetch")));
        QVERIFY(waitForText(QStringLiteral("#question"), QStringLiteral("What do you put in a toaster?")));
    }

    void quizQuestionIsNotAGet()
    {
        // Fetching a question moves the page's quiz on: a GET, which a link or a <script> could send, must
        // not.
        QVERIFY(open(QStringLiteral("/examples/quiz")));
        QVERIFY(m_page
                    ->eval(QStringLiteral(
                        "window.quizStatus = null;"
                        "fetch('/examples/quiz/question?datastar=' + encodeURIComponent("
                        "JSON.stringify({quizSession: 'get'}))).then(r => window.quizStatus = r.status);"
                        "true"))
                    .toBool());
        QVERIFY(m_page->waitFor(QStringLiteral("window.quizStatus !== null")));
        QCOMPARE(m_page->eval(QStringLiteral("window.quizStatus")).toInt(), 405);
    }

    void pageOfAnotherLocalPortCannotUseTheCookie()
    {
        // A browser that opened the gallery has its cookie; every 127.0.0.1 port is the same site, so a page
        // of another local server gets that SameSite=Strict cookie sent along with what it asks for.
        starling::test::PageDriver victim;
        QVERIFY(victim.load(m_gallery.tokenUrl()));
        QCOMPARE(victim.page()->url(), m_gallery.url(QStringLiteral("/"))); // the token left the address bar
        QVERIFY(
            victim.load(m_gallery.url(QStringLiteral("/examples/executing-scripts")))); // the cookie works

        starling::test::TestServer other;
        QVERIFY(other.listen());
        const QByteArray gallery = m_gallery.url(QString()).toString(QUrl::StripTrailingSlash).toUtf8();
        other.addPage(QStringLiteral("/attack.html"),
                      "<div id=\"hal-script\">untouched</div>"
                      "<script src=\""
                          + gallery
                          + "/examples/executing-scripts/script\""
                            " onload=\"window.ran = 'loaded'\" onerror=\"window.ran = 'refused'\"></script>"
                            "<script>new EventSource('"
                          + gallery
                          + "/examples/cqrs/updates', {withCredentials: true});"
                            "</script>");
        QVERIFY(victim.load(other.url(QStringLiteral("/attack.html"))));
        QVERIFY(victim.waitFor(QStringLiteral("window.ran !== undefined")));
        QCOMPARE(victim.eval(QStringLiteral("window.ran")).toString(), QStringLiteral("refused"));
        QCOMPARE(victim.eval(QStringLiteral("document.getElementById('hal-script').textContent")).toString(),
                 QStringLiteral("untouched"));
        QVERIFY(QTest::qWaitFor(
            [&] { return m_gallery.standardError().contains("refused GET /examples/cqrs/updates with 403"); },
            10000));
        const QByteArray log = m_gallery.standardError();
        QVERIFY2(
            log.contains("refused GET /examples/executing-scripts/script with 403 : the request comes from "
                         "another site (Sec-Fetch-Site: same-site"),
            log.constData());
    }

    void nestedSignalsToggleAndReachTheBackend()
    {
        QVERIFY(open(QStringLiteral("/examples/nested-signals")));
        QCOMPARE(m_page->eval(QStringLiteral("document.querySelector('#bar').value")).toString(),
                 QStringLiteral("baz"));
        QVERIFY(m_page->typeInto(QStringLiteral("#bar"), QStringLiteral("qux")));
        QVERIFY(m_page->click(QStringLiteral("#toggle-desktop")));
        QVERIFY(waitForText(QStringLiteral("#desktop"), QStringLiteral("open")));
        QCOMPARE(text(QStringLiteral("#mobile")), QStringLiteral("closed"));
        QVERIFY(m_page->click(QStringLiteral("#toggle-all")));
        QVERIFY(waitForText(QStringLiteral("#mobile"), QStringLiteral("open")));
        QCOMPARE(text(QStringLiteral("#desktop")), QStringLiteral("closed"));

        QVERIFY(m_page->click(QStringLiteral("#read")));
        QVERIFY(waitForText(QStringLiteral("#read-bar"), QStringLiteral("bazqux")));
        QCOMPARE(text(QStringLiteral("#read-desktop")), QStringLiteral("false"));
        QCOMPARE(text(QStringLiteral("#read-mobile")), QStringLiteral("true"));
    }

    void functionsGetPropsAndAnswerWithEvents()
    {
        QVERIFY(open(QStringLiteral("/examples/web-components")));
        QVERIFY(waitForText(QStringLiteral("#function-result"), QStringLiteral("You entered: Dave")));
        QVERIFY(waitForText(QStringLiteral("#component-result"), QStringLiteral("You entered: Dave")));
        QVERIFY(m_page->typeInto(QStringLiteral("#input"), QStringLiteral("!")));
        QVERIFY(waitForText(QStringLiteral("#function-result"), QStringLiteral("You entered: Dave!")));
        QVERIFY(waitForText(QStringLiteral("#component-result"), QStringLiteral("You entered: Dave!")));
        QCOMPARE(text(QStringLiteral("#async-result")), QString());
        QVERIFY(m_page->click(QStringLiteral("#ask-async")));
        QVERIFY(waitForText(QStringLiteral("#async-result"), QStringLiteral("You entered: Dave!")));
    }

    void webComponentIsBoundBothWays()
    {
        QVERIFY(open(QStringLiteral("/examples/web-components")));
        QVERIFY(waitForText(QStringLiteral("#rating-value"), QStringLiteral("3")));
        QCOMPARE(
            m_page->eval(QStringLiteral("document.querySelectorAll('#rating button.on').length")).toInt(), 3);
        // Events up: a click on the fifth star changes the signal.
        QVERIFY(m_page->click(QStringLiteral("#rating button[data-star='5']")));
        QVERIFY(waitForText(QStringLiteral("#rating-value"), QStringLiteral("5")));
        QCOMPARE(
            m_page->eval(QStringLiteral("document.querySelectorAll('#rating button.on').length")).toInt(), 5);
        // Props down: the signal changes the component.
        QVERIFY(m_page->click(QStringLiteral("#rating-reset")));
        QVERIFY(
            m_page->waitFor(QStringLiteral("document.querySelectorAll('#rating button.on').length === 1")));
        QCOMPARE(text(QStringLiteral("#rating-value")), QStringLiteral("1"));
    }
};

QTEST_MAIN(GalleryInteractionsTest)
#include "tst_gallery_interactions.moc"
