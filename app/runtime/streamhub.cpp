#include "heaptrim_p.h"
#include "logging_p.h"
#include "pagealert_p.h"

#include <datastar/serversenteventgenerator.h>
#include <starling/streamhub.h>

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>

#include <algorithm>
#include <deque>
#include <optional>

namespace starling {

namespace {

constexpr auto StreamLimitElementId = "starling-stream-limit";

// text as a JavaScript string literal
QString jsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

// A topic's identity: its name and, for a session or page topic, whose it is.
struct TopicKey
{
    TopicScope scope = TopicScope::App;
    QString owner {}; // the session or page id; empty for an app topic
    QString name {};

    friend bool operator==(const TopicKey &, const TopicKey &) = default;
};

size_t qHash(const TopicKey &key, size_t seed = 0)
{
    return qHashMulti(seed, int(key.scope), key.owner, key.name);
}

// For logs: session ids stay out of them (they name a browser profile for as long as it keeps its cookie).
QString describe(const TopicKey &key)
{
    switch (key.scope) {
    case TopicScope::App:
        break;
    case TopicScope::Session:
        return key.name + QStringLiteral(" (session topic)");
    case TopicScope::Page:
        return key.name + QStringLiteral(" (page %1)").arg(key.owner);
    }
    return key.name;
}

QString describe(const QList<TopicKey> &keys)
{
    QStringList names;
    for (const TopicKey &key : keys)
        names.append(describe(key));
    return names.join(QStringLiteral(", "));
}

QString ownerOf(const Request &request, TopicScope scope)
{
    switch (scope) {
    case TopicScope::App:
        break;
    case TopicScope::Session:
        return request.sessionId();
    case TopicScope::Page:
        return request.pageId();
    }
    return {};
}

// Why a session or page topic has no owner (the request lacked the id), for a log line; empty when it has one
// or is an app topic.
QString missingOwner(const TopicKey &key)
{
    if (key.scope == TopicScope::App || !key.owner.isEmpty())
        return {};
    return key.scope == TopicScope::Page
        ? QStringLiteral("of a request without a page id (no valid Starling-Page header)")
        : QStringLiteral("of a request without a session id");
}

struct TopicState
{
    std::deque<std::pair<quint64, datastar::Event>> history; // (sequence number, event), oldest first
    qint64 historyBytes = 0;
    // A resume from before this sequence number cannot be served from the history: events up to it were
    // dropped from it, or came before the topic existed here (a forgotten session or page topic).
    quint64 forgottenUpTo = 0;
    QList<QPointer<datastar::ServerSentEventGenerator>> subscribers; // in the order they subscribed
    quint64 lastUsed = 0; // the hub's use counter when last published to or followed
};

struct StreamState
{
    QPointer<datastar::ServerSentEventGenerator> stream;
    QString pageId;
    QList<TopicKey> topics;
};

} // namespace

struct StreamHub::Private
{
    StreamHubOptions options;
    // Ids of one run of the app never match another's, so a page that outlived a restart gets a refresh.
    QString epoch = QString::number(QRandomGenerator::global()->generate(), 36);
    quint64 lastSeq = 0; // ids are "<epoch>-<seq>", one sequence for all topics; 0: nothing published yet
    quint64 useCounter = 0;
    QHash<TopicKey, TopicState> topics;
    QHash<QString, RequestRefreshFunction> refreshes; // by topic name, for every scope
    QHash<datastar::ServerSentEventGenerator *, StreamState> streams;

    TopicState &topicState(const TopicKey &key);
    void deliver(const TopicKey &key, const TopicState &topic, const datastar::Event &event);
    void sendCatchUp(datastar::ServerSentEventGenerator *stream, const Request &request,
                     const QList<TopicKey> &keys);
    void replaceStreamOf(const QString &pageId, const QString &newTopics);
    bool forget(datastar::ServerSentEventGenerator *stream);
    void forgetIdleTopics();
    int pagesWithStreams() const;
    int liveStreams() const;
    QString pageChannel; // see setPageChannel()
    int followers(const TopicKey &key) const
    {
        const auto it = topics.constFind(key);
        return it == topics.cend() ? 0 : int(it->subscribers.size());
    }
    void cutOffFurthestBehind();
    static void refuseOverLimit(datastar::ServerSentEventGenerator *stream, const QString &message);
};

Topic::Topic(StreamHub *hub, QString name, TopicScope scope, QString owner)
    : m_hub(hub)
    , m_name(std::move(name))
    , m_scope(scope)
    , m_owner(std::move(owner))
{ }

bool Topic::send(const datastar::Event &event) const
{
    return m_hub->publish(*this, event, true);
}

TransientTopic Topic::transient() const
{
    return TransientTopic(*this);
}

void Topic::setRefresh(RefreshFunction refresh) const
{
    if (!refresh) {
        m_hub->setRefresh(m_name, {});
        return;
    }
    m_hub->setRefresh(m_name, [refresh = std::move(refresh)](const Request &) { return refresh(); });
}

void Topic::setRefresh(RequestRefreshFunction refresh) const
{
    m_hub->setRefresh(m_name, std::move(refresh));
}

bool TransientTopic::send(const datastar::Event &event) const
{
    return m_topic.m_hub->publish(m_topic, event, false);
}

StreamHub::StreamHub(const StreamHubOptions &options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->options = options;
}

StreamHub::~StreamHub()
{
    for (const StreamState &state : std::as_const(d->streams)) {
        if (state.stream) {
            state.stream->disconnect(this);
            state.stream->close();
        }
    }
}

Topic StreamHub::topic(const QString &name)
{
    return Topic(this, name, TopicScope::App, {});
}

Topic StreamHub::topic(const QString &name, const Request &request, TopicScope scope)
{
    return Topic(this, name, scope, ownerOf(request, scope));
}

int StreamHub::streamCount() const
{
    return d->liveStreams();
}

void StreamHub::setPageChannel(const QString &name)
{
    d->pageChannel = name;
}

QString StreamHub::pageChannel() const
{
    return d->pageChannel;
}

Topic StreamHub::pageTopic(const QString &name, const QString &pageId)
{
    return Topic(this, name, TopicScope::Page, pageId);
}

int StreamHub::streamCount(const QString &topic) const
{
    return d->followers(TopicKey { .scope = TopicScope::App, .name = topic });
}

int StreamHub::streamCount(const Topic &topic) const
{
    return d->followers(TopicKey { .scope = topic.m_scope, .owner = topic.m_owner, .name = topic.m_name });
}

qint64 StreamHub::pendingBytes() const
{
    qint64 total = 0;
    for (const StreamState &state : std::as_const(d->streams)) {
        if (state.stream && state.stream->isOpen())
            total += state.stream->pendingBytes();
    }
    return total;
}

void StreamHub::setRefresh(const QString &topic, RequestRefreshFunction refresh)
{
    if (refresh)
        d->refreshes.insert(topic, std::move(refresh));
    else
        d->refreshes.remove(topic);
}

bool StreamHub::publish(const Topic &topic, const datastar::Event &published, bool keep)
{
    const TopicKey key { .scope = topic.m_scope, .owner = topic.m_owner, .name = topic.m_name };
    if (const QString missing = missingOwner(key); !missing.isEmpty()) {
        qCWarning(lcStream).noquote() << "not publishing to" << key.name << missing;
        return false;
    }
    const quint64 seq = d->lastSeq + 1;
    // Transient events carry no id, so the client's Last-Event-ID still names the last kept event it got.
    const datastar::Event event = published.withId(keep ? d->epoch + u'-' + QString::number(seq) : QString());
    if (!event.isValid()) {
        qCWarning(lcStream).noquote()
            << "not publishing an invalid event to" << describe(key) << ":" << event.errorString();
        return false;
    }

    if (!keep) {
        // Nobody follows a topic the hub does not know: a transient event has nowhere to go.
        const auto it = d->topics.constFind(key);
        if (it != d->topics.cend())
            d->deliver(key, *it, event);
        return true;
    }

    const bool created = !d->topics.contains(key);
    TopicState &state = d->topicState(key); // before the sequence moves on: the new event is resumable
    d->lastSeq = seq;
    state.lastUsed = ++d->useCounter;
    state.history.emplace_back(seq, event);
    state.historyBytes += event.toSse().size();
    while (!state.history.empty()
           && (state.history.size() > size_t(std::max(d->options.historySize, 0))
               || state.historyBytes > d->options.historyBytes)) {
        state.historyBytes -= state.history.front().second.toSse().size();
        state.forgottenUpTo = state.history.front().first;
        state.history.pop_front();
    }
    d->deliver(key, state, event);
    if (created && key.scope != TopicScope::App)
        d->forgetIdleTopics(); // a session or page topic published to before anyone follows it
    return true;
}

bool StreamHub::subscribe(datastar::ServerSentEventGenerator *stream, const Request &request,
                          const QList<std::pair<QString, TopicScope>> &topics)
{
    QList<TopicKey> keys;
    for (const auto &[name, scope] : topics) {
        const TopicKey key { .scope = scope, .owner = ownerOf(request, scope), .name = name };
        if (const QString missing = missingOwner(key); !missing.isEmpty()) {
            qCWarning(lcStream).noquote() << "a stream cannot follow" << name << missing;
            continue;
        }
        if (!keys.contains(key))
            keys.append(key);
    }
    if (keys.isEmpty())
        return false;

    const QString what = describe(keys);
    const QString pageId = request.pageId();
    if (!pageId.isEmpty()) {
        d->replaceStreamOf(pageId, what);
        const int pages = d->pagesWithStreams();
        if (pages >= d->options.maxPageStreams) {
            qCWarning(lcStream).noquote()
                << "refusing a read stream on" << what << "for page" << pageId << ":" << pages
                << "pages already hold one (limit" << d->options.maxPageStreams << ")";
            d->refuseOverLimit(stream,
                               QCoreApplication::translate(
                                   "starling",
                                   "Live updates are off in this window: %1 other windows of this app "
                                   "already hold live connections, as many as the web engine allows "
                                   "at once. Close one of them, then reload this window.")
                                   .arg(pages));
            Q_EMIT streamCountChanged(streamCount()); // the page's older stream may have gone
            return true;
        }
    }
    const int streams = d->liveStreams();
    if (streams >= d->options.maxStreams) {
        qCWarning(lcStream).noquote()
            << "refusing a read stream on" << what
            << (pageId.isEmpty() ? QString() : QStringLiteral("for page ") + pageId) << ":" << streams
            << "streams are already open (limit" << d->options.maxStreams << ")";
        d->refuseOverLimit(stream,
                           QCoreApplication::translate(
                               "starling",
                               "Live updates are off in this window: this app already holds %1 live "
                               "connections, as many as it allows at once. Close other windows or tabs of "
                               "this app, then reload this one.")
                               .arg(streams));
        if (!pageId.isEmpty())
            Q_EMIT streamCountChanged(streamCount()); // the page's older stream may have gone
        return true;
    }

    d->streams.insert(stream, StreamState { stream, pageId, keys });
    for (const TopicKey &key : std::as_const(keys)) {
        TopicState &state = d->topicState(key);
        state.subscribers.append(stream);
        state.lastUsed = ++d->useCounter;
    }
    const auto gone = [this, stream, what] {
        if (!d->forget(stream))
            return; // already forgotten: replaced by a newer stream of its page, or closed before
        qCDebug(lcStream).noquote() << "stream on" << what << "closed;" << d->streams.size() << "left";
        detail::scheduleHeapTrim(); // stuck streams' backlogs may have been large
        Q_EMIT streamCountChanged(streamCount());
    };
    connect(stream, &datastar::ServerSentEventGenerator::closed, this, gone);
    // Also when deleted without having said closed(): every stream held is then a live one, counted in O(1).
    connect(stream, &QObject::destroyed, this, gone);
    const QByteArray lastEventId = request.header("last-event-id");
    qCDebug(lcStream).noquote() << "stream subscribed to" << what
                                << (lastEventId.isEmpty()
                                        ? QString()
                                        : QStringLiteral("resuming after ") + QString::fromUtf8(lastEventId));
    d->sendCatchUp(stream, request, keys);
    Q_EMIT streamCountChanged(streamCount());
    return true;
}

TopicState &StreamHub::Private::topicState(const TopicKey &key)
{
    auto it = topics.find(key);
    if (it == topics.end()) {
        // Whatever was published before it existed here is unknown to its history.
        it = topics.insert(key, TopicState {});
        it->forgottenUpTo = lastSeq;
    }
    return *it;
}

void StreamHub::Private::deliver(const TopicKey &key, const TopicState &topic, const datastar::Event &event)
{
    // Cutting a stream off closes it from the event loop: the lists stay as they are here.
    for (const QPointer<datastar::ServerSentEventGenerator> &stream : topic.subscribers) {
        if (!stream)
            continue;
        stream->send(event);
        if (stream->pendingBytes() <= options.maxPendingBytes)
            continue;
        qCWarning(lcStream).noquote()
            << "cutting off a stream on" << describe(key) << ":" << stream->pendingBytes()
            << "bytes behind (limit" << options.maxPendingBytes << "); the client will reconnect and resume";
        // Dropping the connection (no final chunk) makes the Datastar client retry with its Last-Event-ID.
        stream->abort();
    }
    cutOffFurthestBehind();
}

void StreamHub::Private::replaceStreamOf(const QString &pageId, const QString &newTopics)
{
    QList<QPointer<datastar::ServerSentEventGenerator>> older;
    for (const StreamState &state : std::as_const(streams)) {
        if (state.pageId == pageId && state.stream)
            older.append(state.stream);
    }
    for (const QPointer<datastar::ServerSentEventGenerator> &stream : std::as_const(older)) {
        qCWarning(lcStream).noquote()
            << "page" << pageId << "opened a newer read stream on" << newTopics
            << "; closing its older one on" << describe(streams.value(stream.data()).topics);
        // Forgotten at once rather than when its connection has closed, so it no longer counts for the page.
        forget(stream);
        stream->executeScript(
            QStringLiteral("console.warn('Starling: this page opened a newer read stream; the older one "
                           "is closed (one read stream per page).')"));
        stream->close();
    }
}

bool StreamHub::Private::forget(datastar::ServerSentEventGenerator *stream)
{
    const auto it = streams.constFind(stream);
    if (it == streams.cend())
        return false;
    const QList<TopicKey> keys = it->topics;
    streams.erase(it);
    bool leftIdle = false;
    for (const TopicKey &key : keys) {
        const auto topic = topics.find(key);
        if (topic == topics.end())
            continue;
        topic->subscribers.removeIf([stream](const auto &s) { return s == stream || !s; });
        if (topic->subscribers.isEmpty() && key.scope != TopicScope::App) {
            topic->lastUsed = ++useCounter;
            leftIdle = true;
        }
    }
    if (leftIdle)
        forgetIdleTopics();
    return true;
}

void StreamHub::Private::forgetIdleTopics()
{
    QList<std::pair<quint64, TopicKey>> idle; // app topics stay: their names are the app's own, and few
    for (auto it = topics.cbegin(); it != topics.cend(); ++it) {
        if (it.key().scope != TopicScope::App && it->subscribers.isEmpty())
            idle.append({ it->lastUsed, it.key() });
    }
    const qsizetype excess = idle.size() - std::max(options.maxIdleScopedTopics, 0);
    if (excess <= 0)
        return;
    std::sort(idle.begin(), idle.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (qsizetype i = 0; i < excess; ++i) {
        qCDebug(lcStream).noquote() << "forgetting the idle topic" << describe(idle[i].second);
        topics.remove(idle[i].second);
    }
}

int StreamHub::Private::pagesWithStreams() const
{
    QSet<QString> pages;
    for (const StreamState &state : streams) {
        if (!state.pageId.isEmpty() && state.stream)
            pages.insert(state.pageId);
    }
    return int(pages.size());
}

int StreamHub::Private::liveStreams() const
{
    return int(streams.size()); // a stream is forgotten when it closes or is deleted
}

void StreamHub::Private::cutOffFurthestBehind()
{
    struct Backlog
    {
        qint64 bytes;
        const StreamState *state;
    };
    // Streams already cut off (no longer open) are leaving: their queues are dropped with the connection.
    QList<Backlog> backlogs;
    qint64 total = 0;
    for (const StreamState &state : streams) {
        if (!state.stream || !state.stream->isOpen())
            continue;
        const qint64 bytes = state.stream->pendingBytes();
        total += bytes;
        backlogs.append({ bytes, &state });
    }
    if (total <= options.maxTotalPendingBytes)
        return;
    std::sort(backlogs.begin(), backlogs.end(),
              [](const Backlog &a, const Backlog &b) { return a.bytes > b.bytes; });
    for (const Backlog &backlog : std::as_const(backlogs)) {
        if (total <= options.maxTotalPendingBytes)
            break;
        qCWarning(lcStream).noquote()
            << "cutting off a stream on" << describe(backlog.state->topics) << ":" << backlog.bytes
            << "bytes behind, the most of all streams, which are" << total << "bytes behind together (limit"
            << options.maxTotalPendingBytes << "); the client will reconnect and resume";
        backlog.state->stream->abort(); // its closed() comes from the event loop: the lists stay as they are
        total -= backlog.bytes;
    }
}

void StreamHub::Private::refuseOverLimit(datastar::ServerSentEventGenerator *stream, const QString &message)
{
    // Ended normally, so the client does not retry into the same wall; the page says why instead of hanging.
    for (const datastar::Event &event : detail::pageAlert(QLatin1String(StreamLimitElementId), message))
        stream->send(event);
    stream->executeScript(QStringLiteral("console.warn(%1)").arg(jsonString(message)));
    stream->close();
}

void StreamHub::Private::sendCatchUp(datastar::ServerSentEventGenerator *stream, const Request &request,
                                     const QList<TopicKey> &keys)
{
    const QString lastEventId = QString::fromUtf8(request.header("last-event-id"));
    std::optional<quint64> seen;
    if (!lastEventId.isEmpty()) {
        const qsizetype dash = lastEventId.lastIndexOf(u'-');
        bool ok = false;
        const quint64 seq = lastEventId.mid(dash + 1).toULongLong(&ok);
        if (ok && dash > 0 && QStringView(lastEventId).left(dash) == epoch && seq <= lastSeq)
            seen = seq;
        else
            qCInfo(lcStream).noquote() << "stream on" << describe(keys) << "cannot resume after"
                                       << lastEventId << "(not an id of this run); sending refreshes";
    }

    QList<std::pair<quint64, datastar::Event>> missed;
    QStringList refreshed; // names: one refresh serves a name in every scope
    for (const TopicKey &key : keys) {
        const TopicState &topic = topics[key];
        if (seen && *seen >= topic.forgottenUpTo) {
            for (const auto &[seq, event] : topic.history) {
                if (seq > *seen)
                    missed.append({ seq, event });
            }
            continue;
        }
        if (seen)
            qCInfo(lcStream).noquote() << "stream on" << describe(key) << "cannot resume after" << lastEventId
                                       << "(history no longer reaches back); sending a refresh";
        if (!refreshed.contains(key.name))
            refreshed.append(key.name);
    }

    for (const QString &name : std::as_const(refreshed)) {
        const RequestRefreshFunction refresh = refreshes.value(name); // a copy: the refresh may set another
        if (!refresh)
            continue;
        // Without ids, so that a stream that drops before the next publish refreshes again.
        for (const datastar::Event &event : refresh(request))
            stream->send(event.id().isEmpty() ? event : event.withId(QString()));
    }
    std::sort(missed.begin(), missed.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &[seq, event] : std::as_const(missed))
        stream->send(event);
}

} // namespace starling
