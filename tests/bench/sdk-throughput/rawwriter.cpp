// sdk-throughput-rawwriter: the ceiling for the SDK throughput benchmark. Serves /bench?n=N&size=S with the
// exact chunked SSE bytes a Datastar SDK would send (one chunk per event), built before the first request,
// written with blocking send() as fast as the socket takes them. No SDK, no event loop, no Qt.
//
//   sdk-throughput-rawwriter --n 100000 --size 200 [--port 0]
//
// Prints `listening on http://127.0.0.1:<port>` once ready; answers requests one connection at a time.
#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace {

std::string buildBody(long long count, long long size)
{
    std::string body;
    std::string event;
    for (long long i = 0; i < count; ++i) {
        const std::string open = "<div id=\"row-" + std::to_string(i) + "\">";
        const std::string close = "</div>";
        event = "event: datastar-patch-elements\ndata: elements " + open;
        event.append(static_cast<size_t>(size) - open.size() - close.size(), 'x');
        event += close + "\n\n";
        char sizeLine[32];
        std::snprintf(sizeLine, sizeof sizeLine, "%zx\r\n", event.size());
        body += sizeLine;
        body += event;
        body += "\r\n";
    }
    body += "0\r\n\r\n";
    return body;
}

bool sendAll(int fd, const char *data, size_t size)
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

} // namespace

int main(int argc, char *argv[])
{
    long long count = 0;
    long long size = 0;
    int port = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--n")
            count = std::atoll(argv[i + 1]);
        else if (option == "--size")
            size = std::atoll(argv[i + 1]);
        else if (option == "--port")
            port = std::atoi(argv[i + 1]);
    }
    const long long minimumSize = 21 + static_cast<long long>(std::to_string(count - 1).size());
    if (count <= 0 || size < minimumSize || port < 0 || port > 65535) {
        std::fprintf(stderr, "usage: sdk-throughput-rawwriter --n N --size S (S >= %lld) [--port P]\n",
                     minimumSize);
        return 1;
    }

    const std::string body = buildBody(count, size);
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
    std::printf("listening on http://127.0.0.1:%d\n", ntohs(address.sin_port));
    std::fflush(stdout);

    for (;;) {
        const int fd = ::accept(listener, nullptr, nullptr);
        if (fd < 0)
            continue;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        const std::string requestLine = readRequestLine(fd);
        if (requestLine == "GET " + expectedTarget + " HTTP/1.1") {
            if (sendAll(fd, head.data(), head.size()))
                sendAll(fd, body.data(), body.size());
        } else if (!requestLine.empty()) {
            const std::string message = "this writer only serves GET " + expectedTarget + "\n";
            const std::string reply
                = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: "
                + std::to_string(message.size()) + "\r\nConnection: close\r\n\r\n" + message;
            sendAll(fd, reply.data(), reply.size());
        }
        ::close(fd);
    }
}
