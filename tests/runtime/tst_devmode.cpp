// --dev in the app's windows: Chromium's inspector is reachable on a local port, and an edit under the source
// directories (the app's resources, the client's sources) reloads every window.
#include "devresources_p.h"
#include "windowhost_p.h"
#include "windowtest.h"

#include <starling/response.h>
#include <starling/server.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using starling::detail::WindowHost;
using starling::detail::WindowOptions;
using namespace windowtest;

namespace {
bool waitUntilReady(QQuickWindow *window)
{
    return waitInPage(window, QStringLiteral("document.title === 'Dev'"));
}
} // namespace

class DevModeTest : public WindowTestCase
{
    Q_OBJECT

private:
    starling::Server m_server;
    QTemporaryDir m_resources;
    QTemporaryDir m_clientSources; // a second watched directory, as the runtime's client sources are

    QUrl home() const { return m_server.origin().resolved(QUrl(QStringLiteral("/"))); }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("StarlingTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_devmode"));
        QGuiApplication::setQuitOnLastWindowClosed(false);
        QVERIFY(m_resources.isValid());
        QVERIFY(m_clientSources.isValid());
        m_server.get("/", [](const starling::Request &) {
            return starling::html(QStringLiteral("<!DOCTYPE html><title>Dev</title><p>dev</p>"));
        });
        m_server.get("/client", [](const starling::Request &) {
            return starling::html(
                QStringLiteral("<!DOCTYPE html><title>Client</title>"
                               "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>"
                               "<p id=\"out\" data-text=\"'applied'\"></p>"));
        });
        QVERIFY(m_server.listen());
    }

    // Runs first: the inspector's address is read when the first profile starts the engine.
    void devOpensTheInspectorOnTheWindowsPages()
    {
        qunsetenv("QTWEBENGINE_REMOTE_DEBUGGING");
        WindowHost host(m_server.origin(), m_server.secret(), WindowOptions { .dev = true });
        const QString address = qEnvironmentVariable("QTWEBENGINE_REMOTE_DEBUGGING");
        QVERIFY2(address.startsWith(QStringLiteral("127.0.0.1:")), qPrintable(address));
        QQuickWindow *window = host.openWindow(home());
        QVERIFY(window);
        QVERIFY(waitUntilReady(window));

        // The inspector lists the window's page.
        QNetworkAccessManager network;
        std::unique_ptr<QNetworkReply> reply(
            network.get(QNetworkRequest(QUrl(QStringLiteral("http://%1/json/list").arg(address)))));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QVERIFY2(reply->readAll().contains(home().toEncoded()), "the window's page is not inspectable");
    }

    void resourceEditsReloadTheWindows()
    {
        WindowHost host(
            m_server.origin(), m_server.secret(),
            WindowOptions { .dev = true, .watchedDirs = { m_resources.path(), m_clientSources.path() } });
        QQuickWindow *first = host.openWindow(home());
        QQuickWindow *second = host.openWindow(home());
        QVERIFY(first && second);
        for (QQuickWindow *window : { first, second }) {
            QVERIFY(waitUntilReady(window));
            evalInPage(window, QStringLiteral("window.beforeTheEdit = true"));
        }

        for (const QString &edited : { m_resources.filePath(QStringLiteral("index.html")),
                                       m_clientSources.filePath(QStringLiteral("engine.js")) }) {
            for (QQuickWindow *window : { first, second })
                evalInPage(window, QStringLiteral("window.beforeTheEdit = true"));
            QFile file(edited);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("edited");
            file.close();
            for (QQuickWindow *window : { first, second }) {
                QVERIFY2(waitInPage(window, QStringLiteral("window.beforeTheEdit === undefined")),
                         qPrintable(edited));
                QVERIFY(waitUntilReady(window));
            }
        }
    }

    // The client's debug hook (window.__starlingDatastarDebug, for tests and the console) is on an app's
    // pages only in dev mode.
    void clientDebugHookOnlyInDevMode()
    {
        using starling::detail::DevResources;
        const QUrl page = m_server.origin().resolved(QUrl(QStringLiteral("/client")));
        const QString applied = QStringLiteral("document.querySelector('#out')?.textContent === 'applied'");
        WindowHost host(m_server.origin(), m_server.secret(), WindowOptions {});

        QQuickWindow *production = host.openWindow(page);
        QVERIFY(production);
        QVERIFY(waitInPage(production, applied));
        QCOMPARE(evalInPage(production, QStringLiteral("typeof window.__starlingDatastarDebug")).toString(),
                 QStringLiteral("undefined"));

        DevResources::enable({});
        QQuickWindow *dev = host.openWindow(page);
        QVERIFY(dev);
        const bool hooked = waitInPage(dev, applied + QStringLiteral(" && !!window.__starlingDatastarDebug"));
        DevResources::disable();
        QVERIFY(hooked);
    }

    // The runtime's client sources usually lie inside the app's resources/: one watch covers both.
    void liveReloadWatchesEachSourceTreeOnce()
    {
        QTemporaryDir app;
        QTemporaryDir elsewhere;
        QVERIFY(QDir(app.path()).mkpath(QStringLiteral("datastar")));
        const QString inside = QDir(app.path()).filePath(QStringLiteral("datastar"));
        using starling::detail::DevResources;

        DevResources::enable({ { .resourcePrefix = QStringLiteral(":/datastar"), .sourceDir = inside },
                               { .resourcePrefix = QStringLiteral(":/"), .sourceDir = app.path() } });
        QCOMPARE(DevResources::sourceDirs(), QStringList { QFileInfo(app.path()).canonicalFilePath() });

        DevResources::enable(
            { { .resourcePrefix = QStringLiteral(":/datastar"), .sourceDir = elsewhere.path() },
              { .resourcePrefix = QStringLiteral(":/"), .sourceDir = app.path() } });
        QStringList both = DevResources::sourceDirs();
        both.sort();
        QStringList expected { QFileInfo(app.path()).canonicalFilePath(),
                               QFileInfo(elsewhere.path()).canonicalFilePath() };
        expected.sort();
        QCOMPARE(both, expected);
        DevResources::disable();
        QVERIFY(DevResources::sourceDirs().isEmpty());
    }
};

QTEST_MAIN(DevModeTest)
#include "tst_devmode.moc"
