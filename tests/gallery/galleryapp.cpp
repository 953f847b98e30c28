#include "galleryapp.h"

#include "firstline.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QRegularExpression>

namespace gallerytest {

GalleryApp::GalleryApp(const QString &home)
    : m_home(home)
{
    if (m_home.isEmpty()) {
        m_ownHome.emplace();
        if (m_ownHome->isValid())
            m_home = m_ownHome->path();
    }
}

GalleryApp::~GalleryApp()
{
    stop();
}

void GalleryApp::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000))
        m_process.kill();
    m_process.waitForFinished(5000);
}

bool GalleryApp::start(const QStringList &extraArguments)
{
    if (m_home.isEmpty()) {
        m_error = QStringLiteral("no temporary directory");
        return false;
    }
    // The app's state (data, settings, caches) goes to this test's own directories.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList kinds { QStringLiteral("DATA"), QStringLiteral("CONFIG"), QStringLiteral("CACHE"),
                              QStringLiteral("STATE") };
    for (const QString &kind : kinds) {
        const QString path = m_home + u'/' + kind.toLower();
        QDir().mkpath(path);
        env.insert(QStringLiteral("XDG_%1_HOME").arg(kind), path);
    }
    const QString runtimeDir = m_home + QStringLiteral("/runtime");
    QDir().mkpath(runtimeDir);
    QFile::setPermissions(runtimeDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    m_process.setProcessEnvironment(env);
    m_process.start(QStringLiteral(GALLERY_APP), QStringList { QStringLiteral("--serve") } + extraArguments);
    if (!m_process.waitForStarted(10000)) {
        m_error
            = QStringLiteral("cannot start %1: %2").arg(QStringLiteral(GALLERY_APP), m_process.errorString());
        return false;
    }
    QByteArray out;
    starling::test::waitForFirstLine(m_process, 20000, &out);
    static const QRegularExpression line(
        QStringLiteral(R"(^starling: serving (http://127\.0\.0\.1:\d+/\S*)\n)"));
    const auto match = line.match(QString::fromUtf8(out));
    if (!match.hasMatch()) {
        m_error = QStringLiteral("no URL from the gallery; stdout: %1; stderr: %2")
                      .arg(QString::fromUtf8(out), QString::fromUtf8(standardError()));
        return false;
    }
    m_tokenUrl = QUrl(match.captured(1));
    return true;
}

QUrl GalleryApp::tokenUrl(const QString &path) const
{
    QUrl url = m_tokenUrl;
    url.setPath(path);
    return url;
}

QUrl GalleryApp::url(const QString &path) const
{
    QUrl url = m_tokenUrl;
    url.setQuery(QString());
    url.setPath(path);
    return url;
}

QByteArray GalleryApp::standardError()
{
    m_stderr += m_process.readAllStandardError();
    return m_stderr;
}

} // namespace gallerytest
