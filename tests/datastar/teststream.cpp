#include "teststream.h"

#include <QTest>

#include <algorithm>

namespace testhttp {

StreamServer::StreamServer()
{
    m_server.server().route(QStringLiteral("/stream"),
                            [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
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

} // namespace testhttp
