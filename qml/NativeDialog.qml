import QtQuick
import QtQuick.Dialogs

// One dialog that starling::Desktop asked for (through its Qt Quick dialog provider), over one window: a file
// or folder dialog, or a message box. It reports once through finished(), then the provider deletes it: the
// platform's own dialog where Qt has one, else Qt Quick's inside the window (also offscreen).
Item {
    id: root

    // status "done" or "cancelled"; urls: the chosen files or folder as a JSON array of URL strings (one
    // string type on every Qt line); button: the name of the button chosen
    signal finished(string status, string urls, string button)

    property bool answered: false

    readonly property var buttonValues: ({
        "ok": MessageDialog.Ok, "cancel": MessageDialog.Cancel, "yes": MessageDialog.Yes,
        "no": MessageDialog.No, "save": MessageDialog.Save, "discard": MessageDialog.Discard,
        "close": MessageDialog.Close, "abort": MessageDialog.Abort, "retry": MessageDialog.Retry,
        "ignore": MessageDialog.Ignore, "apply": MessageDialog.Apply, "reset": MessageDialog.Reset,
        "help": MessageDialog.Help
    })

    function finish(status, urls, button) {
        if (answered)
            return;
        answered = true;
        const texts = [];
        for (let i = 0; i < urls.length; ++i)
            texts.push(String(urls[i]));
        finished(status, JSON.stringify(texts), button);
    }

    // mode: "file", "files", "folder" or "save"; folder: a file: URL or ""; filters: name filters
    function openFileDialog(mode, title, folder, filters, fileName) {
        if (mode === "folder") {
            if (title !== "")
                folderDialog.title = title;
            if (folder !== "")
                folderDialog.currentFolder = folder;
            folderDialog.open();
            return;
        }
        fileDialog.fileMode = mode === "files" ? FileDialog.OpenFiles
                            : mode === "save" ? FileDialog.SaveFile : FileDialog.OpenFile;
        if (title !== "")
            fileDialog.title = title;
        if (folder !== "")
            fileDialog.currentFolder = folder;
        fileDialog.nameFilters = filters;
        if (mode === "save" && fileName !== "")
            fileDialog.selectedFile = String(fileDialog.currentFolder) + "/" + encodeURIComponent(fileName);
        fileDialog.open();
    }

    // buttons: names as in buttonValues (checked by the caller)
    function openMessageBox(title, text, detail, buttons) {
        let flags = 0;
        for (const name of buttons)
            flags |= buttonValues[name];
        messageDialog.title = title;
        messageDialog.text = text;
        messageDialog.informativeText = detail;
        messageDialog.buttons = flags;
        messageDialog.open();
    }

    function nameOf(button) {
        for (const name in buttonValues) {
            if (buttonValues[name] === button)
                return name;
        }
        return "";
    }

    FileDialog {
        id: fileDialog
        objectName: "nativeFileDialog"
        onAccepted: root.finish("done", selectedFiles, "")
        onRejected: root.finish("cancelled", [], "")
    }

    FolderDialog {
        id: folderDialog
        objectName: "nativeFolderDialog"
        onAccepted: root.finish("done", [selectedFolder], "")
        onRejected: root.finish("cancelled", [], "")
    }

    MessageDialog {
        id: messageDialog
        objectName: "nativeMessageDialog"
        // The button first (a box closes after reporting it); closing it any other way is a cancel.
        onButtonClicked: function (button, role) {
            root.finish("done", [], root.nameOf(button));
        }
        onAccepted: root.finish("done", [], "ok")
        onRejected: root.finish("cancelled", [], "")
    }
}
