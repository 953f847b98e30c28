// What the runtime (starling::App) and the tests do to a Desktop that apps cannot.
#pragma once

#include <starling/desktop.h>

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
};

} // namespace starling::detail
