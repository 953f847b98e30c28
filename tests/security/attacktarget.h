// The security tests' target: a real executable (starling-gallery --serve, or starling-conformance) run as a
// process with private XDG directories, its resident memory and open descriptors read from /proc, and the
// raw sockets an attack opens against it. The attacker is this test process; the server is another one, so
// blocking socket waits are fine here.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace securitytest {

// Generous: the machine is shared with other builds; waits end as soon as their condition holds.
inline constexpr int WaitMs = 30000;
inline constexpr qint64 MiB = 1024 * 1024;

// The server's limits as documented (starling/server.h ServerOptions, starling/streamhub.h).
inline constexpr int HeaderTimeoutMs = 10000;
inline constexpr int MaxUntrustedConnections = 64;
inline constexpr qint64 MaxBufferedBodyBytes = 64 * MiB;
inline constexpr qint64 MaxBodyBytes = MiB;
inline constexpr int MaxStreams = 256;
inline constexpr qint64 MaxTotalPendingBytes = 32 * MiB;

// The open-file limit, soft and hard, of a usual desktop session: the gallery runs with it and cannot raise
// it.
inline constexpr int DesktopOpenFileLimit = 1024;

class Target
{
public:
    Target();
    ~Target(); // stop()

    // Runs `starling-gallery --serve` with private XDG_* directories and HOME, its open-file limit (soft and
    // hard) at DesktopOpenFileLimit, and reads the URL it prints. False with errorString() on failure.
    bool startGallery();
    // Runs `starling-conformance --port 0` and reads the port it prints.
    bool startConformance();
    // SIGTERM, then SIGKILL. Returns false when the process had already ended (crashed) before.
    bool stop();
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QString errorString() const { return m_error; }
    QByteArray standardError() const; // what the server logged (a file of the temporary directory)

    quint16 port() const { return m_port; }
    QByteArray token() const { return m_token; } // the gallery's secret, from its printed URL
    QByteArray hostHeader() const { return "127.0.0.1:" + QByteArray::number(m_port); }
    QByteArray origin() const { return "http://" + hostHeader(); }
    QString dataHome() const { return m_home.path() + QStringLiteral("/data"); } // XDG_DATA_HOME
    qint64 pid() const { return m_process.processId(); }

    qint64 rssBytes() const; // VmRSS from /proc/<pid>/status; -1 when unreadable
    int descriptorCount() const; // entries of /proc/<pid>/fd; -1 when unreadable

    // A request head (HTTP/1.1) the app's own window would send: Host, the token header, same-origin fetch
    // metadata, Origin on writes; `extra` lines ("Name: value") and a body with its Content-Length.
    QByteArray ownRequest(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                          const QByteArrayList &extra = {}) const;

private:
    bool start(const QString &program, const QStringList &arguments, bool gallery);

    QTemporaryDir m_home;
    QProcess m_process;
    QString m_error;
    quint16 m_port = 0;
    QByteArray m_token;
};

// Follows a process's resident memory: sample() whenever convenient (a blocking loop calls it itself);
// start() also runs a timer that samples every 20 ms while the event loop runs.
class MemoryWatch
{
public:
    explicit MemoryWatch(const Target &target);
    ~MemoryWatch();
    void sample();
    qint64 start() const { return m_start; }
    qint64 peak() const { return m_peak; }

private:
    const Target &m_target;
    qint64 m_start;
    qint64 m_peak;
    std::unique_ptr<QObject> m_timer;
};

// Under AddressSanitizer (scripts/sanitize.sh sets ASAN_OPTIONS) memory is shadowed and freed memory is
// held in quarantine: RSS is printed, not bounded.
bool rssIsBounded();
// "54.2 MiB"
QString mib(qint64 bytes);
// The bound the issue asks RSS to return within after an attack: 10% over its start, plus a few MiB for the
// allocator's caches. During an attack the slack is what the attack may make the server hold by design.
inline constexpr qint64 SettledSlack = 8 * MiB;
qint64 settledBound(qint64 startBytes, qint64 slackBytes = SettledSlack);

// Waits (event loop running) until the target's RSS is at most `bound`, up to `timeoutMs` (the stream hub
// gives freed heap back a second or more after streams close). Returns the last reading.
qint64 waitForRssAtMost(const Target &target, qint64 bound, int timeoutMs = 15000);
// Waits until the target holds at most `count` descriptors; returns the last reading.
int waitForDescriptorsAtMost(const Target &target, int count, int timeoutMs = WaitMs);

// Opens `count` connections to 127.0.0.1:`port`, a few at a time so the listen backlog never overflows, and
// returns them (owned by the caller); `connected` tells how many connected (the server may have closed some
// of them since).
std::vector<std::unique_ptr<QTcpSocket>> openConnections(quint16 port, int count, int *connected = nullptr);
int connectedCount(const std::vector<std::unique_ptr<QTcpSocket>> &sockets);

// Everything that arrives on `socket` until it holds `part` or the server closes it (or timeoutMs); the
// bytes are appended to `received`. True when `part` arrived.
bool readUntil(QTcpSocket &socket, QByteArray &received, QByteArrayView part, int timeoutMs = WaitMs);
// Reads until the server closes the connection; true when it did.
bool readUntilClosed(QTcpSocket &socket, QByteArray &received, int timeoutMs = WaitMs);
// The status code of the first status line in `response`; 0 without one.
int statusOf(const QByteArray &response);

// One request, as exact bytes, on a fresh connection, and its whole answer (de-chunked).
struct Answer
{
    int status = 0; // 0: no answer
    QByteArray head; // status line and fields
    QByteArray body;
    QByteArray header(QByteArrayView name) const; // first value, any case; null if absent
};
Answer exchange(quint16 port, const QByteArray &request, int timeoutMs = WaitMs);

} // namespace securitytest
