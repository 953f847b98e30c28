// A loopback server whose /stream route starts a ServerSentEventGenerator, for the SDK's streaming tests.
#pragma once

#include "testhttp.h"

#include <datastar/serversenteventgenerator.h>

#include <QList>
#include <QPointer>

#include <memory>

namespace testhttp {

class StreamServer
{
public:
    StreamServer();
    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.port(); }

    // Options of the streams opened from now on.
    datastar::StreamOptions options;

    // Requests /stream (GET, with the client's usual Accept and Datastar-Request headers plus `headers`);
    // true once the generator has started and the client has the response head.
    bool open(std::unique_ptr<RawHttpClient> &client, QPointer<datastar::ServerSentEventGenerator> &generator,
              const Headers &headers = {});

    // Closes the generators still open; true once every generator started so far has deleted itself.
    bool closeAll();

private:
    TestServer m_server;
    QList<QPointer<datastar::ServerSentEventGenerator>> m_started;
};

// A small patch-elements event, distinct for each n (with some non-ASCII text).
datastar::Event numbered(int n);

// The same workload from several threads: thread t sends event `threadedEvent(t, n)` for n = 0..perThread-1
// through `sender`. Returns how many sends were refused (0 expected on an open stream).
datastar::Event threadedEvent(int thread, int n);
int sendFromThreads(const datastar::EventSender &sender, int threads, int perThread);

// Checks a received SSE body against that workload: every event whole, none lost or repeated, and each
// thread's events in its own order. Returns an empty string, or what was wrong.
QString checkThreadedEvents(const QByteArray &body, int threads, int perThread);

} // namespace testhttp
