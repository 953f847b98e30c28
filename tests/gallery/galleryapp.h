// Runs the real starling-gallery executable with --serve for a test, with its own XDG directories.
//
//     GalleryApp gallery;
//     QVERIFY2(gallery.start(), qPrintable(gallery.errorString()));
//     QVERIFY(page.load(gallery.tokenUrl()));     // the home page; sets the session cookie in the page's
//     profile QVERIFY(page.load(gallery.url("/examples/quiz")));
#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

namespace gallerytest {

class GalleryApp
{
public:
    GalleryApp() = default;
    ~GalleryApp();

    // Starts the gallery and waits for its `starling: serving <url>` line; false (see errorString()) on
    // failure.
    bool start();
    QString errorString() const { return m_error; }

    QUrl tokenUrl() const { return m_tokenUrl; } // the printed URL: opening it sets the session cookie
    QUrl url(const QString &path) const; // http://127.0.0.1:<port><path>
    QByteArray standardError(); // what the app logged so far

private:
    QTemporaryDir m_home;
    QProcess m_process;
    QUrl m_tokenUrl;
    QString m_error;
    QByteArray m_stderr;
};

} // namespace gallerytest
