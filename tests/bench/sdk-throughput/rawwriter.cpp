// sdk-throughput-rawwriter: the ceilings for the SDK throughput benchmark. Serves /bench?n=N&size=S with the
// chunked SSE bytes Starling's /bench sends, built before the first request, so no SDK and no event loop:
// only the kernel, the loopback and the reader are left.
//
// Framed as Starling frames them: BenchStream sends events until a window (BenchStream::WindowBytes) is
// queued, the generator writes what is queued as one HTTP chunk, and the next batch is made once the socket
// took all of it (drained()). So each chunk here holds the events of one window, and:
//   --send batched   writes chunk after chunk the way Qt writes a batch: a non-blocking send() of what is
//                    left, poll() for POLLOUT when the kernel is full, the next chunk once this one is all in
//                    the kernel. The ceiling for a server that sends Starling's bytes Starling's way.
//   --send whole     hands the whole body to one blocking send(): the largest writes there are, so what it
//                    measures is the reader's limit over loopback.
//   --dump FILE      writes the body to FILE and exits (for sdk-throughput-reader --file: the reader's limit
//                    without a socket).
//
//   sdk-throughput-rawwriter --n 100000 --size 200 --send batched [--port 0]
//
// Prints `listening on http://127.0.0.1:<port>` and `batch_events=<K>` once ready; answers requests one
// connection at a time.
#include <arpa/inet.h>
#include <benchstream.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

std::string buildEvent(long long index, long long size)
{
    const std::string open = "<div id=\"row-" + std::to_string(index) + "\">";
    const std::string close = "</div>";
    std::string event = "event: datastar-patch-elements\ndata: elements " + open;
    event.append(static_cast<size_t>(size) - open.size() - close.size(), 'x');
    event += close + "\n\n";
    return event;
}

std::string frameChunk(const std::string &bytes)
{
    char sizeLine[32];
    std::snprintf(sizeLine, sizeof sizeLine, "%zx\r\n", bytes.size());
    return sizeLine + bytes + "\r\n";
}

// The body as chunks: as many events per chunk as BenchStream puts in one window (it sends while less than
// a window is queued, so a batch is the first event count that reaches it), then the terminating chunk.
std::vector<std::string> buildChunks(long long count, long long size, long long batchEvents)
{
    std::vector<std::string> chunks;
    std::string batch;
    for (long long i = 0; i < count; ++i) {
        batch += buildEvent(i, size);
        if ((i + 1) % batchEvents == 0 || i + 1 == count) {
            chunks.push_back(frameChunk(batch));
            batch.clear();
        }
    }
    chunks.push_back("0\r\n\r\n");
    return chunks;
}

long long eventsPerWindow(long long size)
{
    const long long eventBytes = static_cast<long long>(buildEvent(0, size).size());
    return (starling::conformance::BenchStream::WindowBytes + eventBytes - 1) / eventBytes;
}

bool sendBlocking(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += sent;
        size -= static_cast<size_t>(sent);
    }
    return true;
}

// Like QAbstractSocket: offer the kernel everything left, and wait for room when it took nothing.
bool sendNonBlocking(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent >= 0) {
            data += sent;
            size -= static_cast<size_t>(sent);
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return false;
        pollfd writable { fd, POLLOUT, 0 };
        if (::poll(&writable, 1, -1) < 0 && errno != EINTR)
            return false;
    }
    return true;
}

// Reads the request head; returns its first line, empty when the client went away.
std::string readRequestLine(int fd)
{
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0)
            return {};
        head.append(buffer, static_cast<size_t>(got));
    }
    return head.substr(0, head.find("\r\n"));
}

int usage(long long minimumSize)
{
    std::fprintf(
        stderr,
        "usage: sdk-throughput-rawwriter --n N --size S (S >= %lld) (--send batched|whole [--port P] "
        "| --dump FILE)\n",
        minimumSize);
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    long long count = 0;
    long long size = 0;
    int port = 0;
    std::string send;
    std::string dumpPath;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--n")
            count = std::atoll(argv[i + 1]);
        else if (option == "--size")
            size = std::atoll(argv[i + 1]);
        else if (option == "--port")
            port = std::atoi(argv[i + 1]);
        else if (option == "--send")
            send = argv[i + 1];
        else if (option == "--dump")
            dumpPath = argv[i + 1];
    }
    const long long minimumSize = 21 + static_cast<long long>(std::to_string(count - 1).size());
    if (count <= 0 || size < minimumSize || port < 0 || port > 65535
        || (dumpPath.empty() && send != "batched" && send != "whole"))
        return usage(minimumSize);

    const long long batchEvents = eventsPerWindow(size);
    const std::vector<std::string> chunks = buildChunks(count, size, batchEvents);
    if (!dumpPath.empty()) {
        std::ofstream out(dumpPath, std::ios::binary);
        for (const std::string &chunk : chunks)
            out << chunk;
        if (!out.flush()) {
            std::fprintf(stderr, "sdk-throughput-rawwriter: cannot write %s\n", dumpPath.c_str());
            return 1;
        }
        return 0;
    }
    std::string body;
    if (send == "whole") {
        for (const std::string &chunk : chunks)
            body += chunk;
    }
    const std::string head
        = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
          "Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string expectedTarget = "/bench?n=" + std::to_string(count) + "&size=" + std::to_string(size);

    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(listener, 16) != 0) {
        std::fprintf(stderr, "sdk-throughput-rawwriter: cannot listen on 127.0.0.1:%d: %s\n", port,
                     std::strerror(errno));
        return 1;
    }
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length);
    std::printf("listening on http://127.0.0.1:%d\nbatch_events=%lld\n", ntohs(address.sin_port),
                batchEvents);
    std::fflush(stdout);

    for (;;) {
        const int fd = ::accept(listener, nullptr, nullptr);
        if (fd < 0)
            continue;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); // as the generator sets LowDelayOption
        const std::string requestLine = readRequestLine(fd);
        if (requestLine == "GET " + expectedTarget + " HTTP/1.1") {
            if (send == "whole") {
                if (sendBlocking(fd, head.data(), head.size()))
                    sendBlocking(fd, body.data(), body.size());
            } else if (sendNonBlocking(fd, head.data(), head.size())) {
                for (const std::string &chunk : chunks) {
                    if (!sendNonBlocking(fd, chunk.data(), chunk.size()))
                        break;
                }
            }
        } else if (!requestLine.empty()) {
            const std::string message = "this writer only serves GET " + expectedTarget + "\n";
            const std::string reply
                = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: "
                + std::to_string(message.size()) + "\r\nConnection: close\r\n\r\n" + message;
            sendBlocking(fd, reply.data(), reply.size());
        }
        ::close(fd);
    }
}
