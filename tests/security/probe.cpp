#include "probe.h"

#include <QFile>
#include <QtDebug>

namespace securitytest {

namespace {

QString cell(QString text)
{
    return text.replace(u'|', QStringLiteral("\\|")).replace(u'\n', u' ');
}

} // namespace

Probe::Probe(QString name, QString expected)
    : m_name(std::move(name))
    , m_expected(std::move(expected))
{ }

Probe::~Probe()
{
    if (!m_written) {
        m_failures.append(QStringLiteral("the test stopped before the probe ended"));
        finish();
    }
}

void Probe::observe(const QString &what)
{
    m_observed.append(what);
}

void Probe::figure(const QString &what)
{
    m_figures.append(what);
}

bool Probe::check(bool condition, const QString &what)
{
    if (!condition)
        m_failures.append(what);
    return condition;
}

void Probe::finish()
{
    if (m_written)
        return;
    m_written = true;
    const QString observed = m_observed.join(QStringLiteral("; "));
    const QString result = held() ? QStringLiteral("held: ") + observed
                                  : QStringLiteral("**FAILED** (%1): %2").arg(failures(), observed);
    const QString row
        = QStringLiteral("| %1 | %2 | %3 | %4 |\n")
              .arg(cell(m_name), cell(m_expected), cell(result), cell(m_figures.join(QStringLiteral("; "))));
    qInfo().noquote() << row.trimmed();
    const QString path = qEnvironmentVariable("STARLING_SECURITY_REPORT");
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::Append | QIODevice::Text) || file.write(row.toUtf8()) < 0)
        qWarning().noquote() << "cannot append to" << path << ":" << file.errorString();
}

} // namespace securitytest
