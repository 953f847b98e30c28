// The reader of the serve-fanout benchmark: one process, one thread, epoll over non-blocking sockets. For one
// server (serve-fanout-server) and one stream count it opens the streams, publishes through POST /publish,
// checks every event on every stream (order, content, the same publish time everywhere) and measures:
//   time to open all streams (from the first connect to the last response head),
//   publish-to-last-delivery per publish (the server's CLOCK_MONOTONIC stamp in the event to the moment the
//   last stream has read it; same machine, same clock),
//   deliveries/s over bursts of publishes,
//   the server's RSS (and PSS) before, with the streams open (idle, before and after traffic) and after they
//   closed (polled until it is back within 10% of the start, or for at most --settle seconds).
// Prints one JSON object on stdout; progress and errors on stderr. Exits 1 when it could not measure (a
// stream refused or cut off, a wrong byte).
#include <algorithm>
#include <arpa/inet.h>
#include <brotli/decode.h>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr int PaddingBytes = 200; // as the server's

[[noreturn]] void fail(const std::string &message)
{
    std::fprintf(stderr, "serve-fanout-reader: %s\n", message.c_str());
    std::exit(1);
}

int64_t nowNs()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

void sleepMs(int ms)
{
    timespec t { ms / 1000, long(ms % 1000) * 1'000'000 };
    nanosleep(&t, nullptr);
}

// VmRSS (KiB) of a process, and Pss from smaps_rollup (KiB; -1 when unreadable).
struct Memory
{
    long rssKiB = -1;
    long pssKiB = -1;
};

long fieldKiB(const std::string &path, const char *field)
{
    std::ifstream in(path);
    std::string line;
    const size_t length = std::strlen(field);
    while (std::getline(in, line)) {
        if (line.compare(0, length, field) == 0)
            return std::atol(line.c_str() + length);
    }
    return -1;
}

Memory memoryOf(int pid)
{
    const std::string proc = "/proc/" + std::to_string(pid);
    return { fieldKiB(proc + "/status", "VmRSS:"), fieldKiB(proc + "/smaps_rollup", "Pss:") };
}

struct Options
{
    int port = 0;
    std::string token;
    int serverPid = 0;
    int streams = 1;
    int publishes = 20; // one at a time, for the latency series
    int bursts = 5; // rounds of `burst` publishes at once, for deliveries/s
    int burst = 10;
    int openWindow = 1000; // connections opening at once
    // The runtime gives freed heap back at most every 10 s (heaptrim.cpp), 1 s after a stream closes: closing
    // 10,000 streams takes a few seconds, so the trim that follows the last one may come 15 s after the first.
    int settleSeconds = 25;
    bool brotli = false;
};

// One connection: an SSE stream, or a short request (control).
struct Connection
{
    enum class Phase { Connecting, Head, Body, Done };
    int fd = -1;
    Phase phase = Phase::Connecting;
    std::string request;
    size_t requestSent = 0;
    std::string input; // bytes not yet parsed (head, chunk framing)
    bool control = false;
    // Streams: chunked body, maybe Brotli, then SSE.
    size_t chunkLeft = 0;
    bool inChunkData = false;
    BrotliDecoderState *brotli = nullptr;
    std::string text; // decoded SSE not yet parsed into events
    int64_t nextSeq = 0; // the next publish this stream must see; 0: none expected yet
    // Control: the whole answer once read.
    std::string answer;

    ~Connection()
    {
        if (brotli)
            BrotliDecoderDestroyInstance(brotli);
        if (fd >= 0)
            close(fd);
    }
};

class Reader
{
public:
    explicit Reader(const Options &options)
        : m_options(options)
    {
        m_epoll = epoll_create1(0);
        if (m_epoll < 0)
            fail("epoll_create1 failed");
        m_expectedPrefix = "data: elements <p id=\"tick\" data-seq=\"";
        m_padding = std::string(PaddingBytes, 'x') + "</p>";
    }

    void run();

private:
    Connection *connectTo(std::string request, bool control);
    void pump(int timeoutMs); // one epoll_wait round
    void onEvent(Connection *connection, uint32_t events);
    void readFrom(Connection *connection);
    void feedHead(Connection *connection);
    void feedBody(Connection *connection, const char *data, size_t size);
    void feedText(Connection *connection, const char *data, size_t size);
    void onSseEvent(Connection *connection, std::string_view event);
    void closeConnection(Connection *connection);
    std::string requestOnce(const std::string &method, const std::string &target); // body of a 200 answer
    int streamCountOnServer();
    void publish(int64_t first, int count); // waits until every stream has every event
    std::string head(const std::string &method, const std::string &target, bool close) const;

    Options m_options;
    int m_epoll = -1;
    std::vector<std::unique_ptr<Connection>> m_streams;
    std::vector<Connection *> m_controls;
    std::string m_expectedPrefix, m_padding;
    int m_opened = 0; // streams whose head arrived
    int64_t m_lastHeadAt = 0;
    // Per publish (index seq): the server's stamp, deliveries so far and the last one's time.
    std::vector<int64_t> m_stamp, m_lastDelivery;
    std::vector<int> m_delivered;
    int64_t m_deliveriesChecked = 0;
    bool m_closing = false;
};

std::string Reader::head(const std::string &method, const std::string &target, bool close) const
{
    const std::string host = "127.0.0.1:" + std::to_string(m_options.port);
    std::string text = method + " " + target + " HTTP/1.1\r\nHost: " + host
        + "\r\nStarling-Token: " + m_options.token + "\r\n";
    if (method == "POST")
        text += "Origin: http://" + host + "\r\nContent-Length: 0\r\n";
    if (close)
        text += "Connection: close\r\n";
    return text;
}

Connection *Reader::connectTo(std::string request, bool control)
{
    auto connection = std::make_unique<Connection>();
    connection->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (connection->fd < 0)
        fail(std::string("socket: ") + std::strerror(errno) + " (open-file limit?)");
    const int one = 1;
    setsockopt(connection->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(m_options.port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(connection->fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        && errno != EINPROGRESS)
        fail(std::string("connect: ") + std::strerror(errno));
    connection->request = std::move(request);
    connection->control = control;
    if (!control && m_options.brotli) {
        connection->brotli = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
        if (!connection->brotli)
            fail("no Brotli decoder");
    }
    epoll_event event {};
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
    event.data.ptr = connection.get();
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, connection->fd, &event) != 0)
        fail("epoll_ctl add failed");
    Connection *raw = connection.get();
    if (control)
        m_controls.push_back(connection.release());
    else
        m_streams.push_back(std::move(connection));
    return raw;
}

void Reader::pump(int timeoutMs)
{
    epoll_event events[512];
    const int count = epoll_wait(m_epoll, events, 512, timeoutMs);
    if (count < 0 && errno != EINTR)
        fail("epoll_wait failed");
    for (int i = 0; i < count; ++i)
        onEvent(static_cast<Connection *>(events[i].data.ptr), events[i].events);
}

void Reader::onEvent(Connection *connection, uint32_t events)
{
    if (connection->phase == Connection::Phase::Done)
        return;
    if (connection->phase == Connection::Phase::Connecting && (events & EPOLLOUT)) {
        while (connection->requestSent < connection->request.size()) {
            const ssize_t sent = send(connection->fd, connection->request.data() + connection->requestSent,
                                      connection->request.size() - connection->requestSent, MSG_NOSIGNAL);
            if (sent < 0 && errno == EAGAIN)
                return;
            if (sent <= 0)
                fail(std::string("sending a request failed: ") + std::strerror(errno));
            connection->requestSent += size_t(sent);
        }
        connection->phase = Connection::Phase::Head;
        epoll_event event {};
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.ptr = connection;
        epoll_ctl(m_epoll, EPOLL_CTL_MOD, connection->fd, &event);
    }
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
        readFrom(connection);
}

void Reader::readFrom(Connection *connection)
{
    static char buffer[64 * 1024];
    for (;;) {
        const ssize_t got = recv(connection->fd, buffer, sizeof buffer, 0);
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (got <= 0) {
            if (connection->control && connection->phase != Connection::Phase::Connecting) {
                connection->answer = connection->input;
                connection->phase = Connection::Phase::Done;
                return;
            }
            fail(std::string("a stream ended: ") + (got == 0 ? "closed by the server" : std::strerror(errno))
                 + " (" + std::to_string(m_opened) + " of " + std::to_string(m_options.streams)
                 + " streams had opened)");
        }
        if (connection->control) {
            connection->input.append(buffer, size_t(got));
            continue;
        }
        if (connection->phase == Connection::Phase::Head) {
            connection->input.append(buffer, size_t(got));
            feedHead(connection);
        } else {
            feedBody(connection, buffer, size_t(got));
        }
    }
}

void Reader::feedHead(Connection *connection)
{
    const size_t end = connection->input.find("\r\n\r\n");
    if (end == std::string::npos)
        return;
    const std::string head = connection->input.substr(0, end + 2);
    if (head.compare(0, 13, "HTTP/1.1 200 ") != 0)
        fail("a stream was refused: " + head.substr(0, head.find('\r')));
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower.find("\r\ntransfer-encoding: chunked\r\n") == std::string::npos)
        fail("a stream's answer is not chunked");
    const bool compressed = lower.find("\r\ncontent-encoding: br\r\n") != std::string::npos;
    if (compressed != m_options.brotli)
        fail(std::string("a stream's answer is ") + (compressed ? "" : "not ") + "Brotli, which was "
             + (m_options.brotli ? "" : "not ") + "asked for");
    const std::string rest = connection->input.substr(end + 4);
    connection->input.clear();
    connection->input.shrink_to_fit();
    connection->phase = Connection::Phase::Body;
    ++m_opened;
    m_lastHeadAt = nowNs();
    if (!rest.empty())
        feedBody(connection, rest.data(), rest.size());
}

void Reader::feedBody(Connection *connection, const char *data, size_t size)
{
    // De-chunks: "<hex size>\r\n<data>\r\n" ... "0\r\n\r\n".
    while (size > 0) {
        if (connection->inChunkData) {
            const size_t take = std::min(size, connection->chunkLeft);
            feedText(connection, data, take);
            data += take;
            size -= take;
            connection->chunkLeft -= take;
            if (connection->chunkLeft == 0) {
                connection->inChunkData = false;
                connection->chunkLeft = size_t(-1); // the chunk's CRLF comes next
            }
            continue;
        }
        connection->input.push_back(*data++);
        --size;
        const std::string &line = connection->input;
        if (line.size() < 2 || line.compare(line.size() - 2, 2, "\r\n") != 0) {
            if (line.size() > 32)
                fail("bad chunk framing");
            continue;
        }
        if (connection->chunkLeft == size_t(-1)) { // the CRLF after a chunk's data
            if (line != "\r\n")
                fail("bad chunk end");
            connection->input.clear();
            connection->chunkLeft = 0;
            continue;
        }
        const size_t chunk = std::strtoul(line.c_str(), nullptr, 16);
        connection->input.clear();
        if (chunk == 0)
            fail("a stream ended (last chunk)");
        connection->chunkLeft = chunk;
        connection->inChunkData = true;
    }
}

void Reader::feedText(Connection *connection, const char *data, size_t size)
{
    if (!connection->brotli) {
        connection->text.append(data, size);
    } else {
        static uint8_t out[64 * 1024];
        size_t availableIn = size;
        auto nextIn = reinterpret_cast<const uint8_t *>(data);
        for (;;) {
            size_t availableOut = sizeof out;
            uint8_t *nextOut = out;
            const BrotliDecoderResult result = BrotliDecoderDecompressStream(
                connection->brotli, &availableIn, &nextIn, &availableOut, &nextOut, nullptr);
            connection->text.append(reinterpret_cast<char *>(out), sizeof out - availableOut);
            if (result == BROTLI_DECODER_RESULT_ERROR)
                fail("a stream's Brotli does not decode");
            if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT)
                continue;
            break;
        }
    }
    size_t start = 0;
    for (;;) {
        const size_t end = connection->text.find("\n\n", start);
        if (end == std::string::npos)
            break;
        onSseEvent(connection, std::string_view(connection->text).substr(start, end + 1 - start));
        start = end + 2;
    }
    connection->text.erase(0, start);
}

void Reader::onSseEvent(Connection *connection, std::string_view event)
{
    if (event.substr(0, 1) == ":")
        return; // a comment (keep-alive)
    std::string_view data;
    bool patch = false;
    size_t position = 0;
    while (position < event.size()) {
        const size_t end = event.find('\n', position);
        const std::string_view line = event.substr(position, end - position);
        if (line == "event: datastar-patch-elements")
            patch = true;
        else if (line.substr(0, 6) == "data: ")
            data = line;
        position = end + 1;
    }
    if (!patch || data.substr(0, m_expectedPrefix.size()) != m_expectedPrefix)
        fail("unexpected event: " + std::string(event));
    // data: elements <p id="tick" data-seq="S" data-t="T">xxx...</p>
    const char *cursor = data.data() + m_expectedPrefix.size();
    char *after = nullptr;
    const int64_t seq = std::strtoll(cursor, &after, 10);
    const std::string_view rest(after, size_t(data.data() + data.size() - after));
    if (rest.substr(0, 10) != "\" data-t=\"")
        fail("unexpected event: " + std::string(event));
    const int64_t stamp = std::strtoll(rest.data() + 10, &after, 10);
    const std::string_view tail(after, size_t(data.data() + data.size() - after));
    if (tail.substr(0, 2) != "\">" || tail.substr(2) != m_padding)
        fail("an event's elements are not what was published: " + std::string(event));
    if (connection->nextSeq == 0 || seq != connection->nextSeq)
        fail("a stream got publish " + std::to_string(seq) + ", expected "
             + std::to_string(connection->nextSeq));
    if (size_t(seq) >= m_stamp.size())
        fail("a stream got a publish that was not asked for");
    if (m_stamp[seq] == 0)
        m_stamp[seq] = stamp;
    else if (m_stamp[seq] != stamp)
        fail("two streams got different events for publish " + std::to_string(seq));
    ++connection->nextSeq;
    ++m_delivered[seq];
    ++m_deliveriesChecked;
    m_lastDelivery[seq] = nowNs();
}

void Reader::closeConnection(Connection *connection)
{
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, connection->fd, nullptr);
    close(connection->fd);
    connection->fd = -1;
    connection->phase = Connection::Phase::Done;
}

std::string Reader::requestOnce(const std::string &method, const std::string &target)
{
    Connection *connection = connectTo(head(method, target, true) + "\r\n", true);
    connection->phase = Connection::Phase::Connecting;
    while (connection->phase != Connection::Phase::Done)
        pump(1000);
    const std::string answer = connection->answer;
    m_controls.erase(std::find(m_controls.begin(), m_controls.end(), connection));
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, connection->fd, nullptr);
    delete connection;
    if (answer.compare(0, 13, "HTTP/1.1 200 ") != 0)
        fail(method + " " + target + " answered: " + answer.substr(0, answer.find('\r')));
    const size_t body = answer.find("\r\n\r\n");
    return body == std::string::npos ? std::string() : answer.substr(body + 4);
}

int Reader::streamCountOnServer()
{
    return std::atoi(requestOnce("GET", "/stats").c_str());
}

void Reader::publish(int64_t first, int count)
{
    const int64_t last = first + count - 1;
    if (m_stamp.size() <= size_t(last)) {
        m_stamp.resize(size_t(last) + 1, 0);
        m_lastDelivery.resize(size_t(last) + 1, 0);
        m_delivered.resize(size_t(last) + 1, 0);
    }
    requestOnce("POST", "/publish?seq=" + std::to_string(first) + "&count=" + std::to_string(count));
    const int64_t deadline = nowNs() + int64_t(60) * 1'000'000'000;
    while (m_delivered[last] < m_options.streams) {
        pump(100);
        if (nowNs() > deadline)
            fail("publish " + std::to_string(last) + " reached only " + std::to_string(m_delivered[last])
                 + " of " + std::to_string(m_options.streams) + " streams in 60 s");
    }
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p / 100.0 * double(values.size() - 1) + 0.5));
    return values[index];
}

void Reader::run()
{
    const Options &o = m_options;
    rlimit limit {};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    if (rlim_t(o.streams) + 64 > limit.rlim_cur)
        fail("the open-file limit " + std::to_string(limit.rlim_cur) + " is too low for "
             + std::to_string(o.streams) + " streams");

    streamCountOnServer(); // the server answers: its request path is warm
    sleepMs(300);
    const Memory before = memoryOf(o.serverPid);

    // Open every stream, at most openWindow at once still waiting for their head.
    std::string streamRequest = head("GET", "/updates", false) + "Accept: text/event-stream\r\n";
    if (o.brotli)
        streamRequest += "Accept-Encoding: br\r\n";
    streamRequest += "\r\n";
    const int64_t openStart = nowNs();
    int started = 0;
    while (m_opened < o.streams) {
        while (started < o.streams && started - m_opened < o.openWindow) {
            connectTo(streamRequest, false);
            ++started;
        }
        pump(100);
        if (nowNs() - openStart > int64_t(120) * 1'000'000'000)
            fail("only " + std::to_string(m_opened) + " of " + std::to_string(o.streams)
                 + " streams opened in 120 s");
    }
    const double openSeconds = double(m_lastHeadAt - openStart) / 1e9;
    const int serverStreams = streamCountOnServer();
    if (serverStreams != o.streams)
        fail("the server holds " + std::to_string(serverStreams) + " streams, not "
             + std::to_string(o.streams));
    std::fprintf(stderr, "  %d streams%s open in %.2f s\n", o.streams, o.brotli ? " (br)" : "", openSeconds);
    sleepMs(1000);
    for (int i = 0; i < 5; ++i)
        pump(0);
    const Memory open = memoryOf(o.serverPid);

    // Latency: one publish at a time, each once the one before has reached every stream.
    for (auto &stream : m_streams)
        stream->nextSeq = 1;
    int64_t seq = 1;
    std::vector<double> latencyMs;
    for (int i = 0; i < o.publishes; ++i, ++seq) {
        publish(seq, 1);
        latencyMs.push_back(double(m_lastDelivery[seq] - m_stamp[seq]) / 1e6);
    }
    // Throughput: bursts of publishes at once; from the first one's stamp to the last one's last delivery.
    std::vector<double> rates;
    for (int i = 0; i < o.bursts; ++i) {
        publish(seq, o.burst);
        const int64_t last = seq + o.burst - 1;
        const double seconds = double(m_lastDelivery[last] - m_stamp[seq]) / 1e9;
        rates.push_back(double(o.streams) * o.burst / seconds);
        seq += o.burst;
    }
    sleepMs(1000);
    for (int i = 0; i < 5; ++i)
        pump(0);
    const Memory afterTraffic = memoryOf(o.serverPid);

    // Close every stream; then wait for the server to have forgotten them and its RSS to come back.
    for (auto &stream : m_streams)
        closeConnection(stream.get());
    m_streams.clear();
    const int64_t closedAt = nowNs();
    while (streamCountOnServer() != 0) {
        if (nowNs() - closedAt > int64_t(60) * 1'000'000'000)
            fail("the server still holds streams 60 s after they closed");
        sleepMs(100);
    }
    Memory after = memoryOf(o.serverPid);
    while (after.rssKiB > before.rssKiB * 11 / 10
           && nowNs() - closedAt < int64_t(o.settleSeconds) * 1'000'000'000) {
        sleepMs(250);
        after = memoryOf(o.serverPid);
    }
    const double settledSeconds = double(nowNs() - closedAt) / 1e9;

    std::printf("{\"streams\": %d, \"brotli\": %s, \"open_s\": %.3f, \"latency_ms\": [", o.streams,
                o.brotli ? "true" : "false", openSeconds);
    for (size_t i = 0; i < latencyMs.size(); ++i)
        std::printf("%s%.3f", i ? ", " : "", latencyMs[i]);
    std::printf("], \"latency_p50_ms\": %.3f, \"latency_p99_ms\": %.3f, \"deliveries_per_s\": [",
                percentile(latencyMs, 50), percentile(latencyMs, 99));
    for (size_t i = 0; i < rates.size(); ++i)
        std::printf("%s%.0f", i ? ", " : "", rates[i]);
    std::printf("], \"deliveries_per_s_median\": %.0f, \"deliveries_checked\": %" PRId64
                ", \"rss_kib\": {\"before\": %ld, \"open\": %ld, \"after_traffic\": %ld, \"closed\": %ld}"
                ", \"pss_kib\": {\"before\": %ld, \"open\": %ld, \"after_traffic\": %ld, \"closed\": %ld}"
                ", \"closed_settle_s\": %.2f, \"reader_nofile\": %llu}\n",
                percentile(rates, 50), m_deliveriesChecked, before.rssKiB, open.rssKiB, afterTraffic.rssKiB,
                after.rssKiB, before.pssKiB, open.pssKiB, afterTraffic.pssKiB, after.pssKiB, settledSeconds,
                static_cast<unsigned long long>(limit.rlim_cur));
}

} // namespace

int main(int argc, char *argv[])
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : "";
        if (arg == "--brotli") {
            options.brotli = true;
            continue;
        }
        ++i;
        if (arg == "--port")
            options.port = std::atoi(value);
        else if (arg == "--token")
            options.token = value;
        else if (arg == "--server-pid")
            options.serverPid = std::atoi(value);
        else if (arg == "--streams")
            options.streams = std::atoi(value);
        else if (arg == "--publishes")
            options.publishes = std::atoi(value);
        else if (arg == "--bursts")
            options.bursts = std::atoi(value);
        else if (arg == "--burst")
            options.burst = std::atoi(value);
        else if (arg == "--open-window")
            options.openWindow = std::atoi(value);
        else if (arg == "--settle")
            options.settleSeconds = std::atoi(value);
        else
            fail("unknown argument " + arg);
    }
    if (options.port <= 0 || options.token.empty() || options.serverPid <= 0 || options.streams < 1)
        fail("usage: serve-fanout-reader --port P --token T --server-pid PID --streams N [--brotli] "
             "[--publishes K] [--bursts R --burst B] [--open-window W] [--settle S]");
    Reader(options).run();
    return 0;
}
