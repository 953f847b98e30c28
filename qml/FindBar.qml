import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Find in page: Enter finds the next match, Shift+Enter the previous one, Escape closes the bar.
ToolBar {
    id: bar
    objectName: "findBar"
    signal findRequested(string text, bool backward)
    signal closed

    function focusInput() {
        input.selectAll();
        input.forceActiveFocus();
    }

    RowLayout {
        anchors.fill: parent

        TextField {
            id: input
            objectName: "findInput"
            Layout.fillWidth: true
            placeholderText: qsTr("Find in page")
            onTextChanged: bar.findRequested(text, false)
            Keys.onReturnPressed: function (event) { bar.findRequested(text, event.modifiers & Qt.ShiftModifier) }
            Keys.onEscapePressed: bar.closed()
        }
        ToolButton { text: "\u2191"; onClicked: bar.findRequested(input.text, true) }
        ToolButton { text: "\u2193"; onClicked: bar.findRequested(input.text, false) }
        ToolButton { text: "\u2715"; onClicked: bar.closed() }
    }
}
