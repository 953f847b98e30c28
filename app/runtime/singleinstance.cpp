#include "logging_p.h"
#include "singleinstance_p.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

namespace starling::detail {

namespace {

constexpr int HandOffTimeoutMs = 5000;
constexpr char Ack = '1';

} // namespace

SingleInstance::SingleInstance(QObject *parent)
    : QObject(parent)
{ }

SingleInstance::~SingleInstance() = default;

QString SingleInstance::serverName()
{
    const QByteArray dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation).toUtf8();
    const QByteArray hash = QCryptographicHash::hash(dataDir, QCryptographicHash::Sha256).toHex().left(16);
    return QDir(QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation))
        .filePath(QStringLiteral("starling-%1").arg(QString::fromLatin1(hash)));
}

bool SingleInstance::handOff(const QStringList &arguments)
{
    QLocalSocket socket;
    socket.connectToServer(serverName());
    if (!socket.waitForConnected(HandOffTimeoutMs))
        return false; // nobody there, or a stale socket: this launch becomes the instance
    QDataStream out(&socket);
    out << arguments;
    while (socket.bytesToWrite() > 0 && socket.waitForBytesWritten(HandOffTimeoutMs)) { }
    if (!socket.waitForReadyRead(HandOffTimeoutMs) || !socket.read(1).startsWith(Ack)) {
        qCWarning(lcApp) << "the running instance did not confirm the hand-off; starting another one";
        return false;
    }
    qCInfo(lcApp) << "handed the command line to the running instance";
    return true;
}

bool SingleInstance::listen()
{
    const QString name = serverName();
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(name)) {
        // Called after handOff() found nobody answering: what is left is a crashed instance's socket.
        QLocalServer::removeServer(name);
        if (!m_server->listen(name)) {
            qCWarning(lcApp).noquote() << "no single-instance hand-off:" << m_server->errorString();
            return false;
        }
        qCInfo(lcApp).noquote() << "removed a stale instance socket" << name;
    }
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] { receive(socket); });
        }
    });
    return true;
}

void SingleInstance::receive(QLocalSocket *socket)
{
    QDataStream stream(socket);
    stream.startTransaction();
    QStringList arguments;
    stream >> arguments;
    if (!stream.commitTransaction())
        return; // the rest is still on its way
    socket->write(&Ack, 1);
    socket->flush();
    socket->disconnectFromServer();
    qCInfo(lcApp).noquote() << "activated by a later launch:" << arguments.join(u' ');
    Q_EMIT activated(arguments);
}

} // namespace starling::detail
