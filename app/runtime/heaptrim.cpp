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
    if (!timer->isActive())
        timer->start(std::max(TrimDelay, std::chrono::milliseconds(nextTrim.remainingTime())));
}

} // namespace starling::detail
