// The desktop around an app's windows: file and message dialogs, the clipboard, notifications, the tray,
// menus, window control, dropped files, opening URLs and files with the desktop's handlers, and the deep
// links and files the app itself is opened with. C++ code calls Desktop (starling::App::desktop()); pages
// call the same capabilities through Starling's
// /_starling/ endpoints with plain Datastar actions, and get their results as signals (docs/native.md).
#pragma once

#include <datastar/event.h>
#include <starling/menus.h>
#include <starling/starling_export.h>

#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

class QWindow;

namespace starling {

class Request;
class StreamHub;
namespace detail {
struct DesktopAccess;
class WindowHost;
} // namespace detail

// The page topic (TopicScope::Page) on which the runtime sends a page what it asked the desktop for, once
// the user has answered: a stream with a page id follows it as well as its own topics, and a page without a
// stream of its own opens one with `@get('/_starling/stream')`.
inline constexpr auto PageChannelTopic = "_starling";

// What a desktop operation came to: one shape for every capability, so code and pages check results alike.
struct DesktopResult
{
    enum class Status {
        Done, // it happened (the fields below that the operation fills hold its outcome)
        Cancelled, // the user closed the dialog, chose no file, or its window closed first: not an error
        Failed, // it could not happen: `error` says why (no clipboard, no notification server, refused, ...)
    };
    Status status = Status::Done;
    QString error = {}; // Failed: why, in words a user can read
    QStringList paths = {}; // file dialogs: the chosen local files or folder, absolute
    QString button = {}; // message boxes: the button chosen ("ok", "cancel", "yes", "no", ...)
    QString text = {}; // clipboard reads: the text, or the HTML when HTML was asked for
    QString id = {}; // notifications: the id the notification server gave it

    bool isDone() const { return status == Status::Done; }
    static DesktopResult failed(const QString &error) { return { .status = Status::Failed, .error = error }; }
    static DesktopResult cancelled() { return { .status = Status::Cancelled }; }
};

// Receives an operation's result on the main thread, exactly once.
using DesktopCallback = std::function<void(const DesktopResult &)>;

enum class FileDialogMode {
    OpenFile, // one existing file
    OpenFiles, // one or more existing files
    OpenFolder, // one existing folder
    Save, // a file name to write, existing or not (the dialog asks before replacing one)
};

struct FileDialogOptions
{
    FileDialogMode mode = FileDialogMode::OpenFile;
    QString title = {}; // default: the dialog's own ("Open File", "Save File", ...)
    QString folder = {}; // the folder it opens in; default: the user's documents folder
    // Name filters, each "Description (*.ext1 *.ext2)" or a bare pattern list "*.png *.jpg"; the user may
    // switch between them. Empty: every file.
    QStringList filters = {};
    QString fileName = {}; // Save: the name it suggests
};

enum class MessageKind { Information, Warning, Critical, Question };

struct MessageOptions
{
    MessageKind kind = MessageKind::Information;
    QString title = {}; // default: the app's name
    QString text = {}; // the message; required
    QString detail = {}; // a second, smaller paragraph
    // The buttons, by name: ok, cancel, yes, no, save, discard, close, abort, retry, ignore, apply, reset,
    // help. Empty: ok alone. The result's `button` is the name of the one chosen; Escape or closing the box
    // is Cancelled.
    QStringList buttons = {};
};

// Shows the dialogs Desktop asks for. Starling's own shows Qt Quick Dialogs (the platform's native dialogs
// where Qt has them, else Qt's); an app or a test may set another (Desktop::setDialogProvider). Each request
// is answered through `done` exactly once, Cancelled included. When the window goes first, Desktop answers
// Cancelled itself and ignores a later answer, so a provider need not track windows.
class STARLING_EXPORT DialogProvider
{
public:
    virtual ~DialogProvider();
    // `window` is the window the dialog belongs to (modal to it), or null for none.
    virtual void fileDialog(QWindow *window, const FileDialogOptions &options, DesktopCallback done) = 0;
    virtual void messageBox(QWindow *window, const MessageOptions &options, DesktopCallback done) = 0;
};

// A desktop notification (Desktop::notify). Clicking it brings its window forward (the most recent window
// when that one has closed, a new window on the home page when none is open) and, with a route, has that
// window's page call the route.
struct Notification
{
    enum class Urgency { Low, Normal, Critical };
    QString title = {}; // the summary line; required
    QString body = {}; // the text under it (the server may show simple markup: <b>, <i>, <a>)
    // A resource path (":/icons/mail.svg"), an absolute file, or an icon theme name ("mail-unread").
    // Default: the app's icon (AppInfo::icon).
    QString icon = {};
    // The app route the window's page calls when the user clicks the notification ("/inbox/open?id=3": a
    // local absolute path); empty: the click only brings the window forward.
    QString route = {};
    Urgency urgency = Urgency::Normal;
    // How long it stays up: -1 the server's default, 0 until the user closes it, else milliseconds.
    int timeoutMs = -1;
};

// One entry of the tray icon's menu (TrayOptions::items).
struct TrayItem
{
    enum class Kind {
        Action, // `text`: calls `route` in the active window's page, and/or runs `action`
        Separator,
        ShowWindow, // brings the most recent window forward, or opens one on the home page
        Quit, // quits the app
    };
    Kind kind = Kind::Action;
    QString text = {}; // the label (an & marks the mnemonic); ShowWindow and Quit default to their own
    // An app route (a Datastar @post) called by the most recently active window's page; with no window
    // open, a window opens on the home page first and its page calls it once its channel's stream is open.
    QString route = {};
    std::function<void()> action = {}; // runs on the main thread when the item is chosen (after `route`)
    bool enabled = true;

    static TrayItem separator() { return { .kind = Kind::Separator }; }
    static TrayItem showWindow(const QString &text = {})
    {
        return { .kind = Kind::ShowWindow, .text = text };
    }
    static TrayItem quit(const QString &text = {}) { return { .kind = Kind::Quit, .text = text }; }
};

struct TrayOptions
{
    QString icon = {}; // a resource path, a file or an icon theme name; default: the app's icon
    QString toolTip = {}; // default: the app's name
    QList<TrayItem> items = {}; // the menu; empty: no menu
};

// What the desktop can do, as the app's windows see it. Owned by starling::App; with --serve there are no
// windows and every operation fails (Failed, "desktop-only") or does nothing, as documented per function.
// Window ids are the windows' page ids (Request::pageId() of a request from that window: "window-<n>").
// Main thread only.
class STARLING_EXPORT Desktop : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Desktop)

public:
    ~Desktop() override;

    // False under --serve (no windows): every capability is then refused.
    bool isAvailable() const;

    // Windows

    // The open windows' ids, oldest first.
    QStringList windowIds() const;
    // The window with that id, or null; use it for what QWindow does (resize(), showMinimized(),
    // showMaximized(), showFullScreen(), showNormal(), close(), raise()).
    QWindow *window(const QString &windowId) const;
    // Opens a window on `path` of the app ("/" is its home page); null (logged) when it cannot, or for a
    // path that is not a local absolute path ("/notes?id=3").
    QWindow *openWindow(const QString &path = QStringLiteral("/"));
    // Sets the title of a window; empty gives it back to the page's <title>. False for an unknown id.
    bool setWindowTitle(const QString &windowId, const QString &title);

    // Dialogs: shown modal to the window, answered later through `done` (Cancelled when the window closes
    // first). Chosen paths are granted (see isGranted()).

    void fileDialog(const QString &windowId, const FileDialogOptions &options, DesktopCallback done);
    void messageBox(const QString &windowId, const MessageOptions &options, DesktopCallback done);
    // Replaces the dialog provider (null: Starling's own again).
    void setDialogProvider(std::unique_ptr<DialogProvider> provider);

    // Clipboard. Failed when the platform has no clipboard shared with other programs (Qt's offscreen and
    // minimal platforms) or, for HTML, when the clipboard holds none.

    enum class ClipboardFormat { Text, Html };
    [[nodiscard]] DesktopResult clipboard(ClipboardFormat format = ClipboardFormat::Text) const;
    // Puts `text` on the clipboard, and `html` beside it when given (rich-text targets take that).
    [[nodiscard]] DesktopResult setClipboard(const QString &text, const QString &html = {});

    // Opening with the desktop's handlers

    // Opens an http or https URL in the user's browser; Failed for any other scheme.
    [[nodiscard]] DesktopResult openUrl(const QUrl &url);
    // Opens a file or folder with its default application: only one the user chose in a file dialog, dropped
    // on a window or opened the app with during this run, never an executable file or a .desktop entry (a
    // page, or content injected into it, must not be able to start programs).
    [[nodiscard]] DesktopResult openPath(const QString &path);
    // True when `path` (or a folder above it, for a chosen folder) was chosen in a file dialog, dropped on a
    // window, or given to the app on its command line (this launch's or a later one's: see opened()) during
    // this run: the files a page may ask the backend to open.
    bool isGranted(const QString &path) const;

    // Deep links and files the app is opened with

    // The URL schemes that are the app's own (AppInfo::urlSchemes, from starling_add_app()'s URL_SCHEMES),
    // lower-case: a URL of one of them on the command line is delivered through opened().
    QStringList urlSchemes() const;
    // Has the page of the window that gets what the app was opened with call `route` (a Datastar @post),
    // after its `opened` signal holds it ({urls: [...], paths: [...]}). Empty (the default): no call, the
    // signal alone. The route reads the signal from the request; a path from a page is checked with
    // isGranted().
    void setOpenRoute(const QString &route);

    // Notifications

    // Shows a desktop notification through the session bus's org.freedesktop.Notifications server. The
    // D-Bus call is asynchronous: `done` gets Done with the server's id, or Failed (why, for the user) when
    // neither a notification server nor a tray that can show messages is there; a server that does not
    // answer fails after D-Bus's timeout (25 s). Where no server runs and a tray icon of the older X11 kind
    // is shown, the message shows there (id "tray-<n>"). A click on it is handled as Notification says;
    // `windowId` is the window it is about (empty: the most recent one).
    void notify(const QString &windowId, const Notification &notification, DesktopCallback done);

    // The tray (system tray / status notifier icon)

    // Shows the app's tray icon with `options` (again: replaces them). A click on the icon brings the most
    // recent window forward, or opens one on the home page when none is open. Failed (logged) when the
    // desktop has no system tray, or under --serve. With AppInfo::keepRunningInTray, closing the last window
    // leaves the app running while the icon is shown.
    [[nodiscard]] DesktopResult showTray(const TrayOptions &options = {});
    // Removes the tray icon; with AppInfo::keepRunningInTray and no window open, the app quits.
    void hideTray();
    bool isTrayVisible() const;

    // Pages

    // Sends `events` to the page of a window on its page channel (PageChannelTopic): at once when it has a
    // stream, else when its next stream opens. False for an unknown window.
    bool sendToPage(const QString &windowId, const QList<datastar::Event> &events);
    // Has the page in a window call `route` of the app (a Datastar @post, or @get etc. by `method`), with its
    // signals, as if the user had clicked a button there: what menus, the tray and notifications use.
    bool callRoute(const QString &windowId, const QString &route,
                   const QString &method = QStringLiteral("post"));
    // The most recently active window's id, or empty when none is open.
    QString activeWindowId() const;
    // Has the page of the window that files were dropped on call `route` (a Datastar @post), after its
    // `droppedFiles` signal holds their paths. Empty (the default): no call, the signal alone.
    void setDropRoute(const QString &route);

    // Menus and shortcuts (starling/menus.h)

    // The menus of every window, now and later: the menu bar shows them (when isMenuBarVisible()) and their
    // items' shortcuts work in every window either way. Empty: no menus and no shortcuts of theirs. Default:
    // standardMenus().
    void setMenuBar(const QList<Menu> &menus);
    QList<Menu> menuBar() const;
    // Whether windows show the menu bar (default: true); the menus' shortcuts work either way.
    void setMenuBarVisible(bool visible);
    bool isMenuBarVisible() const;
    // File (New Window Ctrl+N, Close Window Ctrl+W, Quit Ctrl+Q), Edit (Undo, Redo, Cut, Copy, Paste, Select
    // All), View (Back Alt+Left, Forward Alt+Right, Reload Ctrl+R and F5, Zoom In Ctrl++ and Ctrl+=, Zoom Out
    // Ctrl+-, Actual Size Ctrl+0, Find Ctrl+F, Full Screen F11): for an app to extend or replace.
    static QList<Menu> standardMenus();
    // Items added to the page's context menu (below its own Back, Forward, Reload and editing actions); their
    // shortcuts work like the menu bar's. Default: none.
    void setContextMenu(const QList<MenuItem> &items);
    QList<MenuItem> contextMenu() const;

Q_SIGNALS:
    // Files or folders were dropped on a window (absolute local paths, now granted). The page also gets
    // them in its `droppedFiles` signal.
    void filesDropped(const QString &windowId, const QStringList &paths);
    // The app was started, or a later launch handed the running instance its command line, with URLs of the
    // app's schemes (`urls`; the page gets them fully encoded) and existing local files or folders (`paths`:
    // absolute, now granted). `windowId` is the window whose page gets them (its `opened` signal, and the
    // open route): the first window at start-up; later, the most recently active one, raised (a new one with
    // --new-window, or when none is open). Anything else on the command line (other schemes, missing files)
    // is logged (starling.desktop) and left out; nothing is emitted when nothing is left.
    void opened(const QString &windowId, const QList<QUrl> &urls, const QStringList &paths);

    // The user clicked a notification (after its window came forward and its route was called).
    void notificationClicked(const QString &windowId, const QString &id);

private:
    friend struct detail::DesktopAccess; // creates it, and attaches it to the windows (desktop_p.h)
    explicit Desktop(QObject *parent = nullptr);
    void attach(detail::WindowHost *host, StreamHub *hub);
    void setUrlSchemes(const QStringList &schemes);
    // What a launch was opened with (its positional arguments, paths absolute): granted and delivered to
    // the page of `windowId` as documented at opened().
    void openWith(const QString &windowId, const QStringList &arguments);

    // AppInfo::keepRunningInTray: the last window closing quits the app unless this is on and the tray shown.
    void setKeepRunningInTray(bool keep);
    bool keepsRunningWithoutWindows() const;
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace starling
