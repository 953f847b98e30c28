// /bench: one stream of N patchElements events of S bytes each, for throughput comparisons with other SDKs.
#pragma once

#include <datastar/serversenteventgenerator.h>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace starling::conformance {

struct BenchParameters
{
    qint64 count = 0; // n: events in the stream
    qsizetype size = 0; // size: bytes of each event's elements

    inline static constexpr qint64 MaxCount = 10'000'000;
    inline static constexpr qsizetype MaxSize = 1024 * 1024;

    // `n` and `size` of a /bench query; nullopt and a message in `error` when missing or out of range.
    static std::optional<BenchParameters> fromQuery(const QUrlQuery &query, QString *error);

    // The smallest size that fits `<div id="row-<count-1>"></div>` (no padding).
    static qsizetype minimumSize(qint64 count);
};

// The elements of event `index`: `<div id="row-<index>">`, `x` padding, `</div>`, exactly `size` bytes
// (ASCII).
QString benchElements(qint64 index, qsizetype size);

// Feeds a stream its events as fast as it takes them: sends while the stream has less than a window of bytes
// pending, then waits for drained(), so memory stays bounded whatever N is. Ends the stream after the last
// one. Lives as the generator's child, so it goes when the stream goes (client gone, write failed, or done).
class BenchStream : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BenchStream)

public:
    static constexpr qint64 WindowBytes = 512 * 1024;

    static void start(datastar::ServerSentEventGenerator *generator, const BenchParameters &parameters);

private:
    BenchStream(datastar::ServerSentEventGenerator *generator, const BenchParameters &parameters);
    void pump();

    QPointer<datastar::ServerSentEventGenerator> m_generator;
    BenchParameters m_parameters;
    qint64 m_next = 0;
    QString m_padding;
    QString m_elements;
};

} // namespace starling::conformance
