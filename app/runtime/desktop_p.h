// What Desktop's parts and its endpoints share.
#pragma once

#include <starling/starling_export.h>

#include <QString>

namespace starling::detail {

// A route a page may be told to call: a local absolute path ("/notes?id=3"), without what would end the
// attribute or string it is written into.
STARLING_PRIVATE_EXPORT bool isCallableRoute(const QString &route);

} // namespace starling::detail
