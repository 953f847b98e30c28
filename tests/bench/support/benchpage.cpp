#include "benchpage.h"

#include "chromiumbrowser.h"
#include "pagedriver.h"

#include <QRegularExpression>
#include <QTcpServer>

namespace starling::bench {

namespace {

class QtWebEnginePage final : public BenchPage
{
public:
    QtWebEnginePage()
    {
        if (qEnvironmentVariableIsEmpty("QTWEBENGINE_REMOTE_DEBUGGING")) {
            QTcpServer probe; // a free port, for QtWebEngine to listen on
            if (probe.listen(QHostAddress::LocalHost))
                qputenv("QTWEBENGINE_REMOTE_DEBUGGING",
                        QByteArrayLiteral("127.0.0.1:") + QByteArray::number(probe.serverPort()));
        }
        m_driver = std::make_unique<test::PageDriver>();
    }

    test::DevToolsPage *devTools() override
    {
        if (m_devTools.isOpen())
            return &m_devTools;
        // QtWebEngine names the port it listens on in the variable; the driver's view is its only page.
        test::DevToolsBrowser browser(qEnvironmentVariable("QTWEBENGINE_REMOTE_DEBUGGING"));
        const auto pages = browser.waitForPages([](const auto &pages) { return pages.size() == 1; });
        if (!pages) {
            m_error = browser.errorString();
            return nullptr;
        }
        if (!m_devTools.open(pages->first())) {
            m_error = m_devTools.errorString();
            return nullptr;
        }
        return &m_devTools;
    }

    bool load(const QUrl &url) override
    {
        m_error.clear();
        if (!m_driver->load(url, 60000))
            m_error = QStringLiteral("QtWebEngine did not load %1").arg(url.toString());
        return m_error.isEmpty();
    }

    std::optional<QJsonValue> eval(const QString &js, int timeoutMs) override
    {
        bool ok = false;
        const QVariant value = m_driver->eval(js, &ok, timeoutMs);
        if (!ok) {
            const QStringList errors = m_driver->consoleErrors();
            m_error = errors.isEmpty() ? QStringLiteral("the script did not finish in time") : errors.last();
            return std::nullopt;
        }
        return QJsonValue::fromVariant(value);
    }

    bool waitFor(const QString &condition, int timeoutMs) override
    {
        if (m_driver->waitFor(condition, timeoutMs))
            return true;
        m_error = QStringLiteral("timed out waiting for %1").arg(condition);
        return false;
    }

    QString errorString() const override { return m_error; }

private:
    std::unique_ptr<test::PageDriver> m_driver;
    test::DevToolsPage m_devTools;
    QString m_error;
};

class ChromiumPage final : public BenchPage
{
public:
    bool start(QString *whyNot)
    {
        if (!test::ChromiumBrowser::isInstalled()) {
            *whyNot = test::ChromiumBrowser::notInstalledMessage();
            return false;
        }
        // The same viewport as PageDriver's view, so that layout does the same work in both engines.
        if (!m_browser.start(QSize(800, 600))) {
            *whyNot = m_browser.errorString();
            return false;
        }
        m_page = m_browser.newPage();
        if (!m_page)
            *whyNot = m_browser.errorString();
        return m_page != nullptr;
    }

    bool load(const QUrl &url) override
    {
        if (m_page->navigate(url, 60000))
            return true;
        m_error = m_page->errorString();
        return false;
    }

    std::optional<QJsonValue> eval(const QString &js, int timeoutMs) override
    {
        auto value = m_page->evaluate(js, timeoutMs);
        if (!value)
            m_error = m_page->errorString();
        return value;
    }

    bool waitFor(const QString &condition, int timeoutMs) override
    {
        if (m_page->waitFor(condition, timeoutMs))
            return true;
        m_error = m_page->errorString().isEmpty() ? QStringLiteral("timed out waiting for %1").arg(condition)
                                                  : m_page->errorString();
        return false;
    }

    QString errorString() const override { return m_error; }

    test::DevToolsPage *devTools() override { return m_page.get(); }

    // The user agent a headless Chromium reports carries no more than the major version.
    QString engine() override
    {
        const auto version = m_page->call(QStringLiteral("Browser.getVersion"));
        const QString product = version ? version->value(QStringLiteral("product")).toString() : QString();
        const qsizetype slash = product.indexOf(QLatin1Char('/'));
        return slash < 0 ? BenchPage::engine() : QStringLiteral("Chromium %1").arg(product.mid(slash + 1));
    }

private:
    test::ChromiumBrowser m_browser;
    std::unique_ptr<test::DevToolsPage> m_page;
    QString m_error;
};

} // namespace

std::unique_ptr<BenchPage> BenchPage::openQtWebEngine()
{
    return std::make_unique<QtWebEnginePage>();
}

std::unique_ptr<BenchPage> BenchPage::openChromium(QString *whyNot)
{
    auto page = std::make_unique<ChromiumPage>();
    if (!page->start(whyNot))
        return nullptr;
    return page;
}

QString BenchPage::engine()
{
    const QString agent = eval(QStringLiteral("navigator.userAgent")).value_or(QJsonValue()).toString();
    const QString chrome = QRegularExpression(QStringLiteral("Chrome/([\\d.]+)")).match(agent).captured(1);
    const QString qt = QRegularExpression(QStringLiteral("QtWebEngine/([\\d.]+)")).match(agent).captured(1);
    if (!qt.isEmpty())
        return QStringLiteral("QtWebEngine %1 (Chrome %2)").arg(qt, chrome);
    return QStringLiteral("Chromium %1").arg(chrome.isEmpty() ? agent : chrome);
}

QString BenchPage::inChromium(const std::function<std::optional<QString>(BenchPage &)> &measure)
{
    QString whyNot;
    const auto page = openChromium(&whyNot);
    if (!page)
        return QStringLiteral("Chromium: not run (%1).\n").arg(whyNot);
    if (const auto details = measure(*page))
        return *details;
    return QStringLiteral("Chromium: the measurement failed: %1\n").arg(page->errorString());
}

} // namespace starling::bench
