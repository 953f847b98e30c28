#include "streamchannel_p.h"

#include <QMetaObject>
#include <QMutexLocker>

namespace datastar::detail {

void StreamChannel::attach(QObject *context, std::function<void()> onPending)
{
    QMutexLocker lock(&m_mutex);
    m_context = context;
    m_onPending = std::move(onPending);
}

void StreamChannel::detach()
{
    QMutexLocker lock(&m_mutex);
    m_open = false;
    m_context = nullptr;
    m_onPending = nullptr;
    m_pending.clear();
}

bool StreamChannel::enqueue(QByteArrayView bytes)
{
    QMutexLocker lock(&m_mutex);
    if (!m_open || m_closeRequested)
        return false;
    m_pending.append(bytes);
    wakeLocked();
    return true;
}

bool StreamChannel::requestClose()
{
    QMutexLocker lock(&m_mutex);
    if (!m_open || m_closeRequested)
        return false;
    m_closeRequested = true;
    wakeLocked();
    return true;
}

bool StreamChannel::requestAbort()
{
    QMutexLocker lock(&m_mutex);
    if (!m_open || m_closeRequested)
        return false;
    m_closeRequested = true;
    m_abortRequested = true;
    m_pending.clear();
    wakeLocked();
    return true;
}

void StreamChannel::wakeLocked()
{
    if (m_wakeQueued || !m_context)
        return;
    m_wakeQueued = true;
    // Queued even on the owner's thread: everything sent before control returns to the event loop is written
    // in one piece. The context cannot be destroyed meanwhile: its destructor detaches under this mutex
    // first.
    QMetaObject::invokeMethod(m_context, m_onPending, Qt::QueuedConnection);
}

bool StreamChannel::isOpen() const
{
    QMutexLocker lock(&m_mutex);
    return m_open && !m_closeRequested;
}

qint64 StreamChannel::pendingBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_pending.size() + m_socketBuffered.load(std::memory_order_relaxed);
}

StreamChannel::Batch StreamChannel::take(QByteArray &&replacement)
{
    replacement.resize(0);
    QMutexLocker lock(&m_mutex);
    m_wakeQueued = false;
    Batch batch { std::exchange(m_pending, std::move(replacement)), m_closeRequested, m_abortRequested };
    return batch;
}

void StreamChannel::wake()
{
    QMutexLocker lock(&m_mutex);
    wakeLocked();
}

void StreamChannel::markClosed()
{
    QMutexLocker lock(&m_mutex);
    m_open = false;
    m_pending.clear();
}

} // namespace datastar::detail
