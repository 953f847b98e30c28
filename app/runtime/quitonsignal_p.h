// SIGINT and SIGTERM end the app the way closing it does: the event loop quits and everything is torn down in
// order (windows and their pages, then the server and its streams).
#pragma once

#include <QObject>

class QSocketNotifier;

namespace starling::detail {

// While one exists, SIGINT and SIGTERM quit the application's event loop instead of killing the process. The
// handler only writes a byte to a pipe; the quit happens on the main thread. One at a time; main thread only.
class QuitOnSignal : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuitOnSignal)

public:
    explicit QuitOnSignal(QObject *parent = nullptr);
    ~QuitOnSignal() override; // restores the default handlers

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace starling::detail
