#include <datastar/readsignals.h>
#include <starling/httperror.h>
#include <starling/request.h>

#include <QHttpServerRequest>

#include <httptransport_p.h>

namespace starling {

namespace {

QHttpServerRequest::Method toQt(Method method)
{
    switch (method) {
    case Method::Get:
        return QHttpServerRequest::Method::Get;
    case Method::Post:
        return QHttpServerRequest::Method::Post;
    case Method::Put:
        return QHttpServerRequest::Method::Put;
    case Method::Patch:
        return QHttpServerRequest::Method::Patch;
    case Method::Delete:
        return QHttpServerRequest::Method::Delete;
    }
    return QHttpServerRequest::Method::Unknown;
}

} // namespace

Request::Request(Method method, const QHttpServerRequest &request, QHash<QString, QString> pathParams)
    : m_method(method)
    , m_url(request.url())
    , m_pathParams(std::move(pathParams))
    , m_headers(datastar::detail::requestHeaders(request))
    , m_body(request.body())
{ }

QString Request::query(const QString &name) const
{
    return QUrlQuery(m_url).queryItemValue(name, QUrl::FullyDecoded);
}

QByteArray Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject Request::signalValues() const
{
    datastar::ReadSignalsError error;
    const QJsonObject result = datastar::readSignals(toQt(m_method), m_url, m_body, &error);
    if (error.isError())
        throw HttpError(error.httpStatus(), error.message());
    return result;
}

} // namespace starling
