// Shared helpers of the client backend tests: page templates, loading them, and small SDK-backed routes.
#pragma once

#include "pagedriver.h"
#include "testserver.h"

#include <QByteArray>
#include <QString>

namespace backendtest {

// A page running the whole client. When the page is ready, window.__ready is true and window.__signals is the
// signal store module (signals.js), window.__fetchEvents the list of `datastar-fetch` detail types seen
// ("started", "finished", ...), each with the id of detail.el.
inline QByteArray clientPage(const QByteArray &body, const QByteArray &head = {})
{
    return QByteArrayLiteral("<!doctype html><html><head><meta charset=\"utf-8\"><title>backend test</title>")
        + head
        + QByteArrayLiteral(
               "<script type=\"module\" src=\"/_starling/datastar/datastar.js\"></script>"
               "<script type=\"module\">"
               "import * as signals from '/_starling/datastar/signals.js';"
               "window.__signals = signals;"
               "window.__fetchEvents = [];"
               "document.addEventListener('datastar-fetch', (e) => window.__fetchEvents.push("
               "  {type: e.detail.type, el: e.detail.el && e.detail.el.id, args: e.detail.argsRaw}));"
               "setTimeout(() => { window.__ready = true; });"
               "</script></head><body>")
        + body + QByteArrayLiteral("</body></html>");
}

// A page that only imports some client modules (no engine): `imports` is the body of a module script, e.g.
// "import {morph} from '/_starling/datastar/morph.js'; window.morph = morph;". window.__ready is set after
// it.
inline QByteArray modulePage(const QByteArray &body, const QByteArray &imports)
{
    return QByteArrayLiteral("<!doctype html><html><head><meta charset=\"utf-8\"><title>module test</title>"
                             "<script type=\"module\">")
        + imports + QByteArrayLiteral("\nwindow.__ready = true;</script></head><body>") + body
        + QByteArrayLiteral("</body></html>");
}

// Serves html (a clientPage() or modulePage()) at path, loads it in page and waits until it is ready.
inline bool loadPage(starling::test::TestServer &server, starling::test::PageDriver &page,
                     const QString &path, const QByteArray &html)
{
    server.addPage(path, html);
    return page.load(server.url(path)) && page.waitFor(QStringLiteral("window.__ready === true"));
}

// JS, on a clientPage(): a backend request has finished since window.__fetchEvents was last emptied.
inline const QString FetchFinished
    = QStringLiteral("window.__fetchEvents.some((e) => e.type === 'finished')");

} // namespace backendtest

#include <QHttpServerRequest>

#include <httptransport_p.h>

namespace backendtest {

// A request header by name, case-insensitively (empty when absent).
inline QByteArray header(const QHttpServerRequest &request, const QByteArray &name)
{
    const auto headers = datastar::detail::requestHeaders(request);
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

} // namespace backendtest
