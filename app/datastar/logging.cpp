#include "logging_p.h"

namespace datastar {
Q_LOGGING_CATEGORY(lcDatastar, "starling.datastar", QtInfoMsg)
}
