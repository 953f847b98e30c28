// Request helpers for the runtime's tests, on the raw HTTP/1.1 client of tests/support (RawHttpClient:
// exactly the bytes a test builds, any Host, any framing, a head without its body).
#pragma once

#include "rawhttpclient.h"

#include <QByteArray>

#include <memory>

namespace runtimetest {

using testhttp::Headers;
using testhttp::RawHttpClient;
using testhttp::WaitTimeoutMs;

// `METHOD target HTTP/1.1`, then `headers` in order, then Content-Length when there is a body and the
// headers set no length or Transfer-Encoding, then the body.
QByteArray requestBytes(const QByteArray &method, const QByteArray &target, const Headers &headers,
                        const QByteArray &body = {});

// The headers the app's own web view sends: Host 127.0.0.1:<port>, the Starling token, and (for writes)
// the app's Origin.
Headers ownHeaders(quint16 port, const QByteArray &secret);

// Connects, sends `bytes` and waits until the answer is complete (or the connection closed); the connection
// is kept for inspection. Null if it could not connect.
std::unique_ptr<RawHttpClient> exchange(quint16 port, const QByteArray &bytes);

} // namespace runtimetest
