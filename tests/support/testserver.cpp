#include "testserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QMimeDatabase>

// The client's resources live in a static library; referencing their initialiser pulls them into the test.
static void initClientResources()
{
    Q_INIT_RESOURCE(starling_client);
}

namespace starling::test {

namespace {
constexpr auto ClientPrefix = QLatin1StringView("/_starling/datastar/");

QByteArray mimeTypeFor(const QString &fileName)
{
    if (fileName.endsWith(QLatin1StringView(".js")) || fileName.endsWith(QLatin1StringView(".mjs")))
        return "text/javascript";
    if (fileName.endsWith(QLatin1StringView(".html")))
        return "text/html; charset=utf-8";
    if (fileName.endsWith(QLatin1StringView(".css")))
        return "text/css";
    if (fileName.endsWith(QLatin1StringView(".json")))
        return "application/json";
    return QMimeDatabase().mimeTypeForFile(fileName, QMimeDatabase::MatchExtension).name().toUtf8();
}

// A request path made safe for use below a root: no empty, "." or ".." segments.
bool isSafeRelativePath(const QString &path)
{
    if (path.isEmpty())
        return false;
    const auto segments = path.split(QLatin1Char('/'));
    for (const auto &segment : segments) {
        if (segment.isEmpty() || segment == QLatin1StringView(".") || segment == QLatin1StringView(".."))
            return false;
    }
    return true;
}
} // namespace

TestServer::TestServer(const QString &pagesDirectory, QObject *parent)
    : QObject(parent)
    , m_pagesDirectory(pagesDirectory)
{
    initClientResources();
    m_server.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        serveBuiltIn(request, std::move(responder));
    });
}

bool TestServer::listen()
{
    m_port = m_server.listen(QHostAddress::LocalHost, 0);
    if (m_port == 0)
        qWarning("TestServer: cannot listen on 127.0.0.1");
    return m_port != 0;
}

QUrl TestServer::url(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
}

void TestServer::addPage(const QString &path, const QByteArray &html)
{
    m_pages.insert(path, html);
}

void TestServer::serveBuiltIn(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QString path = request.url().path();
    m_requested.append(path);

    const auto reply
        = [&](const QByteArray &body, const QByteArray &mime, QHttpServerResponder::StatusCode status) {
              responder.write(body, { { "Content-Type", mime }, { "Cache-Control", "no-store" } }, status);
              Q_EMIT served(path, int(status));
          };
    const auto notFound = [&] {
        reply("not found: " + path.toUtf8(), "text/plain", QHttpServerResponder::StatusCode::NotFound);
    };

    if (path.startsWith(ClientPrefix)) {
        const QString relative = path.mid(ClientPrefix.size());
        QFile file(QStringLiteral(":/datastar/") + relative);
        if (!isSafeRelativePath(relative) || !file.open(QIODevice::ReadOnly))
            return notFound();
        return reply(file.readAll(), mimeTypeFor(relative), QHttpServerResponder::StatusCode::Ok);
    }
    if (const auto page = m_pages.constFind(path); page != m_pages.constEnd())
        return reply(*page, "text/html; charset=utf-8", QHttpServerResponder::StatusCode::Ok);
    if (!m_pagesDirectory.isEmpty()) {
        const QString relative = path.mid(1);
        QFile file(QDir(m_pagesDirectory).filePath(relative));
        if (isSafeRelativePath(relative) && QFileInfo(file).isFile() && file.open(QIODevice::ReadOnly))
            return reply(file.readAll(), mimeTypeFor(relative), QHttpServerResponder::StatusCode::Ok);
    }
    notFound();
}

} // namespace starling::test
