#include "eventformat_p.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QStringList>

#include <cstring>

namespace datastar {

QString Event::errorString() const
{
    if (!m_error.isEmpty())
        return m_error;
    return m_bytes.isEmpty() ? QStringLiteral("empty event") : QString();
}

namespace {

// Calls `line` for each line of `utf8`; CRLF, CR and LF each end a line.
template<typename Function> void forEachLine(QByteArrayView utf8, Function line)
{
    for (;;) {
        // memchr-based searches: payloads are mostly single lines of HTML, scanned at memory speed.
        const qsizetype lf = utf8.indexOf('\n');
        const qsizetype cr = utf8.first(lf < 0 ? utf8.size() : lf).indexOf('\r');
        const qsizetype end = cr >= 0 ? cr : lf;
        line(end < 0 ? utf8 : utf8.first(end));
        if (end < 0)
            return;
        utf8 = utf8.sliced(end + ((cr >= 0 && cr + 1 == lf) ? 2 : 1));
    }
}

class Writer
{
public:
    explicit Writer(char *out)
        : m_out(out)
    { }
    Writer &operator<<(QByteArrayView bytes)
    {
        std::memcpy(m_out, bytes.data(), size_t(bytes.size()));
        m_out += bytes.size();
        return *this;
    }
    Writer &operator<<(char c)
    {
        *m_out++ = c;
        return *this;
    }
    const char *position() const { return m_out; }

private:
    char *m_out;
};

constexpr QByteArrayView EventPrefix = "event: ";
constexpr QByteArrayView IdPrefix = "id: ";
constexpr QByteArrayView RetryPrefix = "retry: ";
constexpr QByteArrayView DataPrefix = "data: ";

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

// The paths of removeSignals() as a tree in one pool; m_nodes[0] is the patch's top-level object. A node is
// null (a path ends there, removing everything below it) or an object whose members are kept sorted by name,
// so that each QJsonObject is built by appending rather than by inserting into the middle. Adding a path
// costs O(segments * log members); nothing is copied or rescanned per path.
class NullPatch
{
public:
    void add(const QStringList &segments)
    {
        qsizetype node = 0;
        for (const QString &segment : segments) {
            if (m_nodes[node].isNull)
                return; // a shorter path already removes this one
            const auto member = m_nodes[node].members.constFind(segment);
            if (member != m_nodes[node].members.cend()) {
                node = *member;
                continue;
            }
            const qsizetype child = m_nodes.size();
            m_nodes[node].members.insert(segment, child);
            m_nodes.emplaceBack();
            node = child;
        }
        m_nodes[node].isNull = true;
        m_nodes[node].members.clear(); // the null replaces whatever was below
    }

    // Children always come after their parents in the pool, so building from the back finds every member's
    // object ready, with no recursion.
    QJsonObject toObject()
    {
        QList<QJsonObject> objects(m_nodes.size());
        for (qsizetype index = m_nodes.size() - 1; index >= 0; --index) {
            const Node &node = m_nodes.at(index);
            if (node.isNull)
                continue;
            QJsonObject &object = objects[index];
            for (auto member = node.members.cbegin(); member != node.members.cend(); ++member) {
                const qsizetype child = member.value();
                object.insert(member.key(),
                              m_nodes.at(child).isNull ? QJsonValue(QJsonValue::Null)
                                                       : QJsonValue(std::move(objects[child])));
            }
        }
        return std::move(objects.first());
    }

private:
    struct Node
    {
        QMap<QString, qsizetype> members {};
        bool isNull = false;
    };
    QList<Node> m_nodes { Node {} };
};

// UTF-8 bytes of `text`, without encoding it: a surrogate pair (two units) is four bytes.
qsizetype utf8Size(QStringView text)
{
    qsizetype size = 0;
    for (QChar c : text) {
        const char16_t unit = c.unicode();
        size += unit < 0x80 ? 1 : unit < 0x800 || c.isSurrogate() ? 2 : 3;
    }
    return size;
}

// A path as error messages quote it: whole when short, else its start (a refused path may be megabytes).
QString quotedPath(const QString &path)
{
    constexpr qsizetype Shown = 40;
    return u'\'' + (path.size() <= Shown ? path : path.first(Shown) + QStringLiteral("...")) + u'\'';
}

// Why `paths` cannot become a patch under `limits`; empty when they can.
QString signalPathsError(const QStringList &paths, const SignalPathLimits &limits)
{
    if (paths.isEmpty())
        return QStringLiteral("no signal paths given");
    if (paths.size() > limits.maxPaths)
        return QStringLiteral("%1 paths, over the limit of %2").arg(paths.size()).arg(limits.maxPaths);
    qsizetype bytes = 0;
    for (const QString &path : paths)
        bytes += utf8Size(path);
    if (bytes > limits.maxBytes)
        return QStringLiteral("the paths are %1 bytes together, over the limit of %2")
            .arg(bytes)
            .arg(limits.maxBytes);
    for (const QString &path : paths) {
        const qsizetype depth = path.count(u'.') + 1;
        if (depth > limits.maxDepth)
            return QStringLiteral("path %1 has %2 segments, over the limit of %3")
                .arg(quotedPath(path), QString::number(depth), QString::number(limits.maxDepth));
    }
    return {};
}

} // namespace

EventFormat::EventFormat(QByteArrayView type, const QString &eventId, std::chrono::milliseconds retryDuration)
    : m_type(type)
    , m_eventId(eventId)
    , m_retryDuration(retryDuration)
{ }

void EventFormat::addLine(QByteArrayView key, const QString &value)
{
    DataLine &line = m_lines.emplace_back();
    line.key = key;
    line.owned = value;
    line.text = line.owned;
}

void EventFormat::addLines(QByteArrayView key, QStringView text)
{
    DataLine &line = m_lines.emplace_back();
    line.key = key;
    line.text = text;
}

Event EventFormat::finish()
{
    const QByteArray id = m_eventId.toUtf8();
    const QByteArray retry = m_retryDuration == DefaultRetryDuration
        ? QByteArray()
        : QByteArray::number(qint64(m_retryDuration.count()));

    // Sizes first, so the event is written into one allocation of the exact size. Qt's UTF-8 encoder and
    // memchr do the per-character work at SIMD speed.
    qsizetype size = EventPrefix.size() + m_type.size() + 1 + 1; // the event line and the closing blank line
    if (!id.isEmpty())
        size += IdPrefix.size() + id.size() + 1;
    if (!retry.isEmpty())
        size += RetryPrefix.size() + retry.size() + 1;
    for (DataLine &line : m_lines) {
        line.utf8 = line.text.toUtf8();
        const qsizetype framing = DataPrefix.size() + line.key.size() + 2; // "data: ", key, ' ', '\n'
        forEachLine(line.utf8, [&](QByteArrayView piece) { size += framing + piece.size(); });
    }

    Event event;
    event.m_type = QByteArray::fromRawData(m_type.data(), m_type.size()); // always a static literal
    event.m_id = m_eventId;
    event.m_bytes = QByteArray(size, Qt::Uninitialized);
    Writer out(event.m_bytes.data());
    out << EventPrefix << m_type << '\n';
    if (!id.isEmpty())
        out << IdPrefix << id << '\n';
    if (!retry.isEmpty())
        out << RetryPrefix << retry << '\n';
    for (const DataLine &line : m_lines)
        forEachLine(line.utf8,
                    [&](QByteArrayView piece) { out << DataPrefix << line.key << ' ' << piece << '\n'; });
    out << '\n';
    Q_ASSERT(out.position() == event.m_bytes.constData() + size);
    return event;
}

Event EventFormat::invalid(QByteArrayView type, const QString &reason)
{
    Event event;
    event.m_type = type.toByteArray();
    event.m_error = reason;
    return event;
}

Event EventFormat::withId(const Event &event, const QString &id)
{
    if (!event.isValid())
        return event;
    if (hasLineBreak(id))
        return invalid(event.m_type, QStringLiteral("withId: an event id must not contain a line break"));

    // The event line comes first, then the id line when there is one: splice the new id in between.
    const QByteArray &bytes = event.m_bytes;
    const qsizetype afterEventLine = bytes.indexOf('\n') + 1;
    qsizetype rest = afterEventLine;
    if (bytes.sliced(afterEventLine).startsWith(IdPrefix))
        rest = bytes.indexOf('\n', afterEventLine) + 1;

    Event copy = event;
    copy.m_id = id;
    copy.m_bytes = bytes.first(afterEventLine);
    if (!id.isEmpty())
        copy.m_bytes.append(IdPrefix).append(id.toUtf8()).append('\n');
    copy.m_bytes.append(QByteArrayView(bytes).sliced(rest));
    return copy;
}

Event Event::withId(const QString &id) const
{
    return EventFormat::withId(*this, id);
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
    if (!isBlank(options.selector))
        format.addLine("selector", options.selector);
    if (options.mode != ElementPatchMode::Outer)
        format.addLine("mode", toName(options.mode));
    if (options.elementNamespace != ElementNamespace::Html)
        format.addLine("namespace", toName(options.elementNamespace));
    if (options.useViewTransition)
        format.addLine("useViewTransition", QStringLiteral("true"));
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
        format.addLine("onlyIfMissing", QStringLiteral("true"));
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

Event removeSignals(const QStringList &paths, const PatchSignalsOptions &options,
                    const SignalPathLimits &limits)
{
    // Every limit is checked before anything is built, so refusing costs one pass over the paths.
    if (const QString error = signalPathsError(paths, limits); !error.isEmpty())
        return EventFormat::invalid(PatchSignalsType, QStringLiteral("removeSignals: ") + error);
    NullPatch patch;
    for (const QString &path : paths) {
        const QStringList segments = path.split(u'.');
        for (const QString &segment : segments) {
            if (segment.trimmed().isEmpty())
                return EventFormat::invalid(
                    PatchSignalsType,
                    QStringLiteral("removeSignals: path %1 has an empty segment").arg(quotedPath(path)));
        }
        patch.add(segments);
    }
    return patchSignals(patch.toObject(), options);
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

    // The order the protocol gives for scripts: mode, selector, elements.
    EventFormat format(PatchElementsType, options.eventId, options.retryDuration);
    format.addLine("mode", toName(ElementPatchMode::Append));
    format.addLine("selector", QStringLiteral("body"));
    format.addLines("elements", tag);
    return format.finish();
}

} // namespace datastar
