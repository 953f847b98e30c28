// --dev: notices edits under the source directories the resources are read from, so that the windows reload.
#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

namespace starling::detail {

// Watches every file and directory under the roots (new ones too) and emits changed() once per burst of
// edits (an editor's save is often several writes). Main thread only.
class LiveReload : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveReload)

public:
    explicit LiveReload(const QStringList &roots, QObject *parent = nullptr);

Q_SIGNALS:
    void changed();

private:
    void watchTree();

    QStringList m_roots;
    QFileSystemWatcher m_watcher;
    QTimer m_burst;
};

} // namespace starling::detail
