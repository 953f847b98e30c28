// The gallery's system monitor in a real (headless) QtWebEngine page, against starling-gallery --serve.
#include "galleryapp.h"
#include "webenginetest.h"

#include <QTemporaryDir>
#include <QTest>
#include <QWebEnginePage>

#include <cstring>
#include <pagedriver.h>
#include <stop_token>
#include <thread>
#include <vector>

using gallerytest::GalleryApp;
using starling::test::PageDriver;

namespace {

const QString CpuPath = QStringLiteral("document.querySelector('#monitor-cpu-path').getAttribute('d')");
const QString MemoryPath = QStringLiteral("document.querySelector('#monitor-memory-path').getAttribute('d')");

QString pointsAtLeast(const QString &path, int count)
{
    return QStringLiteral("(%1 || '').split(/[ML]/).filter(s => s.trim()).length >= %2").arg(path).arg(count);
}

QString textOf(const QString &selector)
{
    return QStringLiteral("document.querySelector('%1').textContent").arg(selector);
}

} // namespace

class MonitorAppTest : public starling::test::WebEngineTest
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void numbersTableAndChartUpdateLive()
    {
        GalleryApp app(m_home.path());
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver page;
        QVERIFY(page.load(app.tokenUrl(QStringLiteral("/monitor"))));

        // The process table has rows, each with a pid and a name.
        QVERIFY(page.waitFor(
            QStringLiteral("document.querySelectorAll('#monitor-processes tbody tr').length >= 1")));
        QVERIFY(
            page.eval(QStringLiteral("[...document.querySelectorAll('#monitor-processes tbody tr')].every("
                                     "r => /^\\d+$/.test(r.cells[0].textContent) && r.cells[1].textContent)"))
                .toBool());

        // The numbers arrive as signals and read as numbers.
        QVERIFY(page.waitFor(
            QStringLiteral("/^\\d+\\.\\d %$/.test(%1)").arg(textOf(QStringLiteral("#monitor-cpu")))));
        QVERIFY(page.waitFor(
            QStringLiteral("/^\\d+\\.\\d %$/.test(%1)").arg(textOf(QStringLiteral("#monitor-memory")))));
        QVERIFY(page.waitFor(
            QStringLiteral("document.querySelectorAll('#monitor-cores .core-value').length >= 1 && "
                           "[...document.querySelectorAll('#monitor-cores .core-value')]"
                           ".every(e => /^\\d+ %$/.test(e.textContent))")));

        // The chart grows one point per tick, for CPU and memory.
        QVERIFY(page.waitFor(pointsAtLeast(CpuPath, 2)));
        const QString firstCpu = page.eval(CpuPath).toString();
        QVERIFY(page.waitFor(pointsAtLeast(CpuPath, 5)));
        QVERIFY(page.waitFor(pointsAtLeast(MemoryPath, 5)));
        QVERIFY(page.eval(CpuPath).toString() != firstCpu);

        // Memory in use changes when this process takes (and touches) 256 MiB more.
        const QString usedBefore = page.eval(textOf(QStringLiteral("#monitor-memory-used"))).toString();
        QVERIFY(usedBefore.endsWith(QStringLiteral(" MiB")));
        std::vector<char> ballast(256 * 1024 * 1024);
        std::memset(ballast.data(), 1, ballast.size());
        QVERIFY(page.waitFor(
            QStringLiteral("%1 !== '%2'").arg(textOf(QStringLiteral("#monitor-memory-used")), usedBefore)));
        QVERIFY2(page.consoleErrors().isEmpty(), qPrintable(page.consoleErrors().join(u'\n')));
    }

    void headerKeepsItsHeightAndCoreBarsFillToTheirValue()
    {
        GalleryApp app(m_home.path());
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver page;
        const QString headerHeight
            = QStringLiteral("document.querySelector('body > header').getBoundingClientRect().height");
        QVERIFY(page.load(app.tokenUrl()));
        const double homeHeader = page.eval(headerHeight).toDouble();
        QVERIFY(homeHeader > 30);
        QVERIFY(page.load(app.url(QStringLiteral("/monitor"))));
        QCOMPARE(page.eval(headerHeight).toDouble(), homeHeader);

        // A busy core, so that some bar has something to show; each row is "CPU n", the track with its fill,
        // and the value in whole percent.
        const std::jthread busy([](std::stop_token stop) {
            while (!stop.stop_requested()) { }
        });
        QVERIFY(page.waitFor(
            QStringLiteral("[...document.querySelectorAll('#monitor-cores .core')].some(core => {"
                           "  const value = parseFloat(core.querySelector('.core-value').textContent);"
                           "  const track = core.children[1];"
                           "  const fill = track.firstElementChild.getBoundingClientRect();"
                           "  return value >= 5 && fill.height > 0 &&"
                           "    Math.abs(fill.width / track.clientWidth * 100 - value) <= 1.5;"
                           "})")));
        QVERIFY2(page.consoleErrors().isEmpty(), qPrintable(page.consoleErrors().join(u'\n')));
    }

    void homePageOpensTheMonitorWithItsSources()
    {
        GalleryApp app(m_home.path());
        QVERIFY2(app.start(), qPrintable(app.errorString()));
        PageDriver page;
        QVERIFY(page.load(app.tokenUrl()));
        QVERIFY(page.clickAndWaitForLoad(QStringLiteral("#apps #entry-monitor")));
        QCOMPARE(page.page()->url().path(), QStringLiteral("/monitor"));
        QVERIFY(page.waitFor(pointsAtLeast(CpuPath, 2)));
        QCOMPARE(
            page.eval(QStringLiteral("[...document.querySelectorAll('.sources summary')]"
                                     ".map(e => e.textContent).join(' ')"))
                .toString(),
            QStringLiteral("monitor.html processes.html procreader.cpp monitorrenderer.cpp monitorfeed.cpp"));
    }

    void samplesOnlyWhileSomeoneWatches()
    {
        GalleryApp app(m_home.path());
        QVERIFY2(app.start({ QStringLiteral("--verbose") }), qPrintable(app.errorString()));
        QVERIFY(!app.standardError().contains("sampling: a viewer arrived"));
        {
            PageDriver page;
            QVERIFY(page.load(app.tokenUrl(QStringLiteral("/monitor"))));
            QVERIFY(page.waitFor(pointsAtLeast(CpuPath, 2)));
            QVERIFY(app.standardError().contains("sampling: a viewer arrived"));
            QVERIFY(!app.standardError().contains("sampling stopped"));
        } // the page closes, and its stream with it
        QVERIFY(QTest::qWaitFor([&] { return app.standardError().contains("sampling stopped: no viewer"); },
                                15000));
    }
};

QTEST_MAIN(MonitorAppTest)
#include "tst_monitorapp.moc"
