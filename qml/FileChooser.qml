import QtQuick
import QtQuick.Dialogs
import QtWebEngine

// A page's file chooser (<input type=file>, with or without `multiple` and `webkitdirectory`, and the save
// picker): the platform's own dialog where it offers one, Qt Quick's inside the window otherwise (also
// offscreen). Every request is answered exactly once, so the page never waits forever: with the chosen files,
// or rejected when the dialog is cancelled, when a newer request replaces it or when the window closes
// (Main.qml calls cancel()).
Item {
    id: chooser

    required property QtObject host // starling::detail::WindowHost: name filters for the accepted types

    property var request: null // the FileDialogRequest being answered

    function choose(newRequest) {
        cancel(); // one chooser at a time: the older request is answered first
        request = newRequest;
        if (newRequest.mode === FileDialogRequest.FileModeUploadFolder) {
            folderDialog.open();
            return;
        }
        switch (newRequest.mode) {
        case FileDialogRequest.FileModeOpenMultiple:
            fileDialog.fileMode = FileDialog.OpenFiles;
            break;
        case FileDialogRequest.FileModeSave:
            fileDialog.fileMode = FileDialog.SaveFile;
            break;
        default:
            fileDialog.fileMode = FileDialog.OpenFile;
        }
        fileDialog.nameFilters = chooser.host.fileNameFilters(newRequest.acceptedMimeTypes);
        if (newRequest.mode === FileDialogRequest.FileModeSave && newRequest.defaultFileName !== "")
            fileDialog.selectedFile = String(fileDialog.currentFolder) + "/"
                    + encodeURIComponent(newRequest.defaultFileName);
        fileDialog.open();
    }

    // Rejects the request being answered, if any, and closes its dialog.
    function cancel() {
        const open = request;
        request = null;
        if (!open)
            return;
        open.dialogReject();
        fileDialog.close();
        folderDialog.close();
    }

    function answer(urls) {
        const open = request;
        request = null;
        if (!open)
            return;
        const paths = [];
        for (let i = 0; i < urls.length; ++i) {
            const path = localPath(urls[i]);
            if (path !== "")
                paths.push(path);
            else
                chooser.host.log("the file chooser ignored " + urls[i] + ": not a local file");
        }
        if (paths.length > 0)
            open.dialogAccept(paths);
        else
            open.dialogReject();
    }

    // QtWebEngine 6.4 wants local paths: it reads file: URLs without decoding their %-escapes.
    function localPath(url) {
        const text = String(url);
        const path = text.startsWith("file://") ? decodeURIComponent(text.substring(7)) : "";
        return path.startsWith("/") ? path : "";
    }

    FileDialog {
        id: fileDialog
        objectName: "fileChooser"
        onAccepted: chooser.answer(selectedFiles)
        onRejected: chooser.cancel()
    }

    FolderDialog {
        id: folderDialog
        objectName: "folderChooser"
        onAccepted: chooser.answer([selectedFolder])
        onRejected: chooser.cancel()
    }
}
