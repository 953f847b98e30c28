#include "testhttp.h"

#include <datastar/tcpserver.h>

#include <QHostAddress>
#include <QTest>

#include <httptransport_p.h>

namespace testhttp {

TestServer::TestServer()
    : m_server(std::make_unique<QHttpServer>())
{
    auto *tcp = new datastar::TcpServer(m_server.get());
    if (tcp->listen(QHostAddress::LocalHost, 0) && datastar::detail::bind(*m_server, tcp))
        m_port = tcp->serverPort();
}

QByteArray sse(std::initializer_list<const char *> lines)
{
    QByteArray event;
    for (const char *line : lines) {
        event += line;
        event += '\n';
    }
    event += '\n';
    return event;
}

QByteArrayList splitEvents(const QByteArray &body, QByteArray *rest)
{
    QByteArrayList events;
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = body.indexOf("\n\n", start);
        if (end < 0)
            break;
        events.append(body.mid(start, end + 2 - start));
        start = end + 2;
    }
    const QByteArray tail = body.mid(start);
    if (rest)
        *rest = tail;
    else if (!tail.isEmpty())
        events.append(tail);
    return events;
}

QByteArray stripComments(const QByteArray &body, int *comments)
{
    QByteArray out;
    int count = 0;
    qsizetype pos = 0;
    bool atEventStart = true;
    while (pos < body.size()) {
        qsizetype lineEnd = body.indexOf('\n', pos);
        if (lineEnd < 0)
            lineEnd = body.size() - 1;
        const QByteArray line = body.mid(pos, lineEnd + 1 - pos);
        if (atEventStart && line.startsWith(':')) {
            ++count;
            pos = lineEnd + 1;
            if (pos < body.size() && body.at(pos) == '\n')
                ++pos;
            continue;
        }
        out += line;
        atEventStart = line == "\n";
        pos = lineEnd + 1;
    }
    if (comments)
        *comments = count;
    return out;
}

} // namespace testhttp
