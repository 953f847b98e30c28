// Reading the app's own resources the way the runtime does, so that --dev also reaches code that reads them.
#pragma once

#include <starling/starling_export.h>

#include <QByteArray>
#include <QString>

#include <optional>

namespace starling {

// The bytes of the resource at `resourcePath` (":/gallery/examples/quiz.html"); std::nullopt when there is no
// such file. With --dev, the file of the source tree when there is one (see AppInfo::devResourceDir), read
// again at every call. Any thread.
STARLING_EXPORT std::optional<QByteArray> readResource(const QString &resourcePath);

} // namespace starling
