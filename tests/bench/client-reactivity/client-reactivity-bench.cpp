// Benchmark of the client's reactive half. Prints figures; asserts nothing; not registered with ctest.
//
// Run by hand from the repository root:
//   cmake --build build --target client-reactivity-bench
//   QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 build/bin/client-reactivity-bench [runs]
// (QTWEBENGINE_DISABLE_SANDBOX only when running as root.)
//
// Figures, each the median of `runs` (default 15) page loads or changes:
//   - initialising a page with 1,000 bound elements (<input data-bind:...>, one signal each): from just
//   before the
//     client's module runs to just after it applied itself; and apply() alone on 1,000 freshly added inputs;
//   - propagating one signal change to 1,000 data-text elements: the synchronous update, and the update plus
//   the
//     layout it causes;
//   - the client's size (every file under :/datastar/): raw, gzip -9 and brotli q11, per file summed and as
//   one
//     concatenated bundle.
#include "pagedriver.h"
#include "testserver.h"

#include <QApplication>
#include <QDirIterator>
#include <QFile>
#include <QTextStream>

#include <algorithm>
#include <brotli/encode.h>
#include <zlib.h>

namespace {

QByteArray page(const QByteArray &before, const QByteArray &body, const QByteArray &after)
{
    return "<!doctype html><html><head><meta charset=\"utf-8\"></head><body>" + body + before
        + "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>" + after
        + "</body></html>";
}

qsizetype gzipSize(const QByteArray &data)
{
    z_stream s {};
    deflateInit2(&s, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY); // 15 + 16: gzip framing
    QByteArray out(int(deflateBound(&s, uLong(data.size()))) + 64, Qt::Uninitialized);
    s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    s.avail_in = uInt(data.size());
    s.next_out = reinterpret_cast<Bytef *>(out.data());
    s.avail_out = uInt(out.size());
    deflate(&s, Z_FINISH);
    const qsizetype size = qsizetype(s.total_out);
    deflateEnd(&s);
    return size;
}

qsizetype brotliSize(const QByteArray &data)
{
    size_t size = BrotliEncoderMaxCompressedSize(size_t(data.size()));
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, size_t(data.size()),
                          reinterpret_cast<const uint8_t *>(data.constData()), &size,
                          reinterpret_cast<uint8_t *>(out.data()));
    return qsizetype(size);
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 15;
    QTextStream out(stdout);

    QByteArray inputs;
    QByteArray texts;
    for (int i = 0; i < 1000; ++i) {
        inputs += "<input data-bind:field-" + QByteArray::number(i) + " value=\"v" + QByteArray::number(i)
            + "\">";
        texts += "<span data-text=\"$x\"></span>";
    }
    starling::test::TestServer server;
    server.addPage(QStringLiteral("/init.html"),
                   page("<script type=\"module\">window.t0 = performance.now();</script>", inputs,
                        "<script type=\"module\">window.t1 = performance.now();</script>"));
    server.addPage(QStringLiteral("/text.html"), page({}, "<div data-signals:x=\"0\"></div>" + texts, {}));
    server.addPage(QStringLiteral("/empty.html"), page({}, {}, {}));
    if (!server.listen())
        return 1;
    starling::test::PageDriver driver;

    QList<double> init, ready, applyOnly;
    for (int r = 0; r < runs; ++r) {
        if (!driver.load(server.url(QStringLiteral("/init.html")))
            || !driver.waitFor(QStringLiteral("window.t1 !== undefined")))
            return 1;
        const QVariantList t = driver.eval(QStringLiteral("[window.t1 - window.t0, window.t1]")).toList();
        init.append(t.value(0).toDouble());
        ready.append(t.value(1).toDouble());
        if (!driver.load(server.url(QStringLiteral("/empty.html"))))
            return 1;
        applyOnly.append(
            driver
                .eval(QStringLiteral("(() => { const d = document.createElement('div');"
                                     " d.innerHTML = %1; document.body.append(d);"
                                     " const t = performance.now(); window.__starlingDatastarDebug.apply(d);"
                                     " return performance.now() - t; })()")
                          .arg(QString::fromUtf8("'" + inputs + "'")))
                .toDouble());
    }

    QList<double> propagate, propagateLayout;
    if (!driver.load(server.url(QStringLiteral("/text.html"))))
        return 1;
    for (int r = 0; r < runs; ++r) {
        const QVariantList t
            = driver
                  .eval(QStringLiteral(
                            "(() => { const d = window.__starlingDatastarDebug; document.body.offsetHeight;"
                            " const t0 = performance.now(); d.mergePatch({x: %1});"
                            " const t1 = performance.now(); document.body.offsetHeight;"
                            " const t2 = performance.now();"
                            " const ok = document.querySelector('span:last-of-type').textContent === '%1';"
                            " return [t1 - t0, t2 - t0, ok]; })()")
                            .arg(r + 1))
                  .toList();
        if (!t.value(2).toBool())
            out << "warning: the last data-text element was not updated\n";
        propagate.append(t.value(0).toDouble());
        propagateLayout.append(t.value(1).toDouble());
    }

    out << "client-reactivity benchmark, " << runs << " runs each, medians, QtWebEngine "
        << driver.eval(QStringLiteral("navigator.userAgent.match(/Chrome\\/[\\d.]+/)[0]")).toString() << "\n";
    out << QStringLiteral(
               "  init, 1,000 data-bind inputs: %1 ms (client module start to applied); page ready at %2 ms "
               "after navigation start; apply() alone on 1,000 added inputs: %3 ms\n")
               .arg(median(init), 0, 'f', 1)
               .arg(median(ready), 0, 'f', 1)
               .arg(median(applyOnly), 0, 'f', 1);
    out << QStringLiteral(
               "  one signal change -> 1,000 data-text elements: %1 ms (DOM updated), %2 ms (with layout)\n")
               .arg(median(propagate), 0, 'f', 2)
               .arg(median(propagateLayout), 0, 'f', 2);

    QByteArray bundle;
    qsizetype raw = 0, gz = 0, br = 0;
    QStringList files;
    QDirIterator it(QStringLiteral(":/datastar"), { QStringLiteral("*.js") }, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    out << "  client size (raw / gzip -9 / brotli q11 bytes):\n";
    for (const QString &name : files) {
        QFile f(name);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray data = f.readAll();
        bundle += data;
        raw += data.size();
        gz += gzipSize(data);
        br += brotliSize(data);
        out << QStringLiteral("    %1 %2 / %3 / %4\n")
                   .arg(name.mid(2), -40)
                   .arg(data.size())
                   .arg(gzipSize(data))
                   .arg(brotliSize(data));
    }
    out << QStringLiteral("    %1 %2 / %3 / %4   (%5 files, each compressed)\n")
               .arg(QStringLiteral("total"), -40)
               .arg(raw)
               .arg(gz)
               .arg(br)
               .arg(files.size());
    out << QStringLiteral("    %1 %2 / %3 / %4\n")
               .arg(QStringLiteral("as one concatenated bundle"), -40)
               .arg(bundle.size())
               .arg(gzipSize(bundle))
               .arg(brotliSize(bundle));
    return 0;
}
