// One-shot answers for Handler routes. The server adds the security headers (the Content-Security-Policy on
// every HTML answer); handlers only say what to send.
#pragma once

#include <starling/starling_export.h>

#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace starling {

using StatusCode = QHttpServerResponse::StatusCode;

// `text/html; charset=utf-8`.
STARLING_EXPORT QHttpServerResponse html(const QString &html, StatusCode status = StatusCode::Ok);

// `text/plain; charset=utf-8`.
STARLING_EXPORT QHttpServerResponse text(const QString &text, StatusCode status = StatusCode::Ok);

// `application/json`, compact.
STARLING_EXPORT QHttpServerResponse json(const QJsonObject &object, StatusCode status = StatusCode::Ok);
STARLING_EXPORT QHttpServerResponse json(const QJsonArray &array, StatusCode status = StatusCode::Ok);

// An HTML page from Qt resources (":/pages/index.html"). When the page loads no Datastar bundle (no <script>
// whose src names a datastar*.js file) a <script type="module"> for Starling's client
// (/_starling/datastar/datastar.js) is added at the end of <head>; a page that loads the official bundle
// keeps it alone.
// A missing file is a logged 404.
STARLING_EXPORT QHttpServerResponse page(const QString &resourcePath);

// A Mustache template from Qt resources rendered with `data` (see template.h): `{{name}}` is HTML-escaped,
// `{{{name}}}` is not. A missing or invalid template is a logged 500.
STARLING_EXPORT QHttpServerResponse render(const QString &resourcePath, const QJsonObject &data);

} // namespace starling
