#include "devresources_p.h"
#include "logging_p.h"

#include <starling/resources.h>
#include <starling/response.h>
#include <starling/template.h>

#include <QJsonDocument>
#include <QRegularExpression>

namespace starling {

namespace {

constexpr QByteArrayView ClientPath = "/_starling/datastar/datastar.js";

// In dev mode (--dev), a page that loads Starling's client gets the client's debug module
// (window.__starlingDatastarDebug, for tests and the console) right after it. Only a real <script> element
// counts: a page that shows the tag as text (escaped) is left alone.
QByteArray withDevModules(QByteArray page)
{
    if (!detail::DevResources::isEnabled())
        return page;
    static const QRegularExpression clientScript(
        QStringLiteral(R"(<script\b[^>]*\bsrc\s*=\s*["']?%1(?=["'\s>])[^>]*>\s*</script\s*>)")
            .arg(QRegularExpression::escape(QString::fromLatin1(ClientPath))),
        QRegularExpression::CaseInsensitiveOption);
    const QString text = QString::fromUtf8(page);
    const QRegularExpressionMatch found = clientScript.match(text);
    if (!found.hasMatch())
        return page;
    const qsizetype end = text.left(found.capturedEnd()).toUtf8().size();
    page.insert(end, "\n<script type=\"module\" src=\"/_starling/datastar/debug.js\"></script>");
    return page;
}

} // namespace

QHttpServerResponse html(const QString &html, StatusCode status)
{
    return QHttpServerResponse("text/html; charset=utf-8", withDevModules(html.toUtf8()), status);
}

QHttpServerResponse text(const QString &text, StatusCode status)
{
    return QHttpServerResponse("text/plain; charset=utf-8", text.toUtf8(), status);
}

QHttpServerResponse json(const QJsonObject &object, StatusCode status)
{
    return QHttpServerResponse("application/json", QJsonDocument(object).toJson(QJsonDocument::Compact),
                               status);
}

QHttpServerResponse json(const QJsonArray &array, StatusCode status)
{
    return QHttpServerResponse("application/json", QJsonDocument(array).toJson(QJsonDocument::Compact),
                               status);
}

QHttpServerResponse page(const QString &resourcePath)
{
    std::optional<QByteArray> read = readResource(resourcePath);
    if (!read) {
        qCWarning(lcServer).noquote() << "page not found in resources:" << resourcePath;
        return text(
            QStringLiteral("Not found: the page %1 is not in the app's resources.\n").arg(resourcePath),
            StatusCode::NotFound);
    }
    QByteArray bytes = std::move(*read);
    // A page that loads a Datastar bundle of its own (the official one, say) keeps it alone.
    static const QRegularExpression loadsDatastar(
        QStringLiteral(R"(<script\b[^>]*\bsrc\s*=\s*["']?[^"'\s>]*datastar[^"'\s>/]*\.js)"),
        QRegularExpression::CaseInsensitiveOption);
    if (!loadsDatastar.match(QString::fromUtf8(bytes)).hasMatch()) {
        const QByteArray script
            = "<script type=\"module\" src=\"" + ClientPath.toByteArray() + "\"></script>\n";
        const qsizetype headEnd = bytes.indexOf("</head>");
        bytes.insert(headEnd >= 0 ? headEnd : 0, script);
    }
    return QHttpServerResponse("text/html; charset=utf-8", withDevModules(std::move(bytes)));
}

QHttpServerResponse render(const QString &resourcePath, const QJsonObject &data)
{
    const Template tmpl = Template::fromResource(resourcePath);
    if (!tmpl.isValid()) {
        qCWarning(lcServer).noquote() << "cannot render:" << tmpl.errorString();
        return text(QStringLiteral("Internal error: %1\n").arg(tmpl.errorString()),
                    StatusCode::InternalServerError);
    }
    return html(tmpl.render(data));
}

} // namespace starling
