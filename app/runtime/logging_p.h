// The runtime's logging categories.
#pragma once

#include <QLoggingCategory>

namespace starling {

Q_DECLARE_LOGGING_CATEGORY(lcServer) // starling.server: requests refused, handler failures, listening
Q_DECLARE_LOGGING_CATEGORY(lcStream) // starling.stream: the hub's streams, cut-offs, resumes
Q_DECLARE_LOGGING_CATEGORY(lcApp) // starling.app: start-up, command line, window
Q_DECLARE_LOGGING_CATEGORY(
    lcDesktop) // starling.desktop: dialogs, clipboard, notifications, tray, menus, opening

} // namespace starling
