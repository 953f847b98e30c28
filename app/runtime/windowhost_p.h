// Shows the app's pages in a window. A placeholder for the window half of the runtime (profile, persistence,
// single instance, --dev), which will grow behind this small interface.
#pragma once

#include <QUrl>

#include <memory>

class QQmlApplicationEngine;

namespace starling {
class TokenInterceptor;
}

namespace starling::detail {

class WindowHost
{
public:
    WindowHost(const QUrl &origin, const QByteArray &secret);
    ~WindowHost();

    bool show(); // loads qrc:/qml/Main.qml on the app's home page; false when it cannot

private:
    QUrl m_origin;
    std::unique_ptr<TokenInterceptor> m_interceptor;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
};

} // namespace starling::detail
