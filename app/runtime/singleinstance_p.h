// One running instance per user and data directory: a later launch hands its command line to the running one.
#pragma once

#include <starling/starling_export.h>

#include <QObject>
#include <QStringList>

class QLocalServer;
class QLocalSocket;

namespace starling::detail {

// The instance's key is a local socket in QStandardPaths::RuntimeLocation ($XDG_RUNTIME_DIR) named after a
// hash of the app's data directory (QStandardPaths::AppDataLocation), so the same app with other XDG
// directories is another instance. Set the organisation and application names first. Main thread only.
class STARLING_PRIVATE_EXPORT SingleInstance : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    explicit SingleInstance(QObject *parent = nullptr);
    ~SingleInstance() override;

    // The local socket's full path for the current names and XDG environment.
    static QString serverName();

    // Gives arguments to the running instance; true once it has confirmed them (this launch should then exit
    // 0), false when no instance answers (including a stale socket left by a crash).
    static bool handOff(const QStringList &arguments);

    // Becomes the running instance: listens for later launches, after removing a stale socket. False (logged)
    // when it cannot; the app then runs without the single-instance hand-off.
    bool listen();

Q_SIGNALS:
    // A later launch handed over its arguments (its whole command line, program first).
    void activated(const QStringList &arguments);

private:
    void receive(QLocalSocket *socket);

    QLocalServer *m_server = nullptr;
};

} // namespace starling::detail
