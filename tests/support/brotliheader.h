// What a Brotli stream declares in its first bits, for tests of the encoder's settings.
#pragma once

#include <QByteArray>

namespace testhttp {

// The window (WBITS, RFC 7932 section 9.1) a Brotli stream declares in its first bits, read LSB first; 0
// when `stream` is too short to tell.
inline int brotliWindowBits(const QByteArray &stream)
{
    if (stream.size() < 2)
        return 0;
    const unsigned bits = uchar(stream[0]) | unsigned(uchar(stream[1])) << 8;
    if ((bits & 1) == 0)
        return 16;
    if (const unsigned n = (bits >> 1) & 7; n != 0)
        return int(17 + n);
    if (const unsigned m = (bits >> 4) & 7; m != 0)
        return int(8 + m);
    return 17;
}

} // namespace testhttp
