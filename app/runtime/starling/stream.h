// The Datastar SSE answer a StreamHandler writes to.
#pragma once

#include <datastar/eventmethods.h>
#include <datastar/serversenteventgenerator.h>
#include <starling/starling_export.h>

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QString>

#include <optional>

namespace starling {

class StreamHub;
namespace detail {
class HttpServer;
}

// Given to a StreamHandler for the duration of the call. The SSE response starts (200, text/event-stream,
// Brotli when the client accepts it) with the first event, subscribe() or keepOpen(); a handler that throws
// before that gets its error status instead. When the handler returns the stream is closed normally, unless
// it was subscribed to a topic (the hub then owns it) or kept open (the app then owns it).
// Main thread only.
class STARLING_EXPORT Stream : public datastar::EventMethods<Stream>
{
    Q_DISABLE_COPY_MOVE(Stream)

public:
    // Sends one event now; false when the client has gone or the event is invalid.
    bool send(const datastar::Event &event) const;

    // Hands the stream to the hub as a long-lived read stream on `topic`: it gets every event published to
    // the topic from now on, and on a reconnect (Last-Event-ID) what it missed (see streamhub.h).
    void subscribe(const QString &topic);

    // Keeps the stream open after the handler returns: send on the generator and close() it when done. The
    // generator deletes itself once closed; hold it in a QPointer. Null when the client has already gone.
    datastar::ServerSentEventGenerator *keepOpen();

private:
    friend class detail::HttpServer; // creates one per stream request, finishes it after the handler
    Stream(const QHttpServerRequest &request, QHttpServerResponder &&responder, StreamHub &hub);
    ~Stream();
    bool isStarted() const { return m_started; }
    QHttpServerResponder takeResponder(); // only before the stream started: for an error answer
    void finish(); // after the handler: closes the stream unless subscribed or kept open
    datastar::ServerSentEventGenerator *start() const;

    const QHttpServerRequest &m_request;
    StreamHub &m_hub;
    mutable std::optional<QHttpServerResponder> m_responder;
    mutable QPointer<datastar::ServerSentEventGenerator> m_generator;
    mutable bool m_started = false;
    bool m_handedOver = false;
};

} // namespace starling
