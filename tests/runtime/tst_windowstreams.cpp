// Read streams of the app's windows (WindowHost, headless): each window's pages carry the window's own
// `Starling-Page` id, so the hub keeps one stream per window, and a window past the hub's limit shows why
// instead of waiting for a connection Chromium will not open.
#include "windowhost_p.h"
#include "windowtest.h"

#include <starling/response.h>
#include <starling/server.h>
#include <starling/stream.h>

#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using starling::detail::WindowHost;
using namespace windowtest;

namespace {
constexpr int WaitTimeoutMs = 60000;
constexpr int MaxPageStreams = 2;
} // namespace

class WindowStreamsTest : public WindowTestCase
{
    Q_OBJECT

private:
    starling::Server m_server { { .hub = { .maxPageStreams = MaxPageStreams } } };
    std::unique_ptr<WindowHost> m_host;
    QStringList m_streamPageIds; // the Starling-Page header of each stream request, in order

    QUrl home() const { return m_server.origin().resolved(QUrl(QStringLiteral("/"))); }

    bool waitForStreams(int count)
    {
        return QTest::qWaitFor([&] { return m_server.hub().streamCount() == count; }, WaitTimeoutMs);
    }

    bool waitForStreamRequests(qsizetype count)
    {
        return QTest::qWaitFor([&] { return m_streamPageIds.size() >= count; }, WaitTimeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StarlingTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_windowstreams"));
        QGuiApplication::setQuitOnLastWindowClosed(false);
        m_server.get("/", [](const starling::Request &) {
            return starling::html(QStringLiteral(
                "<!DOCTYPE html><title>streams</title>"
                "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>"
                // Offscreen windows may count as hidden; the client streams only while visible by default.
                "<div data-init=\"@get('/updates', {openWhenHidden: true})\"></div>"
                "<div id=\"news\">none</div>"));
        });
        m_server.get("/updates", [this](const starling::Request &request, starling::Stream &stream) {
            m_streamPageIds.append(QString::fromUtf8(request.header("starling-page")));
            stream.subscribe(QStringLiteral("news"));
        });
        QVERIFY(m_server.listen());
    }

    void init()
    {
        m_streamPageIds.clear();
        m_host = std::make_unique<WindowHost>(m_server.origin(), m_server.secret());
    }

    void cleanup()
    {
        m_host.reset();
        QVERIFY(waitForStreams(0));
    }

    void eachWindowStreamsUnderItsOwnPageId()
    {
        QQuickWindow *first = m_host->openWindow(home());
        QQuickWindow *second = m_host->openWindow(home());
        QVERIFY(first && second);
        QVERIFY(waitForStreams(2));
        QCOMPARE(m_streamPageIds.size(), 2);
        QVERIFY(m_streamPageIds.at(0).startsWith(u"window-"));
        QVERIFY(m_streamPageIds.at(1).startsWith(u"window-"));
        QVERIFY(m_streamPageIds.at(0) != m_streamPageIds.at(1));
        const QStringList windowIds { first->property("pageId").toString(),
                                      second->property("pageId").toString() };
        QVERIFY(windowIds.contains(m_streamPageIds.at(0)) && windowIds.contains(m_streamPageIds.at(1)));
        // The page knows it is in a window, and which (the connection status reloads a window's page).
        QVERIFY(waitInPage(second, QStringLiteral("window.starlingPageId === '%1'").arg(windowIds.at(1))));

        // The next page in a window speaks for the same window; both windows still get the news.
        QMetaObject::invokeMethod(first, "reload");
        QVERIFY(waitForStreamRequests(3));
        QCOMPARE(m_streamPageIds.at(2), windowIds.at(0));
        QVERIFY(waitForStreams(2));
        QVERIFY(m_server.hub()
                    .topic(QStringLiteral("news"))
                    .patchElements(QStringLiteral("<div id=\"news\">fresh</div>")));
        QVERIFY(waitInPage(first, QStringLiteral("document.getElementById('news').textContent === 'fresh'")));
        QVERIFY(
            waitInPage(second, QStringLiteral("document.getElementById('news').textContent === 'fresh'")));
    }

    void windowPastTheLimitSaysWhy()
    {
        QList<QQuickWindow *> windows;
        for (int i = 0; i < MaxPageStreams; ++i) {
            windows.append(m_host->openWindow(home()));
            QVERIFY(windows.last());
            QVERIFY(waitForStreams(i + 1)); // one at a time, so the last window is the one refused
        }
        QQuickWindow *extra = m_host->openWindow(home());
        QVERIFY(extra);
        QVERIFY(waitInPage(extra,
                           QStringLiteral("document.getElementById('starling-stream-limit')?.textContent"
                                          ".includes('Close one of them')")));
        QCOMPARE(m_server.hub().streamCount(), MaxPageStreams);
        // The page was not left waiting: the rest of it still talks to the app.
        evalInPage(extra, QStringLiteral("fetch('/').then(r => { window.homeStatus = r.status; }); true"));
        QVERIFY(waitInPage(extra, QStringLiteral("window.homeStatus === 200")));

        // Closing a window frees its place; the refused window gets its stream on reload.
        windows.first()->close();
        QVERIFY(waitForStreams(MaxPageStreams - 1));
        QMetaObject::invokeMethod(extra, "reload");
        QVERIFY(waitForStreams(MaxPageStreams));
        QVERIFY(m_server.hub()
                    .topic(QStringLiteral("news"))
                    .patchElements(QStringLiteral("<div id=\"news\">for everyone</div>")));
        QVERIFY(waitInPage(extra,
                           QStringLiteral("document.getElementById('news').textContent === 'for everyone'")));
        QCOMPARE(
            evalInPage(extra, QStringLiteral("document.getElementById('starling-stream-limit') === null"))
                .toBool(),
            true);
    }
};

QTEST_MAIN(WindowStreamsTest)
#include "tst_windowstreams.moc"
