// The /_starling/ endpoints through which a page reaches the desktop (docs/native.md).
#pragma once

#include <starling/starling_export.h>

#include <QJsonObject>
#include <QString>

namespace starling {
class Desktop;
class Request;
class Server;
struct DesktopResult;
} // namespace starling

namespace starling::detail {

// Adds the desktop endpoints to `server`, acting on `desktop`. Each reads its options from one signal object
// of the request (the endpoint's own name, or `?signal=<name>`) and writes its result into that object:
// at once, or, for what waits on the user, `status: "pending"` at once and the result later on the page's
// channel. Under --serve every one answers 403 (desktop-only).
STARLING_PRIVATE_EXPORT void addDesktopRoutes(Server &server, Desktop &desktop);

// A result as the signals a page gets: {status, error, and the fields the operation fills}.
STARLING_PRIVATE_EXPORT QJsonObject resultSignals(const DesktopResult &result);

} // namespace starling::detail
