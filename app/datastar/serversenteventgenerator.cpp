#include "brotliencoder_p.h"
#include "httptransport_p.h"
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

const QByteArray KeepAliveComment = QByteArrayLiteral(": keep-alive\n\n");

// True when an Accept-Encoding value lists `br` with a non-zero quality.
bool acceptsBrotli(const QHttpServerRequest &request)
{
    for (const auto &[name, value] : detail::requestHeaders(request)) {
        if (name.compare("accept-encoding", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &item : value.split(',')) {
            const QList<QByteArray> parts = item.split(';');
            if (parts.first().trimmed().compare("br", Qt::CaseInsensitive) != 0)
                continue;
            bool zeroQuality = false;
            for (qsizetype i = 1; i < parts.size(); ++i) {
                const QByteArray parameter = parts[i].trimmed().toLower();
                if (parameter.startsWith("q=") && parameter.mid(2).toDouble() <= 0.0)
                    zeroQuality = true;
            }
            if (!zeroQuality)
                return true;
        }
    }
    return false;
}

detail::HeaderList responseHeaders(bool compressed, const detail::HeaderList &extra)
{
    // Built once: each stream copies shared byte arrays instead of allocating them again.
    static const detail::HeaderList plain { { "Content-Type", "text/event-stream" },
                                            { "Cache-Control", "no-cache" },
                                            { "Connection", "keep-alive" },
                                            { "X-Accel-Buffering", "no" } };
    static const detail::HeaderList brotli
        = plain + detail::HeaderList { { "Content-Encoding", "br" }, { "Vary", "Accept-Encoding" } };
    detail::HeaderList headers = compressed ? brotli : plain;
    // Qt 6.4's head is written here as raw bytes: a line break would start a header nobody asked for.
    const auto unsafe = [](const QByteArray &text) {
        return text.contains('\r') || text.contains('\n') || text.contains('\0');
    };
    for (const auto &[name, value] : extra) {
        if (name.isEmpty() || unsafe(name) || unsafe(value)) {
            qCWarning(lcDatastar).noquote() << "leaving out the malformed SSE response header" << name;
            continue;
        }
        headers.append({ name, value });
    }
    return headers;
}

// Sets the stream's socket options, once per connection: a kept-alive connection answers many requests with
// a stream each, and every option set is a system call.
void configureSocket(QAbstractSocket *socket, int sendBufferBytes)
{
    static constexpr char ConfiguredProperty[] = "_datastar_streamSendBufferBytes";
    const QVariant configured = socket->property(ConfiguredProperty);
    if (configured.isValid() && configured.toInt() == sendBufferBytes)
        return;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (sendBufferBytes > 0)
        socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, sendBufferBytes);
    socket->setProperty(ConfiguredProperty, sendBufferBytes);
}

} // namespace

struct ServerSentEventGenerator::Private
{
    std::optional<detail::ChunkedResponse> response;
    // The connection, watched for disconnects and back-pressure. Null on Qt 6.8+ behind a QTcpServer that is
    // not a datastar::TcpServer: then `watched` is false and the stream can only trust its own queue.
    // A QAbstractSocket pointer: ~QAbstractSocket emits disconnected(), and finish() then reads this pointer
    // when the object is no longer a QTcpSocket (a downcast to it would be undefined; UBSan reports it).
    QPointer<QAbstractSocket> socket;
    bool watched = false;
    std::shared_ptr<detail::StreamChannel> channel = std::make_shared<detail::StreamChannel>();
    std::optional<BrotliEncoder> encoder;
    // Batches are handed to the socket without copying. Once the socket lets go of the last one, it becomes
    // the buffer the next batch of several events is queued in, so a busy stream does not fault in fresh
    // memory for every batch.
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
    QTcpSocket *socket = detail::connectionSocket(request, responder);
    d->socket = socket;
    d->watched = socket != nullptr;
    d->response.emplace(std::move(responder), socket);
    if (d->socket && d->socket->thread() != thread())
        moveToThread(d->socket->thread());

    d->channel->attach(this, [this] { writePending(); });

    if (d->watched && d->socket->state() != QAbstractSocket::ConnectedState) {
        qCInfo(lcDatastar) << "SSE stream requested on a connection that is already gone";
        QMetaObject::invokeMethod(
            this, [this] { finish(CloseReason::ClientDisconnected); }, Qt::QueuedConnection);
        return;
    }

    if (options.compression == Compression::Brotli && acceptsBrotli(request)) {
        d->encoder.emplace(options.brotli);
        if (!d->encoder->isValid()) {
            qCWarning(lcDatastar) << "Brotli encoder unavailable; streaming uncompressed";
            d->encoder.reset();
        }
    }

    if (QAbstractSocket *socket = d->socket) {
        configureSocket(socket, options.socketSendBufferBytes);
        connect(socket, &QAbstractSocket::disconnected, this,
                [this] { finish(CloseReason::ClientDisconnected); });
        connect(socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
            qCDebug(lcDatastar) << "SSE socket error" << error;
            finish(CloseReason::ClientDisconnected);
        });
        connect(socket, &QAbstractSocket::bytesWritten, this, [this] { noteSocketProgress(); });
        // Stays connected after finish(): until the generator is deleted, its response must learn that the
        // connection went with its server.
        connect(socket, &QObject::destroyed, this, [this] {
            d->response->abandon();
            finish(CloseReason::ClientDisconnected);
        });
    } else {
        qCDebug(lcDatastar)
            << "SSE stream without a watched connection: bind the server to a datastar::TcpServer"
               " to notice disconnects";
    }

    if (options.keepAliveInterval.count() > 0) {
        d->keepAlive = new QTimer(this);
        d->keepAlive->setInterval(options.keepAliveInterval);
        connect(d->keepAlive, &QTimer::timeout, this, [this] { d->channel->enqueue(KeepAliveComment); });
        d->keepAlive->start();
    }

    qCDebug(lcDatastar) << "SSE stream opened for" << request.url().path() << (d->encoder ? "(brotli)" : "");
    // The head goes out on the event loop's next turn, with whatever the caller sends until then: a short
    // answer (a handler's few events and the end) is one write and one TCP segment instead of two. A stream
    // that sends nothing yet still shows the client it is open at once.
    if (!d->response->begin(responseHeaders(d->encoder.has_value(), options.headers)))
        writeFailed();
    else
        d->channel->wake();
}

ServerSentEventGenerator::~ServerSentEventGenerator()
{
    // Deleted while open (e.g. with its parent): end the stream as close() would, so the client does not wait
    // on a connection nobody writes to any more.
    if (!d->finished && connectionOpen()) {
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

bool ServerSentEventGenerator::connectionOpen() const
{
    return !d->watched || (d->socket && d->socket->state() == QAbstractSocket::ConnectedState);
}

void ServerSentEventGenerator::writePending()
{
    if (d->finished)
        return;
    QByteArray recycled;
    if (d->spareBuffer.isDetached())
        recycled = std::exchange(d->spareBuffer, {});
    detail::StreamChannel::Batch batch = d->channel->take(std::move(recycled));
    if (!connectionOpen()) {
        finish(CloseReason::ClientDisconnected);
        return;
    }

    if (batch.abortRequested && d->socket) {
        QPointer<QAbstractSocket> socket = d->socket;
        finish(CloseReason::Aborted); // first: the abort's own disconnected() must not count as the client's
        if (socket)
            socket->abort(); // also discards what the socket still buffers
        return;
    }
    if (batch.abortRequested) {
        // Behind an unwatched connection there is no socket to drop: end the stream as close() would.
        qCWarning(lcDatastar) << "cannot abort an SSE stream whose connection is not watched; closing it";
        batch.closeRequested = true;
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
    if (batch.closeRequested)
        written = d->response->end(body);
    else if (!body.isEmpty())
        written = d->response->writeChunk(body);
    d->writing = false;
    if (!written) {
        writeFailed();
        return;
    }
    d->spareBuffer = std::move(body);
    if (d->socket)
        d->socket->flush();
    if (batch.closeRequested) {
        finish(CloseReason::Server);
        return;
    }
    if (d->keepAlive)
        d->keepAlive->start(); // the interval counts from the last write
    noteSocketProgress();
}

void ServerSentEventGenerator::writeFailed()
{
    qCWarning(lcDatastar) << "SSE write failed:" << (d->socket ? d->socket->errorString() : QString());
    finish(CloseReason::WriteFailed);
}

void ServerSentEventGenerator::noteSocketProgress()
{
    if (d->finished || d->writing || (d->watched && !d->socket))
        return;
    // Unwatched, what was written is out of the stream's hands: count it as handed over.
    const qint64 buffered = d->socket ? d->socket->bytesToWrite() : 0;
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
    if (QAbstractSocket *socket = d->socket) {
        disconnect(socket, &QAbstractSocket::disconnected, this, nullptr);
        disconnect(socket, &QAbstractSocket::errorOccurred, this, nullptr);
        disconnect(socket, &QAbstractSocket::bytesWritten, this, nullptr);
    }
    qCDebug(lcDatastar) << "SSE stream closed:" << reason;
    Q_EMIT closed(reason);
    deleteLater();
}

} // namespace datastar
