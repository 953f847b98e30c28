// Files from a Qt resource root, with MIME types and ETag revalidation.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHttpServerResponse>
#include <QString>

namespace starling::detail {

// Serves the files under one resource root (":/datastar"). Paths are checked segment by segment after
// percent-decoding: a `.` or `..` segment, an empty one, or one holding `/`, `\` or NUL is a 404, so no
// spelling (`..`, `%2e%2e`, `%2f`) reaches outside the root. Files are read through DevResources::locate()
// (with --dev, from the source tree first; answers then carry `Cache-Control: no-store`). Qt resources never
// change while the app runs, so their ETags are computed once per file; other files are hashed per request.
// Main thread only.
class StaticFiles
{
public:
    explicit StaticFiles(const QString &resourceRoot);

    // `encodedPath`: the path below the root as sent ("app/main.js"); `ifNoneMatch`: the request's header.
    // 200 with the file, 304 when the ETag matches, 404 when there is no such file.
    QHttpServerResponse serve(const QString &encodedPath, const QByteArray &ifNoneMatch);

    static QByteArray mimeType(const QString &fileName); // by extension; charset=utf-8 for text types

private:
    QString m_root;
    QHash<QString, QByteArray> m_etags; // Qt resource path -> quoted ETag
};

} // namespace starling::detail
