#include "heaptrim_p.h"
#include "logging_p.h"
#include "pagealert_p.h"

#include <datastar/serversenteventgenerator.h>
#include <starling/streamhub.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <deque>

namespace starling {

namespace {

constexpr auto StreamLimitElementId = "starling-stream-limit";

// text as a JavaScript string literal
QString jsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

struct Subscriber
{
    QPointer<datastar::ServerSentEventGenerator> stream;
    QString pageId;
};

struct TopicState
{
    quint64 lastSeq = 0; // ids are "<epoch>-<seq>"; seq 0 means nothing published yet
    std::deque<std::pair<quint64, datastar::Event>> history;
    qint64 historyBytes = 0;
    RefreshFunction refresh;
    QList<Subscriber> subscribers;
};

} // namespace

struct StreamHub::Private
{
    StreamHubOptions options;
    // Ids of one run of the app never match another's, so a page that outlived a restart gets a refresh.
    QString epoch = QString::number(QRandomGenerator::global()->generate(), 36);
    QHash<QString, TopicState> topics;

    void sendCatchUp(TopicState &topic, const QString &topicName, datastar::ServerSentEventGenerator *stream,
                     const QString &lastEventId) const;
    void closeStreamOf(const QString &pageId, const QString &newTopic);
    int pagesWithStreams() const;
    int liveStreams() const;
    void cutOffFurthestBehind();
    static void refuseOverLimit(datastar::ServerSentEventGenerator *stream, const QString &message);
};

Topic::Topic(StreamHub *hub, QString name)
    : m_hub(hub)
    , m_name(std::move(name))
{ }

bool Topic::send(const datastar::Event &event) const
{
    return m_hub->publish(m_name, event);
}

void Topic::setRefresh(RefreshFunction refresh) const
{
    m_hub->setRefresh(m_name, std::move(refresh));
}

StreamHub::StreamHub(const StreamHubOptions &options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->options = options;
}

StreamHub::~StreamHub()
{
    for (TopicState &topic : d->topics) {
        for (const Subscriber &subscriber : std::as_const(topic.subscribers)) {
            if (subscriber.stream) {
                subscriber.stream->disconnect(this);
                subscriber.stream->close();
            }
        }
    }
}

Topic StreamHub::topic(const QString &name)
{
    return Topic(this, name);
}

int StreamHub::streamCount() const
{
    int count = 0;
    for (const TopicState &topic : d->topics)
        count += int(topic.subscribers.size());
    return count;
}

int StreamHub::streamCount(const QString &topic) const
{
    const auto it = d->topics.constFind(topic);
    return it == d->topics.cend() ? 0 : int(it->subscribers.size());
}

qint64 StreamHub::pendingBytes() const
{
    qint64 total = 0;
    for (const TopicState &topic : d->topics) {
        for (const Subscriber &subscriber : topic.subscribers) {
            if (subscriber.stream && subscriber.stream->isOpen())
                total += subscriber.stream->pendingBytes();
        }
    }
    return total;
}

void StreamHub::setRefresh(const QString &topic, RefreshFunction refresh)
{
    d->topics[topic].refresh = std::move(refresh);
}

bool StreamHub::publish(const QString &topicName, const datastar::Event &published)
{
    TopicState &topic = d->topics[topicName];
    const quint64 seq = topic.lastSeq + 1;
    const datastar::Event event = published.withId(d->epoch + u'-' + QString::number(seq));
    if (!event.isValid()) {
        qCWarning(lcStream).noquote()
            << "not publishing an invalid event to" << topicName << ":" << event.errorString();
        return false;
    }
    topic.lastSeq = seq;
    topic.history.emplace_back(seq, event);
    topic.historyBytes += event.toSse().size();
    while (!topic.history.empty()
           && (topic.history.size() > size_t(std::max(d->options.historySize, 0))
               || topic.historyBytes > d->options.historyBytes)) {
        topic.historyBytes -= topic.history.front().second.toSse().size();
        topic.history.pop_front();
    }

    // Cutting a stream off closes it at once, and closing removes it from the list: do that after the loop.
    QList<Subscriber> behind;
    for (const Subscriber &subscriber : std::as_const(topic.subscribers)) {
        if (!subscriber.stream)
            continue;
        subscriber.stream->send(event);
        if (subscriber.stream->pendingBytes() > d->options.maxPendingBytes)
            behind.append(subscriber);
    }
    for (const Subscriber &subscriber : std::as_const(behind)) {
        if (!subscriber.stream)
            continue;
        qCWarning(lcStream).noquote()
            << "cutting off a stream on" << topicName << ":" << subscriber.stream->pendingBytes()
            << "bytes behind (limit" << d->options.maxPendingBytes
            << "); the client will reconnect and resume";
        // Dropping the connection (no final chunk) makes the Datastar client retry with its Last-Event-ID.
        subscriber.stream->abort();
    }
    d->cutOffFurthestBehind();
    return true;
}

void StreamHub::subscribe(const QString &topicName, datastar::ServerSentEventGenerator *stream,
                          const QString &lastEventId, const QString &pageId)
{
    if (!pageId.isEmpty()) {
        d->closeStreamOf(pageId, topicName);
        const int pages = d->pagesWithStreams();
        if (pages >= d->options.maxPageStreams) {
            qCWarning(lcStream).noquote()
                << "refusing a read stream on" << topicName << "for page" << pageId << ":" << pages
                << "pages already hold one (limit" << d->options.maxPageStreams << ")";
            d->refuseOverLimit(
                stream,
                QStringLiteral("Live updates are off in this window: %1 other windows of this app "
                               "already hold live connections, as many as the web engine allows at "
                               "once. Close one of them, then reload this window.")
                    .arg(pages));
            Q_EMIT streamCountChanged(streamCount()); // the page's older stream may have gone
            return;
        }
    }
    const int streams = d->liveStreams();
    if (streams >= d->options.maxStreams) {
        qCWarning(lcStream).noquote()
            << "refusing a read stream on" << topicName
            << (pageId.isEmpty() ? QString() : QStringLiteral("for page ") + pageId) << ":" << streams
            << "streams are already open (limit" << d->options.maxStreams << ")";
        d->refuseOverLimit(stream,
                           QStringLiteral("Live updates are off in this window: this app already holds %1 "
                                          "live connections, as many as it allows at once. Close other "
                                          "windows or tabs of this app, then reload this one.")
                               .arg(streams));
        if (!pageId.isEmpty())
            Q_EMIT streamCountChanged(streamCount()); // the page's older stream may have gone
        return;
    }

    TopicState &topic = d->topics[topicName];
    topic.subscribers.append({ stream, pageId });
    connect(stream, &datastar::ServerSentEventGenerator::closed, this, [this, topicName, stream] {
        TopicState &state = d->topics[topicName];
        state.subscribers.removeIf([stream](const Subscriber &s) { return s.stream == stream || !s.stream; });
        qCDebug(lcStream).noquote() << "stream on" << topicName << "closed;" << state.subscribers.size()
                                    << "left";
        detail::scheduleHeapTrim(); // stuck streams' backlogs may have been large
        Q_EMIT streamCountChanged(streamCount());
    });
    qCDebug(lcStream).noquote() << "stream subscribed to" << topicName
                                << (lastEventId.isEmpty() ? QString()
                                                          : QStringLiteral("resuming after ") + lastEventId);
    d->sendCatchUp(topic, topicName, stream, lastEventId);
    Q_EMIT streamCountChanged(streamCount());
}

void StreamHub::Private::closeStreamOf(const QString &pageId, const QString &newTopic)
{
    for (auto it = topics.begin(); it != topics.end(); ++it) {
        // Forgotten at once rather than when its connection has closed, so it no longer counts for the page.
        it->subscribers.removeIf([&](const Subscriber &subscriber) {
            if (subscriber.pageId != pageId || !subscriber.stream)
                return false;
            qCWarning(lcStream).noquote() << "page" << pageId << "opened a second read stream on" << newTopic
                                          << "; closing its older one on" << it.key();
            subscriber.stream->executeScript(
                QStringLiteral("console.warn('Starling: this page opened a newer read stream; the older one "
                               "is closed (one read stream per page).')"));
            subscriber.stream->close();
            return true;
        });
    }
}

int StreamHub::Private::pagesWithStreams() const
{
    QSet<QString> pages;
    for (const TopicState &topic : topics) {
        for (const Subscriber &subscriber : topic.subscribers) {
            if (!subscriber.pageId.isEmpty() && subscriber.stream)
                pages.insert(subscriber.pageId);
        }
    }
    return int(pages.size());
}

int StreamHub::Private::liveStreams() const
{
    int count = 0;
    for (const TopicState &topic : topics)
        count += int(std::count_if(topic.subscribers.cbegin(), topic.subscribers.cend(),
                                   [](const Subscriber &subscriber) { return !subscriber.stream.isNull(); }));
    return count;
}

void StreamHub::Private::cutOffFurthestBehind()
{
    struct Backlog
    {
        qint64 bytes;
        const QString *topic;
        datastar::ServerSentEventGenerator *stream;
    };
    // Streams already cut off (no longer open) are leaving: their queues are dropped with the connection.
    QList<Backlog> backlogs;
    qint64 total = 0;
    for (auto it = topics.cbegin(); it != topics.cend(); ++it) {
        for (const Subscriber &subscriber : it->subscribers) {
            if (!subscriber.stream || !subscriber.stream->isOpen())
                continue;
            const qint64 bytes = subscriber.stream->pendingBytes();
            total += bytes;
            backlogs.append({ bytes, &it.key(), subscriber.stream });
        }
    }
    if (total <= options.maxTotalPendingBytes)
        return;
    std::sort(backlogs.begin(), backlogs.end(),
              [](const Backlog &a, const Backlog &b) { return a.bytes > b.bytes; });
    for (const Backlog &backlog : std::as_const(backlogs)) {
        if (total <= options.maxTotalPendingBytes)
            break;
        qCWarning(lcStream).noquote()
            << "cutting off a stream on" << *backlog.topic << ":" << backlog.bytes
            << "bytes behind, the most of all streams, which are" << total << "bytes behind together (limit"
            << options.maxTotalPendingBytes << "); the client will reconnect and resume";
        backlog.stream->abort(); // its closed() comes from the event loop: the lists stay as they are here
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

void StreamHub::Private::sendCatchUp(TopicState &topic, const QString &topicName,
                                     datastar::ServerSentEventGenerator *stream,
                                     const QString &lastEventId) const
{
    if (!lastEventId.isEmpty()) {
        const qsizetype dash = lastEventId.lastIndexOf(u'-');
        bool ok = false;
        const quint64 seen = lastEventId.mid(dash + 1).toULongLong(&ok);
        const bool sameRun
            = ok && dash > 0 && QStringView(lastEventId).left(dash) == epoch && seen <= topic.lastSeq;
        const quint64 firstKept = topic.history.empty() ? topic.lastSeq + 1 : topic.history.front().first;
        if (sameRun && seen + 1 >= firstKept) {
            for (const auto &[seq, event] : topic.history) {
                if (seq > seen)
                    stream->send(event);
            }
            return;
        }
        qCInfo(lcStream).noquote() << "stream on" << topicName << "cannot resume after" << lastEventId
                                   << "(history no longer reaches back); sending a refresh";
    }
    if (!topic.refresh)
        return;
    const QList<datastar::Event> events = topic.refresh();
    for (const datastar::Event &event : events)
        stream->send(event);
}

} // namespace starling
