// Runs the real starling-gallery executable with --serve for a test, with its own XDG directories.
//
//     GalleryApp gallery;
//     QVERIFY2(gallery.start(), qPrintable(gallery.errorString()));
//     QVERIFY(page.load(gallery.tokenUrl()));     // the home page; sets the session cookie in the page's
//     profile QVERIFY(page.load(gallery.url("/examples/quiz")));
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <optional>

namespace gallerytest {

class GalleryApp
{
public:
    // home: the directory the app keeps its state below (one run after another can share it); empty: a
    // temporary directory of this object's own.
    explicit GalleryApp(const QString &home = {});
    ~GalleryApp(); // stop()

    // Starts the gallery and waits for its `starling: serving <url>` line; false (see errorString()) on
    // failure. The app logs what its arguments ask for (e.g. --verbose): the test's logging rules are not
    // passed on.
    bool start(const QStringList &extraArguments = {});
    // Ends the app (SIGTERM, then SIGKILL if it does not quit in time); nothing if it is not running.
    void stop();
    QString errorString() const { return m_error; }

    // path (the home page by default) with the token: opening it sets the session cookie in the page's
    // profile.
    QUrl tokenUrl(const QString &path = QStringLiteral("/")) const;
    QUrl url(const QString &path) const; // http://127.0.0.1:<port><path>
    QByteArray standardError(); // what the app logged so far

private:
    std::optional<QTemporaryDir> m_ownHome;
    QString m_home;
    QProcess m_process;
    QUrl m_tokenUrl;
    QString m_error;
    QByteArray m_stderr;
};

} // namespace gallerytest
