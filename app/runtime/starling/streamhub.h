// Publish/subscribe for long-lived read streams (CQRS): writes are short requests, and every page's one read
// stream gets the resulting patches.
#pragma once

#include <datastar/event.h>
#include <datastar/eventmethods.h>
#include <datastar/options.h>
#include <starling/starling_export.h>

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace datastar {
class ServerSentEventGenerator;
}

namespace starling {

class StreamHub;
class Stream;

// Limits on what subscribed streams may hold. The defaults suit a desktop app: its windows hold at most
// maxPageStreams streams, and a `--serve` session a few browser tabs more; what is beyond that is another
// process holding connections open, and gets little.
struct StreamHubOptions
{
    // A stream whose client is this far behind (bytes sent but not yet taken by the OS) is cut off: the
    // connection is dropped without the final chunk, so the client reconnects and resumes.
    qint64 maxPendingBytes = 1024 * 1024;
    // The same for all streams together: a publish that takes the sum of their backlogs over this cuts off
    // the streams furthest behind until it is back under. 32 MiB bounds what stuck clients can make the app
    // hold (a backlog costs about its size in memory) to a small share of a desktop's memory, yet leaves
    // room for 32 clients a whole maxPendingBytes behind, or one event of up to 128 KiB queued on each of
    // maxStreams streams at once (queued bytes count until the event loop writes them).
    qint64 maxTotalPendingBytes = 32 * 1024 * 1024;
    // Events each topic keeps for resuming streams, bounded by count and by bytes; older ones are forgotten
    // (a resume from before them gets a refresh).
    int historySize = 256;
    qint64 historyBytes = 4 * 1024 * 1024;
    // Pages (`Starling-Page` ids) that may hold a read stream at once. Chromium opens at most 6 connections
    // per host for all windows of a profile; with 5 held open the 6th stays free for page loads and writes.
    // A page over the limit gets a message (`#starling-stream-limit`, appended to its body) and a stream
    // that ends at once, instead of a request that waits forever for a free connection.
    int maxPageStreams = 5;
    // Subscribed streams at once, all topics, with or without a page id. A stream over it is refused like a
    // page over maxPageStreams (a message, a stream that ends at once). 256 is far more than any window or
    // browser opens (Chromium holds 6 connections per host), yet keeps descriptors and per-stream memory
    // (tens of KiB each, up to a few MiB with Brotli's window) bounded.
    int maxStreams = 256;
};

// Renders a topic's current state as events; sent to a stream that starts without a usable Last-Event-ID.
using RefreshFunction = std::function<QList<datastar::Event>()>;

// A named channel of the hub, as a small value (copies refer to the same topic). send() (and the event
// methods it gives: patchElements(), patchSignals(), ...) publishes an event: it gets the hub's next event
// id, is kept in the topic's history and is queued on every subscribed stream, in order. Returns false
// (nothing published) for an invalid event.
class STARLING_EXPORT Topic : public datastar::EventMethods<Topic>
{
public:
    QString name() const { return m_name; }

    bool send(const datastar::Event &event) const;

    // What a stream gets when it starts fresh or cannot resume from the history; none by default.
    void setRefresh(RefreshFunction refresh) const;

private:
    friend class StreamHub;
    Topic(StreamHub *hub, QString name);
    StreamHub *m_hub;
    QString m_name;
};

// Owns the subscribed streams. Policy: each stream's backlog is bounded by maxPendingBytes and all of them
// together by maxTotalPendingBytes, checked on every publish (a stuck client is cut off and later resumes;
// it never slows the others); a stream closed by its client is forgotten at once; a reconnect with
// Last-Event-ID gets the missed events from the topic's history, or the topic's refresh when the history
// no longer reaches back (or the id is from another run). A page id (`Starling-Page` request header; the
// app's windows send one per window) holds one stream: a newer stream with the same page id replaces the
// older, which is told why and closed; at most maxPageStreams page ids and maxStreams streams in all are
// held at once. Once streams have closed, the heap they freed is given back to the system (glibc), at most
// every few seconds. Main thread only.
class STARLING_EXPORT StreamHub : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamHub)

public:
    explicit StreamHub(const StreamHubOptions &options = {}, QObject *parent = nullptr);
    ~StreamHub() override;

    Topic topic(const QString &name);

    int streamCount() const; // subscribed streams, all topics
    int streamCount(const QString &topic) const;
    qint64 pendingBytes() const; // the sum of the subscribed streams' backlogs (see maxTotalPendingBytes)

Q_SIGNALS:
    void streamCountChanged(int count);

private:
    friend class Topic;
    friend class Stream;
    // Takes over `stream` (Stream::subscribe).
    void subscribe(const QString &topic, datastar::ServerSentEventGenerator *stream,
                   const QString &lastEventId, const QString &pageId);
    bool publish(const QString &topic, const datastar::Event &event);
    void setRefresh(const QString &topic, RefreshFunction refresh);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace starling
