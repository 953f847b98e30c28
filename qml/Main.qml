import QtQuick
import QtQuick.Controls
import QtWebEngine

// One app window: a web view on the app's own pages, driven by the runtime's WindowHost (`host`).
// The host decides what is the app's own origin, opens new windows and hands other origins to the system
// browser; this file keeps the page inside the window and answers what the page asks for.
ApplicationWindow {
    id: window

    required property QtObject host // starling::detail::WindowHost
    required property WebEngineProfile profile
    required property url startUrl

    width: 1024
    height: 720
    title: view.title !== "" ? view.title : Qt.application.name

    function reload() {
        errorPage.visible = false;
        view.reload();
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
            javaScriptDialog.ask(request);
        }
        onFeaturePermissionRequested: function (securityOrigin, feature) {
            window.host.log("refused permission " + feature + " for " + securityOrigin);
            view.grantFeaturePermission(securityOrigin, feature, false);
        }
        onRenderProcessTerminated: function (terminationStatus, exitCode) {
            window.host.log("the page's process ended (status " + terminationStatus + ", code " + exitCode + ")");
            errorPage.visible = true;
        }
        onContextMenuRequested: function (request) {
            request.accepted = true;
            contextMenu.popup();
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

    ErrorPage {
        id: errorPage
        objectName: "errorPage"
        anchors.fill: parent
        visible: false
        onReloadRequested: window.reload()
    }

    FindBar {
        id: findBar
        objectName: "findBar"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        visible: false
        onFindRequested: function (text, backward) {
            view.findText(text, backward ? WebEngineView.FindBackward : 0);
        }
        onClosed: {
            view.findText("");
            visible = false;
            view.forceActiveFocus();
        }
    }

    JavaScriptDialog {
        id: javaScriptDialog
        objectName: "javaScriptDialog"
    }

    Menu {
        id: contextMenu
        objectName: "contextMenu"
        MenuItem { text: qsTr("Back"); enabled: view.canGoBack; onTriggered: view.goBack() }
        MenuItem { text: qsTr("Forward"); enabled: view.canGoForward; onTriggered: view.goForward() }
        MenuItem { text: qsTr("Reload"); onTriggered: view.reload() }
        MenuSeparator {}
        MenuItem { text: qsTr("Cut"); onTriggered: view.triggerWebAction(WebEngineView.Cut) }
        MenuItem { text: qsTr("Copy"); onTriggered: view.triggerWebAction(WebEngineView.Copy) }
        MenuItem { text: qsTr("Paste"); onTriggered: view.triggerWebAction(WebEngineView.Paste) }
        MenuItem { text: qsTr("Select all"); onTriggered: view.triggerWebAction(WebEngineView.SelectAll) }
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
            findBar.visible = true;
            findBar.focusInput();
        }
    }
}
