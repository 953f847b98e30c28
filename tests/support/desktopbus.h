// Helpers for the tests of notifications and the tray (the runtime's and the gallery's): a private D-Bus
// session bus, a private X server, fake desktop services on that bus (a notification server, a
// StatusNotifierWatcher), and a test class run inside a real starling::App. Apps that a test starts as
// processes inherit the bus and the display through the environment.
#pragma once

#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QVariantMap>

#include <functional>

namespace starling {
class App;
}

namespace desktopbus {

// Starts a private dbus-daemon (its own configuration: no activatable services) and points
// DBUS_SESSION_BUS_ADDRESS at it for the rest of the process; the daemon ends with the process. Call before
// the application object exists. False (printed) when it cannot.
bool startPrivateSessionBus();

// Starts Xvfb on a free display and points DISPLAY at it (QT_QPA_PLATFORM=xcb); it ends with the process.
// Qt's D-Bus tray needs the xcb platform's theme: the offscreen platform has no tray.
bool startPrivateDisplay();

// One Notify call the fake server received.
struct NotifyCall
{
    uint id = 0;
    QString appName {};
    QString icon {};
    QString summary {};
    QString body {};
    QStringList actions {};
    QVariantMap hints {};
    int timeout = 0;
};

class FakeNotifications;
class FakeWatcher;

// The desktop's services as fakes on their own bus connection, answered on a thread of their own (Qt's tray
// makes blocking D-Bus calls from the main thread). Construct after the application object.
class FakeDesktop
{
public:
    FakeDesktop();
    ~FakeDesktop();

    // Owns org.freedesktop.Notifications / org.kde.StatusNotifierWatcher on the bus, or gives it up.
    bool setNotificationServer(bool running);
    bool setWatcher(bool running);

    QList<NotifyCall> notifications() const;
    QStringList registeredItems() const; // the services that registered a tray item with the watcher
    // The user clicks notification `id` (its "default" action): ActionInvoked, then NotificationClosed.
    void click(uint id);

    // What the fakes share with the test, across their thread.
    struct Records
    {
        mutable QMutex mutex;
        QList<NotifyCall> notifications;
        QStringList items;
    };

private:
    QString m_connectionName;
    QThread m_thread;
    Records m_records;
    FakeNotifications *m_notifications = nullptr;
    FakeWatcher *m_watcher = nullptr;
};

// Runs the QtTest class `test` inside `app.exec()` (so App's own wiring runs: its window, the desktop, the
// quit rules), then leaves the loop with QTest's result. `app` was made from a command line of its own
// (QTest's options are not the app's).
int runInApp(starling::App &app, QObject &test, int argc, char **argv);

} // namespace desktopbus
