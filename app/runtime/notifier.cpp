#include "logging_p.h"
#include "notifier_p.h"

#include <QCryptographicHash>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QIcon>
#include <QPixmap>
#include <QStandardPaths>
#include <QUrl>
#include <QVariantMap>

namespace starling::detail {

namespace {

const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString Interface = QStringLiteral("org.freedesktop.Notifications");
const QString DefaultAction = QStringLiteral("default");
const QString WatcherService = QStringLiteral("org.kde.StatusNotifierWatcher");

// The specification's urgency levels (a byte hint).
uchar urgencyLevel(Notification::Urgency urgency)
{
    switch (urgency) {
    case Notification::Urgency::Low:
        return 0;
    case Notification::Urgency::Critical:
        return 2;
    case Notification::Urgency::Normal:
        break;
    }
    return 1;
}

// Renders `icon` once into the cache as a PNG (notification servers read files and theme names, not Qt
// resources) and returns its file URI; empty when it cannot.
QString renderedIcon(const QIcon &icon, const QString &key)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
        + QStringLiteral("/notification-icons");
    const QString file = folder + u'/'
        + QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex())
        + QStringLiteral(".png");
    if (!QFileInfo::exists(file)) {
        const QPixmap pixmap = icon.pixmap(QSize(128, 128));
        if (pixmap.isNull() || !QDir().mkpath(folder) || !pixmap.save(file, "PNG")) {
            qCDebug(lcDesktop).noquote() << "cannot render the notification icon" << key;
            return {};
        }
    }
    return QUrl::fromLocalFile(file).toString();
}

} // namespace

Notifier::Notifier(QObject *parent)
    : QObject(parent)
    , m_bus(QDBusConnection::sessionBus())
{ }

QString Notifier::iconArgument(const QString &icon)
{
    if (icon.isEmpty()) {
        // The window icon is AppInfo::icon; the key changes with the icon's content.
        const QIcon appIcon = QGuiApplication::windowIcon();
        return appIcon.isNull() ? QString()
                                : renderedIcon(appIcon, QStringLiteral("app-%1").arg(appIcon.cacheKey()));
    }
    if (icon.startsWith(u':') || icon.startsWith(u"qrc:"))
        return renderedIcon(QIcon(icon.startsWith(u':') ? icon : icon.mid(3)), icon);
    if (QFileInfo(icon).isAbsolute())
        return QUrl::fromLocalFile(icon).toString();
    return icon; // a theme name
}

void Notifier::notify(const QString &windowId, const Notification &notification, Answer answer)
{
    if (!m_bus.isConnected()) {
        QMetaObject::invokeMethod(
            this, [answer = std::move(answer)] { answer(Outcome::NoServer, {}); }, Qt::QueuedConnection);
        return;
    }
    if (!m_listening) {
        // Before the first Notify, so that no click is missed.
        m_bus.connect(Service, Path, Interface, QStringLiteral("ActionInvoked"), this,
                      SLOT(onActionInvoked(uint, QString)));
        m_bus.connect(Service, Path, Interface, QStringLiteral("NotificationClosed"), this,
                      SLOT(onClosed(uint, uint)));
        m_listening = true;
    }
    QVariantMap hints { { QStringLiteral("urgency"),
                          QVariant::fromValue(urgencyLevel(notification.urgency)) } };
    if (!QGuiApplication::desktopFileName().isEmpty())
        hints.insert(QStringLiteral("desktop-entry"), QGuiApplication::desktopFileName());
    QDBusMessage call = QDBusMessage::createMethodCall(Service, Path, Interface, QStringLiteral("Notify"));
    call << QGuiApplication::applicationDisplayName() << uint(0) << iconArgument(notification.icon)
         << notification.title << notification.body
         << QStringList { DefaultAction, QCoreApplication::translate("starling", "Open") } << hints
         << qint32(notification.timeoutMs < 0 ? -1 : notification.timeoutMs);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, answer = std::move(answer),
             target = Target { windowId, notification.route }](QDBusPendingCallWatcher *finished) {
                finished->deleteLater();
                const QDBusPendingReply<uint> reply = *finished;
                if (reply.isError()) {
                    const QDBusError error = reply.error();
                    if (error.type() == QDBusError::ServiceUnknown
                        || error.name() == u"org.freedesktop.DBus.Error.NameHasNoOwner") {
                        answer(Outcome::NoServer, {});
                    } else {
                        qCWarning(lcDesktop).noquote()
                            << "the notification server refused a notification:" << reply.error().name()
                            << reply.error().message();
                        answer(Outcome::Error, reply.error().message());
                    }
                    return;
                }
                m_shown.insert(reply.value(), target);
                qCDebug(lcDesktop).noquote()
                    << "notification" << reply.value() << "shown for" << target.windowId;
                answer(Outcome::Shown, QString::number(reply.value()));
            });
}

void Notifier::hasStatusNotifierWatcher(std::function<void(bool)> answer)
{
    if (!m_bus.isConnected()) {
        QMetaObject::invokeMethod(
            this, [answer = std::move(answer)] { answer(false); }, Qt::QueuedConnection);
        return;
    }
    const QDBusMessage call = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"),
                                                             QStringLiteral("/org/freedesktop/DBus"),
                                                             QStringLiteral("org.freedesktop.DBus"),
                                                             QStringLiteral("NameHasOwner"))
        << WatcherService;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [answer = std::move(answer)](QDBusPendingCallWatcher *finished) {
                finished->deleteLater();
                const QDBusPendingReply<bool> reply = *finished;
                answer(!reply.isError() && reply.value());
            });
}

void Notifier::onActionInvoked(uint id, const QString &actionKey)
{
    const auto shown = m_shown.constFind(id);
    if (shown == m_shown.cend() || actionKey != DefaultAction)
        return; // another app's, or not a click on it
    qCInfo(lcDesktop).noquote() << "notification" << id << "clicked";
    Q_EMIT clicked(shown->windowId, shown->route, QString::number(id));
}

void Notifier::onClosed(uint id, uint reason)
{
    if (m_shown.remove(id) > 0)
        qCDebug(lcDesktop).noquote() << "notification" << id << "closed, reason" << reason;
}

} // namespace starling::detail
