// The menus as the windows (qml/Main.qml) get them: item ids, the QML models, who owns which shortcut.
#pragma once

#include <starling/menus.h>
#include <starling/starling_export.h>

#include <QHash>
#include <QString>
#include <QVariantList>

namespace starling::detail {

// The menu bar and the context menu's added items, with an id for every item that does something. Ids are
// "<generation>.<n>": an id from an earlier set of menus (a menu left open while they changed) finds nothing.
class STARLING_PRIVATE_EXPORT MenuModel
{
public:
    MenuModel();

    void setMenuBar(const QList<Menu> &menus);
    void setContextMenu(const QList<MenuItem> &items);
    const QList<Menu> &menuBar() const { return m_bar; }
    const QList<MenuItem> &contextMenu() const { return m_context; }

    // For Main.qml: menus as lists of maps {id, text, shortcut (shown), enabled, separator, items}.
    QVariantList barModel() const { return m_barModel; }
    QVariantList contextModel() const { return m_contextModel; }
    // Every taken shortcut: [{id, sequences: [portable key sequence texts]}].
    QVariantList shortcutModel() const { return m_shortcutModel; }
    // The item with that id, or null.
    const MenuItem *item(const QString &id) const;

    // The name Main.qml's runAction() knows the action by; empty for the actions C++ runs.
    static QString pageActionName(StandardAction action);

private:
    void rebuild();

    QList<Menu> m_bar;
    QList<MenuItem> m_context;
    int m_generation = 0;
    QHash<QString, MenuItem> m_items;
    QVariantList m_barModel;
    QVariantList m_contextModel;
    QVariantList m_shortcutModel;
};

} // namespace starling::detail
