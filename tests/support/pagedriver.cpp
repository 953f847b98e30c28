#include "pagedriver.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QPointer>
#include <QTest>
#include <QTimer>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineView>

namespace starling::test {

namespace {
// Prefix of the console message a successful waitFor() check sends; never recorded as page output.
constexpr auto WaitPrefix = QLatin1StringView("\u0001starling-wait ");

QString jsString(const QString &text)
{
    // A JSON string is a valid JS string literal (U+2028/9 are valid in JS string literals since ES2019).
    return QString::fromUtf8(QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}
} // namespace

class ConsoleRecordingPage : public QWebEnginePage
{
public:
    ConsoleRecordingPage(QWebEngineProfile *profile, PageDriver *driver)
        : QWebEnginePage(profile, nullptr)
        , m_driver(driver)
    { }

protected:
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level, const QString &message, int line,
                                  const QString &source) override
    {
        ConsoleMessage m;
        m.level = level == ErrorMessageLevel ? ConsoleMessage::Level::Error
            : level == WarningMessageLevel   ? ConsoleMessage::Level::Warning
                                             : ConsoleMessage::Level::Info;
        m.message = message;
        m.line = line;
        m.source = source;
        m_driver->recordConsole(m);
    }

    QStringList chooseFiles(FileSelectionMode, const QStringList &, const QStringList &) override
    {
        return m_driver->m_filesToChoose;
    }

    bool javaScriptPrompt(const QUrl &, const QString &, const QString &, QString *result) override
    {
        if (m_driver->m_promptAnswer.isNull())
            return false;
        *result = m_driver->m_promptAnswer;
        return true;
    }

private:
    PageDriver *m_driver;
};

PageDriver::PageDriver(QObject *parent)
    : QObject(parent)
    , m_view(std::make_unique<QWebEngineView>())
    , m_profile(new QWebEngineProfile(this)) // no storage name: off the record, nothing cached between tests
{
    m_page = new ConsoleRecordingPage(m_profile, this);
    m_view->setPage(m_page);
    m_view->resize(800, 600);
    m_view->show();
    m_view->activateWindow();
    if (!QTest::qWaitForWindowExposed(m_view.get()))
        qWarning("PageDriver: the view was not exposed");
}

PageDriver::~PageDriver()
{
    // The page must go before its view lets go of it, and the profile after every page.
    m_view->setPage(nullptr);
    delete m_page;
    m_view.reset();
    delete m_profile;
}

QWebEnginePage *PageDriver::page() const
{
    return m_page;
}

QWidget *PageDriver::inputWidget() const
{
    return m_view->focusProxy() ? m_view->focusProxy() : m_view.get();
}

void PageDriver::recordConsole(const ConsoleMessage &message)
{
    if (message.message.startsWith(WaitPrefix)) {
        m_waitTokens.append(message.message.mid(WaitPrefix.size()));
        return;
    }
    m_messages.append(message);
    Q_EMIT consoleMessageAdded(message);
}

QStringList PageDriver::consoleErrors() const
{
    QStringList errors;
    for (const auto &m : m_messages) {
        if (m.level == ConsoleMessage::Level::Error)
            errors.append(m.message);
    }
    return errors;
}

bool PageDriver::spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        // Wake up on any event; the 20 ms cap only bounds how late a missed wake-up is noticed.
        QEventLoop loop;
        QTimer::singleShot(std::min<qint64>(20, std::max<qint64>(1, deadline.remainingTime())), &loop,
                           &QEventLoop::quit);
        loop.processEvents(QEventLoop::WaitForMoreEvents | QEventLoop::AllEvents);
    }
    return true;
}

bool PageDriver::load(const QUrl &url, int timeoutMs)
{
    m_messages.clear();
    bool finished = false;
    bool ok = false;
    const auto connection = connect(m_page, &QWebEnginePage::loadFinished, this, [&](bool success) {
        finished = true;
        ok = success;
    });
    m_page->load(url);
    const bool inTime = spinUntil([&] { return finished; }, timeoutMs);
    disconnect(connection);
    if (!inTime || !ok) {
        qWarning("PageDriver: loading %s %s", qPrintable(url.toString()), inTime ? "failed" : "timed out");
        return false;
    }
    // Input reaches the page reliably once it has produced frames.
    eval(QStringLiteral(
        "window.__pageDriverFrames = 0;"
        "requestAnimationFrame(() => requestAnimationFrame(() => { window.__pageDriverFrames = 2; }));"));
    return waitFor(QStringLiteral("window.__pageDriverFrames === 2"), timeoutMs);
}

QVariant PageDriver::eval(const QString &js, bool *ok, int timeoutMs)
{
    const QString wrapped = QStringLiteral("(() => { try { return { value: (0, eval)(%1) }; }"
                                           " catch (e) { return { error: String(e && e.stack || e) }; } })()")
                                .arg(jsString(js));
    bool done = false;
    QVariant result;
    QPointer<PageDriver> self(this);
    m_page->runJavaScript(wrapped, [&done, &result, self](const QVariant &value) {
        if (!self)
            return;
        result = value;
        done = true;
    });
    const bool inTime = spinUntil([&] { return done; }, timeoutMs);
    // A late callback must not write to this stack frame: runJavaScript callbacks cannot be cancelled, so on
    // timeout wait (bounded) for it before returning.
    if (!inTime) {
        qWarning("PageDriver: eval timed out: %s", qPrintable(js.left(200)));
        spinUntil([&] { return done; }, 30000);
        if (ok)
            *ok = false;
        return {};
    }
    const QVariantMap map = result.toMap();
    if (map.contains(QStringLiteral("error"))) {
        ConsoleMessage m { ConsoleMessage::Level::Error,
                           QStringLiteral("PageDriver.eval: ")
                               + map.value(QStringLiteral("error")).toString(),
                           0,
                           {} };
        m_messages.append(m);
        qWarning("PageDriver: eval threw: %s", qPrintable(m.message));
        if (ok)
            *ok = false;
        return {};
    }
    if (ok)
        *ok = true;
    return map.value(QStringLiteral("value"));
}

bool PageDriver::waitFor(const QString &condition, int timeoutMs)
{
    const QString token = QString::number(++m_nextToken);
    const QString script = QStringLiteral("(() => {"
                                          "  const deadline = performance.now() + %3;"
                                          "  const check = () => {"
                                          "    let holds = false;"
                                          "    try { holds = !!(0, eval)(%1); } catch (e) { holds = false; }"
                                          "    if (holds) { console.log(%2); return; }"
                                          "    if (performance.now() < deadline) setTimeout(check, 10);"
                                          "  };"
                                          "  check();"
                                          "})(); undefined")
                               .arg(jsString(condition), jsString(WaitPrefix + token))
                               .arg(timeoutMs);
    m_page->runJavaScript(script);
    const bool held = spinUntil([&] { return m_waitTokens.contains(token); }, timeoutMs);
    m_waitTokens.removeAll(token);
    if (!held)
        qWarning("PageDriver: timed out waiting for: %s", qPrintable(condition.left(300)));
    return held;
}

QPoint PageDriver::centreOf(const QString &selector)
{
    // An element not wholly in view is scrolled to the centre first. Newer Chromium routes input by what is
    // on screen: the point is used only once a frame with the new scroll position has been drawn.
    const QString token = QString::number(++m_nextToken);
    const QVariant r = eval(
        QStringLiteral(
            "(() => { const e = document.querySelector(%1); if (!e) return null;"
            " let r = e.getBoundingClientRect();"
            " if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {"
            "   e.scrollIntoView({block: 'center', inline: 'center'}); r = e.getBoundingClientRect(); }"
            " requestAnimationFrame(() => requestAnimationFrame(() => { window.__pageDriverDrawn = %2; }));"
            " if (r.width === 0 && r.height === 0) return null;"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
            .arg(jsString(selector), token));
    const QVariantList xy = r.toList();
    if (xy.size() != 2 || !waitFor(QStringLiteral("window.__pageDriverDrawn === %1").arg(token)))
        return { -1, -1 };
    const qreal zoom = m_page->zoomFactor();
    return QPoint(qRound(xy[0].toDouble() * zoom), qRound(xy[1].toDouble() * zoom));
}

void PageDriver::mouseMove(QPoint pos)
{
    QTest::mouseMove(inputWidget(), pos);
}

void PageDriver::clickPoint(QPoint pos, Qt::KeyboardModifiers modifiers)
{
    m_view->activateWindow();
    QWidget *target = inputWidget();
    target->setFocus(Qt::MouseFocusReason);
    // Right after a navigation Chromium sometimes drops the first input event. A click counts once the page
    // saw its mousedown; a click that produced none at all is sent again (a dropped click has no effects to
    // repeat). A click that replaced the document (a link) counts too: the new document never saw it, and
    // must not get it.
    const QString token = QString::number(++m_nextToken);
    eval(QStringLiteral("window.__pageDriverClick = %1;"
                        " window.addEventListener('mousedown', () => { window.__pageDriverDown = %1; },"
                        " {capture: true, once: true}); undefined")
             .arg(token));
    const QString seen
        = QStringLiteral("window.__pageDriverDown === %1 || window.__pageDriverClick !== %1").arg(token);
    for (int attempt = 0; attempt < 3; ++attempt) {
        QTest::mouseMove(target, pos);
        QTest::mousePress(target, Qt::LeftButton, modifiers, pos);
        QTest::mouseRelease(target, Qt::LeftButton, modifiers, pos);
        if (waitFor(seen, 2000))
            return;
        // A busy page may have seen it without getting to say so: ask again, waiting for the page to answer.
        if (eval(seen, nullptr, 30000).toBool())
            return;
        qWarning("PageDriver: the page saw no mousedown at (%d, %d); clicking again", pos.x(), pos.y());
    }
}

bool PageDriver::click(const QString &selector, Qt::KeyboardModifiers modifiers)
{
    const QPoint pos = centreOf(selector);
    if (pos.x() < 0) {
        qWarning("PageDriver: no clickable element matches %s", qPrintable(selector));
        return false;
    }
    clickPoint(pos, modifiers);
    return true;
}

bool PageDriver::clickAndWaitForLoad(const QString &selector, int timeoutMs)
{
    const QString before = m_page->url().path();
    bool finished = false;
    const auto connection
        = connect(m_page, &QWebEnginePage::loadFinished, this, [&finished] { finished = true; });
    // loadFinished itself can lag by seconds under the offscreen platform: a complete document at the new
    // path is as good.
    const auto newDocumentLoaded = [&] {
        const QString path = m_page->url().path();
        if (finished || path.isEmpty() || path == before)
            return finished;
        bool ok = false;
        const QVariant loadedPath
            = eval(QStringLiteral("document.readyState === 'complete' ? location.pathname : ''"), &ok, 1000);
        return ok && loadedPath.toString() == path;
    };
    const bool loaded = click(selector) && spinUntil(newDocumentLoaded, timeoutMs);
    disconnect(connection);
    if (!loaded) {
        qWarning("PageDriver: clicking %s loaded no other page", qPrintable(selector));
        return false;
    }
    // A cross-document view transition (QtWebEngine 6.8 and later) animates on after the load: a click goes
    // to the transition's root and a navigation started meanwhile can leave the view without frames.
    return waitFor(
        QStringLiteral("!document.getAnimations().some((animation) =>"
                       " String(animation.effect?.pseudoElement).startsWith('::view-transition'))"),
        timeoutMs);
}

bool PageDriver::clickAt(const QString &selector, QPoint offset)
{
    const QVariant r
        = eval(QStringLiteral("(() => { const e = document.querySelector(%1); if (!e) return null;"
                              " e.scrollIntoView({block: 'center', inline: 'center'});"
                              " const r = e.getBoundingClientRect(); return [r.left, r.top]; })()")
                   .arg(jsString(selector)));
    const QVariantList xy = r.toList();
    if (xy.size() != 2)
        return false;
    const qreal zoom = m_page->zoomFactor();
    clickPoint(
        QPoint(qRound(xy[0].toDouble() * zoom) + offset.x(), qRound(xy[1].toDouble() * zoom) + offset.y()));
    return true;
}

bool PageDriver::typeInto(const QString &selector, const QString &text)
{
    if (!click(selector))
        return false;
    // The click's focus change must have reached the page before keys are sent.
    if (!waitFor(
            QStringLiteral("document.activeElement === document.querySelector(%1)").arg(jsString(selector))))
        return false;
    typeText(text);
    return true;
}

void PageDriver::typeText(const QString &text)
{
    QTest::keyClicks(inputWidget(), text);
}

void PageDriver::keyClick(Qt::Key key, Qt::KeyboardModifiers modifiers)
{
    QTest::keyClick(inputWidget(), key, modifiers);
}

} // namespace starling::test
