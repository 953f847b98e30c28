// HTTP's lexical rules (RFC 9110, section 5.6), shared by the parsers of requests and of multipart bodies.
#pragma once

#include <QByteArrayView>

namespace starling::detail::httpsyntax {

// A `tchar`: letters, digits and !#$%&'*+-.^_`|~.
bool isTokenChar(char c);

// A non-empty run of tchars (method names, field names, parameter names).
bool isToken(QByteArrayView text);

// Field values may hold visible ASCII, space, tab and bytes from 0x80 up; never other control characters.
bool isFieldValue(QByteArrayView value);

// The value of a hexadecimal digit (0-9, a-f, A-F: percent-encoding, chunk sizes), or -1.
int hexDigitValue(char c);

// `text` without leading and trailing spaces and tabs (optional whitespace).
QByteArrayView trimmed(QByteArrayView text);

} // namespace starling::detail::httpsyntax
