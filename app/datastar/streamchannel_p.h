// What the threads that send on a stream share with the thread that owns its socket.
#pragma once

#include <QByteArray>
#include <QMutex>
#include <QObject>

#include <atomic>
#include <functional>

namespace datastar::detail {

// A mutex-guarded queue of wire bytes plus the stream's open/closing state. Senders append whole events; the
// first append after a drain wakes the owner (queued to its thread), which then takes everything that is
// ready in one go. Outlives the generator when EventSenders hold it.
class StreamChannel
{
    Q_DISABLE_COPY_MOVE(StreamChannel)

public:
    StreamChannel() = default;

    // Owner side: `context` lives in the socket's thread; `onPending` runs there after bytes were queued.
    void attach(QObject *context, std::function<void()> onPending);
    void detach();

    // Sender side, any thread. False once the stream is closing or closed. An empty queue takes `bytes`
    // shared, not copied: the same event queued on many streams stays one buffer until each writes it.
    bool enqueue(const QByteArray &bytes);
    // Asks for a normal end after what is queued; false when it was already closing or closed.
    bool requestClose();
    // Asks to drop the connection at once, discarding what is queued; false when already closing or closed.
    bool requestAbort();
    bool isOpen() const;
    qint64 pendingBytes() const;

    // Owner side.
    struct Batch
    {
        QByteArray bytes;
        bool closeRequested = false;
        bool abortRequested = false;
    };
    // Takes what is queued; `replacement` (emptied, its capacity kept) is what a second event queued behind a
    // shared one is copied into next.
    Batch take(QByteArray &&replacement = {});
    // Runs onPending on the owner's next turn even with nothing queued: the owner flushes what it wrote
    // itself.
    void wake();
    void markClosed();
    void setSocketBuffered(qint64 bytes) { m_socketBuffered.store(bytes, std::memory_order_relaxed); }

private:
    void wakeLocked();

    mutable QMutex m_mutex;
    QByteArray m_pending;
    QByteArray m_spare; // empty, with capacity: see take()
    bool m_open = true;
    bool m_closeRequested = false;
    bool m_abortRequested = false;
    bool m_wakeQueued = false;
    QObject *m_context = nullptr;
    std::function<void()> m_onPending;
    std::atomic<qint64> m_socketBuffered { 0 };
};

} // namespace datastar::detail
