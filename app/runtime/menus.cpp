#include "logging_p.h"
#include "menus_p.h"

#include <starling/desktop.h>

#include <QCoreApplication>
#include <QVariantMap>

#include <functional>

namespace starling {

namespace {

// Marked with QT_TRANSLATE_NOOP for lupdate.
QString label(const char *text)
{
    return QCoreApplication::translate("starling", text);
}

MenuItem standard(const QString &text, StandardAction action, const QKeySequence &shortcut = {},
                  const QList<QKeySequence> &alternates = {})
{
    return { .text = text, .shortcut = shortcut, .alternateShortcuts = alternates, .action = action };
}

} // namespace

QList<Menu> Desktop::standardMenus()
{
    using Key = QKeySequence;
    return {
        { .title = label(QT_TRANSLATE_NOOP("starling", "&File")),
          .items = {
              standard(label(QT_TRANSLATE_NOOP("starling", "New Window")), StandardAction::NewWindow, Key(QStringLiteral("Ctrl+N"))),
              standard(label(QT_TRANSLATE_NOOP("starling", "Close Window")), StandardAction::CloseWindow, Key(QStringLiteral("Ctrl+W"))),
              MenuItem::makeSeparator(),
              standard(label(QT_TRANSLATE_NOOP("starling", "Quit")), StandardAction::Quit, Key(QStringLiteral("Ctrl+Q"))),
          } },
        { .title = label(QT_TRANSLATE_NOOP("starling", "&Edit")),
          .items = {
              standard(label(QT_TRANSLATE_NOOP("starling", "Undo")), StandardAction::Undo, Key(QStringLiteral("Ctrl+Z"))),
              standard(label(QT_TRANSLATE_NOOP("starling", "Redo")), StandardAction::Redo, Key(QStringLiteral("Ctrl+Shift+Z"))),
              MenuItem::makeSeparator(),
              standard(label(QT_TRANSLATE_NOOP("starling", "Cut")), StandardAction::Cut, Key(QStringLiteral("Ctrl+X"))),
              standard(label(QT_TRANSLATE_NOOP("starling", "Copy")), StandardAction::Copy, Key(QStringLiteral("Ctrl+C"))),
              standard(label(QT_TRANSLATE_NOOP("starling", "Paste")), StandardAction::Paste, Key(QStringLiteral("Ctrl+V"))),
              standard(label(QT_TRANSLATE_NOOP("starling", "Select All")), StandardAction::SelectAll, Key(QStringLiteral("Ctrl+A"))),
          } },
        { .title = label(QT_TRANSLATE_NOOP("starling", "&View")),
          .items = {
              standard(label(QT_TRANSLATE_NOOP("starling", "Back")), StandardAction::Back, Key(QStringLiteral("Alt+Left"))),
              standard(label(QT_TRANSLATE_NOOP("starling", "Forward")), StandardAction::Forward, Key(QStringLiteral("Alt+Right"))),
              standard(label(QT_TRANSLATE_NOOP("starling", "Reload")), StandardAction::Reload, Key(QStringLiteral("Ctrl+R")),
                       { Key(QStringLiteral("F5")) }),
              MenuItem::makeSeparator(),
              standard(label(QT_TRANSLATE_NOOP("starling", "Zoom In")), StandardAction::ZoomIn, Key(QStringLiteral("Ctrl++")),
                       { Key(QStringLiteral("Ctrl+=")) }),
              standard(label(QT_TRANSLATE_NOOP("starling", "Zoom Out")), StandardAction::ZoomOut, Key(QStringLiteral("Ctrl+-"))),
              standard(label(QT_TRANSLATE_NOOP("starling", "Actual Size")), StandardAction::ZoomReset, Key(QStringLiteral("Ctrl+0"))),
              MenuItem::makeSeparator(),
              standard(label(QT_TRANSLATE_NOOP("starling", "Find…")), StandardAction::Find, Key(QStringLiteral("Ctrl+F"))),
              standard(label(QT_TRANSLATE_NOOP("starling", "Full Screen")), StandardAction::FullScreen, Key(QStringLiteral("F11"))),
          } },
    };
}

namespace detail {

namespace {

// The editing actions leave their keys to the page and its fields (a window shortcut would take Ctrl+C from
// the find bar's text field, for one).
bool leavesKeysToPage(StandardAction action)
{
    switch (action) {
    case StandardAction::Undo:
    case StandardAction::Redo:
    case StandardAction::Cut:
    case StandardAction::Copy:
    case StandardAction::Paste:
    case StandardAction::SelectAll:
        return true;
    default:
        return false;
    }
}

bool doesSomething(const MenuItem &item)
{
    return item.action != StandardAction::None || !item.route.isEmpty() || bool(item.triggered);
}

QString portable(const QKeySequence &keys)
{
    return keys.toString(QKeySequence::PortableText);
}

} // namespace

MenuModel::MenuModel()
    : m_bar(Desktop::standardMenus())
{
    rebuild();
}

void MenuModel::setMenuBar(const QList<Menu> &menus)
{
    m_bar = menus;
    rebuild();
}

void MenuModel::setContextMenu(const QList<MenuItem> &items)
{
    m_context = items;
    rebuild();
}

const MenuItem *MenuModel::item(const QString &id) const
{
    const auto found = m_items.constFind(id);
    return found == m_items.cend() ? nullptr : &found.value();
}

QString MenuModel::pageActionName(StandardAction action)
{
    switch (action) {
    case StandardAction::Reload:
        return QStringLiteral("reload");
    case StandardAction::Back:
        return QStringLiteral("back");
    case StandardAction::Forward:
        return QStringLiteral("forward");
    case StandardAction::ZoomIn:
        return QStringLiteral("zoomIn");
    case StandardAction::ZoomOut:
        return QStringLiteral("zoomOut");
    case StandardAction::ZoomReset:
        return QStringLiteral("zoomReset");
    case StandardAction::Find:
        return QStringLiteral("find");
    case StandardAction::Undo:
        return QStringLiteral("undo");
    case StandardAction::Redo:
        return QStringLiteral("redo");
    case StandardAction::Cut:
        return QStringLiteral("cut");
    case StandardAction::Copy:
        return QStringLiteral("copy");
    case StandardAction::Paste:
        return QStringLiteral("paste");
    case StandardAction::SelectAll:
        return QStringLiteral("selectAll");
    case StandardAction::None:
    case StandardAction::NewWindow:
    case StandardAction::CloseWindow:
    case StandardAction::Quit:
    case StandardAction::FullScreen:
        break;
    }
    return {};
}

void MenuModel::rebuild()
{
    ++m_generation;
    m_items.clear();

    // First pass: ids in menu order, and which item ends up with each key sequence (the last one to ask).
    struct Claim
    {
        QString id;
        QString text;
    };
    QHash<QString, Claim> owners; // portable key sequence -> item
    int counter = 0;
    const auto nextId = [this, &counter] { return QStringLiteral("%1.%2").arg(m_generation).arg(++counter); };
    std::function<void(const QList<MenuItem> &)> claim = [&](const QList<MenuItem> &items) {
        for (const MenuItem &item : items) {
            if (item.separator)
                continue;
            if (!item.items.isEmpty()) {
                claim(item.items);
                continue;
            }
            const QString id = nextId();
            m_items.insert(id, item);
            if (leavesKeysToPage(item.action))
                continue;
            QList<QKeySequence> keys = item.alternateShortcuts;
            keys.prepend(item.shortcut);
            for (const QKeySequence &key : std::as_const(keys)) {
                if (key.isEmpty())
                    continue;
                const auto earlier = owners.constFind(portable(key));
                if (earlier != owners.cend() && earlier->id != id)
                    qCDebug(lcDesktop).noquote()
                        << portable(key) << "goes to" << item.text << "rather than" << earlier->text;
                owners.insert(portable(key), { id, item.text });
            }
        }
    };
    for (const Menu &menu : std::as_const(m_bar))
        claim(menu.items);
    claim(m_context);

    // Second pass, in the same order: the models.
    counter = 0;
    QHash<QString, QStringList> sequencesOf; // item id -> the key sequences it got
    for (auto owner = owners.cbegin(); owner != owners.cend(); ++owner)
        sequencesOf[owner->id].append(owner.key());
    std::function<QVariantList(const QList<MenuItem> &)> model = [&](const QList<MenuItem> &items) {
        QVariantList list;
        for (const MenuItem &item : items) {
            if (item.separator) {
                list.append(QVariantMap { { QStringLiteral("separator"), true } });
                continue;
            }
            if (!item.items.isEmpty()) {
                list.append(QVariantMap { { QStringLiteral("text"), item.text },
                                          { QStringLiteral("items"), model(item.items) } });
                continue;
            }
            const QString id = nextId();
            const QStringList taken = sequencesOf.value(id);
            const bool shown = !item.shortcut.isEmpty()
                && (leavesKeysToPage(item.action) ? !owners.contains(portable(item.shortcut))
                                                  : taken.contains(portable(item.shortcut)));
            list.append(QVariantMap {
                { QStringLiteral("id"), id },
                { QStringLiteral("text"), item.text },
                { QStringLiteral("shortcut"),
                  shown ? item.shortcut.toString(QKeySequence::NativeText) : QString() },
                { QStringLiteral("enabled"), doesSomething(item) },
            });
        }
        return list;
    };
    m_barModel.clear();
    for (const Menu &menu : std::as_const(m_bar)) {
        m_barModel.append(QVariantMap { { QStringLiteral("text"), menu.title },
                                        { QStringLiteral("items"), model(menu.items) } });
    }
    m_contextModel = model(m_context);

    m_shortcutModel.clear();
    for (auto item = sequencesOf.cbegin(); item != sequencesOf.cend(); ++item) {
        m_shortcutModel.append(QVariantMap { { QStringLiteral("id"), item.key() },
                                             { QStringLiteral("sequences"), item.value() } });
    }
}

} // namespace detail

} // namespace starling
