// The conformance server: /test answers the Datastar SDK test contract, /bench streams a throughput workload.
#pragma once

#include <QHttpServer>
#include <QObject>
#include <QString>

namespace starling::conformance {

// Serves on 127.0.0.1 only, with no security checks (any Host, any method): it exists to be tested against.
class ConformanceServer : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConformanceServer)

public:
    static constexpr quint16 DefaultPort = 7331;

    explicit ConformanceServer(QObject *parent = nullptr);

    // Listens on 127.0.0.1:port (0: a free port). False, with errorString(), when the port cannot be had.
    bool listen(quint16 port);
    quint16 port() const { return m_port; }
    QString errorString() const { return m_error; }

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace starling::conformance
