import QtQuick
import QtWebEngine

// One app window: a web view on the app's own pages, driven by the runtime's WindowHost (`host`).
// The host decides what is the app's own origin, opens new windows and hands other origins to the system
// browser; this file keeps the page inside the window and answers what the page asks for.
//
// Only the view is built with the window: the first paint waits for nothing else. The error page, find bar,
// JavaScript dialogs, context menu and file chooser are separate files loaded at their first use, and only
// they import QtQuick Controls and Dialogs (several MiB and tens of ms that a window which never shows them
// does not pay).
Window {
    id: window

    required property QtObject host // starling::detail::WindowHost
    required property WebEngineProfile profile
    required property url startUrl
    // A title the app set (starling::Desktop::setWindowTitle); empty: the page's <title>.
    property string titleOverride: ""

    width: 1024
    height: 720
    title: titleOverride !== "" ? titleOverride : view.title !== "" ? view.title : Qt.application.name

    function reload() {
        errorPage.visible = false;
        view.reload();
    }

    // The part of `loader` (one of the Loaders below), loaded from `file` with `properties` the first time;
    // null (logged) when it cannot be loaded.
    function part(loader, file, properties) {
        if (!loader.item) {
            loader.setSource(Qt.resolvedUrl(file), properties);
            if (!loader.item)
                window.host.log("cannot load " + file + " (see the QML warnings above)");
        }
        return loader.item;
    }

    WebEngineView {
        id: view
        objectName: "webView"
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: findBar.visible ? findBar.top : parent.bottom
        profile: window.profile
        url: window.startUrl
        visible: !errorPage.visible

        // Only the app's own pages load here; any other origin opens in the system browser.
        onNavigationRequested: function (request) {
            if (!request.isMainFrame || window.host.isOwnOrigin(request.url))
                return;
            request.reject();
            window.host.openExternally(request.url);
        }
        // target=_blank and window.open: a new app window for the app's own pages, the browser otherwise.
        onNewWindowRequested: function (request) {
            window.host.openInNewWindow(request.requestedUrl);
        }
        onJavaScriptDialogRequested: function (request) {
            request.accepted = true;
            const dialog = window.part(javaScriptDialog, "JavaScriptDialog.qml", {});
            if (dialog)
                dialog.ask(request);
            else
                request.dialogReject();
        }
        onFileDialogRequested: function (request) {
            request.accepted = true;
            const chooser = window.part(fileChooser, "FileChooser.qml", { host: window.host });
            if (chooser)
                chooser.choose(request);
            else
                request.dialogReject();
        }
        onFeaturePermissionRequested: function (securityOrigin, feature) {
            window.host.log("refused permission " + feature + " for " + securityOrigin);
            view.grantFeaturePermission(securityOrigin, feature, false);
        }
        onRenderProcessTerminated: function (terminationStatus, exitCode) {
            window.host.log("the page's process ended (status " + terminationStatus + ", code " + exitCode + ")");
            if (window.part(errorPage, "ErrorPage.qml", {}))
                errorPage.visible = true;
        }
        onContextMenuRequested: function (request) {
            request.accepted = true;
            const menu = window.part(contextMenu, "ContextMenu.qml", { view: view });
            if (menu)
                menu.popup();
        }
    }

    // Downloads are not part of an app's UI: refused (each by the window whose page started it) and logged.
    Connections {
        target: window.profile
        function onDownloadRequested(download) {
            if (download.view !== view)
                return;
            window.host.log("refused a download of " + download.url);
            download.cancel();
        }
    }

    // The page's chooser must hear back even when the window goes first: a page never waits forever.
    onClosing: {
        if (fileChooser.item)
            fileChooser.item.cancel();
    }

    // The on-demand parts, empty until first used. The Loaders that host popups fill the window, so that the
    // popups centre in it and the context menu opens at the pointer.
    Loader {
        id: errorPage
        anchors.fill: parent
        visible: false
    }
    Connections {
        target: errorPage.item
        function onReloadRequested() {
            window.reload();
        }
    }

    Loader {
        id: findBar
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        visible: false
    }
    Connections {
        target: findBar.item
        function onFindRequested(text, backward) {
            view.findText(text, backward ? WebEngineView.FindBackward : 0);
        }
        function onClosed() {
            view.findText("");
            findBar.visible = false;
            view.forceActiveFocus();
        }
    }

    Loader {
        id: javaScriptDialog
        anchors.fill: parent
    }
    Loader {
        id: contextMenu
        anchors.fill: parent
    }
    Loader {
        id: fileChooser
    }

    // Standard keys are Alt+Left/Right on Linux and Windows; listing "Alt+Left" as well would make it ambiguous.
    Shortcut { sequences: [StandardKey.Back]; onActivated: view.goBack() }
    Shortcut { sequences: [StandardKey.Forward]; onActivated: view.goForward() }
    Shortcut { sequences: [StandardKey.ZoomIn, "Ctrl+="]; onActivated: view.zoomFactor = Math.min(5, view.zoomFactor * 1.1) }
    Shortcut { sequence: StandardKey.ZoomOut; onActivated: view.zoomFactor = Math.max(0.25, view.zoomFactor / 1.1) }
    Shortcut { sequence: "Ctrl+0"; onActivated: view.zoomFactor = 1 }
    Shortcut { sequences: [StandardKey.Refresh]; onActivated: window.reload() }
    Shortcut {
        sequence: StandardKey.Find
        onActivated: {
            const bar = window.part(findBar, "FindBar.qml", {});
            if (!bar)
                return;
            findBar.visible = true;
            bar.focusInput();
        }
    }
}
