// What the runtime (starling::App) and the tests do to a Desktop that apps cannot, and what Desktop's parts
// and its endpoints share.
#pragma once

#include <starling/desktop.h>
#include <starling/starling_export.h>

#include <QString>

#include <memory>

namespace starling {
class StreamHub;
}

namespace starling::detail {

class WindowHost;

struct STARLING_PRIVATE_EXPORT DesktopAccess
{
    static std::unique_ptr<Desktop> create();
    // With windows (not --serve): the windows it acts on, and the hub that carries results to their pages.
    static void attach(Desktop &desktop, WindowHost *host, StreamHub *hub);
    static void setUrlSchemes(Desktop &desktop, const QStringList &schemes)
    {
        desktop.setUrlSchemes(schemes);
    }
    // What the app was opened with (its command line's URLs and files, or a later launch's): see
    // Desktop::opened().
    static void openWith(Desktop &desktop, const QString &windowId, const QStringList &arguments)
    {
        desktop.openWith(windowId, arguments);
    }
    // AppInfo::keepRunningInTray: the last window closing quits the app unless this is on and the tray shown.
    static void setKeepRunningInTray(Desktop &desktop, bool keep) { desktop.setKeepRunningInTray(keep); }
    static bool keepsRunningWithoutWindows(const Desktop &desktop)
    {
        return desktop.keepsRunningWithoutWindows();
    }
};

// A route a page may be told to call: a local absolute path ("/notes?id=3"), without what would end the
// attribute or string it is written into.
STARLING_PRIVATE_EXPORT bool isCallableRoute(const QString &route);

} // namespace starling::detail
