// The client's event-stream parser (resources/datastar/sse.js): the HTML standard's rules, fed whole, byte by
// byte and from real network chunks.
#include "backendtest.h"
#include "pagedriver.h"
#include "testserver.h"
#include "webenginetest.h"

#include <QApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QtTest>

#include <optional>

using starling::test::PageDriver;
using starling::test::TestServer;

// In the page: parse(text, chunkSize) feeds text in chunks of chunkSize characters (0: whole) and returns the
// events, the retries and the last event id as JSON.
static const QByteArray ParserImports = R"JS(
import {createParser, parseDatastarData} from '/_starling/datastar/sse.js';
window.parse = (text, chunkSize, asBytes) => {
  const events = [], retries = [], comments = [];
  const p = createParser((e) => events.push(e), {onRetry: (ms) => retries.push(ms), onComment: (c) => comments.push(c)});
  const input = asBytes ? new TextEncoder().encode(text) : text;
  const step = chunkSize || input.length || 1;
  for (let i = 0; i < input.length; i += step) p.feed(input.slice(i, i + step));
  p.end();
  return JSON.stringify({events, retries, comments, lastEventId: p.lastEventId});
};
window.parseDatastarData = (d) => JSON.stringify(parseDatastarData(d));
window.createParser = createParser;
)JS";

class SseParserTest : public starling::test::WebEngineTest
{
    Q_OBJECT

private:
    QJsonObject parse(const QString &text, int chunkSize = 0, bool asBytes = false)
    {
        const QString js
            = QStringLiteral("parse(%1, %2, %3)")
                  .arg(QString::fromUtf8(QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact))
                           .mid(1)
                           .chopped(1))
                  .arg(chunkSize)
                  .arg(asBytes ? QStringLiteral("true") : QStringLiteral("false"));
        bool ok = false;
        const QVariant result = m_page.eval(js, &ok);
        if (!ok)
            return {};
        return QJsonDocument::fromJson(result.toString().toUtf8()).object();
    }

    static QJsonObject event(const QString &type, const QString &data, const QString &id = {})
    {
        return QJsonObject { { QStringLiteral("type"), type },
                             { QStringLiteral("data"), data },
                             { QStringLiteral("id"), id } };
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.listen());
        QVERIFY(backendtest::loadPage(m_server, m_page, QStringLiteral("/parser.html"),
                                      backendtest::modulePage({}, ParserImports)));
    }

    void everyLineEndingEndsLines_data()
    {
        QTest::addColumn<QString>("eol");
        QTest::newRow("LF") << QStringLiteral("\n");
        QTest::newRow("CRLF") << QStringLiteral("\r\n");
        QTest::newRow("CR") << QStringLiteral("\r");
    }

    void everyLineEndingEndsLines()
    {
        QFETCH(QString, eol);
        const QString text = QStringList { QStringLiteral("event: datastar-patch-signals"),
                                           QStringLiteral("data: signals {\"a\":1}"),
                                           QString(),
                                           QStringLiteral("event: datastar-patch-elements"),
                                           QStringLiteral("data: elements <p>"),
                                           QStringLiteral("data: elements </p>"),
                                           QString(),
                                           QString() }
                                 .join(eol);
        const QJsonArray expected {
            event(QStringLiteral("datastar-patch-signals"), QStringLiteral("signals {\"a\":1}")),
            event(QStringLiteral("datastar-patch-elements"), QStringLiteral("elements <p>\nelements </p>"))
        };
        // Whole, one character at a time (a CRLF split across chunks is one line end), and as UTF-8 bytes.
        for (int chunk : { 0, 1, 2, 3, 7 }) {
            const QJsonObject whole = parse(text, chunk);
            QCOMPARE(whole.value(QStringLiteral("events")).toArray(), expected);
            const QJsonObject bytes = parse(text, chunk, true);
            QCOMPARE(bytes.value(QStringLiteral("events")).toArray(), expected);
        }
    }

    void fieldsFollowTheStandard()
    {
        const QString text = QStringLiteral("\xFEFF: a comment\n"
                                            "event:datastar-x\n"
                                            "data:  two spaces\n"
                                            "data\n"
                                            "unknown: field\n"
                                            "id: 42\n"
                                            "retry: 1500\n"
                                            "retry: 15x\n"
                                            "\n"
                                            "id: bad\0id\n"
                                            "event: lonely\n"
                                            "\n"
                                            "data: after\n"
                                            "\n"
                                            "data: unterminated");
        const QJsonObject r = parse(QString(text.constData(), text.size()), 1);
        // One optional space is stripped; a field name alone has an empty value; the id (no NUL) is kept;
        // an event without data is not dispatched (but resets the type); the last unterminated event is
        // dropped.
        QCOMPARE(
            r.value(QStringLiteral("events")).toArray(),
            (QJsonArray {
                event(QStringLiteral("datastar-x"), QStringLiteral(" two spaces\n"), QStringLiteral("42")),
                event(QStringLiteral("message"), QStringLiteral("after"), QStringLiteral("42")) }));
        QCOMPARE(r.value(QStringLiteral("retries")).toArray(), QJsonArray { 1500 });
        QCOMPARE(r.value(QStringLiteral("comments")).toArray(), QJsonArray { QStringLiteral(" a comment") });
        QCOMPARE(r.value(QStringLiteral("lastEventId")).toString(), QStringLiteral("42"));
    }

    void utf8SplitAcrossChunksDecodes()
    {
        const QString text = QStringLiteral("data: elements <p>I’m sorry, Dave ✓ 😀</p>\n\n");
        for (int chunk : { 1, 2, 5 }) {
            const QJsonObject r = parse(text, chunk, true);
            QCOMPARE(r.value(QStringLiteral("events")).toArray(),
                     QJsonArray { event(QStringLiteral("message"),
                                        QStringLiteral("elements <p>I’m sorry, Dave ✓ 😀</p>")) });
        }
    }

    void datastarDataLinesSplitAtFirstSpace()
    {
        const QVariant r
            = m_page.eval(QStringLiteral("parseDatastarData('selector #a b\\nmode inner\\nelements "
                                         "<p>\\nelements  x </p>\\nelements\\nflag')"));
        QCOMPARE(QJsonDocument::fromJson(r.toString().toUtf8()).object(),
                 (QJsonObject { { QStringLiteral("selector"), QStringLiteral("#a b") },
                                { QStringLiteral("mode"), QStringLiteral("inner") },
                                { QStringLiteral("elements"), QStringLiteral("<p>\n x </p>\n") },
                                { QStringLiteral("flag"), QString() } }));
    }

    // Real network chunks: the server writes the next piece only once the page has read the previous one, so
    // each piece is its own read, split in the middle of a field, of a CRLF and of a UTF-8 character.
    void eventsSplitAcrossNetworkChunks()
    {
        const QByteArray stream
            = QByteArrayLiteral("event: datastar-patch-elements\r\ndata: elements <p>caf\xC3\xA9</p>\r\n\r\n"
                                ": keep-alive\r\nid: 7\r\nevent: datastar-patch-signals\r\n"
                                "data: signals {\"n\":\r\ndata: signals 1}\r\n\r\n");
        // Splits: inside a field name, inside a CRLF (offset 31), inside "é" (54), inside another CRLF (136).
        const QList<int> cuts { 10, 31, 54, 90, 136, int(stream.size()) };
        QList<QByteArray> pieces;
        for (int i = 0, from = 0; i < cuts.size(); from = cuts.at(i++))
            pieces.append(stream.mid(from, cuts.at(i) - from));
        // Written straight to the socket (as the SDK does): a body without Content-Length, read until close.
        std::optional<QHttpServerResponder> responder; // kept alive: it owns nothing but must not answer
        QPointer<QTcpSocket> socket;
        int written = 0;
        auto writeNext = [&] {
            if (written < pieces.size() && socket) {
                socket->write(pieces.at(written++));
                socket->flush();
                if (written == pieces.size())
                    socket->disconnectFromHost();
            }
        };
        m_server.http().route(QStringLiteral("/chunks"),
                              [&](const QHttpServerRequest &req, datastar::RouteResponder r) {
                                  socket = datastar::detail::connectionSocket(req, r);
                                  responder.emplace(std::move(r));
                                  socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                                "Cache-Control: no-cache\r\nConnection: close\r\n\r\n");
                                  writeNext();
                              });
        m_server.http().route(QStringLiteral("/ack"), [&](const QHttpServerRequest &) {
            writeNext();
            return QString();
        });
        m_page.eval(QStringLiteral(R"JS(
          window.reads = 0; window.result = null;
          (async () => {
            const events = [];
            const p = createParser((e) => events.push(e));
            const reader = (await fetch('/chunks')).body.getReader();
            for (;;) {
              const {done, value} = await reader.read();
              if (done) break;
              window.reads++;
              p.feed(value);
              fetch('/ack');
            }
            p.end();
            window.result = JSON.stringify({events, lastEventId: p.lastEventId});
          })();
        )JS"));
        QVERIFY(m_page.waitFor(QStringLiteral("window.result !== null")));
        QCOMPARE(m_page.eval(QStringLiteral("window.reads")).toInt(), int(pieces.size()));
        const QJsonObject r
            = QJsonDocument::fromJson(m_page.eval(QStringLiteral("window.result")).toString().toUtf8())
                  .object();
        QCOMPARE(r.value(QStringLiteral("events")).toArray(),
                 (QJsonArray {
                     event(QStringLiteral("datastar-patch-elements"), QStringLiteral("elements <p>café</p>")),
                     event(QStringLiteral("datastar-patch-signals"),
                           QStringLiteral("signals {\"n\":\nsignals 1}"), QStringLiteral("7")) }));
        QCOMPARE(r.value(QStringLiteral("lastEventId")).toString(), QStringLiteral("7"));
        responder.reset();
    }

private:
    TestServer m_server;
    PageDriver m_page;
};

QTEST_MAIN(SseParserTest)
#include "tst_sseparser.moc"
