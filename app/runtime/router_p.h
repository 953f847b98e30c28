// Matches a request's method and path against the route table.
#pragma once

#include <starling/routes.h>
#include <starling/starling_export.h>

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <variant>

namespace starling::detail {

class STARLING_PRIVATE_EXPORT Router
{
public:
    using AnyHandler = std::variant<Handler, StreamHandler>;

    struct Match
    {
        enum class Kind { Found, NoPath, WrongMethod } kind = Kind::NoPath;
        const AnyHandler *handler = nullptr;
        QHash<QString, QString> params; // percent-decoded
        QList<Method> allowed; // for WrongMethod: the methods the path has
    };

    void add(Method method, const QString &pattern, AnyHandler handler);

    // `encodedPath` as sent (percent-encoded); segments are decoded before they are compared.
    Match match(Method method, const QString &encodedPath) const;

private:
    struct Route
    {
        Method method;
        QStringList segments;
        AnyHandler handler;
    };
    QList<Route> m_routes;
};

QString toName(Method method); // "GET", "POST", ...

} // namespace starling::detail
