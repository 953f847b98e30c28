import QtQuick
import QtQuick.Controls

// The window's menu bar, built from the runtime's menus (see AppMenu.qml for the model). Loaded after the
// page's first paint (Main.qml): QtQuick Controls cost start-up time.
MenuBar {
    id: bar
    objectName: "menuBar"

    property var entries: []
    signal chosen(string id)

    function build() {
        while (bar.count > 0)
            bar.removeMenu(bar.menuAt(0));
        const component = Qt.createComponent("AppMenu.qml");
        for (const entry of bar.entries) {
            const menu = component.createObject(bar, { title: entry.text, entries: entry.items || [] });
            menu.chosen.connect(bar.chosen);
            bar.addMenu(menu);
        }
    }

    onEntriesChanged: build()
    Component.onCompleted: build()
}
