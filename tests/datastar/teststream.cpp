#include "teststream.h"

#include <QRegularExpression>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>

namespace testhttp {

StreamServer::StreamServer()
{
    m_server.server().route(QStringLiteral("/stream"),
                            [this](const QHttpServerRequest &request, datastar::RouteResponder responder) {
                                m_started.append(datastar::ServerSentEventGenerator::start(
                                    request, std::move(responder), options));
                            });
}

bool StreamServer::open(std::unique_ptr<RawHttpClient> &client,
                        QPointer<datastar::ServerSentEventGenerator> &generator, const Headers &headers)
{
    const qsizetype before = m_started.size();
    client = std::make_unique<RawHttpClient>(port());
    Headers all { { "Accept", "text/event-stream, text/html, application/json" },
                  { "Datastar-Request", "true" } };
    all += headers;
    if (!client->sendRequest("GET", "/stream", all))
        return false;
    if (!QTest::qWaitFor([&] { return m_started.size() > before; }, WaitTimeoutMs))
        return false;
    generator = m_started.last();
    return generator && client->waitForHead();
}

bool StreamServer::closeAll()
{
    for (const auto &generator : std::as_const(m_started)) {
        if (generator)
            generator->close();
    }
    return QTest::qWaitFor(
        [this] {
            return std::all_of(m_started.cbegin(), m_started.cend(),
                               [](const auto &g) { return g.isNull(); });
        },
        WaitTimeoutMs);
}

datastar::Event numbered(int n)
{
    return datastar::patchElements(QStringLiteral("<li id=\"item-%1\">Item %1 · ünïcödé</li>").arg(n));
}

datastar::Event threadedEvent(int thread, int n)
{
    return datastar::patchElements(QStringLiteral("<p id=\"t%1-%2\">%3</p>\n<p>second line of %1-%2</p>")
                                       .arg(thread)
                                       .arg(n)
                                       .arg(QString(80 + n % 50, u'x')),
                                   { .eventId = QStringLiteral("%1-%2").arg(thread).arg(n) });
}

int sendFromThreads(const datastar::EventSender &sender, int threads, int perThread)
{
    std::atomic<int> refused { 0 };
    QList<QThread *> started;
    for (int t = 0; t < threads; ++t) {
        started.append(QThread::create([sender, t, perThread, &refused] {
            for (int n = 0; n < perThread; ++n) {
                if (!sender.send(threadedEvent(t, n)))
                    ++refused;
            }
        }));
    }
    for (QThread *thread : std::as_const(started))
        thread->start();
    // Keeps this (the socket's) thread's event loop running while the threads send.
    const bool finished = QTest::qWaitFor(
        [&] {
            return std::all_of(started.cbegin(), started.cend(), [](QThread *t) { return t->isFinished(); });
        },
        60000);
    for (QThread *thread : std::as_const(started))
        thread->wait();
    qDeleteAll(started);
    return finished ? refused.load() : -1;
}

QString checkThreadedEvents(const QByteArray &body, int threads, int perThread)
{
    QByteArray rest;
    const QByteArrayList events = splitEvents(body, &rest);
    if (!rest.isEmpty())
        return QStringLiteral("a partial event at the end");
    if (events.size() != threads * perThread)
        return QStringLiteral("%1 events instead of %2").arg(events.size()).arg(threads * perThread);
    QList<int> next(threads, 0);
    static const QRegularExpression idLine(QStringLiteral("^id: (\\d+)-(\\d+)$"),
                                           QRegularExpression::MultilineOption);
    for (const QByteArray &event : events) {
        const QRegularExpressionMatch match = idLine.match(QString::fromUtf8(event));
        if (!match.hasMatch())
            return QStringLiteral("event without a workload id: %1").arg(QString::fromUtf8(event.left(200)));
        const int t = match.captured(1).toInt();
        const int n = match.captured(2).toInt();
        if (t < 0 || t >= threads)
            return QStringLiteral("unknown thread %1").arg(t);
        if (n != next[t])
            return QStringLiteral("thread %1: event %2 where %3 was due").arg(t).arg(n).arg(next[t]);
        if (event != threadedEvent(t, n).toSse())
            return QStringLiteral("event %1-%2 is not whole: %3")
                .arg(t)
                .arg(n)
                .arg(QString::fromUtf8(event.left(300)));
        ++next[t];
    }
    return {};
}

} // namespace testhttp
