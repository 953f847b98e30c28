#include "heaptrim_p.h"
#include "logging_p.h"
#include "requestscreen_p.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

#include <httptransport_p.h>
#include <sys/resource.h>

namespace starling::detail {

namespace {

// Bytes the socket reads ahead of the screen: the kernel holds the rest, so a fast sender is slowed by TCP
// instead of filling memory.
constexpr qint64 ReadChunkBytes = 64 * 1024;
// Answers a pipelining client has not read yet; beyond it the next request waits until it reads.
constexpr qint64 MaxUnreadAnswerBytes = 1024 * 1024;
// After a refusal the client may still be sending the body; closing with unread bytes would reset the
// connection and could destroy the answer before the client reads it, so the screen reads and drops for a
// while first.
constexpr auto DiscardTime = std::chrono::seconds(2);
// A released body this large asks for freed heap to be given back (see heaptrim_p.h).
constexpr qint64 LargeBodyBytes = 64 * 1024;
// File descriptors kept free for everything but connections: databases, resources, QtWebEngine's pipes.
constexpr rlim_t ReservedFileDescriptors = 64;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 417:
        return "Expectation Failed";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}

// Raises the soft open-file limit to the hard one (desktop sessions often start at 1,024); returns the
// resulting soft limit.
rlim_t raiseOpenFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return RLIM_INFINITY;
    if (limit.rlim_cur < limit.rlim_max) {
        const rlim_t before = limit.rlim_cur;
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) == 0)
            qCDebug(lcServer) << "raised the open-file limit from" << before << "to" << limit.rlim_cur;
        else
            getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur;
}

} // namespace

RequestScreen::RequestScreen(QTcpSocket *socket, ScreeningTcpServer *server)
    : QObject(socket)
    , m_socket(socket)
    , m_server(server)
    , m_limits(server->limits())
    , m_parser(m_limits.request)
{
    socket->setReadBufferSize(ReadChunkBytes);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RequestScreen::timedOut);
    // Connected before QtHttpServer connects its own slot, so this one runs first on every readyRead.
    connect(socket, &QTcpSocket::readyRead, this, &RequestScreen::takeAvailable);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        m_timer.stop();
        if (m_server)
            m_server->forget(this);
    });
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_state == State::Reading && !m_input.isEmpty()
            && m_socket->bytesToWrite() <= MaxUnreadAnswerBytes)
            process();
    });
    watch(Wait::Idle);
}

RequestScreen::~RequestScreen()
{
    releaseBody();
    if (m_server)
        m_server->forget(this);
}

RequestScreen *RequestScreen::of(const QHttpServerRequest &request, const QHttpServerResponder &responder)
{
    QTcpSocket *socket = datastar::detail::connectionSocket(request, responder);
    return socket ? socket->findChild<RequestScreen *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

void RequestScreen::markTrusted()
{
    m_trusted = true;
    if (m_server)
        m_server->noteTrusted(this);
}

void RequestScreen::takeAvailable()
{
    if (m_handingOver)
        return; // our own emission for QtHttpServer: the bytes are the canonical request
    // Qt 6.8 leaves a read transaction open after a readyRead without a whole request; reading inside it
    // would leave the bytes in place (and ungetChar refuses to run). Nothing of it was consumed.
    if (m_socket->isTransactionStarted())
        m_socket->rollbackTransaction();
    const QByteArray bytes = m_socket->readAll();
    if (bytes.isEmpty())
        return;
    if (m_state == State::Refused)
        return; // dropped: the connection is closing
    if (m_state == State::Streaming) {
        if (!m_discardingLogged) {
            m_discardingLogged = true;
            qCInfo(lcServer).noquote()
                << "dropping bytes sent on a connection whose answer is an open stream";
        }
        return;
    }
    m_input += bytes;
    const RequestLimits &limits = m_limits.request;
    if (m_input.size() > limits.maxHeadBytes + limits.maxBodyBytes + ReadChunkBytes) {
        // Only a client that pipelines far ahead of its answers gets here.
        closeNow("pipelined requests far ahead of the answers");
        return;
    }
    if (m_state == State::Reading) {
        m_inReadyRead = true; // QtHttpServer's slot runs next and reads what is handed over
        process();
        m_inReadyRead = false;
    }
}

void RequestScreen::process()
{
    while (m_state == State::Reading) {
        if (m_parser.isIdle() && m_input.isEmpty()) {
            watch(Wait::Idle);
            return;
        }
        if (m_parser.isIdle() && m_socket->bytesToWrite() > MaxUnreadAnswerBytes)
            return; // resumed from bytesWritten once the client reads its answers
        const RequestParser::Result result = m_parser.parse(m_input);
        m_input.remove(0, result.consumed);
        switch (result.status) {
        case RequestParser::Status::NeedMore:
            accountBody(m_parser.request().body.size());
            watch(m_parser.isIdle() ? Wait::Idle : m_parser.isReadingHead() ? Wait::Head : Wait::Body);
            return;
        case RequestParser::Status::HeadParsed:
            accountBody(std::max<qint64>(m_parser.bodyLength(), 0));
            if (m_state != State::Reading)
                return;
            if (m_parser.expectsContinue())
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            watch(Wait::Body);
            break;
        case RequestParser::Status::Complete:
            handOver();
            return;
        case RequestParser::Status::Refused:
            refuse(m_parser.refusalStatus(), m_parser.refusalReason());
            return;
        }
    }
}

void RequestScreen::accountBody(qint64 bytes)
{
    if (!m_server || bytes <= m_accountedBodyBytes)
        return;
    if (!m_server->reserveBodyBytes(bytes - m_accountedBodyBytes)) {
        refuse(503,
               QStringLiteral("the server holds too many request bodies at once (over %1 bytes); retry later")
                   .arg(m_limits.maxBufferedBodyBytes));
        return;
    }
    m_accountedBodyBytes = bytes;
}

void RequestScreen::releaseBody()
{
    if (m_server)
        m_server->releaseBodyBytes(m_accountedBodyBytes);
    m_accountedBodyBytes = 0;
}

void RequestScreen::handOver()
{
    const QByteArray bytes = m_parser.request().canonical();
    m_keepAlive = m_parser.request().keepAlive;
    m_parser.next();
    releaseBody();
    m_state = State::Handed;
    watch(Wait::Answer);

    if (m_socket->isTransactionStarted())
        m_socket->rollbackTransaction();
    // The socket's buffer is empty (everything was taken): the canonical bytes are all QtHttpServer reads.
    for (qsizetype i = bytes.size(); i-- > 0;)
        m_socket->ungetChar(bytes[i]);
    if (!m_inReadyRead) {
        // Not inside the socket's own readyRead: call QtHttpServer's slot the way the socket would.
        m_handingOver = true;
        Q_EMIT m_socket->readyRead();
        m_handingOver = false;
    }
}

void RequestScreen::requestAnswered()
{
    if (m_state == State::Handed)
        afterAnswer();
}

void RequestScreen::streamStarted(QObject *stream)
{
    if (m_state != State::Handed)
        return;
    m_state = State::Streaming;
    watch(Wait::None);
    // Nothing more is read from this connection: what was pipelined behind the stream's request is dropped
    // with what comes later, and the connection closes when the stream ends.
    m_input.clear();
    m_keepAlive = false;
    connect(stream, &QObject::destroyed, this, [this] {
        if (m_state == State::Streaming && m_socket->state() == QAbstractSocket::ConnectedState)
            afterAnswer();
    });
}

void RequestScreen::afterAnswer()
{
    if (!m_keepAlive) {
        closeWhenWritten();
        return;
    }
    m_state = State::Reading;
    if (m_input.isEmpty()) {
        watch(Wait::Idle);
        return;
    }
    // A pipelined request: handed over on the next turn, outside QtHttpServer's call that answered this one.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_state == State::Reading)
                process();
        },
        Qt::QueuedConnection);
}

void RequestScreen::closeWhenWritten()
{
    m_state = State::Refused; // nothing more is read
    watch(Wait::None);
    // Not disconnectFromHost() at once: Qt 6.8 deletes a connection that is not connected once its
    // responder is gone, and a deleted socket drops what it had not written yet.
    m_socket->flush();
    if (m_socket->bytesToWrite() == 0) {
        QMetaObject::invokeMethod(m_socket, &QAbstractSocket::disconnectFromHost, Qt::QueuedConnection);
        return;
    }
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_socket->bytesToWrite() == 0)
            m_socket->disconnectFromHost();
    });
}

void RequestScreen::watch(Wait wait)
{
    if (wait == m_wait)
        return;
    m_wait = wait;
    switch (wait) {
    case Wait::None:
        m_timer.stop();
        break;
    case Wait::Idle:
        m_timer.start(m_limits.idleTimeout);
        break;
    case Wait::Head:
        m_timer.start(m_limits.headerTimeout);
        break;
    case Wait::Body:
        m_timer.start(m_limits.bodyTimeout);
        break;
    case Wait::Answer:
        m_timer.start(0);
        break;
    }
}

void RequestScreen::timedOut()
{
    switch (m_wait) {
    case Wait::Idle:
        qCDebug(lcServer) << "closing a connection idle for" << m_limits.idleTimeout.count() << "ms";
        closeWhenWritten();
        break;
    case Wait::Head:
        refuse(408,
               QStringLiteral("the request head did not arrive within %1 ms")
                   .arg(m_limits.headerTimeout.count()));
        break;
    case Wait::Body:
        refuse(
            408,
            QStringLiteral("the request body did not arrive within %1 ms").arg(m_limits.bodyTimeout.count()));
        break;
    case Wait::Answer:
        // If QtHttpServer did not take the request, the connection cannot continue.
        if (m_state == State::Handed)
            closeNow("QtHttpServer did not take a screened request");
        break;
    case Wait::None:
        break;
    }
}

void RequestScreen::refuse(int status, const QString &reason)
{
    m_state = State::Refused;
    watch(Wait::None);
    m_input.clear();
    releaseBody();
    qCWarning(lcServer).noquote() << "refused a request from" << m_socket->peerAddress().toString() << "with"
                                  << status << "before it reached the app:" << reason;
    const QByteArray body = "Refused: " + reason.toUtf8() + ".\n";
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
                    + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                    + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    m_socket->flush();
    QTimer::singleShot(DiscardTime, m_socket, [socket = m_socket] { socket->disconnectFromHost(); });
}

void RequestScreen::closeNow(const char *why)
{
    qCInfo(lcServer).noquote() << "closing a connection from" << m_socket->peerAddress().toString() << ":"
                               << why;
    m_state = State::Refused;
    watch(Wait::None);
    if (m_server)
        m_server->forget(this);
    m_socket->abort();
}

ScreeningTcpServer::ScreeningTcpServer(const ConnectionLimits &limits, QObject *parent)
    : datastar::TcpServer(parent)
    , m_limits(limits)
    , m_connectionCap(limits.maxConnections)
{
    const rlim_t openFiles = raiseOpenFileLimit();
    if (openFiles != RLIM_INFINITY && openFiles < rlim_t(m_connectionCap) + ReservedFileDescriptors) {
        m_connectionCap
            = int(std::max<rlim_t>(openFiles, 2 * ReservedFileDescriptors) - ReservedFileDescriptors);
        qCInfo(lcServer) << "the open-file limit" << openFiles << "allows" << m_connectionCap
                         << "connections, fewer than maxConnections" << limits.maxConnections;
    }
}

ScreeningTcpServer::~ScreeningTcpServer()
{
    for (RequestScreen *screen : std::as_const(m_screens))
        screen->m_server = nullptr; // sockets may outlive this server briefly (deleteLater)
}

bool ScreeningTcpServer::reserveBodyBytes(qint64 bytes)
{
    if (m_bufferedBodyBytes + bytes > m_limits.maxBufferedBodyBytes)
        return false;
    m_bufferedBodyBytes += bytes;
    return true;
}

void ScreeningTcpServer::releaseBodyBytes(qint64 bytes)
{
    m_bufferedBodyBytes -= bytes;
    if (bytes >= LargeBodyBytes)
        scheduleHeapTrim(); // slow clients' bodies may have held much of maxBufferedBodyBytes
}

void ScreeningTcpServer::incomingConnection(qintptr socketDescriptor)
{
    if (m_untrusted > 0 && m_untrusted >= m_limits.maxUntrustedConnections) {
        const auto oldestUntrusted
            = std::find_if(m_screens.cbegin(), m_screens.cend(),
                           [](const RequestScreen *screen) { return !screen->isTrusted(); });
        if (oldestUntrusted != m_screens.cend())
            (*oldestUntrusted)->closeNow("making room: too many connections have not presented the secret");
    }
    if (m_screens.size() >= m_connectionCap) {
        qCWarning(lcServer) << "refused a connection: already" << m_screens.size() << "open (maxConnections)";
        QTcpSocket refused;
        if (refused.setSocketDescriptor(socketDescriptor))
            refused.abort();
        return;
    }
    datastar::TcpServer::incomingConnection(socketDescriptor);
}

void ScreeningTcpServer::connectionAccepted(QTcpSocket *socket)
{
    auto *screen = new RequestScreen(socket, this);
    m_screens.append(screen);
    screen->m_countedUntrusted = true;
    ++m_untrusted;
}

} // namespace starling::detail
