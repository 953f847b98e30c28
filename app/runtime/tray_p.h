// The app's tray icon (QSystemTrayIcon: a StatusNotifierItem over D-Bus where the desktop has a
// StatusNotifierWatcher, an XEmbed icon on older X11 panels) and its menu.
#pragma once

#include <starling/desktop.h>

#include <QObject>

#include <memory>

class QMenu;
class QSystemTrayIcon;

namespace starling::detail {

// Main thread only; needs the QApplication (the icon and its menu are Qt Widgets).
class Tray : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Tray)

public:
    explicit Tray(QObject *parent = nullptr);
    ~Tray() override;

    // Shows the icon with these options (again: replaces them); Failed when the desktop has no tray.
    DesktopResult show(const TrayOptions &options);
    void hide();
    bool isVisible() const;
    // A message balloon from the icon (only while it is visible); its click emits messageClicked().
    void showMessage(const QString &title, const QString &body, int timeoutMs);

Q_SIGNALS:
    // The icon was clicked, or a ShowWindow item chosen.
    void showWindowRequested();
    // A menu item with a route was chosen.
    void routeRequested(const QString &route);
    void messageClicked();

private:
    void fillMenu(const QList<TrayItem> &items);

    std::unique_ptr<QMenu> m_menu; // a top-level widget: owned here, not by a parent
    QSystemTrayIcon *m_icon = nullptr;
};

} // namespace starling::detail
