import QtQuick
import QtQuick.Controls
import QtWebEngine

// Diagnosis variant of bare.qml: the same view in a QtQuick Controls ApplicationWindow with the kind of hidden
// controls a desktop window instantiates at startup (a context menu, a find field, a dialog), in the default
// style, as qml/Main.qml did before it loaded those parts at first use. Nothing else differs from bare.qml.
ApplicationWindow {
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

    TextField {
        visible: false
        placeholderText: qsTr("Find")
    }

    Dialog {
        title: qsTr("Question")
        standardButtons: Dialog.Ok | Dialog.Cancel
        Label { text: qsTr("A question") }
    }

    Menu {
        MenuItem { text: qsTr("Back") }
        MenuItem { text: qsTr("Forward") }
        MenuItem { text: qsTr("Reload") }
        MenuSeparator {}
        MenuItem { text: qsTr("Copy") }
    }
}
