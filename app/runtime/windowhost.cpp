#include "logging_p.h"
#include "windowhost_p.h"

#include <starling/tokeninterceptor.h>

#include <QQmlApplicationEngine>
#include <QQuickWebEngineProfile>

namespace starling::detail {

WindowHost::WindowHost(const QUrl &origin, const QByteArray &secret)
    : m_origin(origin)
    , m_interceptor(std::make_unique<TokenInterceptor>(origin, secret))
{ }

WindowHost::~WindowHost()
{
    m_engine.reset();
    QQuickWebEngineProfile::defaultProfile()->setUrlRequestInterceptor(nullptr);
}

bool WindowHost::show()
{
    QQuickWebEngineProfile::defaultProfile()->setUrlRequestInterceptor(m_interceptor.get());
    m_engine = std::make_unique<QQmlApplicationEngine>();
    m_engine->setInitialProperties(
        { { QStringLiteral("startUrl"), m_origin.resolved(QUrl(QStringLiteral("/"))) } });
    m_engine->load(QUrl(QStringLiteral("qrc:/qml/Main.qml")));
    if (m_engine->rootObjects().isEmpty()) {
        qCCritical(lcApp) << "cannot load the window (qrc:/qml/Main.qml)";
        return false;
    }
    return true;
}

} // namespace starling::detail
