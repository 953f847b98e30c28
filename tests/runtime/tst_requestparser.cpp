// The request screen's parser on bytes alone: verdicts, decoded bodies, the canonical form, and the same
// verdict however the bytes are split.
#include "requestcorpus.h"

#include <QTest>

#include <requestparser_p.h>

using starling::detail::ParsedRequest;
using starling::detail::RequestLimits;
using starling::detail::RequestParser;

namespace {

const QByteArray Own = "Host: example\r\nX-One: 1\r\nX-Two: 2\r\n";

RequestLimits limits()
{
    RequestLimits limits;
    limits.maxBodyBytes = requestcorpus::BodyLimit;
    return limits;
}

struct Outcome
{
    int status = -1; // 0 accepted, -1 incomplete
    ParsedRequest request;
    qsizetype consumed = 0;
};

// Feeds `bytes` in pieces of `step` bytes, as a connection would, until a verdict.
Outcome parseInSteps(const QByteArray &bytes, qsizetype step)
{
    RequestParser parser(limits());
    QByteArray pending;
    Outcome outcome;
    for (qsizetype at = 0; at < bytes.size(); at += step) {
        pending += bytes.mid(at, step);
        for (;;) {
            const RequestParser::Result result = parser.parse(pending);
            pending.remove(0, result.consumed);
            outcome.consumed += result.consumed;
            if (result.status == RequestParser::Status::Refused) {
                outcome.status = parser.refusalStatus();
                return outcome;
            }
            if (result.status == RequestParser::Status::Complete) {
                outcome.status = 0;
                outcome.request = parser.request();
                return outcome;
            }
            if (result.status == RequestParser::Status::NeedMore)
                break;
        }
    }
    return outcome;
}

} // namespace

class RequestParserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verdicts_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        for (const requestcorpus::Case &c : requestcorpus::cases(Own))
            QTest::newRow(c.name) << c.bytes << c.status;
        QTest::newRow("HTTP/1.0 without Host") << QByteArray("GET / HTTP/1.0\r\n\r\n") << 0;
    }
    void verdicts()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        const Outcome whole = parseInSteps(bytes, bytes.size());
        QCOMPARE(whole.status, status);
        // One byte at a time, as a slow client sends: the same verdict and the same request.
        const Outcome bytewise = parseInSteps(bytes, 1);
        QCOMPARE(bytewise.status, status);
        if (status == 0) {
            QCOMPARE(bytewise.request.canonical(), whole.request.canonical());
            QCOMPARE(whole.consumed, bytes.size());
        }
    }

    void chunkedBodiesAreDecodedAndTrailersDropped()
    {
        const Outcome outcome
            = parseInSteps("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n",
                           7);
        QCOMPARE(outcome.status, 0);
        QCOMPARE(outcome.request.body, QByteArray("abcde"));
        QCOMPARE(outcome.request.canonical(),
                 QByteArray("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nabcde"));
    }

    void hopByHopFieldsAreConsumed()
    {
        const Outcome outcome
            = parseInSteps("GET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\nKeep-Alive: 5\r\n"
                           "Upgrade: websocket\r\nX-Kept:  yes \r\n\r\n",
                           1000);
        QCOMPARE(outcome.status, 0);
        QCOMPARE(outcome.request.canonical(),
                 QByteArray("GET /x HTTP/1.1\r\nHost: h\r\nX-Kept: yes\r\n\r\n"));
        QVERIFY(!outcome.request.keepAlive);
    }

    void keepAliveFollowsVersionAndConnection()
    {
        QVERIFY(parseInSteps("GET / HTTP/1.1\r\nHost: h\r\n\r\n", 100).request.keepAlive);
        QVERIFY(
            !parseInSteps("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n", 100).request.keepAlive);
        QVERIFY(!parseInSteps("GET / HTTP/1.0\r\n\r\n", 100).request.keepAlive);
        QVERIFY(parseInSteps("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 100).request.keepAlive);
    }

    void pipelinedRequestsAreReadOneAtATime()
    {
        const QByteArray first = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
        const QByteArray second = "GET /b HTTP/1.1\r\nHost: h\r\n\r\n";
        RequestParser parser(limits());
        QByteArray input = first + second;
        RequestParser::Result result = parser.parse(input);
        QCOMPARE(result.status, RequestParser::Status::HeadParsed);
        QCOMPARE(parser.bodyLength(), 3);
        input.remove(0, result.consumed);
        result = parser.parse(input);
        QCOMPARE(result.status, RequestParser::Status::Complete);
        QCOMPARE(result.consumed, 3);
        QCOMPARE(parser.request().target, QByteArray("/a"));
        input.remove(0, result.consumed);
        QCOMPARE(input, second);
        // Until next(), the completed request stays and nothing more is read.
        QCOMPARE(parser.parse(input).consumed, 0);
        parser.next();
        QVERIFY(parser.isIdle());
        result = parser.parse(input);
        QCOMPARE(result.status, RequestParser::Status::Complete);
        QCOMPARE(parser.request().target, QByteArray("/b"));
    }

    void announcedBodyOverTheLimitIsRefusedBeforeItArrives()
    {
        RequestParser parser(limits());
        const RequestParser::Result result
            = parser.parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999\r\n\r\n");
        QCOMPARE(result.status, RequestParser::Status::Refused);
        QCOMPARE(parser.refusalStatus(), 413);
        QVERIFY(parser.refusalReason().contains(QLatin1String("999999999")));
    }

    void refusalIsFinal()
    {
        RequestParser parser(limits());
        QCOMPARE(parser.parse("NOT HTTP AT ALL\r\n\r\n").status, RequestParser::Status::Refused);
        QCOMPARE(parser.parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n").status, RequestParser::Status::Refused);
    }

    void phasesAreReportedForTimeouts()
    {
        RequestParser parser(limits());
        QVERIFY(parser.isIdle());
        QCOMPARE(parser.parse("\r\n").status, RequestParser::Status::NeedMore);
        QVERIFY(parser.isIdle()); // empty lines between requests are not a request yet
        parser.parse("GET / HT");
        QVERIFY(parser.isReadingHead());
        QCOMPARE(parser.parse("TP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n").status,
                 RequestParser::Status::HeadParsed);
        QVERIFY(!parser.isReadingHead());
        QVERIFY(!parser.isIdle());
    }
};

QTEST_APPLESS_MAIN(RequestParserTest)
#include "tst_requestparser.moc"
