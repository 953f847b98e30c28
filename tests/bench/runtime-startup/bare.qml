import QtQuick
import QtQuick.Window
import QtWebEngine

// The bare window: one WebEngineView, nothing else.
Window {
    id: window

    required property url pageUrl
    required property QtObject customProfile // null: the default profile

    width: 1024
    height: 720
    visible: true
    title: view.title

    WebEngineView {
        id: view
        anchors.fill: parent
        profile: window.customProfile ? window.customProfile : WebEngine.defaultProfile
        url: window.pageUrl
    }
}
