// Menus of the app's windows: the menu bar, the items added to the page's context menu, and their keyboard
// shortcuts. Given to starling::Desktop (setMenuBar(), setContextMenu()); see docs/native.md, "Menus and
// shortcuts".
#pragma once

#include <QKeySequence>
#include <QList>
#include <QString>

#include <functional>

namespace starling {

// What Starling does itself for an item, in the window the item was chosen in.
enum class StandardAction {
    None, // the item's route and/or function
    NewWindow, // a window on the app's home page
    CloseWindow, // closes the window (its geometry is kept for the next one)
    Quit, // closes every window, which quits the app
    Reload, // reloads the page
    Back, // the page's history
    Forward,
    ZoomIn, // the page's zoom factor, from 25% to 500%
    ZoomOut,
    ZoomReset,
    Find, // shows the find bar
    FullScreen, // toggles full screen
    // The editing actions act on the page's focused field or selection. Their shortcuts are shown but not
    // taken from the page: the page and its fields handle those keys themselves.
    Undo,
    Redo,
    Cut,
    Copy,
    Paste,
    SelectAll,
};

// One entry of a menu: an action (`action`, `route` and/or `triggered`), a submenu (`items`) or a separator.
struct MenuItem
{
    QString text {}; // what the item says
    // Works in every window, whether or not the menu bar is shown. When two items have the same shortcut,
    // the later one (menu bar before context menu, in order) gets it and the earlier one shows none.
    QKeySequence shortcut {};
    QList<QKeySequence> alternateShortcuts {}; // further keys for the same item, not shown (F5 for Reload)
    // The page in the window calls this route of the app with its signals (Desktop::callRoute(), a POST),
    // as if a button of the page had been clicked.
    QString route {};
    // Called on the main thread with the id of the window the item was chosen in (Desktop's window ids).
    std::function<void(const QString &windowId)> triggered {};
    StandardAction action = StandardAction::None; // runs before the route and the function
    QList<MenuItem> items {}; // non-empty: the item is a submenu of these
    bool separator = false; // a line between items; the other fields are ignored

    static MenuItem makeSeparator() { return { .separator = true }; }
};

// One menu of the menu bar.
struct Menu
{
    QString title {};
    QList<MenuItem> items {};
};

} // namespace starling
