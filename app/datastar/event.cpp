#include "eventformat_p.h"

#include <QJsonDocument>
#include <QJsonValue>

namespace datastar {

namespace {

constexpr QByteArrayView PatchElementsType = "datastar-patch-elements";
constexpr QByteArrayView PatchSignalsType = "datastar-patch-signals";

bool isBlank(QStringView text)
{
    return text.trimmed().isEmpty();
}

// The checks every event shares; an empty string means the options are fine.
QString commonOptionsError(const QString &eventId, std::chrono::milliseconds retryDuration)
{
    if (EventFormat::hasLineBreak(eventId))
        return QStringLiteral("eventId must not contain a line break");
    if (retryDuration.count() < 0)
        return QStringLiteral("retryDuration must not be negative (got %1 ms)").arg(retryDuration.count());
    return {};
}

bool isValidAttributeName(QStringView name)
{
    if (name.isEmpty())
        return false;
    for (QChar c : name) {
        if (c.isSpace() || c == u'"' || c == u'\'' || c == u'>' || c == u'/' || c == u'=' || c == u'<')
            return false;
    }
    return true;
}

// Sets the dotted `path` to null inside `object`; a null already on the way removes everything below it.
void setPathToNull(QJsonObject &object, const QStringList &segments, qsizetype index)
{
    const QString &key = segments[index];
    if (index == segments.size() - 1) {
        object.insert(key, QJsonValue::Null);
        return;
    }
    const QJsonValue existing = object.value(key);
    if (existing.isNull())
        return;
    QJsonObject child = existing.toObject();
    setPathToNull(child, segments, index + 1);
    object.insert(key, child);
}

} // namespace

QString Event::errorString() const
{
    if (!m_error.isEmpty())
        return m_error;
    return m_bytes.isEmpty() ? QStringLiteral("empty event") : QString();
}

EventFormat::EventFormat(QByteArrayView type, const QString &eventId, std::chrono::milliseconds retryDuration)
{
    m_event.m_type = type.toByteArray();
    m_event.m_id = eventId;
    QByteArray &out = m_event.m_bytes;
    out.reserve(128);
    out.append("event: ").append(type).append('\n');
    if (!eventId.isEmpty())
        out.append("id: ").append(eventId.toUtf8()).append('\n');
    if (retryDuration != DefaultRetryDuration)
        out.append("retry: ").append(QByteArray::number(qint64(retryDuration.count()))).append('\n');
}

void EventFormat::addLine(QByteArrayView key, QStringView value)
{
    m_event.m_bytes.append("data: ").append(key).append(' ').append(value.toUtf8()).append('\n');
}

void EventFormat::addLines(QByteArrayView key, QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    QByteArray &out = m_event.m_bytes;
    out.reserve(out.size() + utf8.size() + 16);
    qsizetype lineStart = 0;
    const qsizetype size = utf8.size();
    for (qsizetype i = 0; i <= size; ++i) {
        const bool end = i == size;
        if (!end && utf8[i] != '\n' && utf8[i] != '\r')
            continue;
        out.append("data: ")
            .append(key)
            .append(' ')
            .append(utf8.constData() + lineStart, i - lineStart)
            .append('\n');
        if (!end && utf8[i] == '\r' && i + 1 < size && utf8[i + 1] == '\n')
            ++i;
        lineStart = i + 1;
    }
}

Event EventFormat::finish()
{
    m_event.m_bytes.append('\n');
    return std::move(m_event);
}

Event EventFormat::invalid(QByteArrayView type, const QString &reason)
{
    Event event;
    event.m_type = type.toByteArray();
    event.m_error = reason;
    return event;
}

bool EventFormat::hasLineBreak(QStringView text)
{
    return text.contains(u'\n') || text.contains(u'\r');
}

Event patchElements(const QString &elements, const PatchElementsOptions &options)
{
    if (const QString error = commonOptionsError(options.eventId, options.retryDuration); !error.isEmpty())
        return EventFormat::invalid(PatchElementsType, QStringLiteral("patchElements: ") + error);
    if (EventFormat::hasLineBreak(options.selector))
        return EventFormat::invalid(PatchElementsType,
                                    QStringLiteral("patchElements: selector must not contain a line break"));
    const bool removeBySelector = options.mode == ElementPatchMode::Remove && !isBlank(options.selector);
    if (isBlank(elements) && !removeBySelector) {
        return EventFormat::invalid(
            PatchElementsType,
            options.mode == ElementPatchMode::Remove
                ? QStringLiteral("patchElements: mode remove needs a selector or elements")
                : QStringLiteral(
                    "patchElements: elements must not be empty (only mode remove with a selector may "
                    "omit them)"));
    }

    EventFormat format(PatchElementsType, options.eventId, options.retryDuration);
    if (!options.selector.isEmpty())
        format.addLine("selector", options.selector);
    if (options.mode != ElementPatchMode::Outer)
        format.addLine("mode", toName(options.mode));
    if (options.elementNamespace != ElementNamespace::Html)
        format.addLine("namespace", toName(options.elementNamespace));
    if (options.useViewTransition)
        format.addLine("useViewTransition", u"true");
    if (!isBlank(elements))
        format.addLines("elements", elements);
    return format.finish();
}

Event removeElements(const QString &selector, const QString &elements, const RemoveElementsOptions &options)
{
    if (isBlank(selector) && isBlank(elements))
        return EventFormat::invalid(
            PatchElementsType, QStringLiteral("removeElements: needs a selector or elements (with ids)"));
    return patchElements(elements,
                         { .selector = selector,
                           .mode = ElementPatchMode::Remove,
                           .useViewTransition = options.useViewTransition,
                           .eventId = options.eventId,
                           .retryDuration = options.retryDuration });
}

Event patchSignalsRaw(const QString &signalsText, const PatchSignalsOptions &options)
{
    if (const QString error = commonOptionsError(options.eventId, options.retryDuration); !error.isEmpty())
        return EventFormat::invalid(PatchSignalsType, QStringLiteral("patchSignals: ") + error);
    if (isBlank(signalsText))
        return EventFormat::invalid(PatchSignalsType,
                                    QStringLiteral("patchSignals: signals must not be empty"));

    EventFormat format(PatchSignalsType, options.eventId, options.retryDuration);
    if (options.onlyIfMissing)
        format.addLine("onlyIfMissing", u"true");
    format.addLines("signals", signalsText);
    return format.finish();
}

Event patchSignals(const QJsonObject &signalsPatch, const PatchSignalsOptions &options)
{
    if (signalsPatch.isEmpty())
        return EventFormat::invalid(PatchSignalsType,
                                    QStringLiteral("patchSignals: signals must hold at least one signal"));
    return patchSignalsRaw(QString::fromUtf8(QJsonDocument(signalsPatch).toJson(QJsonDocument::Compact)),
                           options);
}

Event removeSignals(const QStringList &paths, const PatchSignalsOptions &options)
{
    if (paths.isEmpty())
        return EventFormat::invalid(PatchSignalsType, QStringLiteral("removeSignals: no signal paths given"));
    QJsonObject patch;
    for (const QString &path : paths) {
        const QStringList segments = path.split(u'.');
        for (const QString &segment : segments) {
            if (segment.trimmed().isEmpty())
                return EventFormat::invalid(
                    PatchSignalsType,
                    QStringLiteral("removeSignals: path '%1' has an empty segment").arg(path));
        }
        setPathToNull(patch, segments, 0);
    }
    return patchSignals(patch, options);
}

Event executeScript(const QString &script, const ExecuteScriptOptions &options)
{
    if (const QString error = commonOptionsError(options.eventId, options.retryDuration); !error.isEmpty())
        return EventFormat::invalid(PatchElementsType, QStringLiteral("executeScript: ") + error);
    if (isBlank(script))
        return EventFormat::invalid(PatchElementsType,
                                    QStringLiteral("executeScript: script must not be empty"));

    QString tag = QStringLiteral("<script");
    for (const auto &[name, value] : options.attributes) {
        if (!isValidAttributeName(name))
            return EventFormat::invalid(
                PatchElementsType, QStringLiteral("executeScript: invalid attribute name '%1'").arg(name));
        tag += u' ' + name + QStringLiteral("=\"") + value.toHtmlEscaped() + u'"';
    }
    if (options.autoRemove)
        tag += QStringLiteral(" data-effect=\"el.remove()\"");
    tag += u'>' + script + QStringLiteral("</script>");

    return patchElements(tag,
                         { .selector = QStringLiteral("body"),
                           .mode = ElementPatchMode::Append,
                           .eventId = options.eventId,
                           .retryDuration = options.retryDuration });
}

} // namespace datastar
