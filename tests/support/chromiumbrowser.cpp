#include "chromiumbrowser.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace starling::test {

namespace {

constexpr int StopTimeoutMs = 10000;

// Lets the event loop run for up to ms (the DevToolsActivePort file tells nobody when it appears).
void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(std::max(ms, 0), &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

ChromiumBrowser::ChromiumBrowser() = default;

ChromiumBrowser::~ChromiumBrowser()
{
    stop();
}

QString ChromiumBrowser::executable()
{
    return QStringLiteral("/usr/bin/chromium");
}

bool ChromiumBrowser::isInstalled()
{
    return QFileInfo(executable()).isExecutable();
}

QString ChromiumBrowser::notInstalledMessage()
{
    return QStringLiteral(
               "%1 is not installed (Debian package chromium: bash scripts/bootstrap.sh packages test)")
        .arg(executable());
}

bool ChromiumBrowser::fail(const QString &why)
{
    m_error = why;
    const QByteArray printed = m_process.readAllStandardError().trimmed();
    if (!printed.isEmpty())
        m_error += QStringLiteral("; the browser printed: ") + QString::fromLocal8Bit(printed.right(4000));
    stop();
    return false;
}

bool ChromiumBrowser::start(const QSize &windowSize, int timeoutMs)
{
    if (!m_profile.isValid())
        return fail(QStringLiteral("no temporary directory: %1").arg(m_profile.errorString()));
    if (m_process.state() != QProcess::NotRunning)
        return fail(QStringLiteral("the browser is already running"));
    const QDeadlineTimer deadline(timeoutMs);
    const QDir home(m_profile.path());
    // Everything the browser writes goes below the temporary directory: its profile, and what it keeps in
    // HOME and the XDG directories (crash reports, caches).
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    m_process.setProcessEnvironment(env);
    const QString profile = home.filePath(QStringLiteral("profile"));
    QStringList arguments {
        QStringLiteral("--headless=new"),
        QStringLiteral("--user-data-dir=") + profile,
        QStringLiteral("--remote-debugging-port=0"),
        QStringLiteral("--window-size=%1,%2").arg(windowSize.width()).arg(windowSize.height()),
        QStringLiteral("--no-first-run"),
        QStringLiteral("--no-default-browser-check"),
        QStringLiteral("--disable-extensions"),
        QStringLiteral("--disable-background-networking"),
        QStringLiteral("--disable-component-update"),
        QStringLiteral("--disable-sync"),
        QStringLiteral("--disable-crash-reporter"),
        QStringLiteral("--password-store=basic")
    };
    // Chromium refuses to run as root with its sandbox (it needs user namespaces it cannot have then).
    if (::geteuid() == 0)
        arguments.append(QStringLiteral("--no-sandbox"));
    arguments.append(QStringLiteral("about:blank"));
    // Its own process group: stop() can end every process it started (renderers, GPU, zygote) if it hangs.
    m_process.setChildProcessModifier([] { ::setpgid(0, 0); });
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.start(executable(), arguments);
    if (!m_process.waitForStarted(std::max<int>(deadline.remainingTime(), 1)))
        return fail(QStringLiteral("cannot start %1: %2").arg(executable(), m_process.errorString()));

    // The file's first line is the port, its second the browser target's path; it is complete once both are
    // there.
    const QString activePortFile = QDir(profile).filePath(QStringLiteral("DevToolsActivePort"));
    QStringList lines;
    while (lines.size() < 2 || lines.at(1).isEmpty()) {
        if (m_process.state() == QProcess::NotRunning)
            return fail(QStringLiteral("%1 exited (%2) before listening for DevTools")
                            .arg(executable())
                            .arg(m_process.exitCode()));
        if (deadline.hasExpired())
            return fail(
                QStringLiteral("%1 wrote no %2 in %3 ms").arg(executable(), activePortFile).arg(timeoutMs));
        pause(20);
        QFile file(activePortFile);
        if (file.open(QIODevice::ReadOnly))
            lines = QString::fromUtf8(file.readAll()).split(u'\n');
    }
    bool portOk = false;
    const int port = lines.at(0).trimmed().toInt(&portOk);
    if (!portOk || port <= 0)
        return fail(QStringLiteral("%1 holds no port: %2").arg(activePortFile, lines.join(u'|')));
    m_hostAndPort = QStringLiteral("127.0.0.1:%1").arg(port);
    const QUrl browserTarget(QStringLiteral("ws://%1%2").arg(m_hostAndPort, lines.at(1).trimmed()));
    if (!m_browserSession.open(browserTarget, std::max<int>(deadline.remainingTime(), 1)))
        return fail(m_browserSession.errorString());
    return true;
}

std::unique_ptr<DevToolsPage> ChromiumBrowser::newPage(const QUrl &url, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    const auto created = m_browserSession.call(QStringLiteral("Target.createTarget"),
                                               { { QStringLiteral("url"), url.toString() } }, timeoutMs);
    if (!created) {
        m_error = m_browserSession.errorString();
        return nullptr;
    }
    const QString id = created->value(QStringLiteral("targetId")).toString();
    DevToolsBrowser endpoint(m_hostAndPort);
    const auto pages = endpoint.waitForPages(
        [&id](const QList<DevToolsTarget> &pages) {
            return std::any_of(pages.cbegin(), pages.cend(),
                               [&id](const DevToolsTarget &page) { return page.id == id; });
        },
        std::max<int>(deadline.remainingTime(), 1));
    if (!pages) {
        m_error = QStringLiteral("the new tab %1 is not listed: %2").arg(id, endpoint.errorString());
        return nullptr;
    }
    const auto target = std::find_if(pages->cbegin(), pages->cend(),
                                     [&id](const DevToolsTarget &page) { return page.id == id; });
    auto page = std::make_unique<DevToolsPage>();
    if (!page->open(*target, std::max<int>(deadline.remainingTime(), 1))) {
        m_error = page->errorString();
        return nullptr;
    }
    return page;
}

void ChromiumBrowser::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        // Browser.close ends the browser cleanly; the signals are for a browser that does not answer.
        if (m_browserSession.isOpen())
            m_browserSession.call(QStringLiteral("Browser.close"), {}, StopTimeoutMs);
        if (!m_process.waitForFinished(StopTimeoutMs)) {
            m_process.terminate();
            if (!m_process.waitForFinished(StopTimeoutMs)) {
                ::kill(-pid_t(m_process.processId()), SIGKILL);
                m_process.waitForFinished(StopTimeoutMs);
            }
        }
    }
    m_browserSession.close();
    m_hostAndPort.clear();
}

} // namespace starling::test
