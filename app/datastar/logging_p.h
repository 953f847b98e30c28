#pragma once

#include <QLoggingCategory>

namespace datastar {
Q_DECLARE_LOGGING_CATEGORY(lcDatastar)
}
