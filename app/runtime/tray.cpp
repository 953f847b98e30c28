#include "logging_p.h"
#include "tray_p.h"

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>

namespace starling::detail {

namespace {

QIcon iconFor(const QString &icon)
{
    if (icon.isEmpty())
        return QGuiApplication::windowIcon();
    if (icon.startsWith(u':') || QFileInfo(icon).isAbsolute())
        return QIcon(icon);
    return QIcon::fromTheme(icon, QGuiApplication::windowIcon());
}

} // namespace

Tray::Tray(QObject *parent)
    : QObject(parent)
{ }

Tray::~Tray() = default;

DesktopResult Tray::show(const TrayOptions &options)
{
    if (!qobject_cast<QApplication *>(QCoreApplication::instance())
        || !QSystemTrayIcon::isSystemTrayAvailable()) {
        qCWarning(lcDesktop) << "no tray icon: the desktop has no system tray";
        return DesktopResult::failed(QCoreApplication::translate(
            "starling", "The desktop has no system tray to show the app's icon in."));
    }
    if (!m_icon) {
        m_icon = new QSystemTrayIcon(this);
        m_menu = std::make_unique<QMenu>();
        connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                Q_EMIT showWindowRequested();
        });
        connect(m_icon, &QSystemTrayIcon::messageClicked, this, &Tray::messageClicked);
    }
    m_icon->setIcon(iconFor(options.icon));
    m_icon->setToolTip(options.toolTip.isEmpty() ? QGuiApplication::applicationDisplayName()
                                                 : options.toolTip);
    fillMenu(options.items);
    m_icon->setContextMenu(options.items.isEmpty() ? nullptr : m_menu.get());
    m_icon->show();
    qCInfo(lcDesktop) << "tray icon shown with" << options.items.size() << "menu items";
    return {};
}

void Tray::hide()
{
    if (m_icon && m_icon->isVisible()) {
        m_icon->hide();
        qCInfo(lcDesktop) << "tray icon hidden";
    }
}

bool Tray::isVisible() const
{
    return m_icon && m_icon->isVisible();
}

void Tray::showMessage(const QString &title, const QString &body, int timeoutMs)
{
    if (isVisible())
        m_icon->showMessage(title, body, m_icon->icon(), timeoutMs < 0 ? 10000 : timeoutMs);
}

void Tray::fillMenu(const QList<TrayItem> &items)
{
    m_menu->clear();
    for (const TrayItem &item : items) {
        switch (item.kind) {
        case TrayItem::Kind::Separator:
            m_menu->addSeparator();
            continue;
        case TrayItem::Kind::ShowWindow: {
            QAction *action = m_menu->addAction(
                item.text.isEmpty() ? QCoreApplication::translate("starling", "&Show Window") : item.text);
            action->setEnabled(item.enabled);
            connect(action, &QAction::triggered, this, &Tray::showWindowRequested);
            continue;
        }
        case TrayItem::Kind::Quit: {
            QAction *action = m_menu->addAction(
                item.text.isEmpty() ? QCoreApplication::translate("starling", "&Quit") : item.text);
            action->setEnabled(item.enabled);
            action->setMenuRole(QAction::QuitRole);
            // Queued: the menu closes before the windows go.
            connect(action, &QAction::triggered, QCoreApplication::instance(), &QCoreApplication::quit,
                    Qt::QueuedConnection);
            continue;
        }
        case TrayItem::Kind::Action:
            break;
        }
        QAction *action = m_menu->addAction(item.text);
        action->setEnabled(item.enabled);
        connect(action, &QAction::triggered, this, [this, route = item.route, run = item.action] {
            if (!route.isEmpty())
                Q_EMIT routeRequested(route);
            if (run)
                run();
        });
    }
}

} // namespace starling::detail
