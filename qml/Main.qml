import QtQuick
import QtWebEngine

// One app window: a web view on the app's own pages, driven by the runtime's WindowHost (`host`).
// The host decides what is the app's own origin, opens new windows and hands other origins to the system
// browser; this file keeps the page inside the window and answers what the page asks for.
//
// Only the view is built with the window: the first paint waits for nothing else. The error page, find bar,
// JavaScript dialogs, context menu and file chooser are separate files loaded at their first use, and only
// they import QtQuick Controls and Dialogs (several MiB and tens of ms that a window which never shows them
// does not pay). The menu bar, which does show, loads after the page's first load: the page paints first.
Window {
    id: window

    required property QtObject host // starling::detail::WindowHost
    required property WebEngineProfile profile
    required property url startUrl
    // A title the app set (starling::Desktop::setWindowTitle); empty: the page's <title>.
    property string titleOverride: ""
    // The runtime's menus (starling::detail::MenuModel): the menu bar's menus (empty: no bar), the items the
    // context menu adds, and the shortcuts of all their items (working with or without a bar).
    property var menuBarModel: []
    property var contextMenuModel: []
    property var shortcutModel: []
    property bool firstLoadDone: false

    width: 1024
    height: 720
    title: titleOverride !== "" ? titleOverride : view.title !== "" ? view.title : Qt.application.name

    function reload() {
        errorPage.visible = false;
        view.reload();
    }

    // The standard actions the page's side runs (StandardAction; the runtime runs the others).
    function runAction(name) {
        switch (name) {
        case "reload": window.reload(); break;
        case "back": view.goBack(); break;
        case "forward": view.goForward(); break;
        case "zoomIn": view.zoomFactor = Math.min(5, view.zoomFactor * 1.1); break;
        case "zoomOut": view.zoomFactor = Math.max(0.25, view.zoomFactor / 1.1); break;
        case "zoomReset": view.zoomFactor = 1; break;
        case "find": {
            const bar = window.part(findBar, "FindBar.qml", {});
            if (bar) {
                findBar.visible = true;
                bar.focusInput();
            }
            break;
        }
        case "undo": view.triggerWebAction(WebEngineView.Undo); break;
        case "redo": view.triggerWebAction(WebEngineView.Redo); break;
        case "cut": view.triggerWebAction(WebEngineView.Cut); break;
        case "copy": view.triggerWebAction(WebEngineView.Copy); break;
        case "paste": view.triggerWebAction(WebEngineView.Paste); break;
        case "selectAll": view.triggerWebAction(WebEngineView.SelectAll); break;
        default: window.host.log("unknown window action " + name);
        }
    }

    // The menu bar once the page has loaded, and whenever its menus change after that.
    function showMenuBar() {
        if (menuBar.item)
            menuBar.item.entries = window.menuBarModel;
        else if (window.firstLoadDone && window.menuBarModel.length > 0 && menuBar.status === Loader.Null)
            menuBar.source = Qt.resolvedUrl("AppMenuBar.qml");
    }
    onMenuBarModelChanged: showMenuBar()

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
        anchors.top: menuBar.visible ? menuBar.bottom : parent.top
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
            if (!menu)
                return;
            const entries = window.contextMenuModel.length > 0 ? [{ separator: true }].concat(window.contextMenuModel) : [];
            if (JSON.stringify(entries) !== JSON.stringify(menu.entries))
                menu.entries = entries;
            // At the page's point (the pointer's, or the focused element's for the menu key).
            menu.popup(view.mapToItem(contextMenu, request.position.x, request.position.y));
        }
        onLoadingChanged: function (loadRequest) {
            if (loadRequest.status === WebEngineView.LoadStartedStatus || window.firstLoadDone)
                return;
            window.firstLoadDone = true;
            window.showMenuBar();
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
        id: menuBar
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        asynchronous: true
        visible: status === Loader.Ready && window.menuBarModel.length > 0
        onLoaded: item.entries = window.menuBarModel
    }
    Connections {
        target: menuBar.item
        function onChosen(id) {
            window.host.triggerMenuItem(window, id);
        }
    }

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
    Connections {
        target: contextMenu.item
        function onChosen(id) {
            window.host.triggerMenuItem(window, id);
        }
    }
    Loader {
        id: fileChooser
    }

    // The menus' shortcuts (the items' own, and their alternates), also without a menu bar.
    // (Each in an Item of a Repeater: Shortcuts that an Instantiator made anew when its model changed did not
    // fire on Qt 6.4.)
    Repeater {
        model: window.shortcutModel
        delegate: Item {
            required property var modelData
            Shortcut {
                sequences: modelData.sequences
                context: Qt.WindowShortcut
                onActivated: window.host.triggerMenuItem(window, modelData.id)
                onActivatedAmbiguously: window.host.log("the shortcut " + modelData.sequences + " is ambiguous")
            }
        }
    }
}
