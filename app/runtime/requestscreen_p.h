// Screens the raw bytes of one connection before QtHttpServer reads them.
#pragma once

#include <datastar/tcpserver.h>

#include <QByteArray>
#include <QObject>

class QTcpSocket;

namespace starling::detail {

// Qt 6.4's QtHttpServer buffers a whole request body before any handler runs and has no size limit. The
// screen follows the connection's byte stream request by request (head, then a Content-Length body or
// chunks), peeking at each read before QtHttpServer takes it. A body announced or growing beyond
// `maxBodyBytes` is answered 413 at once and never read; a head over 64 KiB gets 431, a malformed framing
// 400. After a refusal the connection only discards what the client still sends, then closes.
//
// This relies on QtHttpServer 6.4 taking every available byte on each readyRead (its parser reads with
// readAll()), and on the screen's readyRead slot being connected first. Lives in the socket's thread, as
// the socket's child.
class RequestScreen : public QObject
{
    Q_OBJECT

public:
    RequestScreen(QTcpSocket *socket, qsizetype maxBodyBytes);

private:
    void screenAvailable();
    bool screen(const QByteArray &bytes); // false after a refusal
    bool screenHead(const QByteArray &head);
    bool screenChunkLine(const QByteArray &line);
    void refuse(int status, const QByteArray &reason, const QString &message);

    enum class State { Head, Body, ChunkSize, ChunkData, Trailer, Refused };
    QTcpSocket *m_socket;
    qsizetype m_maxBodyBytes;
    State m_state = State::Head;
    QByteArray m_line; // the head, chunk-size line or trailer collected so far
    qint64 m_remaining = 0; // body or chunk bytes (with the chunk's CRLF) still to skip
    qint64 m_bodySize = 0; // chunked: the sum of the chunk sizes so far
};

// A datastar::TcpServer on which every connection gets a RequestScreen before the HTTP server sees it.
class ScreeningTcpServer : public datastar::TcpServer
{
    Q_OBJECT

public:
    ScreeningTcpServer(qsizetype maxBodyBytes, QObject *parent = nullptr);

protected:
    void connectionAccepted(QTcpSocket *socket) override;

private:
    qsizetype m_maxBodyBytes;
};

} // namespace starling::detail
