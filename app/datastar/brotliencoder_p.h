// A streaming Brotli encoder whose every call ends on a flush, so the client can decode all it has received.
#pragma once

#include <datastar/options.h>

#include <QByteArray>
#include <QByteArrayView>

struct BrotliEncoderStateStruct;

namespace datastar {

class BrotliEncoder
{
    Q_DISABLE_COPY_MOVE(BrotliEncoder)

public:
    explicit BrotliEncoder(const BrotliOptions &options = {});
    ~BrotliEncoder();

    bool isValid() const { return m_state != nullptr; }

    // Compresses `input` and flushes (or, with `finish`, ends the Brotli stream). Returns the bytes to send;
    // an empty result with non-empty input means the encoder failed.
    QByteArray compress(QByteArrayView input, bool finish = false);

private:
    BrotliEncoderStateStruct *m_state = nullptr;
};

} // namespace datastar
