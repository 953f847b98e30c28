#include "router_p.h"

#include <QUrl>

namespace starling::detail {

namespace {

QStringList splitPath(const QString &path)
{
    // "/todos/3" -> ["todos", "3"]; "/" -> []. A trailing slash is significant ("/a/" has an empty segment).
    QStringList segments = path.split(u'/');
    if (!segments.isEmpty() && segments.first().isEmpty())
        segments.removeFirst();
    if (segments.size() == 1 && segments.first().isEmpty())
        segments.clear();
    return segments;
}

} // namespace

QString toName(Method method)
{
    switch (method) {
    case Method::Get:
        return QStringLiteral("GET");
    case Method::Post:
        return QStringLiteral("POST");
    case Method::Put:
        return QStringLiteral("PUT");
    case Method::Patch:
        return QStringLiteral("PATCH");
    case Method::Delete:
        return QStringLiteral("DELETE");
    }
    return {};
}

void Router::add(Method method, const QString &pattern, AnyHandler handler)
{
    m_routes.append({ method, splitPath(pattern), std::move(handler) });
}

Router::Match Router::match(Method method, const QString &encodedPath) const
{
    QStringList segments = splitPath(encodedPath);
    for (QString &segment : segments)
        segment = QUrl::fromPercentEncoding(segment.toUtf8());

    Match result;
    for (const Route &route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        QHash<QString, QString> params;
        bool matches = true;
        for (qsizetype i = 0; i < segments.size() && matches; ++i) {
            const QString &expected = route.segments[i];
            if (expected.startsWith(u':') && !segments[i].isEmpty())
                params.insert(expected.mid(1), segments[i]);
            else
                matches = expected == segments[i];
        }
        if (!matches)
            continue;
        if (route.method != method) {
            result.kind = Match::Kind::WrongMethod;
            if (!result.allowed.contains(route.method))
                result.allowed.append(route.method);
            continue;
        }
        return { Match::Kind::Found, &route.handler, std::move(params), {} };
    }
    return result;
}

} // namespace starling::detail
