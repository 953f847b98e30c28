#include "httptransport_p.h"
#include "logging_p.h"

#include <datastar/tcpserver.h>

#include <QTcpSocket>

namespace datastar {

TcpServer::TcpServer(QObject *parent)
    : QTcpServer(parent)
{ }

TcpServer::~TcpServer() = default;

void TcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcDatastar) << "cannot take a connection:" << socket->errorString();
        delete socket;
        return;
    }
    detail::trackConnection(socket);
    connectionAccepted(socket);
    addPendingConnection(socket);
}

void TcpServer::connectionAccepted(QTcpSocket *)
{ }

} // namespace datastar
