#include "benchreport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace starling::bench {

namespace {

// Four significant digits are more than a benchmark on a shared machine can tell apart; counts (bytes) stay
// exact.
double rounded(double value)
{
    if (value == 0 || !std::isfinite(value) || value == std::trunc(value))
        return value;
    const double scale = std::pow(10.0, 3 - int(std::floor(std::log10(std::abs(value)))));
    return std::round(value * scale) / scale;
}

} // namespace

bool BenchReport::write(const QString &path, QString *error) const
{
    QJsonArray rowsJson;
    for (const BenchRow &row : rows) {
        QJsonObject r { { QStringLiteral("measure"), row.measure },
                        { QStringLiteral("value"), rounded(row.value) },
                        { QStringLiteral("unit"), row.unit } };
        if (row.baseline) {
            r.insert(QStringLiteral("baseline"), rounded(*row.baseline));
            r.insert(QStringLiteral("baseline_name"), row.baselineName);
            r.insert(QStringLiteral("ratio"), *row.baseline != 0 ? rounded(row.value / *row.baseline) : 0.0);
        }
        if (!row.goal.isEmpty()) {
            r.insert(QStringLiteral("goal"), row.goal);
            r.insert(QStringLiteral("met"), row.met);
            r.insert(QStringLiteral("why"), row.why);
        }
        rowsJson.append(r);
    }
    const QJsonObject result { { QStringLiteral("title"), title },
                               { QStringLiteral("setup"), setup },
                               { QStringLiteral("rows"), rowsJson },
                               { QStringLiteral("details"), details } };
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(QJsonDocument(result).toJson()) < 0 || !file.flush()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

std::optional<BenchOptions> BenchOptions::parse(const QStringList &arguments, QString *error)
{
    BenchOptions options;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1StringView("--smoke")) {
            options.smoke = true;
        } else if (arguments.at(i) == QLatin1StringView("--json") && i + 1 < arguments.size()) {
            options.jsonPath = arguments.at(++i);
        } else {
            *error = QStringLiteral("unexpected argument %1").arg(arguments.at(i));
            break;
        }
    }
    if (error->isEmpty() && options.jsonPath.isEmpty())
        *error = QStringLiteral("--json FILE is required");
    if (!error->isEmpty()) {
        *error += QStringLiteral("\nusage: %1 --json FILE [--smoke]").arg(arguments.value(0));
        return std::nullopt;
    }
    return options;
}

double median(QList<double> values)
{
    return percentile(std::move(values), 0.5);
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = qsizetype(std::ceil(p * double(values.size())));
    return values.at(std::clamp<qsizetype>(rank - 1, 0, values.size() - 1));
}

QString figure(double value, int decimals)
{
    QString text = QString::number(value, 'f', decimals);
    if (text.contains(QLatin1Char('.'))) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
    }
    return text;
}

} // namespace starling::bench
