// Options of the Datastar events and streams, and the protocol's constants.
#pragma once

#include <datastar/datastar_export.h>

#include <QList>
#include <QString>
#include <QStringView>

#include <chrono>
#include <optional>
#include <utility>

namespace datastar {

// The client applies `retry` from an event as its new reconnection delay; this is its default, never written.
inline constexpr std::chrono::milliseconds DefaultRetryDuration { 1000 };

// Largest signals payload readSignals() accepts (query parameter or body); the runtime refuses larger bodies
// with 413 before reading them.
inline constexpr qsizetype MaxSignalsBytes = 1024 * 1024;

// Deepest nesting of objects and arrays readSignals() accepts ({"a":{"b":1}} is 2 deep): far beyond what
// pages send, and it keeps every recursive walk over the signals (Qt's JSON writer, an app's own code)
// shallow.
inline constexpr int MaxSignalsDepth = 64;

// The defaults of SignalPathLimits.
inline constexpr qsizetype MaxSignalPathDepth = 32;
inline constexpr qsizetype MaxSignalPaths = 10'000;
inline constexpr qsizetype MaxSignalPathsBytes = MaxSignalsBytes;

// Bounds on the dotted signal paths removeSignals() turns into a patch. Paths often come from requests: each
// segment is one level of nested JSON, and each path a member to build, so unbounded paths could exhaust the
// stack or hold up the event loop. A path at a limit is accepted; over it the event is invalid and says which
// limit. The defaults are far beyond real pages (signals a few levels deep, tens to hundreds of them), and
// the bytes match what one request may carry. Raise maxDepth only into the hundreds: Qt's JSON writer
// recurses once per level.
struct SignalPathLimits
{
    qsizetype maxDepth = MaxSignalPathDepth; // segments in one path ("a.b.c" has 3)
    qsizetype maxPaths = MaxSignalPaths; // paths in one call
    qsizetype maxBytes = MaxSignalPathsBytes; // UTF-8 bytes of all the paths together
};

// Brotli's settings for one stream. Its encoder lives as long as the stream, so on a long-lived stream what
// the encoder holds counts for more than the last percent of compression.
struct BrotliOptions
{
    // 0 to 11 (clamped). 5 gets most of Brotli's gain on repetitive HTML at a cost a live stream affords;
    // its match finder then holds about 0.25 to 0.75 MiB per stream (more once the stream has been busy).
    // 1 holds under 0.1 MiB, for servers with thousands of compressed streams, at about twice the bytes.
    int quality = 5;
    // The window, 2^windowBits bytes (10 to 24, clamped): how far back a match may reach, and what the
    // encoder and the client's decoder each hold for the stream. 16 (64 KiB) spans the last tens to
    // hundreds of patches, which is where a stream's repetition is: 22 (4 MiB) compressed a busy stream of
    // 2 KiB patches no better and held 4x the memory.
    int windowBits = 16;
};

// How patchElements() puts the elements into the DOM. Only Outer and Inner morph (and so preserve state).
enum class ElementPatchMode {
    Outer, // morph each target (default)
    Inner, // morph each target's children
    Replace, // replace each target, no morph
    Prepend, // insert as the target's first children
    Append, // insert as the target's last children
    Before, // insert before the target
    After, // insert after the target
    Remove, // remove the target
};

// The XML namespace the client parses the elements in (for patching inside <svg> or <math>).
enum class ElementNamespace { Html, Svg, MathMl };

// The protocol's names ("outer", "svg", ...) and back; the parsers return nullopt for an unknown name.
DATASTAR_EXPORT QString toName(ElementPatchMode mode);
DATASTAR_EXPORT QString toName(ElementNamespace ns);
DATASTAR_EXPORT std::optional<ElementPatchMode> elementPatchModeFromName(QStringView name);
DATASTAR_EXPORT std::optional<ElementNamespace> elementNamespaceFromName(QStringView name);

struct PatchElementsOptions
{
    QString selector {}; // CSS selector of the targets; empty: each top-level element is matched by its id
    ElementPatchMode mode = ElementPatchMode::Outer;
    ElementNamespace elementNamespace = ElementNamespace::Html;
    bool useViewTransition = false;
    QString eventId {}; // written as `id:` when not empty; the client sends it back as Last-Event-ID
    std::chrono::milliseconds retryDuration = DefaultRetryDuration;
};

struct RemoveElementsOptions
{
    bool useViewTransition = false;
    QString eventId {};
    std::chrono::milliseconds retryDuration = DefaultRetryDuration;
};

struct PatchSignalsOptions
{
    bool onlyIfMissing = false; // set only the signals the page does not have yet
    QString eventId {};
    std::chrono::milliseconds retryDuration = DefaultRetryDuration;
};

// One attribute of an executed <script> tag, written as name="value" (value HTML-escaped).
using ScriptAttribute = std::pair<QString, QString>;

struct ExecuteScriptOptions
{
    bool autoRemove = true; // adds data-effect="el.remove()" so the tag removes itself once run
    QList<ScriptAttribute> attributes {};
    QString eventId {};
    std::chrono::milliseconds retryDuration = DefaultRetryDuration;
};

} // namespace datastar
