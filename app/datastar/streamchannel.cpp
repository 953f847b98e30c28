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
    m_spare.clear();
}

bool StreamChannel::enqueue(const QByteArray &bytes)
{
    QMutexLocker lock(&m_mutex);
    if (!m_open || m_closeRequested)
        return false;
    if (m_pending.isEmpty()) {
        m_pending = bytes;
    } else {
        if (!m_pending.isDetached()) { // still shared with the sender: go on in this stream's own buffer
            QByteArray own = std::exchange(m_spare, {});
            own.append(m_pending);
            m_pending = std::move(own);
        }
        m_pending.append(bytes);
    }
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
    m_spare = std::move(replacement);
    return { std::exchange(m_pending, {}), m_closeRequested, m_abortRequested };
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
    m_spare.clear();
}

} // namespace datastar::detail
