// Desktop notifications over the session bus (org.freedesktop.Notifications, the Desktop Notifications
// Specification 1.2): what Desktop::notify() sends, and the clicks that come back.
#pragma once

#include <starling/desktop.h>

#include <QDBusConnection>
#include <QHash>
#include <QObject>
#include <QString>

namespace starling::detail {

// Sends notifications and reports clicks on them. Every D-Bus call is asynchronous: nothing here blocks the
// main thread. Main thread only.
class Notifier : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)

public:
    // How a notification came to nothing: no server at all (the caller may try the tray), or another error.
    enum class Outcome { Shown, NoServer, Error };
    using Answer = std::function<void(Outcome outcome, const QString &idOrError)>;

    explicit Notifier(QObject *parent = nullptr);

    // Calls Notify on the session bus; `answer` gets Shown with the server's id, NoServer when the bus has no
    // org.freedesktop.Notifications (nor can start one) or there is no session bus, Error with the server's
    // message otherwise. Exactly once, never from inside this call.
    void notify(const QString &windowId, const Notification &notification, Answer answer);

    // Whether the session bus has a StatusNotifierWatcher (Qt's tray is then a D-Bus one, whose messages go
    // to the notification server too): asynchronous, answered once.
    void hasStatusNotifierWatcher(std::function<void(bool)> answer);

    // The app's icon as a file a notification server can read (rendered once into the cache), or empty.
    static QString iconArgument(const QString &icon);

Q_SIGNALS:
    // The user clicked a notification this app showed (its default action).
    void clicked(const QString &windowId, const QString &route, const QString &id);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &actionKey);
    void onClosed(uint id, uint reason);

private:
    struct Target
    {
        QString windowId;
        QString route;
    };
    QDBusConnection m_bus;
    bool m_listening = false;
    QHash<uint, Target> m_shown; // by the server's id, until closed
};

} // namespace starling::detail
