// One probe of docs/security.md's table: what an attack expects, what happened, and its figures. The test
// records every expectation with check() and asserts held() at the end, so the row and the verdict come
// from the same comparisons. Rows are printed with qInfo and, when the environment variable
// STARLING_SECURITY_REPORT names a file, appended to it as `| probe | expected | result | figures |`
// (scripts/security-report.sh puts them into docs/security.md).
#pragma once

#include <QString>
#include <QStringList>

namespace securitytest {

class Probe
{
public:
    Probe(QString name, QString expected);
    ~Probe(); // writes the row if finish() was not called (the test stopped early)

    void observe(const QString &what); // what happened ("431 Request Header Fields Too Large")
    void figure(const QString &what); // a measurement ("RSS 54 → 60 → 55 MiB")
    // Records an expectation; a false one makes the row and the test fail. Returns `condition`.
    bool check(bool condition, const QString &what);

    bool held() const { return m_failures.isEmpty(); }
    QString failures() const { return m_failures.join(QStringLiteral("; ")); }
    void finish(); // writes the row, once

private:
    QString m_name;
    QString m_expected;
    QStringList m_observed;
    QStringList m_figures;
    QStringList m_failures;
    bool m_written = false;
};

} // namespace securitytest
