// gallery-screenshots <directory>: runs starling-gallery (--serve), opens a few of its pages in a QtWebEngine
// view and saves what the view shows as PNG files. Not a test: scripts/screenshots.sh runs it under Xvfb.
#include "galleryapp.h"
#include "pagedriver.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QTimer>
#include <QWebEngineView>

#include <cstdio>

namespace {

bool save(starling::test::PageDriver &page, const QString &file)
{
    // From the top, once the last patches and the scroll have painted (two animation frames, then a moment
    // for the compositor: this is a picture, not a test).
    page.eval(QStringLiteral(
        "window.scrollTo(0, 0); window.shotReady = false; "
        "requestAnimationFrame(() => requestAnimationFrame(() => { window.shotReady = true; }));"));
    page.waitFor(QStringLiteral("window.shotReady && window.scrollY === 0"));
    QEventLoop settle;
    QTimer::singleShot(300, &settle, &QEventLoop::quit);
    settle.exec();
    const QImage image = page.view()->grab().toImage();
    if (image.isNull() || !image.save(file)) {
        std::fprintf(stderr, "cannot save %s\n", qPrintable(file));
        return false;
    }
    std::printf("%s\n", qPrintable(file));
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication application(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: gallery-screenshots <directory>\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    if (!QDir().mkpath(out.path()))
        return 1;

    gallerytest::GalleryApp gallery;
    if (!gallery.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(gallery.errorString()));
        return 1;
    }
    starling::test::PageDriver page;
    page.view()->resize(1280, 960);
    bool ok = page.load(gallery.tokenUrl());
    ok = ok && save(page, out.filePath(QStringLiteral("gallery-home.png")));

    // Getting started, after HAL answered.
    ok = ok && page.load(gallery.url(QStringLiteral("/examples/getting-started")));
    ok = ok && page.click(QStringLiteral("#open-html"));
    ok = ok
        && page.waitFor(QStringLiteral("document.querySelector('#hal').textContent.startsWith('I’m sorry')"));
    ok = ok && save(page, out.filePath(QStringLiteral("gallery-getting-started.png")));

    // Backend requests, after three of them.
    ok = ok && page.load(gallery.url(QStringLiteral("/examples/backend-requests")));
    for (const char *button : { "#do-get", "#do-post", "#do-delete" }) {
        ok = ok && page.click(QString::fromLatin1(button));
        ok = ok
            && page.waitFor(
                QStringLiteral("document.querySelectorAll('#log li').length >= 1 && "
                               "document.querySelector('#log li:last-child .method').textContent === '%1'")
                    .arg(QString::fromLatin1(button + 4).toUpper()));
    }
    ok = ok && save(page, out.filePath(QStringLiteral("gallery-backend-requests.png")));
    return ok ? 0 : 1;
}
