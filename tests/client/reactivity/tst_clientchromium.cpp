// The client in a current Chromium (Debian's, headless) as well as in QtWebEngine's older one: the pages of
// pages/ whose behaviour a newer engine could change, served by the same TestServer and driven over the
// DevTools protocol. One browser for the whole run.
#include "chromiumbrowser.h"
#include "testserver.h"

#include <QtTest>

#include <memory>

using starling::test::ChromiumBrowser;
using starling::test::DevToolsPage;

class ClientInChromiumTest : public QObject
{
    Q_OBJECT

private:
    starling::test::TestServer m_server { QStringLiteral(STARLING_PAGES_DIR) };
    ChromiumBrowser m_chromium;
    std::unique_ptr<DevToolsPage> m_page;

    // Loads pages/<name> and waits until the client has applied itself to it (the tests' server adds the
    // debug module, which sets its hook then).
    bool open(const QString &name)
    {
        if (m_page->navigate(m_server.url(u'/' + name))
            && m_page->waitFor(QStringLiteral("window.__starlingDatastarDebug !== undefined")))
            return true;
        qWarning().noquote() << m_page->errorString();
        return false;
    }

    QString signalJson(const QString &path)
    {
        const auto value
            = m_page->evaluate(QStringLiteral("JSON.stringify(window.__starlingDatastarDebug.getPath(%1))")
                                   .arg(DevToolsPage::jsString(path)));
        return value ? value->toString() : m_page->errorString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!ChromiumBrowser::isInstalled())
            QSKIP(qPrintable(ChromiumBrowser::notInstalledMessage()));
        // Chromium asks for an icon (QtWebEngine does not); the pages have none.
        m_server.http().route(QStringLiteral("/favicon.ico"),
                              [] { return QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent); });
        QVERIFY(m_server.listen());
        QVERIFY2(m_chromium.start(), qPrintable(m_chromium.errorString()));
        m_page = m_chromium.newPage();
        QVERIFY2(m_page, qPrintable(m_chromium.errorString()));
        QVERIFY2(m_page->recordErrors(), qPrintable(m_page->errorString()));
    }

    void cleanup()
    {
        const QStringList errors = m_page ? m_page->errors() : QStringList();
        if (m_page)
            m_page->clearErrors();
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    }

    // As tst_reactiveevents' onSignalPatchSeesOnlyTheScanAfterIt: each attribute's patch of the initial scan
    // is dispatched when it is applied, so the handler sees those after it only.
    void onSignalPatchSeesOnlyTheScanAfterIt()
    {
        QVERIFY(open(QStringLiteral("signal-patch-scan.html")));
        QCOMPARE(signalJson(QStringLiteral("seen")), QStringLiteral("\"after;last,later;\""));
    }
};

QTEST_GUILESS_MAIN(ClientInChromiumTest)
#include "tst_clientchromium.moc"
