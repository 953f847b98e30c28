// The Datastar SSE answer a StreamHandler writes to.
#pragma once

#include <datastar/eventmethods.h>
#include <datastar/serversenteventgenerator.h>
#include <starling/starling_export.h>
#include <starling/streamhub.h>

#include <QByteArray>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QList>
#include <QPointer>
#include <QString>

#include <optional>
#include <utility>

namespace starling {

namespace detail {
class HttpServer;
}

// Given to a StreamHandler for the duration of the call. The SSE response starts (200, text/event-stream,
// Brotli when the client accepts it) with the first event, subscribe() or keepOpen(); a handler that throws
// before that gets its error status instead. When the handler returns the stream is closed normally, unless
// it subscribed to topics (the hub then owns it) or was kept open (the app then owns it).
// Main thread only.
class STARLING_EXPORT Stream : public datastar::EventMethods<Stream>
{
    Q_DISABLE_COPY_MOVE(Stream)

public:
    // Sends one event now; false when the client has gone or the event is invalid.
    bool send(const datastar::Event &event) const;

    // Adds `topic` to what the stream follows; call it once per topic. A session or page topic is the
    // request's own (see TopicScope); a page topic of a request without a page id is skipped (logged). When
    // the handler returns, the hub takes the stream over with all its topics: it gets every event published
    // to any of them from then on, in publish order, and first what it missed since its Last-Event-ID or the
    // topics' refreshes (see streamhub.h). In an app with windows, a stream with a page id that follows any
    // topic also follows the page's channel (PageChannelTopic, <starling/desktop.h>): the runtime's answers.
    void subscribe(const QString &topic, TopicScope scope = TopicScope::App);

    // Keeps the stream open after the handler returns: send on the generator and close() it when done (with
    // subscribe() too, the hub's events go on it as well). The generator deletes itself once closed; hold it
    // in a QPointer. Null when the client has already gone.
    datastar::ServerSentEventGenerator *keepOpen();

private:
    friend class detail::HttpServer; // creates one per stream request, finishes it after the handler
    // `setCookie`: a Set-Cookie value for the answer, or empty.
    Stream(const Request &request, const QHttpServerRequest &httpRequest, QHttpServerResponder &&responder,
           StreamHub &hub, QByteArray setCookie, const datastar::BrotliOptions &brotli);
    ~Stream();
    bool isStarted() const { return m_started; }
    QHttpServerResponder takeResponder(); // only before the stream started: for an error answer
    void finish(); // after the handler: hands the stream to the hub, or closes it unless kept open
    datastar::ServerSentEventGenerator *start() const;

    const Request &m_request;
    const QHttpServerRequest &m_httpRequest;
    StreamHub &m_hub;
    const QByteArray m_setCookie;
    const datastar::BrotliOptions m_brotli;
    mutable std::optional<QHttpServerResponder> m_responder;
    mutable QPointer<datastar::ServerSentEventGenerator> m_generator;
    mutable bool m_started = false;
    QList<std::pair<QString, TopicScope>> m_topics; // subscribe()'s, in order
    bool m_keptOpen = false;
};

} // namespace starling
