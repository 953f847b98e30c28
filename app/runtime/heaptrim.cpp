#include "heaptrim_p.h"
#include "logging_p.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QPointer>
#include <QTimer>

#include <chrono>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace starling::detail {

namespace {

constexpr std::chrono::milliseconds TrimDelay { 1000 };
constexpr std::chrono::milliseconds TrimInterval { 10000 };

} // namespace

void scheduleHeapTrim()
{
    static QPointer<QTimer> timer;
    static QDeadlineTimer nextTrim { 0 };
    static QDeadlineTimer latestTrim; // a pending trim is pushed back no further than this
    if (!timer) {
        if (!QCoreApplication::instance())
            return;
        timer = new QTimer(QCoreApplication::instance()); // goes with the application
        timer->setSingleShot(true);
        QObject::connect(timer, &QTimer::timeout, [] {
            nextTrim.setRemainingTime(TrimInterval);
#if defined(__GLIBC__)
            malloc_trim(0);
            qCDebug(lcServer) << "returned freed heap to the system";
#endif
        });
    }
    // Each request pushes a pending trim back to TrimDelay after it: a burst of closes (10,000 streams at
    // once) frees its memory over a few seconds, and one trim in its midst gave back almost none of it.
    // A steady trickle of requests still gets a trim once latestTrim has passed.
    if (timer->isActive() && latestTrim.hasExpired())
        return;
    if (!timer->isActive())
        latestTrim.setRemainingTime(TrimInterval);
    timer->start(std::max(TrimDelay, std::chrono::milliseconds(nextTrim.remainingTime())));
}

} // namespace starling::detail
