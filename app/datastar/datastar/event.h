// Datastar SSE events as values: built and serialised once, then sent to any number of streams.
#pragma once

#include <datastar/datastar_export.h>
#include <datastar/options.h>

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace datastar {

// One server-sent event in its exact wire form (`event:`, `id:`, `retry:`, `data:` lines and the blank line).
// Copies share the bytes. An Event built from invalid arguments is invalid: it carries the reason and is
// never written by a stream.
class DATASTAR_EXPORT Event
{
public:
    Event() = default; // invalid: "empty event"

    bool isValid() const { return m_error.isEmpty() && !m_bytes.isEmpty(); }
    QString errorString() const;

    QByteArray type() const { return m_type; } // "datastar-patch-elements" or "datastar-patch-signals"
    QString id() const { return m_id; }
    QByteArray toSse() const { return m_bytes; } // empty when invalid

    // A copy with `id` as its event id (an empty id removes it), e.g. ids a hub assigns when it publishes.
    // Invalid when this event is, or when `id` holds a line break.
    Event withId(const QString &id) const;

    friend bool operator==(const Event &, const Event &) = default;

private:
    friend class EventFormat;
    QByteArray m_type;
    QString m_id;
    QByteArray m_bytes;
    QString m_error;
};

// `datastar-patch-elements`: morph or insert HTML. Multi-line HTML becomes one `elements` line per line.
// Invalid: blank elements (unless mode is Remove with a selector), a selector or id with a line break.
DATASTAR_EXPORT Event patchElements(const QString &elements, const PatchElementsOptions &options = {});

// `datastar-patch-elements` with mode remove: the targets of `selector`, or (empty selector) the elements
// whose ids the top-level `elements` carry. Invalid when both are empty.
DATASTAR_EXPORT Event removeElements(const QString &selector, const QString &elements = {},
                                     const RemoveElementsOptions &options = {});

// `datastar-patch-signals`: merged into the page's signals (RFC 7396; null removes). Written compactly.
// Invalid: an empty object.
DATASTAR_EXPORT Event patchSignals(const QJsonObject &signalsPatch, const PatchSignalsOptions &options = {});

// As patchSignals(), from JSON (or JS object literal) text sent as is; multi-line text gives one `signals`
// line per line. Invalid: blank text.
DATASTAR_EXPORT Event patchSignalsRaw(const QString &signalsText, const PatchSignalsOptions &options = {});

// `datastar-patch-signals` setting each dotted path to null: {"a":{"b":null}} for "a.b"; shared prefixes
// merge, and a path under one already removed adds nothing. Built in O(n log n) of the paths' total length.
// Invalid: no paths, a path with an empty segment, or paths over `limits` (options.h: 32 segments per path,
// 10,000 paths, 1 MiB by default).
DATASTAR_EXPORT Event removeSignals(const QStringList &paths, const PatchSignalsOptions &options = {},
                                    const SignalPathLimits &limits = {});

// `datastar-patch-elements` appending <script ATTRIBUTES>script</script> to <body>. Invalid: blank script.
DATASTAR_EXPORT Event executeScript(const QString &script, const ExecuteScriptOptions &options = {});

} // namespace datastar
