#include "devresources_p.h"
#include "logging_p.h"
#include "staticfiles_p.h"

#include <starling/response.h>

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QUrl>

#include <httptransport_p.h>

namespace starling::detail {

namespace {

struct KnownType
{
    QStringView extension;
    const char *mimeType;
};

// The types a page needs, fixed here rather than taken from the system's database (which varies, e.g.
// application/javascript vs text/javascript, and which Chromium's strict module checks care about).
constexpr KnownType KnownTypes[] = {
    { u"html", "text/html; charset=utf-8" },
    { u"htm", "text/html; charset=utf-8" },
    { u"js", "text/javascript; charset=utf-8" },
    { u"mjs", "text/javascript; charset=utf-8" },
    { u"css", "text/css; charset=utf-8" },
    { u"json", "application/json" },
    { u"map", "application/json" },
    { u"svg", "image/svg+xml" },
    { u"png", "image/png" },
    { u"jpg", "image/jpeg" },
    { u"jpeg", "image/jpeg" },
    { u"gif", "image/gif" },
    { u"webp", "image/webp" },
    { u"ico", "image/x-icon" },
    { u"woff", "font/woff" },
    { u"woff2", "font/woff2" },
    { u"ttf", "font/ttf" },
    { u"txt", "text/plain; charset=utf-8" },
    { u"wasm", "application/wasm" },
};

QHttpServerResponse notFound()
{
    return text(QStringLiteral("Not found.\n"), StatusCode::NotFound);
}

bool etagMatches(const QByteArray &ifNoneMatch, const QByteArray &etag)
{
    for (QByteArray candidate : ifNoneMatch.split(',')) {
        candidate = candidate.trimmed();
        if (candidate.startsWith("W/"))
            candidate = candidate.mid(2);
        if (candidate == "*" || candidate == etag)
            return true;
    }
    return false;
}

} // namespace

StaticFiles::StaticFiles(const QString &resourceRoot)
    : m_root(resourceRoot.endsWith(u'/') ? resourceRoot.chopped(1) : resourceRoot)
{ }

QByteArray StaticFiles::mimeType(const QString &fileName)
{
    const QString extension = QFileInfo(fileName).suffix().toLower();
    for (const KnownType &known : KnownTypes) {
        if (known.extension == extension)
            return known.mimeType;
    }
    return QMimeDatabase().mimeTypeForFile(fileName, QMimeDatabase::MatchExtension).name().toUtf8();
}

QHttpServerResponse StaticFiles::serve(const QString &encodedPath, const QByteArray &ifNoneMatch)
{
    QStringList segments;
    for (const QString &encoded : encodedPath.split(u'/')) {
        const QString segment = QUrl::fromPercentEncoding(encoded.toUtf8());
        if (segment.isEmpty() || segment == u"." || segment == u".." || segment.contains(u'/')
            || segment.contains(u'\\') || segment.contains(QChar(0))) {
            qCInfo(lcServer).noquote() << "refused static path" << encodedPath << "under" << m_root;
            return notFound();
        }
        segments.append(segment);
    }
    const QString resourcePath = m_root + u'/' + segments.join(u'/');
    const QString path = DevResources::locate(resourcePath);
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly))
        return notFound();

    // A Qt resource never changes while the app runs: its ETag is computed once. Any other file (the source
    // tree with --dev) can change between two requests and is hashed each time.
    const bool immutable = path.startsWith(u':');
    QByteArray bytes;
    QByteArray etag = immutable ? m_etags.value(path) : QByteArray();
    if (etag.isEmpty()) {
        bytes = file.readAll();
        etag = '"' + QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(32) + '"';
        if (immutable)
            m_etags.insert(path, etag);
    }
    if (!ifNoneMatch.isEmpty() && etagMatches(ifNoneMatch, etag)) {
        QHttpServerResponse notModified(StatusCode::NotModified);
        datastar::detail::addHeader(notModified, "ETag", etag);
        datastar::detail::addHeader(notModified, "Cache-Control", "no-cache");
        return notModified;
    }
    if (bytes.isNull())
        bytes = file.readAll();
    // The type follows the name that was asked for, not that of a symlink's target in the source tree.
    QHttpServerResponse response(mimeType(resourcePath), bytes);
    datastar::detail::addHeader(response, "ETag", etag);
    datastar::detail::addHeader(response, "Cache-Control", "no-cache");
    return response;
}

} // namespace starling::detail
