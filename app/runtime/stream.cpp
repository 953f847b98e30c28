#include "logging_p.h"

#include <starling/stream.h>
#include <starling/streamhub.h>

#include <QHttpServerRequest>
#include <QHttpServerResponder>

namespace starling {

Stream::Stream(const QHttpServerRequest &request, QHttpServerResponder &&responder, StreamHub &hub)
    : m_request(request)
    , m_hub(hub)
{
    m_responder.emplace(std::move(responder));
}

Stream::~Stream() = default;

datastar::ServerSentEventGenerator *Stream::start() const
{
    if (!m_started) {
        m_started = true;
        m_generator = datastar::ServerSentEventGenerator::start(
            m_request, std::move(*m_responder), { .compression = datastar::Compression::Brotli });
        m_responder.reset();
    }
    return m_generator;
}

bool Stream::send(const datastar::Event &event) const
{
    datastar::ServerSentEventGenerator *generator = start();
    return generator && generator->send(event);
}

void Stream::subscribe(const QString &topic)
{
    datastar::ServerSentEventGenerator *generator = start();
    if (!generator || m_handedOver)
        return;
    m_handedOver = true;
    m_hub.subscribe(topic, generator, QString::fromUtf8(m_request.value("last-event-id")),
                    QString::fromUtf8(m_request.value("starling-page")));
}

datastar::ServerSentEventGenerator *Stream::keepOpen()
{
    datastar::ServerSentEventGenerator *generator = start();
    m_handedOver = generator != nullptr;
    return generator;
}

QHttpServerResponder Stream::takeResponder()
{
    Q_ASSERT(!m_started && m_responder);
    m_started = true;
    QHttpServerResponder responder = std::move(*m_responder);
    m_responder.reset();
    return responder;
}

void Stream::finish()
{
    datastar::ServerSentEventGenerator *generator = start(); // a handler that sent nothing: an empty stream
    if (generator && !m_handedOver)
        generator->close();
}

} // namespace starling
