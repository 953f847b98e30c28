// The multipart/form-data parser on bytes alone: what browsers send, names and file names, the framing it
// refuses and its limits.
#include <QTest>

#include <multipartparser_p.h>

using starling::detail::MultipartLimits;
using starling::detail::MultipartParser;
using starling::detail::MultipartPart;

namespace {

const QByteArray Boundary = "----WebKitFormBoundaryl7Fv1z0sDxr0Hc7M";
const QByteArray ContentType = "multipart/form-data; boundary=" + Boundary;

// One part as a browser frames it, without the boundary line before it.
QByteArray part(const QByteArray &disposition, const QByteArray &content, const QByteArray &extraHeaders = {})
{
    return "Content-Disposition: form-data; " + disposition + "\r\n" + extraHeaders + "\r\n" + content;
}

// `parts` between boundary lines, with the closing one and its CRLF.
QByteArray body(const QList<QByteArray> &parts)
{
    QByteArray bytes;
    for (const QByteArray &each : parts)
        bytes += "--" + Boundary + "\r\n" + each + "\r\n";
    return bytes + "--" + Boundary + "--\r\n";
}

} // namespace

class MultipartParserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void browserFormIsRead()
    {
        // Bytes that look like framing inside a file: CRLF, "--", the boundary without its CRLF before it.
        const QByteArray binary = QByteArray("\x89PNG\r\n\x1a\n\0\xff--", 12) + Boundary + "\r\n--x\r\n";
        const QByteArray bytes = body({
            part(R"(name="title")", "Milk & eggs"),
            part(R"(name="tags")", "a"),
            part(R"(name="tags")", ""),
            part(R"(name="photo"; filename="cat.png")", binary, "Content-Type: image/png\r\n"),
            part(R"(name="empty"; filename="")", "", "Content-Type: application/octet-stream\r\n"),
        });
        MultipartParser parser;
        QVERIFY2(parser.parse(ContentType, bytes), qPrintable(parser.errorString()));
        QCOMPARE(parser.errorStatus(), 0);
        const QList<MultipartPart> &parts = parser.parts();
        QCOMPARE(parts.size(), 5);
        QCOMPARE(parts[0].name, QStringLiteral("title"));
        QCOMPARE(parts[0].fileName, std::nullopt);
        QCOMPARE(parts[0].content, QByteArray("Milk & eggs"));
        QVERIFY(parts[0].contentType.isEmpty());
        QCOMPARE(parts[1].name, QStringLiteral("tags"));
        QCOMPARE(parts[2].name, QStringLiteral("tags"));
        QCOMPARE(parts[2].content, QByteArray());
        QCOMPARE(parts[3].name, QStringLiteral("photo"));
        QCOMPARE(parts[3].fileName, std::optional<QString>(QStringLiteral("cat.png")));
        QCOMPARE(parts[3].contentType, QByteArray("image/png"));
        QCOMPARE(parts[3].content, binary);
        QCOMPARE(parts[3].headers.size(), 2);
        QCOMPARE(parts[3].headers[1].first, QByteArray("Content-Type"));
        QCOMPARE(parts[4].fileName, std::optional<QString>(QString()));
        QVERIFY(parts[4].content.isEmpty());
    }

    void emptyFormIsValid_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("closing boundary and CRLF") << QByteArray("--" + Boundary + "--\r\n");
        QTest::newRow("closing boundary alone") << QByteArray("--" + Boundary + "--");
    }
    void emptyFormIsValid()
    {
        QFETCH(QByteArray, bytes);
        MultipartParser parser;
        QVERIFY2(parser.parse(ContentType, bytes), qPrintable(parser.errorString()));
        QVERIFY(parser.parts().isEmpty());
    }

    void boundaryIsReadFromContentType_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("boundary"); // null: refused
        QTest::newRow("token") << QByteArray("multipart/form-data; boundary=abc") << QByteArray("abc");
        QTest::newRow("quoted, with a colon and a space")
            << QByteArray(R"(multipart/form-data; boundary="a:b c")") << QByteArray("a:b c");
        QTest::newRow("name in any case, other parameters")
            << QByteArray("Multipart/Form-Data; charset=utf-8;BOUNDARY=x-1") << QByteArray("x-1");
        QTest::newRow("70 characters")
            << QByteArray("multipart/form-data; boundary=" + QByteArray(70, 'b')) << QByteArray(70, 'b');
        QTest::newRow("missing") << QByteArray("multipart/form-data") << QByteArray();
        QTest::newRow("empty quoted") << QByteArray(R"(multipart/form-data; boundary="")") << QByteArray();
        QTest::newRow("71 characters")
            << QByteArray("multipart/form-data; boundary=" + QByteArray(71, 'b')) << QByteArray();
        QTest::newRow("character outside RFC 2046's set")
            << QByteArray(R"(multipart/form-data; boundary="a;b")") << QByteArray();
        QTest::newRow("ends in a space")
            << QByteArray(R"(multipart/form-data; boundary="ab ")") << QByteArray();
        QTest::newRow("twice") << QByteArray("multipart/form-data; boundary=a; boundary=b") << QByteArray();
        QTest::newRow("no value") << QByteArray("multipart/form-data; boundary=") << QByteArray();
    }
    void boundaryIsReadFromContentType()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, boundary);
        QString error;
        const std::optional<QByteArray> read = MultipartParser::boundary(contentType, &error);
        if (boundary.isNull()) {
            QCOMPARE(read, std::nullopt);
            QVERIFY(error.startsWith(QStringLiteral("the multipart Content-Type is malformed: ")));
            MultipartParser parser;
            QVERIFY(!parser.parse(contentType, "--" + Boundary + "--"));
            QCOMPARE(parser.errorStatus(), 400);
        } else {
            QCOMPARE(read, std::optional<QByteArray>(boundary));
            QVERIFY(error.isEmpty());
            MultipartParser parser;
            QVERIFY(parser.parse(contentType,
                                 "--" + boundary + "\r\n" + part(R"(name="a")", "1") + "\r\n--" + boundary
                                     + "--"));
            QCOMPARE(parser.parts().size(), 1);
        }
    }

    void namesAreDecoded_data()
    {
        QTest::addColumn<QByteArray>("disposition");
        QTest::addColumn<QString>("name");
        QTest::addColumn<std::optional<QString>>("fileName");
        const std::optional<QString> none;
        QTest::newRow("HTML escapes")
            << QByteArray(R"(name="a%22b%0D%0Ac"; filename="x%22.txt")") << QStringLiteral("a\"b\r\nc")
            << std::optional<QString>(QStringLiteral("x\".txt"));
        QTest::newRow("other escapes stay")
            << QByteArray(R"(name="100%25 %41")") << QStringLiteral("100%25 %41") << none;
        QTest::newRow("UTF-8") << QByteArray("name=\"caf\xc3\xa9\"; filename=\"\xe2\x82\xac.txt\"")
                               << QStringLiteral("café") << std::optional<QString>(QStringLiteral("€.txt"));
        QTest::newRow("backslash is no escape")
            << QByteArray(R"(name="a\"; filename="b\c")") << QStringLiteral("a\\")
            << std::optional<QString>(QStringLiteral("b\\c"));
        QTest::newRow("tokens, any case, spaces")
            << QByteArray("NAME=field;  FileName=report.pdf") << QStringLiteral("field")
            << std::optional<QString>(QStringLiteral("report.pdf"));
        QTest::newRow("filename* in UTF-8 wins")
            << QByteArray(R"(name="f"; filename="euro.txt"; filename*=UTF-8''%E2%82%AC%20rates.txt)")
            << QStringLiteral("f") << std::optional<QString>(QStringLiteral("€ rates.txt"));
        QTest::newRow("filename* in ISO-8859-1 with a language")
            << QByteArray(R"(name="f"; filename*=iso-8859-1'en'%E9t%E9.txt)") << QStringLiteral("f")
            << std::optional<QString>(QStringLiteral("été.txt"));
        QTest::newRow("empty name") << QByteArray(R"(name="")") << QString() << none;
    }
    void namesAreDecoded()
    {
        QFETCH(QByteArray, disposition);
        QFETCH(QString, name);
        QFETCH(std::optional<QString>, fileName);
        MultipartParser parser;
        QVERIFY2(parser.parse(ContentType, body({ part(disposition, "x") })),
                 qPrintable(parser.errorString()));
        QCOMPARE(parser.parts().size(), 1);
        QCOMPARE(parser.parts()[0].name, name);
        QCOMPARE(parser.parts()[0].fileName, fileName);
    }

    void malformedBodiesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message"); // a part of the error string

        const QByteArray dash = "--" + Boundary;
        const QByteArray good = part(R"(name="a")", "1");
        auto row = [&](const char *name, const QByteArray &bytes, const QString &message, int status = 400) {
            QTest::newRow(name) << ContentType << bytes << status << message;
        };
        QTest::newRow("not multipart") << QByteArray("application/json") << body({ good }) << 415
                                       << QStringLiteral("not multipart/form-data");
        QTest::newRow("no boundary") << QByteArray("multipart/form-data") << body({ good }) << 400
                                     << QStringLiteral("no boundary parameter");
        row("empty body", "", QStringLiteral("does not start with its boundary"));
        row("preamble", "hello\r\n" + body({ good }), QStringLiteral("does not start with its boundary"));
        row("LF line ends", QByteArray(body({ good })).replace("\r\n", "\n"), QStringLiteral("offset 0"));
        row("padding after a boundary", dash + " \r\n" + good + "\r\n" + dash + "--",
            QStringLiteral("followed by something other than CRLF"));
        row("a part holds the boundary", dash + "\r\n" + good + "\r\n" + dash + "x\r\n" + dash + "--",
            QStringLiteral("a part may not contain its boundary"));
        row("no closing boundary", dash + "\r\n" + good + "\r\n" + dash + "\r\n",
            QStringLiteral("part 2 (offset"));
        row("cut off inside a part", dash + "\r\n" + good, QStringLiteral("part 1 (offset"));
        row("ends after a boundary", dash + "\r\n" + good + "\r\n" + dash,
            QStringLiteral("ends without its closing boundary"));
        row("bytes after the closing boundary", body({ good }) + "epilogue",
            QStringLiteral("bytes follow the closing boundary"));
        row("no header lines", dash + "\r\n\r\n1\r\n" + dash + "--", QStringLiteral("has no header lines"));
        row("header lines never end", dash + "\r\nContent-Disposition: form-data; name=a\r\n",
            QStringLiteral("do not end with a blank line"));
        row("boundary right after the blank line",
            dash + "\r\nContent-Disposition: form-data; name=a\r\n\r\n" + dash + "--",
            QStringLiteral("boundary right after its blank line"));
        row("boundary among the header lines",
            dash + "\r\nContent-Disposition: form-data; name=a\r\n" + dash + "\r\nX: 1\r\n\r\n1\r\n" + dash
                + "--",
            QStringLiteral("starting with \"--\""));
        row("no Content-Disposition", body({ "Content-Type: text/plain\r\n\r\n1" }),
            QStringLiteral("no Content-Disposition"));
        row("two Content-Dispositions",
            body({ part(R"(name="a")", "1", "Content-Disposition: form-data\r\n") }),
            QStringLiteral("two Content-Disposition"));
        row("two Content-Types",
            body({ part(R"(name="a")", "1", "Content-Type: text/plain\r\ncontent-type: text/html\r\n") }),
            QStringLiteral("two Content-Type"));
        row("not form-data", body({ "Content-Disposition: attachment; name=\"a\"\r\n\r\n1" }),
            QStringLiteral("not form-data"));
        row("no name", body({ part(R"(filename="a.txt")", "1") }), QStringLiteral("has no name"));
        row("name twice", body({ part(R"(name="a"; name="b")", "1") }), QStringLiteral("appears twice"));
        row("unclosed quote", body({ part("name=\"a", "1") }), QStringLiteral("no closing quote"));
        row("parameter without a value", body({ part(R"(name)", "1") }), QStringLiteral("not name=value"));
        row("garbage after a quoted value", body({ part(R"(name="a"b)", "1") }),
            QStringLiteral("expected ';'"));
        row("folded header line", body({ part(R"(name="a")", "1", "X-Note: a\r\n b\r\n") }),
            QStringLiteral("folded header line"));
        row("header line without a colon", body({ part(R"(name="a")", "1", "X-Note\r\n") }),
            QStringLiteral("malformed header line"));
        row("space before the colon", body({ part(R"(name="a")", "1", "X-Note : a\r\n") }),
            QStringLiteral("malformed header line"));
        row("control character in a value", body({ part(R"(name="a")", "1", "X-Note: a\x01\r\n") }),
            QStringLiteral("control character"));
        row("bare CR in a header line", body({ part(R"(name="a")", "1", "X-Note: a\rb\r\n") }),
            QStringLiteral("control character"));
        row("base64 transfer encoding",
            body({ part(R"(name="a")", "MQ==", "Content-Transfer-Encoding: base64\r\n") }),
            QStringLiteral("Content-Transfer-Encoding 'base64'"));
        row("filename* in another charset", body({ part(R"(name="a"; filename*=UTF-16''%00a)", "1") }),
            QStringLiteral("only UTF-8 and ISO-8859-1"));
        row("filename* without its quotes", body({ part(R"(name="a"; filename*=a.txt)", "1") }),
            QStringLiteral("charset'language'value"));
        row("filename* with a broken escape", body({ part(R"(name="a"; filename*=UTF-8''%E2%8)", "1") }),
            QStringLiteral("two hex digits"));
    }
    void malformedBodiesAreRefused()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(QString, message);
        MultipartParser parser;
        QVERIFY(!parser.parse(contentType, bytes));
        QCOMPARE(parser.errorStatus(), status);
        QVERIFY2(parser.errorString().contains(message), qPrintable(parser.errorString()));
        QVERIFY(parser.parts().isEmpty());
    }

    void transferEncodingsThatKeepTheBytesAreAccepted()
    {
        MultipartParser parser;
        QVERIFY2(parser.parse(ContentType,
                              body({ part(R"(name="a")", "1", "Content-Transfer-Encoding: 8BIT\r\n"),
                                     part(R"(name="b")", "2", "Content-Transfer-Encoding: binary\r\n") })),
                 qPrintable(parser.errorString()));
        QCOMPARE(parser.parts().size(), 2);
    }

    void partCountIsLimited()
    {
        const MultipartLimits limits { .maxParts = 2 };
        MultipartParser parser(limits);
        const QByteArray one = part(R"(name="a")", "1");
        QVERIFY2(parser.parse(ContentType, body({ one, one })), qPrintable(parser.errorString()));
        QCOMPARE(parser.parts().size(), 2);
        QVERIFY(!parser.parse(ContentType, body({ one, one, one })));
        QCOMPARE(parser.errorStatus(), 413);
        QVERIFY2(parser.errorString().contains(QStringLiteral("more than 2 parts")),
                 qPrintable(parser.errorString()));
    }

    void headerBytesPerPartAreLimited()
    {
        // The header lines with their CRLFs, without the blank line: exactly the limit passes, a byte more
        // not.
        const MultipartLimits limits { .maxHeaderBytes = 100 };
        const QByteArray disposition = "Content-Disposition: form-data; name=\"a\"\r\n";
        const QByteArray filler = "X-Fill: ";
        const QByteArray atLimit = disposition + filler
            + QByteArray(limits.maxHeaderBytes - disposition.size() - filler.size() - 2, 'x') + "\r\n";
        QCOMPARE(atLimit.size(), limits.maxHeaderBytes);
        MultipartParser parser(limits);
        QVERIFY2(parser.parse(ContentType, body({ atLimit + "\r\n1" })), qPrintable(parser.errorString()));

        const QByteArray overLimit = disposition + filler
            + QByteArray(limits.maxHeaderBytes - disposition.size() - filler.size() - 1, 'x') + "\r\n";
        QVERIFY(!parser.parse(ContentType, body({ overLimit + "\r\n1" })));
        QCOMPARE(parser.errorStatus(), 413);
        QVERIFY2(parser.errorString().contains(QStringLiteral("over the limit of 100 bytes")),
                 qPrintable(parser.errorString()));
        // Header lines that never end are over the limit too once they are longer than it.
        QVERIFY(!parser.parse(ContentType, "--" + Boundary + "\r\n" + overLimit + QByteArray(1000, 'x')));
        QCOMPARE(parser.errorStatus(), 413);
    }

    void parserCanBeUsedAgain()
    {
        MultipartParser parser;
        QVERIFY(!parser.parse(ContentType, "nonsense"));
        QVERIFY(!parser.errorString().isEmpty());
        QVERIFY(parser.parse(ContentType, body({ part(R"(name="a")", "1") })));
        QCOMPARE(parser.errorStatus(), 0);
        QVERIFY(parser.errorString().isEmpty());
        QCOMPARE(parser.parts().size(), 1);
    }
};

QTEST_APPLESS_MAIN(MultipartParserTest)
#include "tst_multipartparser.moc"
