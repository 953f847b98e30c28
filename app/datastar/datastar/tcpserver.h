// The QTcpServer to bind a QHttpServer to when it serves SSE streams.
#pragma once

#include <datastar/datastar_export.h>

#include <QTcpServer>

class QTcpSocket;

namespace datastar {

// A QTcpServer whose connections the SSE streams of ServerSentEventGenerator can find. From Qt 6.8 on,
// QHttpServerResponder no longer exposes its socket; without it a stream notices neither that its client went
// away nor how much the connection still has to send (see docs/sdk.md, "Qt versions"). Bind the HTTP server
// to a TcpServer and streams watch their socket on every Qt version:
//
//     auto *tcp = new datastar::TcpServer(&httpServer);
//     if (!tcp->listen(QHostAddress::LocalHost, 8080))
//         qFatal("cannot listen: %s", qPrintable(tcp->errorString()));
//     httpServer.bind(tcp);
//
// On Qt 6.4 responders expose their socket and a TcpServer behaves as a plain QTcpServer.
class DATASTAR_EXPORT TcpServer : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpServer)

public:
    explicit TcpServer(QObject *parent = nullptr);
    ~TcpServer() override;

protected:
    void incomingConnection(qintptr socketDescriptor) override;

    // Called for every accepted connection before it is offered to the HTTP server: a subclass may watch its
    // bytes from here (a readyRead connection made now runs before the HTTP server's). The socket is a child
    // of this server.
    virtual void connectionAccepted(QTcpSocket *socket);
};

} // namespace datastar
