// The request screen's parser and the router on fuzzed connection bytes. The first byte picks how the bytes
// are split into reads (a connection delivers them in arbitrary pieces); the rest is what the client sent.
// Checks: the verdict does not depend on the split; a refusal names a 4xx/5xx status and a reason; every
// accepted request's canonical form (what QtHttpServer is handed) parses back to the same request; the
// router answers every accepted target without crashing.
#include "fuzzinput.h"

#include <QUrl>

#include <requestparser_p.h>
#include <router_p.h>

namespace {

using starling::detail::RequestLimits;
using starling::detail::RequestParser;

struct Outcome
{
    QList<QByteArray> canonicals; // every accepted request, in order
    int refusal = 0;
};

RequestLimits limits()
{
    RequestLimits limits;
    limits.maxBodyBytes = 4096;
    limits.maxHeadBytes = 2048;
    limits.maxHeaderFields = 20;
    return limits;
}

// Parses `bytes` delivered in reads of `step` bytes, handing over each complete request as the screen does.
Outcome parse(QByteArrayView bytes, qsizetype step)
{
    RequestParser parser(limits());
    Outcome outcome;
    QByteArray pending;
    for (qsizetype at = 0; at < bytes.size(); at += step) {
        pending += bytes.sliced(at, std::min(step, bytes.size() - at));
        for (;;) {
            const RequestParser::Result result = parser.parse(pending);
            FUZZ_CHECK(result.consumed >= 0 && result.consumed <= pending.size());
            pending.remove(0, result.consumed);
            if (result.status == RequestParser::Status::Refused) {
                outcome.refusal = parser.refusalStatus();
                FUZZ_CHECK(outcome.refusal >= 400 && outcome.refusal < 600);
                FUZZ_CHECK(!parser.refusalReason().isEmpty());
                return outcome;
            }
            if (result.status == RequestParser::Status::Complete) {
                outcome.canonicals.append(parser.request().canonical());
                parser.next();
                continue;
            }
            if (result.status == RequestParser::Status::NeedMore)
                break;
        }
    }
    return outcome;
}

const starling::detail::Router &router()
{
    static const starling::detail::Router table = [] {
        starling::detail::Router router;
        const starling::Handler none = [](const starling::Request &) { return QHttpServerResponse(""); };
        router.add(starling::Method::Get, QStringLiteral("/"), none);
        router.add(starling::Method::Get, QStringLiteral("/examples/:name"), none);
        router.add(starling::Method::Post, QStringLiteral("/todos/:id/toggle"), none);
        router.add(starling::Method::Delete, QStringLiteral("/todos/:id"), none);
        return router;
    }();
    return table;
}

std::optional<starling::Method> method(const QByteArray &name)
{
    if (name == "GET")
        return starling::Method::Get;
    if (name == "POST")
        return starling::Method::Post;
    if (name == "PUT")
        return starling::Method::Put;
    if (name == "PATCH")
        return starling::Method::Patch;
    if (name == "DELETE")
        return starling::Method::Delete;
    return std::nullopt;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype step = 1 + data[0] % 64;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    const Outcome whole = parse(bytes, std::max<qsizetype>(bytes.size(), 1));
    const Outcome pieces = parse(bytes, step);
    FUZZ_CHECK(whole.refusal == pieces.refusal);
    FUZZ_CHECK(whole.canonicals == pieces.canonicals);

    for (const QByteArray &canonical : whole.canonicals) {
        const Outcome again = parse(canonical, canonical.size());
        FUZZ_CHECK(again.refusal == 0);
        FUZZ_CHECK(again.canonicals == QList<QByteArray> { canonical });

        const QByteArray target = canonical.mid(canonical.indexOf(' ') + 1);
        const QUrl url = QUrl::fromEncoded("http://127.0.0.1" + target.left(target.indexOf(' ')));
        if (const std::optional<starling::Method> m = method(canonical.left(canonical.indexOf(' '))))
            (void)router().match(*m, url.path(QUrl::FullyEncoded));
    }
    return 0;
}
