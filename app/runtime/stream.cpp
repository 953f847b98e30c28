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

Stream::Stream(const Request &request, const QHttpServerRequest &httpRequest,
               QHttpServerResponder &&responder, StreamHub &hub, QByteArray setCookie,
               const datastar::BrotliOptions &brotli)
    : m_request(request)
    , m_httpRequest(httpRequest)
    , m_hub(hub)
    , m_setCookie(std::move(setCookie))
    , m_brotli(brotli)
{
    m_responder.emplace(std::move(responder));
}

Stream::~Stream() = default;

datastar::ServerSentEventGenerator *Stream::start() const
{
    if (!m_started) {
        m_started = true;
        datastar::StreamOptions options { .compression = datastar::Compression::Brotli,
                                          .brotli = m_brotli,
                                          .socketSendBufferBytes = SocketSendBufferBytes };
        if (!m_setCookie.isEmpty())
            options.headers.append({ "Set-Cookie", m_setCookie });
        m_generator
            = datastar::ServerSentEventGenerator::start(m_httpRequest, std::move(*m_responder), options);
        m_responder.reset();
    }
    return m_generator;
}

bool Stream::send(const datastar::Event &event) const
{
    datastar::ServerSentEventGenerator *generator = start();
    return generator && generator->send(event);
}

void Stream::subscribe(const QString &topic, TopicScope scope)
{
    // The hub takes the stream over only after the handler, with every topic at once: it can then merge the
    // topics' missed events in publish order, and the page's older stream is replaced once.
    if (start())
        m_topics.append({ topic, scope });
}

datastar::ServerSentEventGenerator *Stream::keepOpen()
{
    datastar::ServerSentEventGenerator *generator = start();
    m_keptOpen = m_keptOpen || generator != nullptr;
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
    if (!generator)
        return;
    // With windows, a page's stream is also its channel for what the runtime sends it (dialog answers, menu
    // calls).
    const std::pair<QString, TopicScope> channel { m_hub.pageChannel(), TopicScope::Page };
    if (!m_topics.isEmpty() && !channel.first.isEmpty() && !m_request.pageId().isEmpty()
        && !m_topics.contains(channel))
        m_topics.append(channel);
    if (!m_topics.isEmpty() && m_hub.subscribe(generator, m_request, m_topics))
        return;
    if (!m_keptOpen)
        generator->close();
}

} // namespace starling
