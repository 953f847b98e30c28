// Test helpers shared by the SDK's tests: a QHttpServer on the loopback interface and SSE helpers; the raw
// HTTP/1.1 client is tests/support/rawhttpclient.h.
#pragma once

#include "rawhttpclient.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QHttpServer>

#include <memory>

namespace testhttp {

// A QHttpServer listening on 127.0.0.1, on a free port, through a datastar::TcpServer. Add routes with
// server().route(...).
class TestServer
{
public:
    TestServer();
    QHttpServer &server() { return *m_server; }
    quint16 port() const { return m_port; }
    bool isListening() const { return m_port != 0; }

private:
    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
};

// SSE helpers.
// Builds an event from its lines: each line gets "\n", then the blank line.
QByteArray sse(std::initializer_list<const char *> lines);

// Splits an SSE body at blank lines into whole events (each ending in "\n\n"); a trailing partial event is
// returned in `rest` (or, without `rest`, as a last element).
QByteArrayList splitEvents(const QByteArray &body, QByteArray *rest = nullptr);

// Removes comment lines (`:` ...) that stand where an event could start, with one blank line following them;
// counts them in `comments`. Comments inside an event are left in place (and so make the comparison fail).
QByteArray stripComments(const QByteArray &body, int *comments = nullptr);

} // namespace testhttp
