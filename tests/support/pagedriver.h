// Drives one page in a real QtWebEngine view (QWebEngineView, off-the-record profile) from a QtTest test.
//
// Needs a QApplication created with Qt::AA_ShareOpenGLContexts set first; tests derive their class from
// WebEngineTest (webenginetest.h), whose initMain() QTEST_MAIN calls before creating the application:
//     class TestClass : public starling::test::WebEngineTest { Q_OBJECT ... };
//     QTEST_MAIN(TestClass)   (with QT_WIDGETS_LIB defined, which linking Qt6::Widgets does)
// and are registered with starling_add_test(... LIBRARIES Starling::TestSupport WEBENGINE).
//
//     starling::test::PageDriver page;
//     QVERIFY(page.load(server.url("/bind.html")));
//     QVERIFY(page.click("#go"));                       // real mouse press/release at the element's centre
//     QVERIFY(page.waitFor("document.querySelector('#out').textContent === 'clicked'"));
//     QCOMPARE(page.eval("$count").toInt(), 1);          // (any expression; not a Datastar one)
//     QVERIFY(page.consoleErrors().isEmpty());
//
// All calls are synchronous: they spin a local event loop (so a TestServer in the same thread keeps serving)
// until done or until the timeout, and never throw. Waits are driven by a signal from the page (a console
// message sent when the in-page condition check succeeds), not by polling round trips from C++.
#pragma once

#include <QList>
#include <QObject>
#include <QPoint>
#include <QString>
#include <QUrl>
#include <QVariant>

#include <functional>
#include <memory>

class QWebEnginePage;
class QWebEngineProfile;
class QWebEngineView;
class QWidget;

namespace starling::test {

class ConsoleRecordingPage;

struct ConsoleMessage
{
    enum class Level { Info, Warning, Error };
    Level level = Level::Info;
    QString message;
    int line = 0;
    QString source;
};

class PageDriver : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PageDriver)

public:
    // Creates and shows an 800x600 view (offscreen under ctest).
    explicit PageDriver(QObject *parent = nullptr);
    ~PageDriver() override;

    // Loads url and waits for loadFinished(ok) and the first painted frames; false on failure or timeout.
    // Clears the recorded console messages first.
    bool load(const QUrl &url, int timeoutMs = 15000);

    // Runs js (a script; its completion value is the result) in the page's main world and returns the result
    // converted by QtWebEngine (numbers -> double, arrays -> QVariantList, objects -> QVariantMap). On
    // timeout or a thrown exception returns an invalid QVariant and sets *ok to false (exceptions are also
    // recorded as console errors, prefixed "PageDriver.eval:").
    QVariant eval(const QString &js, bool *ok = nullptr, int timeoutMs = 10000);

    // Waits until the JS expression condition is truthy in the page (checked in the page on every animation
    // frame and every 10 ms timer tick); false on timeout (the failure is logged with qWarning).
    bool waitFor(const QString &condition, int timeoutMs = 10000);

    // Scrolls the first element matching selector into view and sends a real left-button press and release at
    // the centre of its box (or at offset from its top-left corner, when given). False if there is no such
    // element or it has no box.
    bool click(const QString &selector, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    bool clickAt(const QString &selector, QPoint offset);
    // click(), on something that makes the page navigate (a link, a form, a backend redirect), then waits
    // until a document at another path has loaded and its view transition, if any, has ended; false if there
    // is no such element or on timeout.
    bool clickAndWaitForLoad(const QString &selector, int timeoutMs = 15000);
    // The centre of the element in view coordinates, once it is wholly in view and drawn there (it is
    // scrolled to the centre when it is not); (-1,-1) when there is no such element.
    QPoint centreOf(const QString &selector);
    // A real mouse move to a point in view coordinates.
    void mouseMove(QPoint pos);
    // A real left click at a point in view coordinates; returns once the page has seen the mousedown or has
    // been replaced by another document (a click Chromium dropped right after a navigation is sent again, up
    // to three times; a click that navigated is never sent to the next page).
    void clickPoint(QPoint pos, Qt::KeyboardModifiers modifiers = Qt::NoModifier);

    // What window.prompt() returns to the page (a null QString = the user cancelled, the default).
    void setPromptAnswer(const QString &answer) { m_promptAnswer = answer; }

    // The files the page gets when it opens a file chooser (e.g. a click on <input type=file>); empty =
    // cancel.
    void setFilesToChoose(const QStringList &paths) { m_filesToChoose = paths; }

    // Focuses the first element matching selector by clicking it, then types text with real key events.
    bool typeInto(const QString &selector, const QString &text);
    // Types text with real key events into whatever has focus in the page.
    void typeText(const QString &text);
    // A real key press and release (e.g. Qt::Key_Backspace, Qt::Key_Enter).
    void keyClick(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);

    // Everything the page logged with console.* since the last load() / clearConsole() (wait notifications
    // excluded), and just the errors.
    const QList<ConsoleMessage> &consoleMessages() const { return m_messages; }
    QStringList consoleErrors() const;
    void clearConsole() { m_messages.clear(); }

    QWebEngineView *view() const { return m_view.get(); }
    QWebEnginePage *page() const;
    // The widget that receives input for the page (the view's focus proxy once a page has loaded).
    QWidget *inputWidget() const;

Q_SIGNALS:
    void consoleMessageAdded(const starling::test::ConsoleMessage &message);

private:
    friend class ConsoleRecordingPage;
    void recordConsole(const ConsoleMessage &message);
    bool spinUntil(const std::function<bool()> &done, int timeoutMs);

    std::unique_ptr<QWebEngineView> m_view;
    QWebEngineProfile *m_profile = nullptr;
    ConsoleRecordingPage *m_page = nullptr;
    QList<ConsoleMessage> m_messages;
    QStringList m_waitTokens;
    QStringList m_filesToChoose;
    QString m_promptAnswer;
    quint64 m_nextToken = 0;
};

} // namespace starling::test
