#include "attacktarget.h"

#include "firstline.h"
#include "rawhttpclient.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTest>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <filesystem>
#include <sys/resource.h>

namespace securitytest {

Target::Target()
{
    m_process.setStandardErrorFile(m_home.path() + QStringLiteral("/stderr.log"));
}

Target::~Target()
{
    stop();
}

bool Target::startGallery()
{
    m_process.setChildProcessModifier([] {
        // Between fork and exec: setrlimit is async-signal-safe. Soft and hard, so the app cannot raise it.
        const rlimit limit { DesktopOpenFileLimit, DesktopOpenFileLimit };
        setrlimit(RLIMIT_NOFILE, &limit);
    });
    return start(QStringLiteral(STARLING_GALLERY_EXECUTABLE), { QStringLiteral("--serve") }, true);
}

bool Target::startConformance()
{
    return start(QStringLiteral(STARLING_CONFORMANCE_EXECUTABLE),
                 { QStringLiteral("--port"), QStringLiteral("0") }, false);
}

bool Target::start(const QString &program, const QStringList &arguments, bool gallery)
{
    if (!m_home.isValid()) {
        m_error = QStringLiteral("no temporary directory");
        return false;
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &kind : { QStringLiteral("DATA"), QStringLiteral("CONFIG"), QStringLiteral("CACHE"),
                                 QStringLiteral("STATE") }) {
        const QString path = m_home.path() + u'/' + kind.toLower();
        QDir().mkpath(path);
        env.insert(QStringLiteral("XDG_%1_HOME").arg(kind), path);
    }
    const QString runtimeDir = m_home.path() + QStringLiteral("/runtime");
    QDir().mkpath(runtimeDir);
    QFile::setPermissions(runtimeDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    m_process.setProcessEnvironment(env);
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(WaitMs)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
        return false;
    }
    const QString line = QString::fromUtf8(starling::test::waitForFirstLine(m_process, WaitMs));
    static const QRegularExpression served(
        QStringLiteral(R"(^starling: serving (http://127\.0\.0\.1:\d+/\S*)\n$)"));
    static const QRegularExpression listening(
        QStringLiteral(R"(^listening on (http://127\.0\.0\.1:\d+)\n$)"));
    const QRegularExpressionMatch match = (gallery ? served : listening).match(line);
    if (!match.hasMatch()) {
        m_error = QStringLiteral("%1 printed %2 instead of its URL; it logged: %3")
                      .arg(program, line, QString::fromUtf8(standardError()));
        return false;
    }
    const QUrl url(match.captured(1));
    m_port = quint16(url.port());
    m_token = QUrlQuery(url).queryItemValue(QStringLiteral("token")).toUtf8();
    return m_port != 0 && (!gallery || !m_token.isEmpty());
}

bool Target::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return m_port == 0; // never started, or already ended (crashed)
    m_process.terminate();
    if (!m_process.waitForFinished(WaitMs))
        m_process.kill();
    m_process.waitForFinished(WaitMs);
    return true;
}

QByteArray Target::standardError() const
{
    QFile file(m_home.path() + QStringLiteral("/stderr.log"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

qint64 Target::rssBytes() const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) // "VmRSS:     54312 kB"
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

int Target::descriptorCount() const
{
    std::error_code error;
    std::filesystem::directory_iterator entries(QStringLiteral("/proc/%1/fd").arg(pid()).toStdString(),
                                                error);
    if (error)
        return -1;
    int count = 0;
    for (auto it = begin(entries); it != end(entries); it.increment(error))
        ++count;
    return count;
}

QByteArray Target::ownRequest(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                              const QByteArrayList &extra) const
{
    QByteArray head = method + ' ' + target + " HTTP/1.1\r\nHost: " + hostHeader()
        + "\r\nStarling-Token: " + m_token + "\r\nSec-Fetch-Site: same-origin\r\n";
    if (method != "GET" && method != "HEAD")
        head += "Origin: " + origin() + "\r\n";
    for (const QByteArray &line : extra)
        head += line + "\r\n";
    if (!body.isEmpty())
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return head + "\r\n" + body;
}

MemoryWatch::MemoryWatch(const Target &target)
    : m_target(target)
    , m_start(target.rssBytes())
    , m_peak(m_start)
{
    auto *timer = new QTimer;
    QObject::connect(timer, &QTimer::timeout, [this] { sample(); });
    timer->start(20);
    m_timer.reset(timer);
}

MemoryWatch::~MemoryWatch() = default;

void MemoryWatch::sample()
{
    m_peak = std::max(m_peak, m_target.rssBytes());
}

bool rssIsBounded()
{
    return !qEnvironmentVariableIsSet("ASAN_OPTIONS");
}

QString mib(qint64 bytes)
{
    return QStringLiteral("%1 MiB").arg(double(bytes) / MiB, 0, 'f', 1);
}

qint64 settledBound(qint64 startBytes, qint64 slackBytes)
{
    return startBytes + startBytes / 10 + slackBytes;
}

qint64 waitForRssAtMost(const Target &target, qint64 bound, int timeoutMs)
{
    qint64 rss = target.rssBytes();
    if (!rssIsBounded())
        return rss;
    (void)QTest::qWaitFor(
        [&] {
            rss = target.rssBytes();
            return rss <= bound;
        },
        timeoutMs);
    return rss;
}

int waitForDescriptorsAtMost(const Target &target, int count, int timeoutMs)
{
    int descriptors = target.descriptorCount();
    (void)QTest::qWaitFor(
        [&] {
            descriptors = target.descriptorCount();
            return descriptors <= count;
        },
        timeoutMs);
    return descriptors;
}

std::vector<std::unique_ptr<QTcpSocket>> openConnections(quint16 port, int count, int *connected)
{
    constexpr int Batch = 32; // Qt listens with a backlog of 50
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    int connections = 0;
    while (int(sockets.size()) < count) {
        const qsizetype first = qsizetype(sockets.size());
        for (int i = 0; i < Batch && int(sockets.size()) < count; ++i) {
            sockets.push_back(std::make_unique<QTcpSocket>());
            QObject::connect(sockets.back().get(), &QTcpSocket::connected, [&connections] { ++connections; });
            sockets.back()->connectToHost(QHostAddress::LocalHost, port);
        }
        (void)QTest::qWaitFor(
            [&] {
                for (qsizetype i = first; i < qsizetype(sockets.size()); ++i) {
                    if (sockets[i]->state() == QAbstractSocket::ConnectingState
                        || sockets[i]->state() == QAbstractSocket::HostLookupState)
                        return false;
                }
                return true;
            },
            WaitMs);
    }
    for (auto &socket : sockets)
        socket->disconnect(); // the counter goes out of scope
    if (connected)
        *connected = connections;
    return sockets;
}

int connectedCount(const std::vector<std::unique_ptr<QTcpSocket>> &sockets)
{
    return int(std::count_if(sockets.begin(), sockets.end(), [](const auto &socket) {
        return socket->state() == QAbstractSocket::ConnectedState;
    }));
}

bool readUntil(QTcpSocket &socket, QByteArray &received, QByteArrayView part, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    received += socket.readAll();
    while (!received.contains(part) && socket.state() == QAbstractSocket::ConnectedState
           && timer.elapsed() < timeoutMs) {
        socket.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - timer.elapsed())));
        received += socket.readAll();
    }
    return received.contains(part);
}

bool readUntilClosed(QTcpSocket &socket, QByteArray &received, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    received += socket.readAll();
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
        socket.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - timer.elapsed())));
        received += socket.readAll();
    }
    return socket.state() != QAbstractSocket::ConnectedState;
}

int statusOf(const QByteArray &response)
{
    static const QRegularExpression status(QStringLiteral("^HTTP/1\\.[01] (\\d{3}) "));
    const QRegularExpressionMatch match = status.match(QString::fromLatin1(response.left(32)));
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

QByteArray Answer::header(QByteArrayView name) const
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && QByteArrayView(line).first(colon).compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

Answer exchange(quint16 port, const QByteArray &request, int timeoutMs)
{
    testhttp::RawHttpClient client(port);
    Answer answer;
    if (!client.connectToServer())
        return answer;
    client.send(request);
    if (!client.waitForComplete(timeoutMs))
        return answer;
    answer.status = client.statusCode();
    answer.head = client.rawHead();
    answer.body = client.body();
    return answer;
}

} // namespace securitytest
