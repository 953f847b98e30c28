// sdk-throughput-reader: one GET of an SSE stream over loopback, timed: de-chunks the body, parses SSE
// events, checks each is the /bench workload's patchElements event (`elements` payload of exactly --size
// bytes, rows numbered in order), checks the count and prints events/s and MB/s.
//
//   sdk-throughput-reader --url http://127.0.0.1:PORT/bench?n=100000&size=200 --n 100000 --size 200 [--label
//   X]
//   sdk-throughput-reader --file BODY --n 100000 --size 200    (a chunked body, e.g. from
//   sdk-throughput-rawwriter --dump: loaded first, then parsed from memory in reads of the socket mode's
//   size, timed: the reader's own limit, with no socket)
//
// Prints one line `RESULT label=X events=.. seconds=.. events_per_s=.. mb_per_s=.. wire_mb_per_s=..` and
// exits 0, or says what was wrong on stderr and exits 1. MB are 10^6 bytes of SSE text (the de-chunked body).
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QUrl>

#include <cstdio>
#include <cstring>
#include <string>

namespace {

// Incremental SSE parser (LF or CRLF line ends, which is what servers send) that checks each event against
// the workload instead of keeping it.
class SseChecker
{
public:
    SseChecker(qint64 expectedSize)
        : m_expectedSize(expectedSize)
    { }

    void feed(const char *data, qsizetype size)
    {
        m_bytes += size;
        while (size > 0) {
            const char *newline = static_cast<const char *>(std::memchr(data, '\n', size));
            if (!newline) {
                m_carry.append(data, size);
                return;
            }
            const qsizetype length = newline - data;
            if (m_carry.isEmpty()) {
                line(data, length);
            } else {
                m_carry.append(data, length);
                line(m_carry.constData(), m_carry.size());
                m_carry.clear();
            }
            data += length + 1;
            size -= length + 1;
        }
    }

    qint64 events() const { return m_events; }
    qint64 bytes() const { return m_bytes; }
    const std::string &error() const { return m_error; }

private:
    void line(const char *text, qsizetype length)
    {
        if (length > 0 && text[length - 1] == '\r')
            --length;
        if (length == 0) {
            dispatch();
            return;
        }
        if (text[0] == ':') {
            fail("unexpected comment line");
            return;
        }
        const char *colon = static_cast<const char *>(std::memchr(text, ':', length));
        const qsizetype nameLength = colon ? colon - text : length;
        const char *value = colon ? colon + 1 : text + length;
        qsizetype valueLength = text + length - value;
        if (valueLength > 0 && *value == ' ') {
            ++value;
            --valueLength;
        }
        const std::string_view name(text, nameLength);
        if (name == "event") {
            m_type.assign(value, valueLength);
        } else if (name == "data") {
            ++m_dataLines;
            if (m_dataLines == 1)
                checkData(std::string_view(value, valueLength));
        } else if (name != "id" && name != "retry") {
            fail("unexpected field '" + std::string(name) + "'");
        }
    }

    void checkData(std::string_view data)
    {
        constexpr std::string_view Key = "elements ";
        constexpr std::string_view Open = "<div id=\"row-";
        constexpr std::string_view Close = "</div>";
        if (!data.starts_with(Key)) {
            fail("data line is not `elements ...`");
            return;
        }
        const std::string_view elements = data.substr(Key.size());
        if (static_cast<qint64>(elements.size()) != m_expectedSize) {
            fail("elements of " + std::to_string(elements.size()) + " bytes, expected "
                 + std::to_string(m_expectedSize));
            return;
        }
        const std::string expectedOpen = std::string(Open) + std::to_string(m_events) + "\">";
        if (!elements.starts_with(expectedOpen) || !elements.ends_with(Close))
            fail("elements of event " + std::to_string(m_events) + " do not open with " + expectedOpen);
    }

    void dispatch()
    {
        if (m_dataLines == 0 && m_type.empty())
            return; // a blank line with no event before it
        if (m_type != "datastar-patch-elements")
            fail("event type '" + m_type + "'");
        else if (m_dataLines != 1)
            fail("event with " + std::to_string(m_dataLines) + " data lines");
        ++m_events;
        m_type.clear();
        m_dataLines = 0;
    }

    void fail(const std::string &message)
    {
        if (m_error.empty())
            m_error = "event " + std::to_string(m_events) + ": " + message;
    }

    qint64 m_expectedSize;
    qint64 m_events = 0;
    qint64 m_bytes = 0;
    QByteArray m_carry;
    std::string m_type;
    int m_dataLines = 0;
    std::string m_error;
};

// HTTP/1.1 chunked transfer decoding, incremental.
class Dechunker
{
public:
    explicit Dechunker(SseChecker &sink)
        : m_sink(sink)
    { }

    bool finished() const { return m_state == State::Done; }
    const std::string &error() const { return m_error; }

    void feed(const char *data, qsizetype size)
    {
        while (size > 0 && m_state != State::Done && m_error.empty()) {
            switch (m_state) {
            case State::SizeLine:
            case State::TrailerLine: {
                const char *newline = static_cast<const char *>(std::memchr(data, '\n', size));
                const qsizetype take = newline ? newline - data + 1 : size;
                m_line.append(data, take);
                data += take;
                size -= take;
                if (newline)
                    lineDone();
                break;
            }
            case State::Data: {
                const qsizetype take = qMin<qint64>(size, m_remaining);
                m_sink.feed(data, take);
                data += take;
                size -= take;
                m_remaining -= take;
                if (m_remaining == 0) {
                    m_state = State::SizeLine; // the chunk's CRLF comes back as an empty size line
                    m_expectCrlf = true;
                }
                break;
            }
            case State::Done:
                break;
            }
        }
    }

private:
    enum class State { SizeLine, Data, TrailerLine, Done };

    void lineDone()
    {
        QByteArray line = m_line.trimmed();
        m_line.clear();
        if (m_state == State::TrailerLine) {
            if (line.isEmpty())
                m_state = State::Done;
            return;
        }
        if (m_expectCrlf) {
            m_expectCrlf = false;
            if (!line.isEmpty())
                m_error = "chunk data not followed by CRLF";
            return;
        }
        const qsizetype semicolon = line.indexOf(';');
        if (semicolon >= 0)
            line.truncate(semicolon);
        bool ok = false;
        m_remaining = line.toLongLong(&ok, 16);
        if (!ok || m_remaining < 0) {
            m_error = "bad chunk size line '" + line.toStdString() + "'";
            return;
        }
        m_state = m_remaining == 0 ? State::TrailerLine : State::Data;
    }

    SseChecker &m_sink;
    State m_state = State::SizeLine;
    QByteArray m_line;
    qint64 m_remaining = 0;
    bool m_expectCrlf = false;
    std::string m_error;
};

// Bytes per read: the socket's reads and the file mode's pieces.
constexpr qsizetype ReadBytes = 1 << 20;

// The response after its request: head, then the body (chunked, Content-Length or to the end), into the
// checker. feed() says when the body is complete; error() what was wrong.
class ResponseParser
{
public:
    explicit ResponseParser(SseChecker &checker)
        : m_checker(checker)
        , m_dechunker(checker)
    { }

    // False on an error; `done` is set once the body is complete.
    bool feed(const char *data, qsizetype size, bool *done)
    {
        m_wireBytes += size;
        if (!m_inBody) {
            m_head.append(data, size);
            const qsizetype end = m_head.indexOf("\r\n\r\n");
            if (end < 0)
                return true;
            const QList<QByteArray> lines = m_head.left(end).split('\n');
            if (!lines.first().startsWith("HTTP/1.1 200")) {
                m_error = "response status '" + lines.first().trimmed().toStdString()
                    + "': " + m_head.mid(end + 4).toStdString();
                return false;
            }
            for (const QByteArray &line : lines) {
                const QByteArray lower = line.trimmed().toLower();
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked"))
                    m_chunked = true;
                else if (lower.startsWith("content-length:"))
                    m_contentLength = lower.mid(15).trimmed().toLongLong();
            }
            m_inBody = true;
            const qsizetype bodyStart = end + 4 - (m_head.size() - size);
            data += bodyStart;
            size -= bodyStart;
        }
        if (m_chunked) {
            m_dechunker.feed(data, size);
            if (!m_dechunker.error().empty()) {
                m_error = m_dechunker.error();
                return false;
            }
            *done = m_dechunker.finished();
        } else {
            m_checker.feed(data, size);
            *done = m_contentLength >= 0 && m_checker.bytes() >= m_contentLength;
        }
        if (!m_checker.error().empty()) {
            m_error = m_checker.error();
            return false;
        }
        return true;
    }

    // A body without a length ends with the connection.
    bool endsWithConnection() const { return m_inBody && !m_chunked && m_contentLength < 0; }
    qint64 wireBytes() const { return m_wireBytes; }
    const std::string &error() const { return m_error; }

private:
    SseChecker &m_checker;
    Dechunker m_dechunker;
    QByteArray m_head;
    bool m_inBody = false;
    bool m_chunked = false;
    qint64 m_contentLength = -1;
    qint64 m_wireBytes = 0;
    std::string m_error;
};

int fail(const std::string &message)
{
    std::fprintf(stderr, "sdk-throughput-reader: %s\n", message.c_str());
    return 1;
}

// One GET of `url`, read to the body's end. Returns an error message, empty on success.
std::string readFromSocket(const QUrl &url, ResponseParser &parser, const SseChecker &checker)
{
    QTcpSocket socket;
    socket.connectToHost(url.host(), url.port(80));
    if (!socket.waitForConnected(10000))
        return "cannot connect to " + url.toString().toStdString() + ": "
            + socket.errorString().toStdString();
    socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QByteArray request = "GET " + url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority)
        + " HTTP/1.1\r\n" + "Host: " + url.authority().toUtf8() + "\r\nAccept: text/event-stream\r\n\r\n";
    socket.write(request);

    QByteArray buffer(ReadBytes, Qt::Uninitialized);
    bool done = false;
    while (!done) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(30000)) {
            if (socket.state() != QAbstractSocket::ConnectedState && parser.endsWithConnection())
                return {};
            return "stream stalled or dropped after " + std::to_string(checker.events())
                + " events: " + socket.errorString().toStdString();
        }
        const qint64 got = socket.read(buffer.data(), buffer.size());
        if (got < 0)
            return "read failed: " + socket.errorString().toStdString();
        if (!parser.feed(buffer.constData(), got, &done))
            return parser.error();
    }
    return {};
}

// The response in `response` (already in memory), fed through the same buffer as a socket's reads, so the
// parser sees the same pieces.
std::string readFromMemory(const QByteArray &response, ResponseParser &parser)
{
    QByteArray buffer(ReadBytes, Qt::Uninitialized);
    bool done = false;
    for (qsizetype offset = 0; offset < response.size() && !done; offset += ReadBytes) {
        const qsizetype size = qMin(ReadBytes, response.size() - offset);
        std::memcpy(buffer.data(), response.constData() + offset, size);
        if (!parser.feed(buffer.constData(), size, &done))
            return parser.error();
    }
    return done ? std::string() : "the response ends before its body does";
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Reads and checks one /bench SSE stream, timed."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(QStringLiteral("url"), QStringLiteral("Stream URL (http only)."),
                                       QStringLiteral("URL"));
    const QCommandLineOption fileOption(
        QStringLiteral("file"),
        QStringLiteral("A chunked body (sdk-throughput-rawwriter --dump) to parse from memory instead."),
        QStringLiteral("PATH"));
    const QCommandLineOption countOption(QStringLiteral("n"), QStringLiteral("Events expected."),
                                         QStringLiteral("N"));
    const QCommandLineOption sizeOption(
        QStringLiteral("size"), QStringLiteral("Bytes of each elements payload."), QStringLiteral("S"));
    const QCommandLineOption labelOption(QStringLiteral("label"),
                                         QStringLiteral("Name printed with the figures."),
                                         QStringLiteral("NAME"), QStringLiteral("server"));
    parser.addOptions({ urlOption, fileOption, countOption, sizeOption, labelOption });
    parser.process(app);

    const QUrl url(parser.value(urlOption));
    const bool fromFile = parser.isSet(fileOption);
    const qint64 expectedEvents = parser.value(countOption).toLongLong();
    const qint64 expectedSize = parser.value(sizeOption).toLongLong();
    if ((!fromFile && (!url.isValid() || url.scheme() != u"http")) || expectedEvents <= 0
        || expectedSize <= 0)
        return fail("need --url http://... or --file PATH, --n N and --size S (see --help)");

    SseChecker checker(expectedSize);
    ResponseParser response(checker);
    QElapsedTimer timer;
    std::string error;
    if (fromFile) {
        QFile file(parser.value(fileOption));
        if (!file.open(QIODevice::ReadOnly))
            return fail("cannot read " + file.fileName().toStdString() + ": "
                        + file.errorString().toStdString());
        // The head a server would send first, so both modes parse the same response.
        const QByteArray bytes = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n"
            + file.readAll();
        timer.start();
        error = readFromMemory(bytes, response);
    } else {
        timer.start();
        error = readFromSocket(url, response, checker);
    }
    const double seconds = timer.nsecsElapsed() / 1e9;
    if (!error.empty())
        return fail(error);

    if (checker.events() != expectedEvents)
        return fail("received " + std::to_string(checker.events()) + " events, expected "
                    + std::to_string(expectedEvents));
    std::printf("RESULT label=%s events=%lld bytes=%lld wire_bytes=%lld seconds=%.6f events_per_s=%.0f "
                "mb_per_s=%.2f wire_mb_per_s=%.2f\n",
                qPrintable(parser.value(labelOption)), static_cast<long long>(checker.events()),
                static_cast<long long>(checker.bytes()), static_cast<long long>(response.wireBytes()),
                seconds, checker.events() / seconds, checker.bytes() / seconds / 1e6,
                response.wireBytes() / seconds / 1e6);
    return 0;
}
