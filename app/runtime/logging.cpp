#include "logging_p.h"

namespace starling {

Q_LOGGING_CATEGORY(lcServer, "starling.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStream, "starling.stream", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "starling.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDesktop, "starling.desktop", QtInfoMsg)

} // namespace starling
