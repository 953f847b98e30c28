#include "pagecheck.h"

#include <QFile>
#include <QJsonArray>

namespace gallerytest::pagecheck {

namespace {

QString jsString(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
    return u'\'' + escaped + u'\'';
}

} // namespace

QString expression()
{
    QFile file(QStringLiteral(":/pagecheck.js"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QStringLiteral("(%1)()").arg(QString::fromUtf8(file.readAll()));
}

QStringList colourSchemes()
{
    return { QStringLiteral("light"), QStringLiteral("dark") };
}

QJsonObject colourSchemeMedia(const QString &scheme)
{
    const QJsonObject feature { { QStringLiteral("name"), QStringLiteral("prefers-color-scheme") },
                                { QStringLiteral("value"), scheme } };
    return { { QStringLiteral("features"), QJsonArray { feature } } };
}

QString colourSchemeMatches(const QString &scheme)
{
    return QStringLiteral("matchMedia('(prefers-color-scheme: %1)').matches").arg(scheme);
}

QString listedPaths()
{
    return QStringLiteral(
        "['/'].concat([...document.querySelectorAll('.cards a')].map(a => new URL(a.href).pathname))");
}

QString loadedCondition(const QString &path)
{
    if (path == u"/examples/cqrs")
        return QStringLiteral("document.querySelector('#messages li') !== null");
    if (path == u"/monitor")
        return QStringLiteral("!!document.querySelector('#monitor-processes tbody tr') && "
                              "/\\d/.test(document.querySelector('#monitor-cpu').textContent)");
    if (path == u"/todo")
        return QStringLiteral("document.querySelector('#todo-list li') !== null");
    return QStringLiteral("true");
}

QString longWord()
{
    return QStringLiteral("Daisy").repeated(40);
}

QString cqrsShows(const QString &text)
{
    return QStringLiteral("document.querySelector('#messages li:last-child')?.textContent.trim() === %1")
        .arg(jsString(text));
}

QString templatesShow(const QString &text)
{
    return QStringLiteral(
               "document.querySelector('#cards li:last-child .note-title')?.textContent.trim() === %1")
        .arg(jsString(text));
}

QString todoShows(const QString &text)
{
    return QStringLiteral("[...document.querySelectorAll('#todo-list .title')]"
                          ".some(title => title.textContent.trim() === %1)")
        .arg(jsString(text));
}

QString lastTodoToggle()
{
    return QStringLiteral("#todo-list li:last-child button.toggle");
}

QString lastTodoIsDone()
{
    return QStringLiteral("document.querySelector('%1')?.getAttribute('aria-pressed') === 'true'")
        .arg(lastTodoToggle());
}

} // namespace gallerytest::pagecheck
