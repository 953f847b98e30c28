#include "httpclient.h"

#include <QTest>

namespace runtimetest {

QByteArray requestBytes(const QByteArray &method, const QByteArray &target, const Headers &headers,
                        const QByteArray &body)
{
    QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\n";
    bool framed = false;
    for (const auto &[name, value] : headers) {
        bytes += name + ": " + value + "\r\n";
        framed = framed || name.compare("content-length", Qt::CaseInsensitive) == 0
            || name.compare("transfer-encoding", Qt::CaseInsensitive) == 0;
    }
    if (!body.isEmpty() && !framed)
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

Headers ownHeaders(quint16 port, const QByteArray &secret)
{
    const QByteArray origin = "127.0.0.1:" + QByteArray::number(port);
    return { { "Host", origin }, { "Starling-Token", secret }, { "Origin", "http://" + origin } };
}

std::unique_ptr<RawHttpClient> exchange(quint16 port, const QByteArray &bytes)
{
    auto connection = std::make_unique<RawHttpClient>(port);
    if (!connection->connectToServer())
        return nullptr;
    connection->send(bytes);
    (void)QTest::qWaitFor([&] { return connection->isComplete() || !connection->isConnected(); },
                          WaitTimeoutMs);
    return connection;
}

} // namespace runtimetest
