// Publish/subscribe for long-lived read streams (CQRS): writes are short requests, and every page's one read
// stream gets the resulting patches.
#pragma once

#include <datastar/event.h>
#include <datastar/eventmethods.h>
#include <datastar/options.h>

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

struct StreamHubOptions
{
    // A stream whose client is this far behind (bytes sent but not yet taken by the OS) is cut off: the
    // connection is dropped without the final chunk, so the client reconnects and resumes.
    qint64 maxPendingBytes = 1024 * 1024;
    // Events each topic keeps for resuming streams, bounded by count and by bytes; older ones are forgotten
    // (a resume from before them gets a refresh).
    int historySize = 256;
    qint64 historyBytes = 4 * 1024 * 1024;
    // Pages (`Starling-Page` ids) that may hold a read stream at once. Chromium opens at most 6 connections
    // per host for all windows of a profile; with 5 held open the 6th stays free for page loads and writes.
    // A page over the limit gets a message (`#starling-stream-limit`, appended to its body) and a stream
    // that ends at once, instead of a request that waits forever for a free connection.
    int maxPageStreams = 5;
};

// Renders a topic's current state as events; sent to a stream that starts without a usable Last-Event-ID.
using RefreshFunction = std::function<QList<datastar::Event>()>;

// A named channel of the hub, as a small value (copies refer to the same topic). send() (and the event
// methods it gives: patchElements(), patchSignals(), ...) publishes an event: it gets the hub's next event
// id, is kept in the topic's history and is queued on every subscribed stream, in order. Returns false
// (nothing published) for an invalid event.
class Topic : public datastar::EventMethods<Topic>
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

// Owns the subscribed streams. Policy: each stream's backlog is bounded by maxPendingBytes (a stuck client
// is cut off and later resumes; it never slows the others); a stream closed by its client is forgotten at
// once; a reconnect with Last-Event-ID gets the missed events from the topic's history, or the topic's
// refresh when the history no longer reaches back (or the id is from another run). A page id
// (`Starling-Page` request header; the app's windows send one per window) holds one stream: a newer stream
// with the same page id replaces the older, which is told why and closed; at most maxPageStreams page ids
// hold streams at once. Main thread only.
class StreamHub : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamHub)

public:
    explicit StreamHub(const StreamHubOptions &options = {}, QObject *parent = nullptr);
    ~StreamHub() override;

    Topic topic(const QString &name);

    int streamCount() const; // subscribed streams, all topics
    int streamCount(const QString &topic) const;

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
