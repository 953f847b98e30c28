#include "livereload_p.h"
#include "logging_p.h"

#include <QDirIterator>

namespace starling::detail {

namespace {
constexpr int BurstMs = 100; // edits closer together than this count as one
}

LiveReload::LiveReload(const QStringList &roots, QObject *parent)
    : QObject(parent)
    , m_roots(roots)
{
    m_burst.setSingleShot(true);
    m_burst.setInterval(BurstMs);
    connect(&m_burst, &QTimer::timeout, this, [this] {
        watchTree(); // editors replace files, and new files appear
        qCInfo(lcApp).noquote() << "resources changed under" << m_roots.join(u", ") << "- reloading";
        Q_EMIT changed();
    });
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_burst, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_burst, qOverload<>(&QTimer::start));
    watchTree();
}

void LiveReload::watchTree()
{
    QStringList paths = m_roots;
    for (const QString &root : std::as_const(m_roots)) {
        QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext())
            paths.append(it.next());
    }
    const QStringList watched = m_watcher.files() + m_watcher.directories();
    QStringList added;
    for (const QString &path : std::as_const(paths)) {
        if (!watched.contains(path))
            added.append(path);
    }
    if (!added.isEmpty())
        m_watcher.addPaths(added);
}

} // namespace starling::detail
