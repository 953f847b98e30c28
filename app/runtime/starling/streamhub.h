// Publish/subscribe for long-lived read streams (CQRS): writes are short requests, and every page's one read
// stream gets the resulting patches of the topics it follows.
#pragma once

#include <datastar/event.h>
#include <datastar/eventmethods.h>
#include <datastar/options.h>
#include <starling/request.h>
#include <starling/starling_export.h>

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <utility>

namespace datastar {
class ServerSentEventGenerator;
}

namespace starling {

class StreamHub;
class Stream;
class TransientTopic;

// Whose a topic is. Session and page topics are one topic per name and session or page: a handler reaches
// its own (StreamHub::topic(name, request, scope)), a stream follows its own (Stream::subscribe()).
enum class TopicScope {
    App, // one topic per name, for every stream that follows it
    Session, // one per name and browser profile (Request::sessionId()): a browser's pages, or all app windows
    Page, // one per name and page (Request::pageId()): a window's pages, or a browser page that sends an id
};

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
    // (tens of KiB each, up to about 0.75 MiB with Brotli, see ServerOptions::brotli) bounded.
    int maxStreams = 256;
    // Session and page topics that no stream follows are kept, with their history, for streams that come
    // back; beyond this many the least recently used (published to or followed) are forgotten, and a stream
    // that comes back to one gets its refresh. 64 is far more than the pages and browsers that come back,
    // and bounds what pages that never return leave behind (each topic keeps up to historySize events).
    int maxIdleScopedTopics = 64;
};

// Renders a topic's current state as events; sent to a stream that starts without a usable Last-Event-ID.
// The second form gets the request of the stream being refreshed (its session and page ids, the signals its
// page sent: e.g. the page's own search filter).
using RefreshFunction = std::function<QList<datastar::Event>()>;
using RequestRefreshFunction = std::function<QList<datastar::Event>(const Request &)>;

// A topic of the hub, as a small value (copies refer to the same topic). send() (and the event methods it
// gives: patchElements(), patchSignals(), ...) publishes an event: it gets the hub's next event id, is kept
// in the topic's history and is queued on every stream that follows the topic, in order. Returns false
// (nothing published, logged) for an invalid event, and for a page topic of a request without a page id.
class STARLING_EXPORT Topic : public datastar::EventMethods<Topic>
{
public:
    QString name() const { return m_name; }
    TopicScope scope() const { return m_scope; }

    bool send(const datastar::Event &event) const;

    // The same topic for events that are not kept: see TransientTopic.
    TransientTopic transient() const;

    // What a stream gets when it starts fresh or cannot resume from the history; none by default. A refresh
    // belongs to a name: it serves the app topic of that name and every session's and page's topic of that
    // name (the request tells them apart). Setting one replaces the name's earlier refresh.
    void setRefresh(RefreshFunction refresh) const;
    void setRefresh(RequestRefreshFunction refresh) const;

private:
    friend class StreamHub;
    friend class TransientTopic;
    Topic(StreamHub *hub, QString name, TopicScope scope, QString owner);
    StreamHub *m_hub;
    QString m_name;
    TopicScope m_scope;
    QString m_owner; // the session or page id of a session or page topic
};

// A topic's events for the streams that follow it now only: no id, not kept in the history, never sent on a
// resume. For what the next event replaces anyway (a clock's tick, a progress bar), which would otherwise
// push real events out of the history. A stream that reconnects gets the topic's refresh or missed kept
// events, not these. send() returns false (nothing sent, logged) as Topic::send() does.
class STARLING_EXPORT TransientTopic : public datastar::EventMethods<TransientTopic>
{
public:
    bool send(const datastar::Event &event) const;

private:
    friend class Topic;
    explicit TransientTopic(Topic topic)
        : m_topic(std::move(topic))
    { }
    Topic m_topic;
};

// Owns the subscribed streams. Policy: a stream follows one or more topics; event ids are one sequence
// (`<run>-<n>`) across all topics, so a reconnect's Last-Event-ID says where the stream stands in each: a
// topic whose history still reaches back that far sends what the stream missed (merged with the other
// topics' in publish order), any other topic its refresh (also for an id from another run, an unreadable
// one, or none). Each stream's backlog is bounded by maxPendingBytes and all of them together by
// maxTotalPendingBytes, checked on every publish (a stuck client is cut off and later resumes; it never
// slows the others); a stream closed by its client is forgotten at once. A page id (`Starling-Page` request
// header; the app's windows send one per window) holds one stream: a newer stream with the same page id
// replaces the older, which is told why and closed; at most maxPageStreams page ids and maxStreams streams
// in all are held at once (streams, not the topics they follow). Session and page topics that no stream
// follows are kept up to maxIdleScopedTopics. Once streams have closed, the heap they freed is given back to
// the system (glibc), at most every few seconds. Main thread only.
class STARLING_EXPORT StreamHub : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamHub)

public:
    explicit StreamHub(const StreamHubOptions &options = {}, QObject *parent = nullptr);
    ~StreamHub() override;

    Topic topic(const QString &name); // the app topic `name`
    // The session's or page's own topic `name` of `request` (its sessionId() or pageId()); `scope` App gives
    // topic(name).
    Topic topic(const QString &name, const Request &request, TopicScope scope);
    // The page topic `name` of the page `pageId` (a Request::pageId()), for code that acts on a page outside
    // its requests (a window's menu, a dialog's answer).
    Topic pageTopic(const QString &name, const QString &pageId);

    int streamCount() const; // subscribed streams, whatever they follow
    int streamCount(const QString &topic) const; // streams that follow the app topic `topic`
    int streamCount(const Topic &topic) const; // streams that follow `topic`, of whatever scope
    qint64 pendingBytes() const; // the sum of the subscribed streams' backlogs (see maxTotalPendingBytes)

Q_SIGNALS:
    void streamCountChanged(int count);

private:
    friend class Topic;
    friend class TransientTopic;
    friend class Stream;
    friend class Desktop;
    // With windows (Desktop): every stream with a page id also follows that page's topic `name`.
    void setPageChannel(const QString &name);
    QString pageChannel() const;
    // Takes over `stream`, following `topics` (Stream::finish). False when it followed none (page topics of
    // a request without a page id): the stream is then left as it was.
    bool subscribe(datastar::ServerSentEventGenerator *stream, const Request &request,
                   const QList<std::pair<QString, TopicScope>> &topics);
    bool publish(const Topic &topic, const datastar::Event &event, bool keep);
    void setRefresh(const QString &topic, RequestRefreshFunction refresh);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace starling
