// The SSE wire format of Datastar events, written in this one place.
#pragma once

#include <datastar/event.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <chrono>

namespace datastar {

// Builds one event: `event:`, then `id:` (when given), `retry:` (when not the default), then the data lines
// in the order they are added, then the blank line that dispatches it.
class EventFormat
{
public:
    EventFormat(QByteArrayView type, const QString &eventId, std::chrono::milliseconds retryDuration);

    // `data: <key> <value>`; the value must hold no line break.
    void addLine(QByteArrayView key, QStringView value);
    // One `data: <key> <line>` per line of `text`; CRLF, CR and LF each end a line (any of them would end the
    // SSE line on the client, so none may reach the wire inside a value).
    void addLines(QByteArrayView key, QStringView text);

    Event finish();

    // An invalid event of `type`; `reason` says what was wrong with the arguments.
    static Event invalid(QByteArrayView type, const QString &reason);

    static bool hasLineBreak(QStringView text);

private:
    Event m_event;
};

} // namespace datastar
