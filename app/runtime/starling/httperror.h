// An error a handler throws to answer with an HTTP status and a message.
#pragma once

#include <starling/starling_export.h>

#include <QString>

#include <stdexcept>

namespace starling {

// Thrown by a handler (or by Request::signalValues()): the server answers `status` with `message` as a
// text/plain body and logs it. Any other exception a handler throws becomes a logged 500.
class STARLING_EXPORT HttpError : public std::runtime_error
{
public:
    HttpError(int status, const QString &message)
        : std::runtime_error(message.toStdString())
        , m_status(status)
        , m_message(message)
    { }

    int status() const { return m_status; }
    QString message() const { return m_message; }

private:
    int m_status;
    QString m_message;
};

} // namespace starling
