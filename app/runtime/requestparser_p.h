// Parses HTTP/1.x requests from raw bytes, strictly, and writes each back in one canonical form.
#pragma once

#include <starling/starling_export.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace starling::detail {

// The limits a RequestParser enforces; ServerOptions carries the settings.
struct RequestLimits
{
    qsizetype maxHeadBytes = 64 * 1024; // request line, fields and trailers; over it: 431
    qsizetype maxHeaderFields = 100; // QtHttpServer keeps at most 100; over it: 431
    qsizetype maxBodyBytes = 1024 * 1024; // decoded body; over it: 413
    qsizetype maxChunkLineBytes = 1024; // a chunk-size line with its extensions; over it: 400
};

// One request as the parser accepted it. Hop-by-hop fields (Connection, Keep-Alive, Transfer-Encoding,
// Content-Length, Expect, Upgrade, TE, Trailer, Proxy-Connection) are consumed by the parser and not kept.
struct STARLING_PRIVATE_EXPORT ParsedRequest
{
    QByteArray method; // upper-case token, one QtHttpServer knows
    QByteArray target; // origin-form: starts with '/', visible ASCII only
    QByteArray version; // "HTTP/1.1" or "HTTP/1.0"
    QList<QPair<QByteArray, QByteArray>> fields; // as received (names keep their case), values trimmed
    QByteArray body; // decoded (chunked bodies are joined)
    bool keepAlive = true; // false for Connection: close, and for HTTP/1.0 without Connection: keep-alive

    // The request as QtHttpServer is given it: request line, the kept fields, a Content-Length when there
    // is a body, the blank line and the body. Qt parses this form the same way on every version.
    QByteArray canonical() const;
};

// Reads one request at a time from a connection's bytes. It is the only judge of where a request ends: the
// HTTP server behind it sees only canonical() forms, so no byte can be framed two ways. No socket, no event
// loop: feed it bytes, act on what it returns.
//
// Refused (with the status to answer): a malformed request line (400), an unknown method (501), a version
// other than HTTP/1.0 or 1.1 (505), a target that is not origin-form (400), a field line with an invalid
// name, whitespace before the colon, a control character in the value or a folded continuation (400), a
// missing or repeated Host on HTTP/1.1 (400), Content-Length that is not a number or disagrees with
// another (400), Content-Length with Transfer-Encoding (400), a transfer coding other than chunked (501),
// Expect other than 100-continue (417), a head or trailer over maxHeadBytes or more fields than
// maxHeaderFields (431), a body over maxBodyBytes (413), a malformed or over-long chunk line (400).
class STARLING_PRIVATE_EXPORT RequestParser
{
public:
    enum class Status {
        NeedMore, // everything given was consumed; the request is not complete yet
        HeadParsed, // the head was accepted and a body follows (bodyLength() tells its announced size)
        Complete, // request() holds a whole request; call next() before parsing the next one
        Refused, // refusalStatus()/refusalReason() say why; the connection cannot be read further
    };
    struct Result
    {
        Status status = Status::NeedMore;
        qsizetype consumed = 0; // bytes of the input used; the rest belongs to what comes after
    };

    explicit RequestParser(const RequestLimits &limits = {});

    Result parse(QByteArrayView input);

    // Between requests (nothing of the next one seen yet); a connection idle in this state may be closed.
    bool isIdle() const { return m_phase == Phase::Idle; }
    // Reading the head (timeouts differ for heads and bodies).
    bool isReadingHead() const { return m_phase == Phase::Head; }
    // The body size the head announced: Content-Length, or -1 for a chunked body. 0 without a body.
    qint64 bodyLength() const { return m_bodyLength; }
    bool expectsContinue() const { return m_expectsContinue; } // Expect: 100-continue was asked
    qsizetype bufferedBytes() const { return m_head.size() + m_request.body.size(); }

    const ParsedRequest &request() const { return m_request; }
    void next(); // forgets the completed request

    int refusalStatus() const { return m_refusalStatus; }
    QString refusalReason() const { return m_refusalReason; }

private:
    enum class Phase { Idle, Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailer, Done, Refused };

    bool parseHead();
    bool parseRequestLine(QByteArrayView line);
    bool parseField(QByteArrayView line);
    bool parseChunkSize(QByteArrayView line);
    Result refuse(int status, const QString &reason, qsizetype consumed);
    bool refuseInHead(int status, const QString &reason);

    RequestLimits m_limits;
    Phase m_phase = Phase::Idle;
    QByteArray m_head; // the head (or the current chunk line or trailer) collected so far
    qsizetype m_lineStart = 0; // where the line being collected starts in m_head
    qsizetype m_trailerBytes = 0;
    qint64 m_bodyLength = 0;
    qint64 m_remaining = 0; // body or chunk bytes still to read
    bool m_expectsContinue = false;
    bool m_chunked = false;
    ParsedRequest m_request;
    int m_refusalStatus = 0;
    QString m_refusalReason;
};

} // namespace starling::detail
