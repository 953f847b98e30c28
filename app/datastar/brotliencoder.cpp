#include "brotliencoder_p.h"
#include "logging_p.h"

#include <algorithm>
#include <brotli/encode.h>

namespace datastar {

namespace {

// `value` within [lowest, highest]; a value outside is logged once per stream.
int clamped(int value, int lowest, int highest, const char *name)
{
    const int result = std::clamp(value, lowest, highest);
    if (result != value)
        qCWarning(lcDatastar) << "Brotli" << name << value << "is out of range; using" << result;
    return result;
}

} // namespace

BrotliEncoder::BrotliEncoder(const BrotliOptions &options)
    : m_state(BrotliEncoderCreateInstance(nullptr, nullptr, nullptr))
{
    if (m_state) {
        BrotliEncoderSetParameter(
            m_state, BROTLI_PARAM_QUALITY,
            uint32_t(clamped(options.quality, BROTLI_MIN_QUALITY, BROTLI_MAX_QUALITY, "quality")));
        BrotliEncoderSetParameter(m_state, BROTLI_PARAM_LGWIN,
                                  uint32_t(clamped(options.windowBits, BROTLI_MIN_WINDOW_BITS,
                                                   BROTLI_MAX_WINDOW_BITS, "windowBits")));
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
