#include "devresources_p.h"
#include "logging_p.h"

#include <starling/resources.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QReadWriteLock>

#include <algorithm>
#include <httptransport_p.h>

namespace starling::detail {

namespace {

constexpr QStringView ResourceScheme = u":/";

struct ActiveRoot
{
    QString relativePrefix; // "datastar", or "" for ":/"
    QString canonicalDir; // symlinks resolved, no trailing '/'
};

struct State
{
    QReadWriteLock lock;
    bool enabled = false;
    QList<ActiveRoot> roots; // longest prefix first
};

State &state()
{
    static State instance;
    return instance;
}

// ":/datastar/" -> "datastar", ":/" -> ""; a prefix that is not a resource path -> null.
QString relativePrefix(const QString &resourcePrefix)
{
    if (!resourcePrefix.startsWith(ResourceScheme))
        return {};
    const QString cleaned = QDir::cleanPath(resourcePrefix.mid(ResourceScheme.size()));
    return cleaned == u"." || cleaned.isEmpty() ? QStringLiteral("") : cleaned;
}

bool isUnder(const QString &relative, const QString &prefix)
{
    return prefix.isEmpty() || relative == prefix
        || (relative.startsWith(prefix) && relative.at(prefix.size()) == u'/');
}

} // namespace

QStringList DevResources::enableForApp(const QString &appSourceDir)
{
    enable({ { .resourcePrefix = QStringLiteral(":/datastar"),
               .sourceDir = QStringLiteral(STARLING_CLIENT_SOURCE_DIR) },
             { .resourcePrefix = QStringLiteral(":/"), .sourceDir = appSourceDir } });
    return sourceDirs();
}

QStringList DevResources::sourceDirs()
{
    State &s = state();
    const QReadLocker locker(&s.lock);
    QStringList dirs;
    for (const ActiveRoot &root : std::as_const(s.roots))
        dirs.append(root.canonicalDir);
    // The client's directory usually lies inside the app's (the gallery's resources/): watch the outer one.
    dirs.removeIf([&dirs](const QString &dir) {
        return std::any_of(dirs.cbegin(), dirs.cend(),
                           [&dir](const QString &other) { return dir.startsWith(other + u'/'); });
    });
    return dirs;
}

void DevResources::enable(const QList<Root> &roots)
{
    QList<ActiveRoot> active;
    QStringList missing;
    for (const Root &root : roots) {
        const QString prefix = relativePrefix(root.resourcePrefix);
        if (prefix.isNull()) {
            missing.append(QStringLiteral("%1 (not a resource path)").arg(root.resourcePrefix));
            continue;
        }
        const QFileInfo dir(root.sourceDir);
        if (root.sourceDir.isEmpty() || !dir.isDir()) {
            missing.append(
                root.sourceDir.isEmpty()
                    ? QStringLiteral("%1 (no source directory given)").arg(root.resourcePrefix)
                    : QStringLiteral("%1 (%2 does not exist)").arg(root.resourcePrefix, root.sourceDir));
            continue;
        }
        active.append({ .relativePrefix = prefix, .canonicalDir = dir.canonicalFilePath() });
        qCInfo(lcApp).noquote() << "--dev: resources under" << root.resourcePrefix << "are read from"
                                << active.last().canonicalDir << "first";
    }
    std::stable_sort(active.begin(), active.end(), [](const ActiveRoot &a, const ActiveRoot &b) {
        return a.relativePrefix.size() > b.relativePrefix.size();
    });
    if (!missing.isEmpty()) {
        qCWarning(lcApp).noquote() << "--dev: serving the compiled-in resources for" << missing.join(u", ");
    }
    State &s = state();
    const QWriteLocker locker(&s.lock);
    s.enabled = true;
    s.roots = std::move(active);
}

void DevResources::disable()
{
    State &s = state();
    const QWriteLocker locker(&s.lock);
    s.enabled = false;
    s.roots.clear();
}

bool DevResources::isEnabled()
{
    State &s = state();
    const QReadLocker locker(&s.lock);
    return s.enabled;
}

QString DevResources::locate(const QString &resourcePath)
{
    if (!resourcePath.startsWith(ResourceScheme))
        return resourcePath;
    QList<ActiveRoot> roots;
    {
        State &s = state();
        const QReadLocker locker(&s.lock);
        if (!s.enabled)
            return resourcePath;
        roots = s.roots; // implicitly shared: no copy of the entries
    }
    // Cleaned first, as Qt's resource system does: ":/datastar/../x" is ":/x" and is matched as such.
    const QString relative = QDir::cleanPath(resourcePath.mid(ResourceScheme.size()));
    if (relative.isEmpty() || relative == u"." || relative == u".." || relative.startsWith(u"../")
        || relative.startsWith(u'/'))
        return resourcePath;
    const auto match = std::find_if(roots.cbegin(), roots.cend(), [&](const ActiveRoot &candidate) {
        return isUnder(relative, candidate.relativePrefix);
    });
    if (match == roots.cend())
        return resourcePath;
    const ActiveRoot &root = *match;

    const QString below
        = root.relativePrefix.isEmpty() ? relative : relative.mid(root.relativePrefix.size() + 1);
    if (below.isEmpty()) // the root itself: a directory, never a file
        return resourcePath;
    const QFileInfo source(root.canonicalDir + u'/' + below);
    if (!source.exists())
        return resourcePath;
    const QString canonical = source.canonicalFilePath();
    if (!canonical.startsWith(root.canonicalDir + u'/')) {
        qCWarning(lcServer).noquote()
            << QStringLiteral("--dev: %1 leads outside %2 (to %3); using the compiled-in %4")
                   .arg(source.filePath(), root.canonicalDir, canonical, resourcePath);
        return resourcePath;
    }
    return QFileInfo(canonical).isFile() ? canonical : resourcePath;
}

void DevResources::preventCaching(QHttpServerResponse &response)
{
    if (isEnabled())
        datastar::detail::setHeader(response, "Cache-Control", "no-store");
}

} // namespace starling::detail

namespace starling {

std::optional<QByteArray> readResource(const QString &resourcePath)
{
    const QString path = detail::DevResources::locate(resourcePath);
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

} // namespace starling
