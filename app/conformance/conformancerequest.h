// A /test request of the Datastar SDK conformance contract, translated into the events it asks for.
#pragma once

#include <datastar/event.h>

#include <QByteArray>
#include <QHttpServerRequest>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

namespace starling::conformance {

// The signals of a /test request hold `events`: an array of objects with a `type` (patchElements,
// patchSignals, executeScript, and the sugar removeElements, removeSignals) and that event's options under
// the SDK's names. Everything is validated up front: either all events are valid, or the request is invalid
// with a message saying which event and option was wrong, so a bad request is refused before any byte of a
// stream is written.
class ConformanceRequest
{
public:
    // Reads the signals as datastar::readSignals() does (GET: `datastar` query parameter; others: the body).
    static ConformanceRequest fromHttp(QHttpServerRequest::Method method, const QUrl &url,
                                       const QByteArray &body);
    static ConformanceRequest fromHttp(const QHttpServerRequest &request);

    // From signals already read. `json` is the text they were parsed from, when known: script attributes and
    // signals then keep the order they were written in (QJsonObject sorts keys).
    static ConformanceRequest fromSignals(const QJsonObject &signalsObject, const QByteArray &json = {});

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    int httpStatus() const { return isValid() ? 200 : m_status; } // 200, 400 or 413

    QList<datastar::Event> events() const { return m_events; } // in request order; empty when invalid

private:
    QList<datastar::Event> m_events;
    QString m_error;
    int m_status = 400;
};

} // namespace starling::conformance
