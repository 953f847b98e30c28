// --dev: notices edits under the app's source resource directory so that the windows can reload.
#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

namespace starling::detail {

// Watches every file and directory under root (new ones too) and emits changed() once per burst of edits
// (an editor's save is often several writes). Main thread only.
class LiveReload : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveReload)

public:
    explicit LiveReload(const QString &root, QObject *parent = nullptr);

Q_SIGNALS:
    void changed();

private:
    void watchTree();

    QString m_root;
    QFileSystemWatcher m_watcher;
    QTimer m_burst;
};

} // namespace starling::detail
