#include "benchstream.h"

#include <datastar/event.h>

namespace starling::conformance {

namespace {

const QString Prefix = QStringLiteral("<div id=\"row-");
const QString PrefixEnd = QStringLiteral("\">");
const QString Suffix = QStringLiteral("</div>");

qsizetype decimalDigits(qint64 value)
{
    qsizetype digits = 1;
    for (; value >= 10; value /= 10)
        ++digits;
    return digits;
}

std::optional<qint64> integerParameter(const QUrlQuery &query, const QString &name, qint64 minimum,
                                       qint64 maximum, QString *error)
{
    if (!query.hasQueryItem(name)) {
        *error = QStringLiteral("missing parameter '%1'").arg(name);
        return std::nullopt;
    }
    const QString text = query.queryItemValue(name);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < minimum || value > maximum) {
        *error = QStringLiteral("parameter '%1' must be a whole number from %2 to %3, not '%4'")
                     .arg(name)
                     .arg(minimum)
                     .arg(maximum)
                     .arg(text);
        return std::nullopt;
    }
    return value;
}

} // namespace

std::optional<BenchParameters> BenchParameters::fromQuery(const QUrlQuery &query, QString *error)
{
    const std::optional<qint64> count = integerParameter(query, QStringLiteral("n"), 1, MaxCount, error);
    if (!count)
        return std::nullopt;
    const std::optional<qint64> size = integerParameter(query, QStringLiteral("size"), 1, MaxSize, error);
    if (!size)
        return std::nullopt;
    if (*size < minimumSize(*count)) {
        *error = QStringLiteral(
                     "size %1 is too small for n=%2: the smallest element, <div id=\"row-%3\"></div>, "
                     "takes %4 bytes")
                     .arg(*size)
                     .arg(*count)
                     .arg(*count - 1)
                     .arg(minimumSize(*count));
        return std::nullopt;
    }
    return BenchParameters { .count = *count, .size = static_cast<qsizetype>(*size) };
}

qsizetype BenchParameters::minimumSize(qint64 count)
{
    return Prefix.size() + decimalDigits(count - 1) + PrefixEnd.size() + Suffix.size();
}

QString benchElements(qint64 index, qsizetype size)
{
    QString elements;
    elements.reserve(size);
    elements += Prefix;
    elements += QString::number(index);
    elements += PrefixEnd;
    elements += QString(size - elements.size() - Suffix.size(), u'x');
    elements += Suffix;
    return elements;
}

void BenchStream::start(datastar::ServerSentEventGenerator *generator, const BenchParameters &parameters)
{
    auto *stream = new BenchStream(generator, parameters);
    stream->pump();
}

BenchStream::BenchStream(datastar::ServerSentEventGenerator *generator, const BenchParameters &parameters)
    : QObject(generator)
    , m_generator(generator)
    , m_parameters(parameters)
    , m_padding(parameters.size, u'x')
{
    m_elements.reserve(parameters.size);
    // Queued: whether or not drained() is emitted from inside send(), pump() never re-enters itself.
    connect(generator, &datastar::ServerSentEventGenerator::drained, this, &BenchStream::pump,
            Qt::QueuedConnection);
}

void BenchStream::pump()
{
    if (!m_generator || !m_generator->isOpen())
        return;
    while (m_next < m_parameters.count && m_generator->pendingBytes() < WindowBytes) {
        // Reuse one buffer rather than allocate per event: this is the app's part, the SDK's is what we
        // measure.
        m_elements.resize(0);
        m_elements += Prefix;
        m_elements += QString::number(m_next);
        m_elements += PrefixEnd;
        m_elements += QStringView(m_padding).first(m_parameters.size - m_elements.size() - Suffix.size());
        m_elements += Suffix;
        if (!m_generator->send(datastar::patchElements(m_elements)))
            return; // closed: the generator deletes itself, and this with it
        ++m_next;
    }
    if (m_next == m_parameters.count)
        m_generator->close();
}

} // namespace starling::conformance
