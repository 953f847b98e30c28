// What a handler gets: one HTTP request as a value.
#pragma once

#include <starling/starling_export.h>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

class QHttpServerRequest;

namespace starling {

// The methods a route can answer.
enum class Method { Get, Post, Put, Patch, Delete };

// One request, copied out of the connection: safe to keep (e.g. captured by a timer) after the handler
// returns. Copies share their data. Header names are case-insensitive.
class STARLING_EXPORT Request
{
public:
    Request(Method method, const QHttpServerRequest &request, QHash<QString, QString> pathParams);

    Method method() const { return m_method; }
    QString path() const { return m_url.path(); } // percent-decoded
    QUrl url() const { return m_url; }

    // The value of `:name` in the route's pattern, percent-decoded; empty when the pattern has none.
    QString param(const QString &name) const { return m_pathParams.value(name); }
    QHash<QString, QString> params() const { return m_pathParams; }

    QUrlQuery query() const { return QUrlQuery(m_url); }
    QString query(const QString &name) const; // percent-decoded; empty when absent

    QByteArray header(const QByteArray &name) const; // first value; null when absent
    QList<QPair<QByteArray, QByteArray>> headers() const { return m_headers; }
    QByteArray body() const { return m_body; }

    // The Datastar signals the page sent (datastar::readSignals rules). Throws HttpError (400 malformed,
    // 413 too large), which the server turns into that answer.
    QJsonObject signalValues() const;

private:
    Method m_method;
    QUrl m_url;
    QHash<QString, QString> m_pathParams;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
};

} // namespace starling
