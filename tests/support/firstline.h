// Tests that run an app as a process read what `--serve` prints first: one line on stdout.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QTest>

namespace starling::test {

// Waits while `process` runs until its stdout holds a whole line, and returns that line with its "\n";
// without one (the process ended, or timeoutMs passed), returns what arrived, which holds no "\n".
// Everything read, the line and anything after it, is appended to `printed` when given.
inline QByteArray waitForFirstLine(QProcess &process, int timeoutMs, QByteArray *printed = nullptr)
{
    QByteArray out;
    (void)QTest::qWaitFor(
        [&] {
            out += process.readAllStandardOutput();
            return out.contains('\n') || process.state() == QProcess::NotRunning;
        },
        timeoutMs);
    out += process.readAllStandardOutput(); // a process that ended may have left its last bytes unread
    if (printed)
        *printed += out;
    return out.left(out.indexOf('\n') + 1);
}

} // namespace starling::test
