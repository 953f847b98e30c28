// What a handler gets: one HTTP request as a value.
#pragma once

#include <starling/starling_export.h>

#include <QAnyStringView>
#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <memory>
#include <optional>
#include <type_traits>

class QHttpServerRequest;

namespace starling {

namespace detail {
class HttpServer;
class RequestInput;
} // namespace detail

// The methods a route can answer.
enum class Method { Get, Post, Put, Patch, Delete };

// A file sent with a multipart/form-data form (Request::files()).
struct UploadedFile
{
    QString fieldName {}; // the file input's name
    QString fileName {}; // as the browser sent it: the file's name without its folders
    QByteArray contentType {}; // as sent; application/octet-stream when the part had none
    QByteArray content {};
};

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

    // One signal by its dotted path ("user.age" is member age of signal user) as T: bool, int, qint64,
    // double, QString, QJsonObject or QJsonArray, strictly (an int is a JSON number without a fraction in
    // int's range; a string "3" is no number). Throws HttpError 400 naming the path and the type expected
    // when the signal is missing (null counts as missing: Datastar deletes a signal set to null) or of
    // another type, and as signalValues() does; std::invalid_argument (a 500) for a path with an empty
    // segment. The signals are parsed once per request, whatever the number of calls.
    template<typename T> T signal(QAnyStringView path) const;
    // The same, but nullopt when the signal is missing or null; still 400 when it has another type.
    template<typename T> std::optional<T> optionalSignal(QAnyStringView path) const;

    // The form the page sent (Datastar's `contentType: 'form'`): a GET's query, or the body of other methods,
    // application/x-www-form-urlencoded or multipart/form-data. A request without body and Content-Type has
    // an empty form. Throws HttpError: 415 for another Content-Type, 400 for a malformed body (the message
    // says what and where), 413 for more than 1,000 fields or parts or a part's header lines over 8 KiB. The
    // body is parsed once per request.
    QMap<QString, QStringList> formFields() const; // name -> its values in order; files are not fields
    QString formField(const QString &name) const; // the first value; null when absent (empty when sent empty)
    // The multipart form's files in order; a file input left empty (no file name, no bytes) is not listed.
    QList<UploadedFile> files() const;

    // The id of the page that sent the request: its `Starling-Page` header (the app's windows send
    // `window-<n>`). Empty when absent or malformed (valid: 1 to 64 ASCII letters, digits, '-', '_', '.').
    QString pageId() const { return m_pageId; }
    // The browser profile's session: an id kept in a per-port cookie (22 base64url characters) that the
    // server sets on its answer to a request without one, so every request a handler sees has one. It
    // groups a profile's pages (e.g. for session topics); it grants nothing.
    QString sessionId() const { return m_sessionId; }

private:
    friend class detail::HttpServer; // sets the session id
    Method m_method;
    QUrl m_url;
    QHash<QString, QString> m_pathParams;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    QString m_pageId;
    QString m_sessionId;
    std::shared_ptr<detail::RequestInput> m_input; // signals and form, parsed on first use; copies share it

    enum class SignalType { Bool, Int, Int64, Double, String, Object, Array };
    enum class Presence { Optional, Required };
    template<typename T>
    static constexpr bool IsSignalType
        = std::disjunction_v<std::is_same<T, bool>, std::is_same<T, int>, std::is_same<T, qint64>,
                             std::is_same<T, double>, std::is_same<T, QString>, std::is_same<T, QJsonObject>,
                             std::is_same<T, QJsonArray>>;

    // The signal at `path`, checked to be of `type`; undefined when it is missing and optional.
    QJsonValue checkedSignal(QAnyStringView path, SignalType type, Presence presence) const;
    template<typename T> static constexpr SignalType signalTypeOf();
    template<typename T> static T fromSignal(const QJsonValue &checked);
};

template<typename T> T Request::signal(QAnyStringView path) const
{
    static_assert(IsSignalType<T>,
                  "Request::signal<T>(): T is bool, int, qint64, double, QString, QJsonObject or QJsonArray");
    return fromSignal<T>(checkedSignal(path, signalTypeOf<T>(), Presence::Required));
}

template<typename T> std::optional<T> Request::optionalSignal(QAnyStringView path) const
{
    static_assert(IsSignalType<T>,
                  "Request::optionalSignal<T>(): T is bool, int, qint64, double, QString, "
                  "QJsonObject or QJsonArray");
    const QJsonValue checked = checkedSignal(path, signalTypeOf<T>(), Presence::Optional);
    if (checked.isUndefined())
        return std::nullopt;
    return fromSignal<T>(checked);
}

template<typename T> constexpr Request::SignalType Request::signalTypeOf()
{
    if constexpr (std::is_same_v<T, bool>)
        return SignalType::Bool;
    else if constexpr (std::is_same_v<T, int>)
        return SignalType::Int;
    else if constexpr (std::is_same_v<T, qint64>)
        return SignalType::Int64;
    else if constexpr (std::is_same_v<T, double>)
        return SignalType::Double;
    else if constexpr (std::is_same_v<T, QString>)
        return SignalType::String;
    else if constexpr (std::is_same_v<T, QJsonObject>)
        return SignalType::Object;
    else
        return SignalType::Array;
}

// checkedSignal() has made sure that the value converts exactly.
template<typename T> T Request::fromSignal(const QJsonValue &checked)
{
    if constexpr (std::is_same_v<T, bool>)
        return checked.toBool();
    else if constexpr (std::is_same_v<T, int>)
        return static_cast<int>(checked.toInteger());
    else if constexpr (std::is_same_v<T, qint64>)
        return checked.toInteger();
    else if constexpr (std::is_same_v<T, double>)
        return checked.toDouble();
    else if constexpr (std::is_same_v<T, QString>)
        return checked.toString();
    else if constexpr (std::is_same_v<T, QJsonObject>)
        return checked.toObject();
    else
        return checked.toArray();
}

} // namespace starling
