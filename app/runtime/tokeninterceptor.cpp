#include <starling/server.h>
#include <starling/tokeninterceptor.h>

namespace starling {

TokenInterceptor::TokenInterceptor(const QUrl &origin, const QByteArray &secret, QObject *parent)
    : QWebEngineUrlRequestInterceptor(parent)
    , m_port(origin.port())
    , m_secret(secret)
{ }

bool TokenInterceptor::isOwnOrigin(const QUrl &url) const
{
    const QString host = url.host().toLower();
    return url.scheme() == u"http" && url.port() == m_port && (host == u"127.0.0.1" || host == u"localhost");
}

void TokenInterceptor::interceptRequest(QWebEngineUrlRequestInfo &info)
{
    if (isOwnOrigin(info.requestUrl()))
        info.setHttpHeader(Server::TokenHeader.toByteArray(), m_secret);
}

} // namespace starling
