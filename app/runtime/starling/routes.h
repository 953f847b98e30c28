// The route table an app writes: get/post/put/patch/del with a path pattern and a handler.
#pragma once

#include <starling/request.h>

#include <QHttpServerResponse>
#include <QString>

#include <functional>

namespace starling {

class Stream;

// Answers once: HTML, JSON, text, a page or a template (see response.h), or any QHttpServerResponse
// (e.g. datastar::signalsResponse()).
using Handler = std::function<QHttpServerResponse(const Request &)>;

// Answers with a Datastar SSE stream: send patches on `stream`; it ends when the handler returns unless the
// handler subscribed it to a topic or kept it open (see stream.h).
using StreamHandler = std::function<void(const Request &, Stream &)>;

// Mixin: `Target` provides route(Method, pattern, Handler) and route(Method, pattern, StreamHandler); this
// adds one method per HTTP method. Patterns are paths whose `:name` segments match any one segment
// ("/todos/:id"); the rest must match exactly. The first route added for a path and method wins.
template<typename Target> class RouteMethods
{
public:
    void get(const QString &pattern, Handler handler)
    {
        target().route(Method::Get, pattern, std::move(handler));
    }
    void get(const QString &pattern, StreamHandler handler)
    {
        target().route(Method::Get, pattern, std::move(handler));
    }
    void post(const QString &pattern, Handler handler)
    {
        target().route(Method::Post, pattern, std::move(handler));
    }
    void post(const QString &pattern, StreamHandler handler)
    {
        target().route(Method::Post, pattern, std::move(handler));
    }
    void put(const QString &pattern, Handler handler)
    {
        target().route(Method::Put, pattern, std::move(handler));
    }
    void put(const QString &pattern, StreamHandler handler)
    {
        target().route(Method::Put, pattern, std::move(handler));
    }
    void patch(const QString &pattern, Handler handler)
    {
        target().route(Method::Patch, pattern, std::move(handler));
    }
    void patch(const QString &pattern, StreamHandler handler)
    {
        target().route(Method::Patch, pattern, std::move(handler));
    }
    void del(const QString &pattern, Handler handler)
    {
        target().route(Method::Delete, pattern, std::move(handler));
    }
    void del(const QString &pattern, StreamHandler handler)
    {
        target().route(Method::Delete, pattern, std::move(handler));
    }

private:
    Target &target() { return static_cast<Target &>(*this); }
};

} // namespace starling
