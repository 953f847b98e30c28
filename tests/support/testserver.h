// A local HTTP server for client tests: 127.0.0.1 on a port picked by the system.
//
// Serves, in this order:
//   1. routes the test added itself: server.http().route("/sse", [](const QHttpServerRequest &,
//      datastar::RouteResponder r) { ... });  (QHttpServer's own routing, so every route form works)
//   2. the client from the Qt resources (tests/support/CMakeLists.txt): GET /_starling/datastar/<file>
//      (text/javascript), so a page activates it with
//      <script type="module" src="/_starling/datastar/datastar.js"></script>
//   3. pages added with addPage(path, html)
//   4. files below the pages directory given to the constructor (MIME from the file name)
// The HTML pages of 3 and 4 that load the client also load its debug module (/_starling/datastar/debug.js,
// window.__starlingDatastarDebug), as the runtime's pages do in dev mode only.
// Anything else gets 404. Responses are sent with Cache-Control: no-store.
// Threading: lives in the thread that created it (the test's); it is served while that thread spins an event
// loop, e.g. inside PageDriver's waits.
#pragma once

#include <datastar/serversenteventgenerator.h>

#include <QHash>
#include <QHttpServer>
#include <QObject>
#include <QUrl>

namespace starling::test {

class TestServer : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestServer)

public:
    // pagesDirectory may be empty (only routes, addPage() pages and the client are served).
    explicit TestServer(const QString &pagesDirectory = {}, QObject *parent = nullptr);

    // Starts listening on 127.0.0.1 with a system-picked port; false (and a qWarning) on failure.
    bool listen();
    quint16 port() const { return m_port; }
    // http://127.0.0.1:<port><path>; path starts with '/'.
    QUrl url(const QString &path) const;

    // The underlying server, for the test's own routes (they take precedence over the built-in ones).
    QHttpServer &http() { return m_server; }

    // Serves html (text/html; charset=utf-8) at path.
    void addPage(const QString &path, const QByteArray &html);

    // The path of every request the built-in handlers answered (client files, pages, 404s), in order.
    const QStringList &requestedPaths() const { return m_requested; }

Q_SIGNALS:
    // Emitted for every request the built-in handlers answered (client files, pages, 404s).
    void served(const QString &path, int status);

private:
    void serveBuiltIn(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    QHttpServer m_server;
    QString m_pagesDirectory;
    QHash<QString, QByteArray> m_pages;
    QStringList m_requested;
    quint16 m_port = 0;
};

} // namespace starling::test
