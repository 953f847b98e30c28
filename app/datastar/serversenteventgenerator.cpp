#include "brotliencoder_p.h"
#include "logging_p.h"
#include "streamchannel_p.h"

#include <datastar/serversenteventgenerator.h>

#include <QPointer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <optional>

namespace datastar {

namespace {

const QByteArray ChunkEnd = QByteArrayLiteral("\r\n");
const QByteArray TerminatingChunk = QByteArrayLiteral("0\r\n\r\n");
constexpr QByteArrayView KeepAliveComment = ": keep-alive\n\n";

// True when an Accept-Encoding value lists `br` with a non-zero quality.
bool acceptsBrotli(const QHttpServerRequest &request)
{
    for (const auto &[name, value] : request.headers()) {
        if (name.compare("accept-encoding", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &item : value.split(',')) {
            const QList<QByteArray> parts = item.split(';');
            if (parts.first().trimmed().compare("br", Qt::CaseInsensitive) != 0)
                continue;
            bool zeroQuality = false;
            for (qsizetype i = 1; i < parts.size(); ++i) {
                const QByteArray parameter = parts[i].trimmed();
                if (parameter.startsWith("q=") && parameter.mid(2).toDouble() <= 0.0)
                    zeroQuality = true;
            }
            if (!zeroQuality)
                return true;
        }
    }
    return false;
}

QByteArray responseHead(bool compressed)
{
    QByteArray head = "HTTP/1.1 200 OK\r\n"
                      "Content-Type: text/event-stream\r\n"
                      "Cache-Control: no-cache\r\n"
                      "Connection: keep-alive\r\n"
                      "Transfer-Encoding: chunked\r\n"
                      "X-Accel-Buffering: no\r\n";
    if (compressed)
        head += "Content-Encoding: br\r\nVary: Accept-Encoding\r\n";
    head += "\r\n";
    return head;
}

} // namespace

struct ServerSentEventGenerator::Private
{
    std::optional<QHttpServerResponder> responder; // kept for the connection's lifetime; we write its socket
    QPointer<QTcpSocket> socket;
    std::shared_ptr<detail::StreamChannel> channel = std::make_shared<detail::StreamChannel>();
    std::optional<BrotliEncoder> encoder;
    // Batches are handed to the socket without copying. Once the socket lets go of the last one, it becomes
    // the next queue buffer, so a busy stream does not fault in fresh memory for every batch.
    QByteArray spareBuffer;
    QTimer *keepAlive = nullptr;
    bool finished = false;
    bool writing = false; // inside writePending(): progress is reported once it is done
};

EventSender::EventSender(std::shared_ptr<detail::StreamChannel> channel)
    : m_channel(std::move(channel))
{ }

bool EventSender::send(const Event &event) const
{
    if (!event.isValid()) {
        qCWarning(lcDatastar).noquote() << "not sending an invalid event:" << event.errorString();
        return false;
    }
    return m_channel && m_channel->enqueue(event.toSse());
}

void EventSender::close() const
{
    if (m_channel)
        m_channel->requestClose();
}

bool EventSender::isOpen() const
{
    return m_channel && m_channel->isOpen();
}

ServerSentEventGenerator *ServerSentEventGenerator::start(const QHttpServerRequest &request,
                                                          QHttpServerResponder &&responder,
                                                          const StreamOptions &options)
{
    return new ServerSentEventGenerator(request, std::move(responder), options);
}

ServerSentEventGenerator::ServerSentEventGenerator(const QHttpServerRequest &request,
                                                   QHttpServerResponder &&responder,
                                                   const StreamOptions &options)
    : d(std::make_unique<Private>())
{
    d->responder.emplace(std::move(responder));
    d->socket = d->responder->socket();
    if (d->socket && d->socket->thread() != thread())
        moveToThread(d->socket->thread());

    d->channel->attach(this, [this] { writePending(); });

    if (!d->socket || d->socket->state() != QAbstractSocket::ConnectedState) {
        qCInfo(lcDatastar) << "SSE stream requested on a connection that is already gone";
        QMetaObject::invokeMethod(
            this, [this] { finish(CloseReason::ClientDisconnected); }, Qt::QueuedConnection);
        return;
    }

    if (options.compression == Compression::Brotli && acceptsBrotli(request)) {
        d->encoder.emplace();
        if (!d->encoder->isValid()) {
            qCWarning(lcDatastar) << "Brotli encoder unavailable; streaming uncompressed";
            d->encoder.reset();
        }
    }

    QTcpSocket *socket = d->socket;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QAbstractSocket::disconnected, this,
            [this] { finish(CloseReason::ClientDisconnected); });
    connect(socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        qCDebug(lcDatastar) << "SSE socket error" << error;
        finish(CloseReason::ClientDisconnected);
    });
    connect(socket, &QAbstractSocket::bytesWritten, this, [this] { noteSocketProgress(); });

    if (options.keepAliveInterval.count() > 0) {
        d->keepAlive = new QTimer(this);
        d->keepAlive->setInterval(options.keepAliveInterval);
        connect(d->keepAlive, &QTimer::timeout, this, [this] { d->channel->enqueue(KeepAliveComment); });
        d->keepAlive->start();
    }

    qCDebug(lcDatastar) << "SSE stream opened for" << request.url().path() << (d->encoder ? "(brotli)" : "");
    // Headers go out at once, so the client (and any proxy) sees the stream open before the first event.
    if (writeToSocket(responseHead(d->encoder.has_value())))
        d->socket->flush();
}

ServerSentEventGenerator::~ServerSentEventGenerator()
{
    // Deleted while open (e.g. with its parent): end the stream as close() would, so the client does not wait
    // on a connection nobody writes to any more.
    if (!d->finished && d->socket && d->socket->state() == QAbstractSocket::ConnectedState) {
        d->channel->requestClose();
        writePending();
    }
    d->channel->detach();
}

bool ServerSentEventGenerator::send(const Event &event) const
{
    return sender().send(event);
}

void ServerSentEventGenerator::close()
{
    d->channel->requestClose();
}

void ServerSentEventGenerator::abort()
{
    d->channel->requestAbort();
}

bool ServerSentEventGenerator::isOpen() const
{
    return d->channel->isOpen();
}

bool ServerSentEventGenerator::isCompressed() const
{
    return d->encoder.has_value();
}

qint64 ServerSentEventGenerator::pendingBytes() const
{
    return d->channel->pendingBytes();
}

EventSender ServerSentEventGenerator::sender() const
{
    return EventSender(d->channel);
}

void ServerSentEventGenerator::writePending()
{
    if (d->finished)
        return;
    QByteArray recycled;
    if (d->spareBuffer.isDetached())
        recycled = std::exchange(d->spareBuffer, {});
    detail::StreamChannel::Batch batch = d->channel->take(std::move(recycled));
    if (!d->socket || d->socket->state() != QAbstractSocket::ConnectedState) {
        finish(CloseReason::ClientDisconnected);
        return;
    }

    if (batch.abortRequested) {
        QPointer<QTcpSocket> socket = d->socket;
        finish(CloseReason::Aborted); // first: the abort's own disconnected() must not count as the client's
        if (socket)
            socket->abort(); // also discards what the socket still buffers
        return;
    }

    QByteArray body = std::move(batch.bytes);
    if (d->encoder && (!body.isEmpty() || batch.closeRequested)) {
        const qsizetype rawSize = body.size();
        body = d->encoder->compress(body, batch.closeRequested);
        if (body.isEmpty() && rawSize > 0) {
            qCWarning(lcDatastar) << "Brotli compression failed; closing the stream";
            finish(CloseReason::WriteFailed);
            return;
        }
    }
    d->writing = true;
    bool written = true;
    if (!body.isEmpty()) {
        const QByteArray sizeLine = QByteArray::number(body.size(), 16) + "\r\n";
        written = writeToSocket(sizeLine) && writeToSocket(body) && writeToSocket(ChunkEnd);
    }
    if (written && batch.closeRequested)
        written = writeToSocket(TerminatingChunk);
    d->writing = false;
    if (!written)
        return;
    d->spareBuffer = std::move(body);
    d->socket->flush();
    if (batch.closeRequested) {
        finish(CloseReason::Server);
        return;
    }
    if (d->keepAlive)
        d->keepAlive->start(); // the interval counts from the last write
    noteSocketProgress();
}

bool ServerSentEventGenerator::writeToSocket(const QByteArray &bytes)
{
    // QIODevice::write(const QByteArray &) lets the socket keep a large buffer as it is instead of copying
    // it.
    if (d->socket->write(bytes) != bytes.size()) {
        qCWarning(lcDatastar) << "SSE write failed:" << d->socket->errorString();
        finish(CloseReason::WriteFailed);
        return false;
    }
    return true;
}

void ServerSentEventGenerator::noteSocketProgress()
{
    if (d->finished || d->writing || !d->socket)
        return;
    const qint64 buffered = d->socket->bytesToWrite();
    d->channel->setSocketBuffered(buffered);
    if (buffered == 0 && d->channel->pendingBytes() == 0)
        Q_EMIT drained();
}

void ServerSentEventGenerator::finish(CloseReason reason)
{
    if (d->finished)
        return;
    d->finished = true;
    d->channel->markClosed();
    if (d->keepAlive)
        d->keepAlive->stop();
    if (d->socket)
        d->socket->disconnect(this);
    qCDebug(lcDatastar) << "SSE stream closed:" << reason;
    Q_EMIT closed(reason);
    deleteLater();
}

} // namespace datastar
