// The conformance server's /test translation (app/conformance) on a fuzzed request body: readSignals(), the
// hand-written scanner that recovers JSON key order (jsonorder.cpp), and every event builder with options
// read from JSON. Checks: a request is either valid with only valid events, or refused with 400/413 and none.
#include "fuzzinput.h"

#include <QUrl>

#include <conformancerequest.h>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::quietLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto request = starling::conformance::ConformanceRequest::fromHttp(
        QHttpServerRequest::Method::Post, QUrl(QStringLiteral("http://127.0.0.1/test")), body);
    if (request.isValid()) {
        FUZZ_CHECK(request.httpStatus() == 200);
        for (const datastar::Event &event : request.events()) {
            FUZZ_CHECK(event.isValid());
            fuzz::readSseEvent(event.toSse());
        }
    } else {
        FUZZ_CHECK(request.httpStatus() == 400 || request.httpStatus() == 413);
        FUZZ_CHECK(request.events().isEmpty());
        FUZZ_CHECK(!request.errorString().isEmpty());
    }
    return 0;
}
