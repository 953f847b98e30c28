#include "logging_p.h"
#include "staticfiles_p.h"

#include <starling/response.h>

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QUrl>

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
    const QString path = m_root + u'/' + segments.join(u'/');
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly))
        return notFound();

    QByteArray bytes;
    auto etag = m_etags.constFind(path);
    if (etag == m_etags.cend()) {
        bytes = file.readAll();
        const QByteArray hash = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(32);
        etag = m_etags.insert(path, '"' + hash + '"');
    }
    if (!ifNoneMatch.isEmpty() && etagMatches(ifNoneMatch, *etag)) {
        QHttpServerResponse notModified(StatusCode::NotModified);
        notModified.addHeader("ETag", *etag);
        notModified.addHeader("Cache-Control", "no-cache");
        return notModified;
    }
    if (bytes.isNull())
        bytes = file.readAll();
    QHttpServerResponse response(mimeType(path), bytes);
    response.addHeader("ETag", *etag);
    response.addHeader("Cache-Control", "no-cache");
    return response;
}

} // namespace starling::detail
