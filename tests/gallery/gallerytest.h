// What every gallery test shares: the running gallery, one page driver and a few DOM helpers.
#pragma once

#include "galleryapp.h"
#include "pagedriver.h"
#include "webenginetest.h"

#include <QObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineView>

#include <memory>

namespace gallerytest {

// The base of the example tests: one gallery and one page for the whole run, and no console errors after
// any test.
class GalleryTest : public starling::test::WebEngineTest
{
    Q_OBJECT

public:
    // Before the application exists: what QtWebEngine needs, and this test process's own XDG directories (the
    // gallery it starts gets others, see GalleryApp).
    static void initMain()
    {
        WebEngineTest::initMain();
        static QTemporaryDir home;
        for (const char *kind : { "DATA", "CONFIG", "CACHE", "STATE" })
            qputenv(QByteArray("XDG_") + kind + "_HOME",
                    home.filePath(QString::fromLatin1(kind).toLower()).toLocal8Bit());
    }

protected:
    GalleryApp m_gallery;
    std::unique_ptr<starling::test::PageDriver> m_page;

    // Starts the gallery and opens its printed URL, which sets the session cookie for the other pages.
    bool startGallery()
    {
        if (!m_gallery.start()) {
            qWarning() << m_gallery.errorString();
            return false;
        }
        m_page = std::make_unique<starling::test::PageDriver>();
        return m_page->load(m_gallery.tokenUrl());
    }

    bool open(const QString &path) { return m_page->load(m_gallery.url(path)); }

    QString text(const QString &selector, starling::test::PageDriver *page = nullptr)
    {
        page = page ? page : m_page.get();
        return page
            ->eval(QStringLiteral("document.querySelector(%1)?.textContent ?? null").arg(jsString(selector)))
            .toString();
    }

    bool waitForText(const QString &selector, const QString &expected,
                     starling::test::PageDriver *page = nullptr)
    {
        page = page ? page : m_page.get();
        const QString js = QStringLiteral("document.querySelector(%1)?.textContent.trim() === %2")
                               .arg(jsString(selector), jsString(expected));
        if (page->waitFor(js))
            return true;
        qWarning() << selector << "has" << text(selector, page) << "not" << expected;
        return false;
    }

    bool visible(const QString &selector)
    {
        return m_page
            ->eval(QStringLiteral("getComputedStyle(document.querySelector(%1)).display !== 'none'")
                       .arg(jsString(selector)))
            .toBool();
    }

    static QString jsString(const QString &text)
    {
        QString escaped = text;
        escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('\''), QStringLiteral("\\'"));
        return QLatin1Char('\'') + escaped + QLatin1Char('\'');
    }

    // The page logged no error.
    void verifyNoConsoleErrors(starling::test::PageDriver *page = nullptr)
    {
        page = page ? page : m_page.get();
        QVERIFY2(page->consoleErrors().isEmpty(), qPrintable(page->consoleErrors().join(QLatin1Char('\n'))));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(startGallery()); }
    void cleanup() { verifyNoConsoleErrors(); }
};

} // namespace gallerytest
