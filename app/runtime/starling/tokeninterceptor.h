// Adds the app's secret to every request its own web view makes to its own server.
#pragma once

#include <starling/starling_export.h>

#include <QByteArray>
#include <QUrl>
#include <QWebEngineUrlRequestInterceptor>

namespace starling {

// Install on the window's QWebEngineProfile (setUrlRequestInterceptor). Requests to `origin`
// (http://127.0.0.1:<port>, also spelled localhost) get the `Starling-Token: <secret>` header; requests to
// any other origin are left untouched, so the secret never leaves the app. Called on the UI thread.
class STARLING_EXPORT TokenInterceptor : public QWebEngineUrlRequestInterceptor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenInterceptor)

public:
    TokenInterceptor(const QUrl &origin, const QByteArray &secret, QObject *parent = nullptr);

    bool isOwnOrigin(const QUrl &url) const;
    void interceptRequest(QWebEngineUrlRequestInfo &info) override;

private:
    int m_port;
    QByteArray m_secret;
};

} // namespace starling
