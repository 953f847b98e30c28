// The SSE wire format of Datastar events, written in this one place.
#pragma once

#include <datastar/event.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QVarLengthArray>

#include <chrono>

namespace datastar {

// Builds one event: `event:`, then `id:` (when given), `retry:` (when not the default), then the data lines
// in the order they are added, then the blank line that dispatches it. The lines are collected first and
// written into one buffer of the exact size (this is the hot path of every stream).
class EventFormat
{
public:
    EventFormat(QByteArrayView type, const QString &eventId, std::chrono::milliseconds retryDuration);

    // `data: <key> <value>`; the value must hold no line break.
    void addLine(QByteArrayView key, const QString &value);
    // One `data: <key> <line>` per line of `text`; CRLF, CR and LF each end a line (any of them would end the
    // SSE line on the client, so none may reach the wire inside a value). An empty line is written as
    // `data: <key> ` (the client joins the values back with LF). `text` must outlive finish().
    void addLines(QByteArrayView key, QStringView text);

    Event finish();

    // An invalid event of `type`; `reason` says what was wrong with the arguments.
    static Event invalid(QByteArrayView type, const QString &reason);

    // `event` with its id line replaced (Event::withId()).
    static Event withId(const Event &event, const QString &id);

    static bool hasLineBreak(QStringView text);

private:
    struct DataLine
    {
        QByteArrayView key;
        QString owned; // keeps an addLine() value alive; `text` may point into it
        QStringView text;
        bool multiLine = false;
        QByteArray
            utf8; // the text as UTF-8, unless it is ASCII and single-line (then written straight from text)
    };

    QByteArrayView m_type;
    QString m_eventId;
    std::chrono::milliseconds m_retryDuration;
    QVarLengthArray<DataLine, 6> m_lines;
};

} // namespace datastar
