#include "logging_p.h"

#include <starling/stream.h>
#include <starling/streamhub.h>

#include <QHttpServerRequest>
#include <QHttpServerResponder>

namespace starling {

namespace {
// Linux grows a connection's send buffer up to 4 MiB, which a client that stopped reading fills before the
// hub sees it fall behind: at a few KiB per publish that took a minute. 64 KiB (128 KiB in the kernel) is
// plenty on loopback, where the client takes bytes as fast as they come.
constexpr int SocketSendBufferBytes = 64 * 1024;
} // namespace

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
            m_request, std::move(*m_responder),
            { .compression = datastar::Compression::Brotli, .socketSendBufferBytes = SocketSendBufferBytes });
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
