// What a request's query and body carry for a handler, read once: its signals and its form.
#pragma once

#include <starling/request.h>

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QUrl>

#include <atomic>
#include <optional>

namespace starling::detail {

// A request's signals and form, each parsed on first use and kept, errors included, so that a handler may
// ask again (signal<T>() for each of several signals) without parsing the body again. Copies of a Request
// share one; reading it from several threads is safe. Whoever asks passes the request's parts, which never
// change.
class RequestInput
{
public:
    struct Form
    {
        QMap<QString, QStringList> fields;
        QList<UploadedFile> files;
    };

    // datastar::readSignals' result; throws HttpError (400, 413) when the signals are malformed.
    const QJsonObject &signalValues(Method method, const QUrl &url, const QByteArray &body);

    // A GET's query, or the body of other methods by its Content-Type (application/x-www-form-urlencoded or
    // multipart/form-data). Throws HttpError: 415 for another Content-Type, 400 for a malformed body, 413 for
    // more fields or parts than MultipartLimits allows or a part's header lines over its limit.
    const Form &form(Method method, const QUrl &url, const QByteArray &contentType, const QByteArray &body);

    // The value at a dotted path ("a.b" is member b of object a); undefined when it, or an object on the way,
    // is missing or null. Throws HttpError 400 when a value on the way is not an object, and
    // std::invalid_argument for an empty path or segment (the app's mistake, not the page's).
    static QJsonValue valueAt(const QJsonObject &values, QStringView path);
    // A JSON number's value when it is an integer that fits qint64 (3 and 3.0 do, 3.5 and 1e19 do not).
    static std::optional<qint64> integerOf(const QJsonValue &value);
    // What a value is, for messages: "a string", "the number 1.5", ...
    static QString describe(const QJsonValue &value);

private:
    struct Outcome
    {
        int status = 0; // 0: read
        QString message;
    };

    // Whether each part was read, checked before taking the mutex. Not std::call_once: glibc's makes a system
    // call (a futex wake) on every first call, that is once per request.
    std::atomic<bool> m_signalsRead = false;
    QJsonObject m_signals;
    Outcome m_signalsOutcome;

    std::atomic<bool> m_formRead = false;
    Form m_form;
    Outcome m_formOutcome;

    QMutex m_mutex; // held while a part is read
};

} // namespace starling::detail
