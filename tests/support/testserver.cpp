#include "testserver.h"

#include <datastar/tcpserver.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QMimeDatabase>

#include <httptransport_p.h>

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

// The tests run the client as the runtime's dev mode does: a page that loads it gets its debug module
// (window.__starlingDatastarDebug) right after it.
QByteArray withDebugModule(QByteArray html)
{
    static constexpr QByteArrayView clientScript = "src=\"/_starling/datastar/datastar.js\"></script>";
    const qsizetype at = html.indexOf(clientScript);
    if (at >= 0)
        html.insert(at + clientScript.size(),
                    "<script type=\"module\" src=\"/_starling/datastar/debug.js\"></script>");
    return html;
}
} // namespace

TestServer::TestServer(const QString &pagesDirectory, QObject *parent)
    : QObject(parent)
    , m_pagesDirectory(pagesDirectory)
{
    initClientResources();
    const auto serve = [this](const QHttpServerRequest &request, datastar::RouteResponder responder) {
        serveBuiltIn(request, std::move(responder));
    };
#if STARLING_QHTTPSERVER_68
    m_server.setMissingHandler(this, serve);
#else
    m_server.setMissingHandler(serve);
#endif
}

bool TestServer::listen()
{
    auto *tcp = new datastar::TcpServer(this);
    if (!tcp->listen(QHostAddress::LocalHost, 0) || !datastar::detail::bind(m_server, tcp)) {
        qWarning("TestServer: cannot listen on 127.0.0.1: %s", qPrintable(tcp->errorString()));
        delete tcp;
        return false;
    }
    m_port = tcp->serverPort();
    return true;
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
              QHttpServerResponse response(mime, body, status);
              datastar::detail::setHeader(response, "Cache-Control", "no-store");
              datastar::detail::sendResponse(std::move(responder), std::move(response));
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
        return reply(withDebugModule(*page), "text/html; charset=utf-8",
                     QHttpServerResponder::StatusCode::Ok);
    if (!m_pagesDirectory.isEmpty()) {
        const QString relative = path.mid(1);
        QFile file(QDir(m_pagesDirectory).filePath(relative));
        if (isSafeRelativePath(relative) && QFileInfo(file).isFile() && file.open(QIODevice::ReadOnly)) {
            const QByteArray mime = mimeTypeFor(relative);
            const QByteArray body
                = mime.startsWith("text/html") ? withDebugModule(file.readAll()) : file.readAll();
            return reply(body, mime, QHttpServerResponder::StatusCode::Ok);
        }
    }
    notFound();
}

} // namespace starling::test
