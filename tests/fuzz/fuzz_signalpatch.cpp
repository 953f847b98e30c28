// Signal patches from fuzzed input: JSON merge patches (patchSignals() and signalsResponse() from fuzzed JSON
// text) and removeSignals() from fuzzed dotted paths, one per line. The first byte picks which.
// Checks: a valid event carries exactly the patch, as compact JSON on data lines; removeSignals() refuses an
// empty segment and paths over its limits (the defaults, or small fuzzed ones), and a patch it builds sets
// each path (or a prefix of it) to null and nothing else.
#include "fuzzinput.h"

#include <datastar/event.h>
#include <datastar/responses.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>

namespace {

using namespace datastar;

QJsonObject patchOf(const fuzz::SseEvent &sse)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(fuzz::joinedData(sse, "signals"), &error);
    FUZZ_CHECK(error.error == QJsonParseError::NoError);
    FUZZ_CHECK(document.isObject());
    return document.object();
}

void mergePatch(const QByteArray &json, bool onlyIfMissing)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject())
        return;
    const QJsonObject patch = document.object();
    const Event event = patchSignals(patch, { .onlyIfMissing = onlyIfMissing });
    const QHttpServerResponse response = signalsResponse(patch, { .onlyIfMissing = onlyIfMissing });
    FUZZ_CHECK(QJsonDocument::fromJson(response.data()).object() == patch);
    if (patch.isEmpty()) {
        FUZZ_CHECK(!event.isValid());
        return;
    }
    FUZZ_CHECK(event.isValid());
    const fuzz::SseEvent sse = fuzz::readSseEvent(event.toSse());
    FUZZ_CHECK(sse.type == "datastar-patch-signals");
    FUZZ_CHECK(fuzz::joinedData(sse, "onlyIfMissing") == (onlyIfMissing ? "true" : ""));
    FUZZ_CHECK(patchOf(sse) == patch);
}

// The member of `object` named `key`, found by a linear scan: Qt 6.4's QJsonObject::contains() and value()
// can miss a key of a parsed object whose keys differ first in a character above U+FFFF against one in
// U+E000..U+FFFF (the parsed order and the lookup's disagree): regressions/signalpatch/crash-7330826d...
QJsonValue member(const QJsonObject &object, const QString &key)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == key)
            return it.value();
    }
    return QJsonValue::Undefined;
}

// The value at `segments` in `patch` is null, or a prefix of it is.
bool removes(const QJsonObject &patch, const QStringList &segments)
{
    QJsonObject object = patch;
    for (const QString &segment : segments) {
        const QJsonValue value = member(object, segment);
        if (value.isNull())
            return true;
        if (!value.isObject())
            return false;
        object = value.toObject();
    }
    return false;
}

// Every null in `object` ends one of `paths` (under `prefix`): removeSignals() adds nothing of its own.
bool onlyPaths(const QJsonObject &object, const QString &prefix, const QStringList &paths)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + u'.' + it.key();
        if (it.value().isNull()) {
            if (!paths.contains(path))
                return false;
        } else if (!it.value().isObject() || !onlyPaths(it.value().toObject(), path, paths)) {
            return false;
        }
    }
    return true;
}

void removePaths(const QString &text, const SignalPathLimits &limits)
{
    const QStringList paths = text.split(u'\n');
    const Event event = removeSignals(paths, {}, limits);
    bool emptySegment = false;
    qsizetype depth = 0;
    qsizetype bytes = 0;
    for (const QString &path : paths) {
        const QStringList segments = path.split(u'.');
        for (const QString &segment : segments)
            emptySegment = emptySegment || segment.trimmed().isEmpty();
        depth = std::max(depth, segments.size());
        bytes += path.toUtf8().size();
    }
    if (!event.isValid()) {
        FUZZ_CHECK(!event.errorString().isEmpty());
        FUZZ_CHECK(event.toSse().isEmpty());
        return;
    }
    FUZZ_CHECK(!emptySegment);
    FUZZ_CHECK(depth <= limits.maxDepth);
    FUZZ_CHECK(paths.size() <= limits.maxPaths);
    FUZZ_CHECK(bytes <= limits.maxBytes);
    const QJsonObject patch = patchOf(fuzz::readSseEvent(event.toSse()));
    for (const QString &path : paths)
        FUZZ_CHECK(removes(patch, path.split(u'.')));
    FUZZ_CHECK(onlyPaths(patch, {}, paths));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::quietLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider in(data, size);
    const uint8_t selector = in.ConsumeIntegral<uint8_t>();
    if (selector & 1) {
        SignalPathLimits limits; // the defaults, or small ones that inputs of a few bytes can reach
        if (selector & 2) {
            limits.maxDepth = in.ConsumeIntegralInRange<qsizetype>(0, 8);
            limits.maxPaths = in.ConsumeIntegralInRange<qsizetype>(0, 16);
            limits.maxBytes = in.ConsumeIntegralInRange<qsizetype>(0, 256);
        }
        removePaths(fuzz::remainingString(in), limits);
    } else {
        mergePatch(fuzz::toByteArray(in.ConsumeRemainingBytesAsString()), selector & 2);
    }
    return 0;
}
