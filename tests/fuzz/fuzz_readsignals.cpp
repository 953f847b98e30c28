// readSignals() on fuzzed requests, in its query and body forms. The first byte picks the form, the method
// and the size limit; the rest is the query (or the `datastar` parameter's value) or the body. Checks: errors
// come with an empty object and a 400/413; the same JSON read from the body and from the percent-encoded
// `datastar` query parameter gives the same answer.
#include "fuzzinput.h"

#include <datastar/readsignals.h>

#include <QUrl>

#include <array>

namespace {

constexpr std::array Methods { QHttpServerRequest::Method::Get,     QHttpServerRequest::Method::Post,
                               QHttpServerRequest::Method::Put,     QHttpServerRequest::Method::Patch,
                               QHttpServerRequest::Method::Delete,  QHttpServerRequest::Method::Head,
                               QHttpServerRequest::Method::Options, QHttpServerRequest::Method::Trace };

struct Answer
{
    QJsonObject signalsObject;
    datastar::ReadSignalsError error;
};

Answer read(QHttpServerRequest::Method method, const QUrl &url, const QByteArray &body, qsizetype maxBytes)
{
    Answer answer;
    answer.signalsObject = datastar::readSignals(method, url, body, &answer.error, maxBytes);
    const int status = answer.error.httpStatus();
    if (answer.error.isError()) {
        FUZZ_CHECK(answer.signalsObject.isEmpty());
        FUZZ_CHECK(status == 400 || status == 413);
        FUZZ_CHECK(!answer.error.message().isEmpty());
    } else {
        FUZZ_CHECK(status == 200);
    }
    return answer;
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
    const auto method = Methods[selector % Methods.size()];
    const qsizetype maxBytes = (selector & 0x80) ? 64 : datastar::MaxSignalsBytes;
    const QByteArray bytes = fuzz::toByteArray(in.ConsumeRemainingBytesAsString());

    QUrl url(QStringLiteral("http://127.0.0.1/signals"));
    switch ((selector >> 4) & 0x3) {
    case 0: // the body as is
        read(method, url, bytes, maxBytes);
        break;
    case 1: // a whole query, as a client might send it
        url.setQuery(QString::fromUtf8(bytes));
        read(method, url, bytes, maxBytes);
        break;
    default: { // the same bytes as the body and as the percent-encoded `datastar` parameter agree
        url.setQuery(QStringLiteral("x=1&datastar=") + QString::fromLatin1(bytes.toPercentEncoding()));
        const Answer fromQuery = read(QHttpServerRequest::Method::Get, url, {}, maxBytes);
        const Answer fromBody = read(QHttpServerRequest::Method::Post, QUrl(), bytes, maxBytes);
        FUZZ_CHECK(fromQuery.error.kind() == fromBody.error.kind());
        FUZZ_CHECK(fromQuery.signalsObject == fromBody.signalsObject);
        break;
    }
    }
    return 0;
}
