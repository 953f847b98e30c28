// --dev: the app's resources are read from its source tree first, so that an edit shows on the next request.
#pragma once

#include <starling/starling_export.h>

#include <QHttpServerResponse>
#include <QList>
#include <QString>
#include <QStringList>

namespace starling::detail {

// The one place that maps a resource path (":/gallery/layout.html") to a file of the source tree. A root
// pairs a resource prefix with a source directory laid out like it: ":/" with the app's
// AppInfo::devResourceDir (":/pages/index.html" is <dir>/pages/index.html), ":/datastar" with the runtime's
// own resources/datastar (known at build time). The longest matching prefix decides; a file missing from its
// source directory is read from the compiled-in resources instead.
//
// Off until enabled (App with --dev). Every read of an app resource goes through locate(): static files,
// page(), render(), Template::fromResource() and readResource().
//
// Safety: the path is cleaned before matching, so `..` can never climb out of a root, and the source file is
// used only when its canonical path (symlinks resolved) lies inside the root's canonical path. Anything else
// falls back to the compiled-in copy, so the answers (404s included) are those of a run without --dev.
//
// Thread-safe: enable() and disable() from the main thread; the rest from any thread.
class STARLING_PRIVATE_EXPORT DevResources
{
public:
    struct Root
    {
        QString resourcePrefix {}; // ":/" or ":/datastar"
        QString sourceDir {}; // empty: none given
    };

    // --dev for an app: the runtime's client from its source directory, and ":/" from appSourceDir (the
    // app's AppInfo::devResourceDir, possibly empty). Returns sourceDirs().
    static QStringList enableForApp(const QString &appSourceDir);

    // Turns dev reading on with these roots. Roots whose directory is not given or does not exist are left
    // out and named in one warning (starling.app): their resources are the compiled-in ones.
    static void enable(const QList<Root> &roots);
    static void disable();
    static bool isEnabled();
    // The existing source directories now read from (canonical; none inside another): what live reload
    // watches.
    static QStringList sourceDirs();

    // The file to read for `resourcePath`: with dev on, the canonical path of its source file when that is a
    // regular file inside its root; otherwise `resourcePath` itself.
    static QString locate(const QString &resourcePath);

    // With dev on, sets `Cache-Control: no-store` so that a reload always fetches the edited file (the server
    // does it for every answer).
    static void preventCaching(QHttpServerResponse &response);
};

} // namespace starling::detail
