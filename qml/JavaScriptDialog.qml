import QtQuick
import QtQuick.Controls
import QtWebEngine

// The page's alert(), confirm() and prompt() as a dialog inside the window. Asynchronous: the app keeps
// running while it is open; the page waits for the answer.
Dialog {
    id: dialog
    objectName: "javaScriptDialog"

    property var request: null

    function ask(newRequest) {
        if (request)
            request.dialogReject(); // a page shows one dialog at a time; never leave one unanswered
        request = newRequest;
        message.text = newRequest.message;
        input.text = newRequest.defaultText;
        input.visible = newRequest.type === JavaScriptDialogRequest.DialogTypePrompt;
        standardButtons = newRequest.type === JavaScriptDialogRequest.DialogTypeAlert
                ? Dialog.Ok : Dialog.Ok | Dialog.Cancel;
        open();
    }

    anchors.centerIn: parent
    modal: true
    title: request ? request.title : ""
    closePolicy: Popup.CloseOnEscape

    Column {
        spacing: 8
        Label { id: message; wrapMode: Text.Wrap }
        TextField { id: input; objectName: "promptInput"; width: 320 }
    }

    onAccepted: {
        if (request)
            request.dialogAccept(input.text);
        request = null;
    }
    onRejected: {
        if (request)
            request.dialogReject();
        request = null;
    }
}
