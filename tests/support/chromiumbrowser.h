// Debian's Chromium (/usr/bin/chromium, the [test] package `chromium`) started headless for a test, so that
// pages run in a current browser as well as in Qt 6.4's QtWebEngine (Chrome 102). Qt only: the browser is
// driven over the DevTools protocol (devtoolsclient.h).
//
//     if (!starling::test::ChromiumBrowser::isInstalled())
//         QSKIP(qPrintable(starling::test::ChromiumBrowser::notInstalledMessage()));
//     starling::test::ChromiumBrowser chromium;
//     QVERIFY2(chromium.start(), qPrintable(chromium.errorString()));
//     const auto page = chromium.newPage();
//     QVERIFY2(page, qPrintable(chromium.errorString()));
//     QVERIFY(page->recordErrors());
//     QVERIFY2(page->navigate(url), qPrintable(page->errorString()));
//
// The browser gets a private profile in a temporary directory (its HOME and XDG directories too, so nothing
// is written elsewhere), listens for DevTools on a port the system picks (read from the profile's
// DevToolsActivePort file), and has no first-run UI, extensions, background networking or crash reporter.
// Running as root (CI, containers) it needs --no-sandbox, which is given then only. The destructor closes the
// browser (all its processes) and removes the directory. Starting it costs about a second: one per test
// executable.
#pragma once

#include "devtoolsclient.h"

#include <QProcess>
#include <QSize>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace starling::test {

class ChromiumBrowser
{
    Q_DISABLE_COPY_MOVE(ChromiumBrowser)

public:
    ChromiumBrowser();
    ~ChromiumBrowser(); // stop()

    static QString executable(); // /usr/bin/chromium
    static bool isInstalled();
    // What a test says when it skips because isInstalled() is false.
    static QString notInstalledMessage();

    // Starts the browser with a window (and so a viewport) of windowSize and waits until its DevTools
    // endpoint answers; false (errorString(), with what the browser printed) when it does not in time.
    bool start(const QSize &windowSize = QSize(1280, 800), int timeoutMs = 30000);
    // Closes the browser and waits for its processes to end (killing them if they do not).
    void stop();
    QString errorString() const { return m_error; }

    // "127.0.0.1:<port>", for a DevToolsBrowser; empty before start().
    QString hostAndPort() const { return m_hostAndPort; }

    // A new tab showing `url`, with a DevTools session open on it; null (errorString()) on failure.
    std::unique_ptr<DevToolsPage> newPage(const QUrl &url = QUrl(QStringLiteral("about:blank")),
                                          int timeoutMs = 10000);

private:
    bool fail(const QString &why);

    QTemporaryDir m_profile;
    QProcess m_process;
    DevToolsPage m_browserSession; // the browser target: creates tabs, closes the browser
    QString m_hostAndPort;
    QString m_error;
};

} // namespace starling::test
