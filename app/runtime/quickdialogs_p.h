// Starling's own dialog provider: Qt Quick Dialogs (qrc:/qml/NativeDialog.qml) over the app's windows.
#pragma once

#include <starling/desktop.h>

#include <QObject>
#include <QPointer>

namespace starling::detail {

class WindowHost;

// Shows each dialog as a NativeDialog.qml made with the windows' QML engine, over its window's content, and
// deletes it once answered. Without a window (or before the first one exists) a dialog fails: Qt Quick's
// dialogs need a window to show in.
class QuickDialogProvider final : public DialogProvider
{
public:
    explicit QuickDialogProvider(QPointer<WindowHost> host);
    void fileDialog(QWindow *window, const FileDialogOptions &options, DesktopCallback done) override;
    void messageBox(QWindow *window, const MessageOptions &options, DesktopCallback done) override;

private:
    // A new NativeDialog.qml over `window` that answers `done` once; null (after answering Failed) when it
    // cannot be made.
    QObject *create(QWindow *window, const DesktopCallback &done) const;

    QPointer<WindowHost> m_host;
};

// Turns a NativeDialog's finished() into one DesktopResult (a QML signal needs a slot to connect to).
class DialogAnswer : public QObject
{
    Q_OBJECT
public:
    DialogAnswer(DesktopCallback done, QObject *dialog);

public Q_SLOTS:
    void finish(const QString &status, const QString &urls, const QString &button);

private:
    DesktopCallback m_done;
};

} // namespace starling::detail
