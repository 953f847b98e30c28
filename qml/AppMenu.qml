import QtQuick
import QtQuick.Controls

// A menu built from a model of the runtime's menus (starling::detail::MenuModel): maps {id, text, shortcut,
// enabled, separator, items}. Items declared in QML (ContextMenu.qml's) stay first; `entries` follow them.
// Choosing an item emits chosen(id); the window hands it to the runtime.
Menu {
    id: menu

    property var entries: []
    signal chosen(string id)

    property int fixedCount: 0
    property bool completed: false

    readonly property Component itemComponent: Component {
        MenuItem {
            id: item
            property string itemId: ""
            property string shortcutText: ""
            onTriggered: menu.chosen(itemId)
            // The styles show no shortcut: the text, then the keys at the right.
            contentItem: Item {
                implicitWidth: label.implicitWidth + (keys.text !== "" ? keys.implicitWidth + 32 : 0)
                implicitHeight: Math.max(label.implicitHeight, keys.implicitHeight)
                opacity: item.enabled ? 1 : 0.5
                Text {
                    id: label
                    anchors.left: parent.left
                    anchors.verticalCenter: parent.verticalCenter
                    text: item.text
                    font: item.font
                    color: item.highlighted ? item.palette.highlightedText : item.palette.text
                }
                Text {
                    id: keys
                    objectName: "shortcutText"
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    text: item.shortcutText
                    font: item.font
                    color: label.color
                    opacity: 0.7
                }
            }
        }
    }
    readonly property Component separatorComponent: Component { MenuSeparator {} }

    // Items are made in the menu's list (contentItem), which then holds them: made without a visual parent
    // they would warn, and made in the menu alone they would go with the menu only.
    function build() {
        while (menu.count > menu.fixedCount) {
            const old = menu.itemAt(menu.count - 1);
            if (old.subMenu)
                menu.removeMenu(old.subMenu);
            else
                menu.removeItem(old);
        }
        for (const entry of menu.entries) {
            if (entry.separator) {
                menu.addItem(separatorComponent.createObject(menu.contentItem));
            } else if (entry.items) {
                const sub = Qt.createComponent("AppMenu.qml").createObject(menu, { title: entry.text, entries: entry.items });
                sub.chosen.connect(menu.chosen);
                menu.addMenu(sub);
            } else {
                menu.addItem(itemComponent.createObject(menu.contentItem, {
                    itemId: entry.id, text: entry.text, shortcutText: entry.shortcut, enabled: entry.enabled
                }));
            }
        }
    }

    onEntriesChanged: if (completed) build()
    Component.onCompleted: {
        fixedCount = count;
        completed = true;
        build();
    }
}
