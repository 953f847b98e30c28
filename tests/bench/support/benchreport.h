// What a benchmark part writes for tests/bench/run (the contract is tests/bench/README.md): a title, the
// setup, rows of figures (each against a baseline measured in the same run, where there is one) and Markdown
// details; and the command line every part's program takes (--json FILE [--smoke]).
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace starling::bench {

struct BenchRow
{
    QString measure;
    double value = 0;
    QString unit;
    std::optional<double> baseline {}; // none for a figure without a peer
    QString baselineName {};
    QString goal {}; // empty for a figure without a goal
    bool met = false;
    QString why {};
};

struct BenchReport
{
    QString title;
    QString setup;
    QList<BenchRow> rows;
    QString details;

    // Writes the JSON result (ratio = value / baseline); false (*error) when the file cannot be written.
    bool write(const QString &path, QString *error) const;
};

struct BenchOptions
{
    QString jsonPath;
    bool smoke = false;

    // --json FILE [--smoke]; nullopt (*error, with the usage) for anything else.
    static std::optional<BenchOptions> parse(const QStringList &arguments, QString *error);
};

// The median, and the p-th quantile by nearest rank (p in [0, 1]); 0 for no values.
double median(QList<double> values);
double percentile(QList<double> values, double p);

// A number for the setup and details text: at most `decimals` decimals, no trailing zeros.
QString figure(double value, int decimals = 2);

} // namespace starling::bench
