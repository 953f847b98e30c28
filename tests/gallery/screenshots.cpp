// gallery-screenshots <directory>: runs starling-gallery (--serve), opens a few of its pages in a QtWebEngine
// view, in the light and then the dark colour scheme, and saves what the view shows as PNG files
// (gallery-<page>.png and gallery-<page>-dark.png). Not a test: scripts/screenshots.sh runs it under Xvfb.
// The dark scheme is the real `prefers-color-scheme: dark`, emulated over the DevTools protocol on the view's
// own QtWebEngine (as tst_gallery_pages does).
#include "devtoolsclient.h"
#include "galleryapp.h"
#include "pagecheck.h"
#include "pagedriver.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QHostAddress>
#include <QTcpServer>
#include <QTimer>
#include <QWebEngineView>

#include <cstdio>
#include <functional>

namespace {

namespace pagecheck = gallerytest::pagecheck;

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

// One picture: the page at `path`, once `prepare` has brought it to what the picture shows.
struct Shot
{
    QString name;
    QString path;
    std::function<bool(starling::test::PageDriver &)> prepare;
};

bool typeAndEnter(starling::test::PageDriver &page, const QString &field, const QString &text)
{
    if (!page.typeInto(field, text))
        return false;
    page.keyClick(Qt::Key_Return);
    return true;
}

QList<Shot> shots()
{
    using starling::test::PageDriver;
    return {
        { QStringLiteral("home"), QStringLiteral("/"), [](PageDriver &) { return true; } },
        { QStringLiteral("getting-started"), QStringLiteral("/examples/getting-started"),
          [](PageDriver &page) {
              return page.click(QStringLiteral("#open-html"))
                  && page.waitFor(
                      QStringLiteral("document.querySelector('#hal').textContent.startsWith('I’m sorry')"));
          } },
        { QStringLiteral("backend-requests"), QStringLiteral("/examples/backend-requests"),
          [](PageDriver &page) {
              for (const char *button : { "#do-get", "#do-post", "#do-delete" }) {
                  const bool logged = page.click(QString::fromLatin1(button))
                      && page.waitFor(QStringLiteral("document.querySelector('#log li:last-child .method')"
                                                     "?.textContent === '%1'")
                                          .arg(QString::fromLatin1(button + 4).toUpper()));
                  if (!logged)
                      return false;
              }
              return true;
          } },
        // Three to-dos, the second done (added once: the list is kept by the gallery).
        { QStringLiteral("todo"), QStringLiteral("/todo"),
          [](PageDriver &page) {
              if (page.eval(QStringLiteral("document.querySelectorAll('#todo-list li').length")).toInt()
                  == 0) {
                  for (const QString &title :
                       { QStringLiteral("Water the plants"), QStringLiteral("Read the Datastar guide"),
                         QStringLiteral("Write a Starling app") }) {
                      if (!typeAndEnter(page, QStringLiteral("#todo-title"), title)
                          || !page.waitFor(pagecheck::todoShows(title)))
                          return false;
                  }
                  if (!page.click(QStringLiteral("#todo-list li:nth-child(2) button.toggle"))
                      || !page.waitFor(
                          QStringLiteral("document.querySelector('#todo-list li:nth-child(2) "
                                         "button.toggle').getAttribute('aria-pressed') === 'true'")))
                      return false;
              }
              return page.waitFor(pagecheck::loadedCondition(QStringLiteral("/todo")));
          } },
        // Once the chart's CPU line has 20 samples.
        { QStringLiteral("monitor"), QStringLiteral("/monitor"),
          [](PageDriver &page) {
              return page.waitFor(pagecheck::loadedCondition(QStringLiteral("/monitor")))
                  && page.waitFor(
                      QStringLiteral("(document.querySelector('#monitor-cpu-path')?.getAttribute('d')"
                                     " ?? '').split(/[ML]/).length > 20"));
          } },
    };
}

// A local port nobody listens on, for QtWebEngine's DevTools.
QString freeLocalAddress()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        return {};
    return QStringLiteral("127.0.0.1:%1").arg(probe.serverPort());
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
    // Read when the first page is made.
    const QString devToolsAddress = freeLocalAddress();
    qputenv("QTWEBENGINE_REMOTE_DEBUGGING", devToolsAddress.toLatin1());

    gallerytest::GalleryApp gallery;
    if (!gallery.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(gallery.errorString()));
        return 1;
    }
    starling::test::PageDriver page;
    page.view()->resize(1280, 960);
    if (!page.load(gallery.tokenUrl()))
        return 1;
    starling::test::DevToolsBrowser browser(devToolsAddress);
    const auto targets = browser.waitForPages([](const auto &pages) { return pages.size() == 1; });
    starling::test::DevToolsPage devTools;
    if (!targets || !devTools.open(targets->first())) {
        std::fprintf(stderr, "no DevTools session: %s%s\n", qPrintable(browser.errorString()),
                     qPrintable(devTools.errorString()));
        return 1;
    }

    for (const QString &scheme : pagecheck::colourSchemes()) {
        if (!devTools.call(QStringLiteral("Emulation.setEmulatedMedia"),
                           pagecheck::colourSchemeMedia(scheme))) {
            std::fprintf(stderr, "%s\n", qPrintable(devTools.errorString()));
            return 1;
        }
        const QString suffix = scheme == u"light" ? QStringLiteral(".png") : QStringLiteral("-dark.png");
        for (const Shot &shot : shots()) {
            const bool shown = page.load(gallery.url(shot.path))
                && page.waitFor(pagecheck::colourSchemeMatches(scheme)) && shot.prepare(page);
            if (!shown) {
                std::fprintf(stderr, "cannot show %s in the %s scheme\n", qPrintable(shot.path),
                             qPrintable(scheme));
                return 1;
            }
            if (!save(page, out.filePath(QStringLiteral("gallery-") + shot.name + suffix)))
                return 1;
        }
    }
    return 0;
}
