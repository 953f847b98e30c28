import QtQuick
import QtQuick.Controls
import QtWebEngine

// The page's context menu: navigation and the editing actions, never "Inspect" or "View source" (with --dev,
// the remote inspector does that); then the app's own items (starling::Desktop::setContextMenu, `entries`).
AppMenu {
    id: menu
    objectName: "contextMenu"

    required property WebEngineView view

    MenuItem { text: qsTr("Back"); enabled: menu.view.canGoBack; onTriggered: menu.view.goBack() }
    MenuItem { text: qsTr("Forward"); enabled: menu.view.canGoForward; onTriggered: menu.view.goForward() }
    MenuItem { text: qsTr("Reload"); onTriggered: menu.view.reload() }
    MenuSeparator {}
    MenuItem { text: qsTr("Cut"); onTriggered: menu.view.triggerWebAction(WebEngineView.Cut) }
    MenuItem { text: qsTr("Copy"); onTriggered: menu.view.triggerWebAction(WebEngineView.Copy) }
    MenuItem { text: qsTr("Paste"); onTriggered: menu.view.triggerWebAction(WebEngineView.Paste) }
    MenuItem { text: qsTr("Select all"); onTriggered: menu.view.triggerWebAction(WebEngineView.SelectAll) }
}
