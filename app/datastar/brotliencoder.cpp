#include "brotliencoder_p.h"

#include <brotli/encode.h>

namespace datastar {

namespace {
// Quality 5 with a 4 MiB window: most of Brotli's gain on repetitive HTML at a cost a live stream can afford.
constexpr int Quality = 5;
constexpr int WindowBits = 22;
} // namespace

BrotliEncoder::BrotliEncoder()
    : m_state(BrotliEncoderCreateInstance(nullptr, nullptr, nullptr))
{
    if (m_state) {
        BrotliEncoderSetParameter(m_state, BROTLI_PARAM_QUALITY, Quality);
        BrotliEncoderSetParameter(m_state, BROTLI_PARAM_LGWIN, WindowBits);
        BrotliEncoderSetParameter(m_state, BROTLI_PARAM_MODE, BROTLI_MODE_TEXT);
    }
}

BrotliEncoder::~BrotliEncoder()
{
    if (m_state)
        BrotliEncoderDestroyInstance(m_state);
}

QByteArray BrotliEncoder::compress(QByteArrayView input, bool finish)
{
    if (!m_state)
        return {};
    QByteArray output;
    size_t availableIn = size_t(input.size());
    auto nextIn = reinterpret_cast<const uint8_t *>(input.data());
    const BrotliEncoderOperation operation = finish ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_FLUSH;
    do {
        size_t availableOut = 0;
        if (!BrotliEncoderCompressStream(m_state, operation, &availableIn, &nextIn, &availableOut, nullptr,
                                         nullptr))
            return {};
        size_t produced = 0;
        const uint8_t *bytes = BrotliEncoderTakeOutput(m_state, &produced);
        output.append(reinterpret_cast<const char *>(bytes), qsizetype(produced));
    } while (availableIn > 0 || BrotliEncoderHasMoreOutput(m_state)
             || (finish && !BrotliEncoderIsFinished(m_state)));
    return output;
}

} // namespace datastar
