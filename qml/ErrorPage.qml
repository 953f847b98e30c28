import QtQuick
import QtQuick.Controls

// Shown instead of the page when its renderer process ended (a crash, or killed): says so and offers a reload.
Rectangle {
    id: page
    objectName: "errorPage"
    signal reloadRequested

    color: palette.window

    Column {
        anchors.centerIn: parent
        spacing: 16

        Label {
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("This page stopped working.")
            font.pixelSize: 20
        }
        Button {
            objectName: "reloadButton"
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("Reload")
            onClicked: page.reloadRequested()
        }
    }
}
