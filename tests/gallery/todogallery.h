// Runs starling-gallery --serve as a separate process with the test's own XDG directories.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>

namespace todotest {

// One run of the gallery: start() waits for its `starling: serving <url>` line.
class GalleryProcess
{
public:
    explicit GalleryProcess(const QString &home)
        : m_home(home)
    { }
    ~GalleryProcess() { stop(); }

    bool start(const QStringList &extraArguments = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home + QStringLiteral("/cache"));
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        env.remove(QStringLiteral("QT_LOGGING_RULES")); // so that --verbose can turn debug output on
        m_process.setProcessEnvironment(env);
        m_process.start(
            QStringLiteral(GALLERY_APP),
            QStringList { QStringLiteral("--serve"), QStringLiteral("--port"), QStringLiteral("0") }
                + extraArguments);
        if (!m_process.waitForStarted(10000))
            return false;
        QByteArray out;
        const bool gotLine = QTest::qWaitFor(
            [&] {
                out += m_process.readAllStandardOutput();
                return out.contains('\n') || m_process.state() == QProcess::NotRunning;
            },
            20000);
        const QString line = QString::fromUtf8(out.left(out.indexOf('\n'))).trimmed();
        if (!gotLine || !line.startsWith(QStringLiteral("starling: serving "))) {
            qWarning().noquote() << "gallery did not start:" << line << m_process.readAllStandardError();
            return false;
        }
        m_url = QUrl(line.section(u' ', 2));
        return m_url.isValid();
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }

    // Everything the app logged so far.
    QByteArray standardError()
    {
        m_stderr += m_process.readAllStandardError();
        return m_stderr;
    }

    // `path` of the app with the token, so that a page loading it gets the session cookie.
    QUrl url(const QString &path) const
    {
        QUrl result = m_url;
        result.setPath(path);
        return result;
    }

private:
    QString m_home;
    QProcess m_process;
    QUrl m_url;
    QByteArray m_stderr;
};

} // namespace todotest
