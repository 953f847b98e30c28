// The SSE event writer on fuzzed fields: patchElements, removeElements, patchSignalsRaw and executeScript
// with fuzzed options, then withId(). Checks: arguments the contract calls invalid give an invalid event; a
// valid event is one well-framed SSE event whose fields read back as the arguments (no CR or LF can split a
// line). The plain responses (htmlResponse, scriptResponse) get the same strings.
#include "fuzzinput.h"

#include <datastar/event.h>
#include <datastar/responses.h>

namespace {

using namespace datastar;

bool blank(const QString &text)
{
    return text.trimmed().isEmpty();
}

bool hasLineBreak(const QString &text)
{
    return text.contains(u'\n') || text.contains(u'\r');
}

std::chrono::milliseconds consumeRetry(FuzzedDataProvider &in)
{
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
        return DefaultRetryDuration;
    case 1:
        return std::chrono::milliseconds(in.ConsumeIntegral<int64_t>());
    default:
        return std::chrono::milliseconds(in.ConsumeIntegralInRange<int64_t>(0, 100000));
    }
}

// The common fields of any valid event: its type, the id line, the retry line.
fuzz::SseEvent checkValid(const Event &event, QByteArrayView type, const QString &eventId,
                          std::chrono::milliseconds retry)
{
    FUZZ_CHECK(event.isValid());
    FUZZ_CHECK(event.errorString().isEmpty());
    FUZZ_CHECK(event.type() == type);
    const fuzz::SseEvent sse = fuzz::readSseEvent(event.toSse());
    FUZZ_CHECK(sse.type == type);
    if (eventId.isEmpty()) {
        FUZZ_CHECK(sse.ids.isEmpty());
    } else {
        FUZZ_CHECK(sse.ids.size() == 1 && sse.ids.first() == eventId.toUtf8());
    }
    if (retry == DefaultRetryDuration) {
        FUZZ_CHECK(sse.retries.isEmpty());
    } else {
        FUZZ_CHECK(sse.retries.size() == 1
                   && sse.retries.first() == QByteArray::number(qint64(retry.count())));
    }
    return sse;
}

void checkInvalid(const Event &event)
{
    FUZZ_CHECK(!event.isValid());
    FUZZ_CHECK(!event.errorString().isEmpty());
    FUZZ_CHECK(event.toSse().isEmpty());
}

// withId() on any event: invalid stays invalid; a line break is refused; otherwise only the id changes.
void checkWithId(const Event &event, const QString &id)
{
    const Event copy = event.withId(id);
    if (!event.isValid() || hasLineBreak(id)) {
        checkInvalid(copy);
        return;
    }
    FUZZ_CHECK(copy.isValid());
    FUZZ_CHECK(copy.type() == event.type());
    const fuzz::SseEvent before = fuzz::readSseEvent(event.toSse());
    const fuzz::SseEvent after = fuzz::readSseEvent(copy.toSse());
    FUZZ_CHECK(after.type == before.type);
    FUZZ_CHECK(after.ids == (id.isEmpty() ? QByteArrayList() : QByteArrayList { id.toUtf8() }));
    FUZZ_CHECK(copy.id() == id);
    FUZZ_CHECK(after.data == before.data);
    FUZZ_CHECK(after.retries == before.retries);
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
    const int kind = in.ConsumeIntegralInRange<int>(0, 3);
    const QString eventId = fuzz::consumeString(in, 64);
    const std::chrono::milliseconds retry = consumeRetry(in);
    const QString newId = fuzz::consumeString(in, 32);
    const bool badOptions = hasLineBreak(eventId) || retry.count() < 0;

    Event event;
    switch (kind) {
    case 0: { // patchElements
        PatchElementsOptions options;
        options.selector = fuzz::consumeString(in, 64);
        options.mode = static_cast<ElementPatchMode>(in.ConsumeIntegralInRange<int>(0, 7));
        options.elementNamespace = static_cast<ElementNamespace>(in.ConsumeIntegralInRange<int>(0, 2));
        options.useViewTransition = in.ConsumeBool();
        options.eventId = eventId;
        options.retryDuration = retry;
        const QString elements = fuzz::remainingString(in);
        event = patchElements(elements, options);
        const bool removeBySelector = options.mode == ElementPatchMode::Remove && !blank(options.selector);
        if (badOptions || hasLineBreak(options.selector) || (blank(elements) && !removeBySelector)) {
            checkInvalid(event);
            break;
        }
        const fuzz::SseEvent sse = checkValid(event, "datastar-patch-elements", eventId, retry);
        FUZZ_CHECK(fuzz::joinedData(sse, "elements")
                   == (blank(elements) ? QByteArray() : fuzz::normalisedLines(elements)));
        FUZZ_CHECK(fuzz::joinedData(sse, "selector")
                   == (blank(options.selector) ? QByteArray() : options.selector.toUtf8()));
        FUZZ_CHECK(
            fuzz::joinedData(sse, "mode")
            == (options.mode == ElementPatchMode::Outer ? QByteArray() : toName(options.mode).toUtf8()));

        // The one-shot answer with the same strings: the body as given, a selector with a line break refused.
        const QHttpServerResponse response
            = htmlResponse(elements, { .selector = options.selector, .mode = options.mode });
        if (!hasLineBreak(options.selector))
            FUZZ_CHECK(response.data() == elements.toUtf8());
        break;
    }
    case 1: { // removeElements
        const QString selector = fuzz::consumeString(in, 64);
        const QString elements = fuzz::remainingString(in);
        event = removeElements(selector, elements, { .eventId = eventId, .retryDuration = retry });
        if (badOptions || hasLineBreak(selector) || (blank(selector) && blank(elements))) {
            checkInvalid(event);
            break;
        }
        const fuzz::SseEvent sse = checkValid(event, "datastar-patch-elements", eventId, retry);
        FUZZ_CHECK(fuzz::joinedData(sse, "mode") == "remove");
        break;
    }
    case 2: { // patchSignalsRaw
        const bool onlyIfMissing = in.ConsumeBool();
        const QString text = fuzz::remainingString(in);
        event = patchSignalsRaw(
            text, { .onlyIfMissing = onlyIfMissing, .eventId = eventId, .retryDuration = retry });
        if (badOptions || blank(text)) {
            checkInvalid(event);
            break;
        }
        const fuzz::SseEvent sse = checkValid(event, "datastar-patch-signals", eventId, retry);
        FUZZ_CHECK(fuzz::joinedData(sse, "signals") == fuzz::normalisedLines(text));
        FUZZ_CHECK(fuzz::joinedData(sse, "onlyIfMissing") == (onlyIfMissing ? "true" : ""));
        break;
    }
    default: { // executeScript
        ExecuteScriptOptions options;
        options.autoRemove = in.ConsumeBool();
        const int attributeCount = in.ConsumeIntegralInRange<int>(0, 4);
        for (int i = 0; i < attributeCount; ++i)
            options.attributes.append({ fuzz::consumeString(in, 16), fuzz::consumeString(in, 32) });
        options.eventId = eventId;
        options.retryDuration = retry;
        const QString script = fuzz::remainingString(in);
        event = executeScript(script, options);
        scriptResponse(script, { .attributes = options.attributes });
        if (badOptions || blank(script)) {
            checkInvalid(event);
            break;
        }
        if (!event.isValid()) { // only an attribute name may be refused beyond the common checks
            FUZZ_CHECK(!options.attributes.isEmpty());
            checkInvalid(event);
            break;
        }
        const fuzz::SseEvent sse = checkValid(event, "datastar-patch-elements", eventId, retry);
        const QByteArray elements = fuzz::joinedData(sse, "elements");
        FUZZ_CHECK(elements.startsWith("<script"));
        FUZZ_CHECK(elements.endsWith(fuzz::normalisedLines(script) + "</script>"));
        FUZZ_CHECK(fuzz::joinedData(sse, "selector") == "body");
        FUZZ_CHECK(fuzz::joinedData(sse, "mode") == "append");
        break;
    }
    }
    checkWithId(event, newId);
    return 0;
}
