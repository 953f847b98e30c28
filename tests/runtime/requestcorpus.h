// Odd and ordinary HTTP requests with the request screen's verdict on each: the parser's unit test checks the
// verdicts, the differential test sends them to a real server and checks QtHttpServer agrees.
#pragma once

#include <QByteArray>
#include <QList>

namespace requestcorpus {

struct Case
{
    const char *name;
    QByteArray bytes;
    int status; // 0: accepted; else the status the screen answers
};

// A case's limits: the runtime's defaults, with a small body limit so the 413 cases stay small.
inline constexpr qsizetype BodyLimit = 4096;

// `own` is the field lines every accepted request needs to reach a handler (Host, credentials), each ending
// in CRLF.
inline QList<Case> cases(const QByteArray &own)
{
    const QByteArray crlf = "\r\n";
    QByteArray manyFields;
    for (int i = 0; i < 97; ++i) // with `own`'s three fields: 100 in all
        manyFields += "X-Field-" + QByteArray::number(i) + ": " + QByteArray::number(i) + crlf;
    const QByteArray longValue(70 * 1024, 'a');
    return {
        { "get", "GET /echo?a=1&b=%20 HTTP/1.1\r\n" + own + crlf, 0 },
        { "post with a body", "POST /echo HTTP/1.1\r\n" + own + "Content-Length: 5\r\n\r\nhello", 0 },
        { "put with a body", "PUT /echo HTTP/1.1\r\n" + own + "Content-Length: 3\r\n\r\nabc", 0 },
        { "chunked with extension and trailer",
          "POST /echo HTTP/1.1\r\n" + own
              + "Transfer-Encoding: chunked\r\n\r\n3;name=value\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: "
                "t\r\n\r\n",
          0 },
        { "chunked, upper-case size",
          "POST /echo HTTP/1.1\r\n" + own + "Transfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
          0 },
        { "bare LF line ends", "GET /echo HTTP/1.1\n" + QByteArray(own).replace("\r\n", "\n") + "\n", 0 },
        { "empty lines before the request", "\r\n\r\nGET /echo HTTP/1.1\r\n" + own + crlf, 0 },
        { "100 fields", "GET /echo HTTP/1.1\r\n" + own + manyFields + crlf, 0 },
        { "101 fields", "GET /echo HTTP/1.1\r\n" + own + manyFields + "X-One-Too-Many: 1\r\n\r\n", 431 },
        { "field value with tab and obs-text",
          "GET /echo HTTP/1.1\r\n" + own + "X-Odd: a\tb \xc3\xa9\r\n\r\n", 0 },
        { "field value trimmed", "GET /echo HTTP/1.1\r\n" + own + "X-Padded:   v  \r\n\r\n", 0 },
        { "equal duplicate Content-Length",
          "POST /echo HTTP/1.1\r\n" + own + "Content-Length: 2\r\nContent-Length: 2\r\n\r\nok", 0 },
        { "Expect: 100-continue",
          "POST /echo HTTP/1.1\r\n" + own + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\nok", 0 },
        { "HTTP/1.0", "GET /echo HTTP/1.0\r\n" + own + crlf, 0 },

        { "not HTTP", "GARBAGE\r\n\r\n", 400 },
        { "no version", "GET /echo\r\n" + own + crlf, 400 },
        { "extra word in the request line", "GET /echo HTTP/1.1 x\r\n" + own + crlf, 400 },
        { "two spaces in the request line", "GET  /echo HTTP/1.1\r\n" + own + crlf, 400 },
        { "HTTP/2.0", "GET /echo HTTP/2.0\r\n" + own + crlf, 505 },
        { "unknown method", "BREW /echo HTTP/1.1\r\n" + own + crlf, 501 },
        { "lower-case method", "get /echo HTTP/1.1\r\n" + own + crlf, 501 },
        { "absolute-form target", "GET http://127.0.0.1/echo HTTP/1.1\r\n" + own + crlf, 400 },
        { "raw non-ASCII in the target", "GET /\xc3\xa9 HTTP/1.1\r\n" + own + crlf, 400 },
        { "control character in the target", "GET /a\x01 HTTP/1.1\r\n" + own + crlf, 400 },
        { "invalid field name", "GET /echo HTTP/1.1\r\n" + own + "Bad Name: x\r\n\r\n", 400 },
        { "field name with a bracket", "GET /echo HTTP/1.1\r\n" + own + "Bad(Name): x\r\n\r\n", 400 },
        { "space before the colon", "GET /echo HTTP/1.1\r\n" + own + "X-Spaced : x\r\n\r\n", 400 },
        { "Content-Length with a space before the colon",
          "POST /echo HTTP/1.1\r\n" + own + "Content-Length : 2\r\n\r\nok", 400 },
        { "line without a colon", "GET /echo HTTP/1.1\r\n" + own + "NoColon\r\n\r\n", 400 },
        { "empty field name", "GET /echo HTTP/1.1\r\n" + own + ": x\r\n\r\n", 400 },
        { "folded line", "GET /echo HTTP/1.1\r\n" + own + "X-Folded: a\r\n b\r\n\r\n", 400 },
        { "NUL in a value", "GET /echo HTTP/1.1\r\n" + own + QByteArray("X-Nul: a\0b\r\n\r\n", 14), 400 },
        { "bare CR in a value", "GET /echo HTTP/1.1\r\n" + own + "X-Cr: a\rb\r\n\r\n", 400 },
        { "DEL in a value", "GET /echo HTTP/1.1\r\n" + own + "X-Del: a\x7f\r\n\r\n", 400 },
        { "head over 64 KiB", "GET /echo HTTP/1.1\r\n" + own + "X-Long: " + longValue + "\r\n\r\n", 431 },
        { "missing Host", "GET /echo HTTP/1.1\r\n\r\n", 400 },
        { "two Host fields", "GET /echo HTTP/1.1\r\n" + own + "Host: 127.0.0.1\r\n\r\n", 400 },
        { "different duplicate Content-Length",
          "POST /echo HTTP/1.1\r\n" + own + "Content-Length: 2\r\nContent-Length: 3\r\n\r\nokk", 400 },
        { "signed Content-Length", "POST /echo HTTP/1.1\r\n" + own + "Content-Length: +2\r\n\r\nok", 400 },
        { "hex Content-Length", "POST /echo HTTP/1.1\r\n" + own + "Content-Length: 0x2\r\n\r\nok", 400 },
        { "list Content-Length", "POST /echo HTTP/1.1\r\n" + own + "Content-Length: 2, 2\r\n\r\nok", 400 },
        { "huge Content-Length",
          "POST /echo HTTP/1.1\r\n" + own + "Content-Length: 99999999999999999999\r\n\r\nok", 400 },
        { "Content-Length with Transfer-Encoding",
          "POST /echo HTTP/1.1\r\n" + own
              + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
          400 },
        { "gzip transfer coding", "POST /echo HTTP/1.1\r\n" + own + "Transfer-Encoding: gzip\r\n\r\n", 501 },
        { "chunked twice",
          "POST /echo HTTP/1.1\r\n" + own + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 501 },
        { "Transfer-Encoding in HTTP/1.0",
          "POST /echo HTTP/1.0\r\n" + own + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400 },
        { "invalid chunk size", "POST /echo HTTP/1.1\r\n" + own + "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
          400 },
        { "negative chunk size", "POST /echo HTTP/1.1\r\n" + own + "Transfer-Encoding: chunked\r\n\r\n-1\r\n",
          400 },
        { "chunk line over 1 KiB",
          "POST /echo HTTP/1.1\r\n" + own + "Transfer-Encoding: chunked\r\n\r\n1;" + QByteArray(1100, 'x')
              + "\r\n",
          400 },
        { "chunk longer than its size",
          "POST /echo HTTP/1.1\r\n" + own + "Transfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n0\r\n\r\n", 400 },
        { "malformed trailer",
          "POST /echo HTTP/1.1\r\n" + own + "Transfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer\r\n\r\n",
          400 },
        { "Content-Length over the limit",
          "POST /echo HTTP/1.1\r\n" + own + "Content-Length: " + QByteArray::number(BodyLimit + 1)
              + "\r\n\r\n",
          413 },
        { "chunked body over the limit",
          "POST /echo HTTP/1.1\r\n" + own + "Transfer-Encoding: chunked\r\n\r\n"
              + QByteArray::number(BodyLimit + 1, 16) + "\r\n",
          413 },
        { "unsupported Expect",
          "POST /echo HTTP/1.1\r\n" + own + "Expect: coffee\r\nContent-Length: 2\r\n\r\nok", 417 },
    };
}

} // namespace requestcorpus
