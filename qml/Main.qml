import QtQuick
import QtQuick.Window
import QtWebEngine

// The app's window: one web view showing the app's own local pages. Its title follows the page's title.
Window {
    id: window
    required property url startUrl

    width: 1024
    height: 720
    visible: true
    title: view.title

    WebEngineView {
        id: view
        anchors.fill: parent
        url: window.startUrl
    }
}
