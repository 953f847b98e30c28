// Shared set-up of the reactivity tests: a TestServer over pages/ and a PageDriver, plus small helpers, and
// the test class they all derive from.
#pragma once

#include "pagedriver.h"
#include "testserver.h"
#include "webenginetest.h"

#include <QtTest>

namespace starling::test {

// Serves tests/client/reactivity/pages and drives one view. Pages load the client with
// <script type="module" src="/_starling/datastar/datastar.js"></script>.
struct ReactivityClient
{
    TestServer server { QStringLiteral(STARLING_PAGES_DIR) };
    PageDriver page;

    bool start() { return server.listen(); }

    // Loads pages/<name> and waits until the client has applied itself to it.
    bool open(const QString &name)
    {
        return page.load(server.url(QLatin1Char('/') + name))
            && page.waitFor(QStringLiteral("window.__starlingDatastarDebug !== undefined"));
    }

    static QString quoted(const QString &s)
    {
        QString out = s;
        out.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('\''), QStringLiteral("\\'"));
        return QLatin1Char('\'') + out + QLatin1Char('\'');
    }

    QString text(const QString &selector)
    {
        return page.eval(QStringLiteral("document.querySelector(%1).textContent").arg(quoted(selector)))
            .toString();
    }

    // Waits until the element's textContent is exactly expected.
    bool waitText(const QString &selector, const QString &expected)
    {
        return page.waitFor(
            QStringLiteral("document.querySelector(%1) && document.querySelector(%1).textContent === %2")
                .arg(quoted(selector), quoted(expected)));
    }

    // The page's signal at a dotted path, as JSON ("undefined" when absent), through the client's own module.
    QString signalJson(const QString &path)
    {
        return page
            .eval(QStringLiteral("(() => { const v = window.__starlingDatastarDebug.getPath(%1);"
                                 " return v === undefined ? 'undefined' : JSON.stringify(v); })()")
                      .arg(quoted(path)))
            .toString();
    }

    bool waitSignal(const QString &path, const QString &json)
    {
        return page.waitFor(
            QStringLiteral("(() => { const v = window.__starlingDatastarDebug.getPath(%1);"
                           " return (v === undefined ? 'undefined' : JSON.stringify(v)) === %2; })()")
                .arg(quoted(path), quoted(json)));
    }

    // Console errors logged by the client (messages starting "datastar").
    QStringList clientErrors() const
    {
        QStringList out;
        for (const auto &e : page.consoleErrors()) {
            if (e.startsWith(QLatin1StringView("datastar")))
                out.append(e);
        }
        return out;
    }
};

// The base of every reactivity test: serves pages/ for the whole run and ends each test with no console
// errors, unless the test cleared the ones it expected (c.page.clearConsole()).
class ReactivityTest : public WebEngineTest
{
    Q_OBJECT

protected:
    ReactivityClient c;

private Q_SLOTS:
    void initTestCase() { QVERIFY(c.start()); }
    void cleanup()
    {
        QVERIFY2(c.page.consoleErrors().isEmpty(),
                 qPrintable(c.page.consoleErrors().join(QLatin1Char('\n'))));
    }
};

} // namespace starling::test
