// Shared by the libFuzzer harnesses: Qt values from the fuzzer's bytes, an SSE reader to check events
// against, and the check that stops a run. Harnesses run on one byte buffer, with no socket and no event
// loop.
#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QLoggingCategory>
#include <QString>

#include <cstdio>
#include <cstdlib>
#include <fuzzer/FuzzedDataProvider.h>

namespace fuzz {

// A broken property is a crash, so that libFuzzer keeps the input (abort() is what it watches for).
#define FUZZ_CHECK(condition)                                                                                \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);               \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

// The SDK logs each refused input; at fuzzing speed that is noise.
inline void quietLogging()
{
    QLoggingCategory::setFilterRules(QStringLiteral("starling.*=false"));
}

inline QByteArray toByteArray(const std::string &bytes)
{
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

// A string of up to `maxLength` bytes: usually UTF-8 (invalid sequences become U+FFFD), sometimes raw UTF-16,
// so that lone surrogates reach the code too.
inline QString consumeString(FuzzedDataProvider &in, size_t maxLength = 256)
{
    const bool utf16 = in.ConsumeIntegralInRange<int>(0, 7) == 0;
    const std::string bytes = in.ConsumeRandomLengthString(maxLength);
    if (utf16)
        return QString::fromUtf16(reinterpret_cast<const char16_t *>(bytes.data()),
                                  qsizetype(bytes.size() / 2));
    return QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
}

inline QString remainingString(FuzzedDataProvider &in)
{
    const std::string bytes = in.ConsumeRemainingBytesAsString();
    return QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
}

// One parsed server-sent event, read as the EventSource spec reads a stream: lines end at CRLF, CR or LF.
struct SseEvent
{
    QByteArray type;
    QByteArrayList ids; // every id line
    QByteArrayList retries;
    QList<std::pair<QByteArray, QByteArray>> data; // `data: key value` as key and value
};

// Checks the framing of one event's bytes (one event, ended by exactly one blank line, every line a known
// field) and returns its fields.
inline SseEvent readSseEvent(const QByteArray &bytes)
{
    FUZZ_CHECK(bytes.endsWith("\n\n"));
    FUZZ_CHECK(!bytes.contains('\r'));
    const QByteArrayList lines = bytes.first(bytes.size() - 2).split('\n');
    SseEvent event;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        FUZZ_CHECK(!line.isEmpty()); // a blank line inside would dispatch half an event
        if (i == 0) {
            FUZZ_CHECK(line.startsWith("event: "));
            event.type = line.sliced(7);
        } else if (line.startsWith("id: ")) {
            event.ids.append(line.sliced(4));
        } else if (line.startsWith("retry: ")) {
            event.retries.append(line.sliced(7));
        } else {
            FUZZ_CHECK(line.startsWith("data: "));
            const QByteArray rest = line.sliced(6);
            const qsizetype space = rest.indexOf(' ');
            FUZZ_CHECK(space > 0);
            event.data.append({ rest.first(space), rest.sliced(space + 1) });
        }
    }
    return event;
}

// The values of one data key, joined with LF as the client joins them.
inline QByteArray joinedData(const SseEvent &event, QByteArrayView key)
{
    QByteArrayList values;
    for (const auto &[name, value] : event.data) {
        if (name == key)
            values.append(value);
    }
    return values.join('\n');
}

// `text` as UTF-8 with CRLF and CR turned into LF: what the client reads back from the data lines.
inline QByteArray normalisedLines(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    utf8.replace("\r\n", "\n");
    utf8.replace('\r', '\n');
    return utf8;
}

} // namespace fuzz
