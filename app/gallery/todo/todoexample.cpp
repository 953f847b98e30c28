#include "todoexample.h"

#include "gallery.h"

#include <starling/httperror.h>
#include <starling/response.h>
#include <starling/stream.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QUuid>

Q_DECLARE_LOGGING_CATEGORY(lcTodoStore)

namespace gallery {

namespace {

const QString Topic = QStringLiteral("todo");

QString databasePathOrDefault(const QString &path)
{
    if (!path.isEmpty())
        return path;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/todo.sqlite");
}

// The page shows `_error` as the message; an empty one hides it.
QHttpServerResponse errorSignal(const QString &message, QHttpServerResponse::StatusCode status)
{
    return starling::json(QJsonObject { { QStringLiteral("_error"), message } }, status);
}

// The page's undo offer (`_undo`); an empty token hides it.
QJsonObject undoSignal(const QString &token, const QString &label)
{
    return { { QStringLiteral("_undo"),
               QJsonObject { { QStringLiteral("token"), token }, { QStringLiteral("label"), label } } } };
}

qint64 idParam(const starling::Request &request)
{
    bool ok = false;
    const qint64 id = request.param(QStringLiteral("id")).toLongLong(&ok);
    if (!ok || id <= 0)
        throw starling::HttpError(
            400, QStringLiteral("not a to-do id: %1").arg(request.param(QStringLiteral("id"))));
    return id;
}

} // namespace

QString RemovedTodos::keep(const QList<TodoItem> &items)
{
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_batches.append({ token, items });
    if (m_batches.size() > MaxBatches)
        m_batches.removeFirst();
    return token;
}

std::optional<QList<TodoItem>> RemovedTodos::take(const QString &token)
{
    for (qsizetype i = 0; i < m_batches.size(); ++i) {
        if (m_batches.at(i).first == token)
            return m_batches.takeAt(i).second;
    }
    return std::nullopt;
}

TodoExample::TodoExample(starling::App &app, const QString &databasePath)
    : m_app(app)
    , m_store(databasePathOrDefault(databasePath))
    , m_page(starling::Template::fromResource(QStringLiteral(":/gallery/todo/todo.html")))
    , m_list(starling::Template::fromResource(QStringLiteral(":/gallery/todo/todo-list.html")))
    , m_item(starling::Template::fromResource(QStringLiteral(":/gallery/todo/todo-item.html")))
    , m_status(starling::Template::fromResource(QStringLiteral(":/gallery/todo/todo-status.html")))
{
    for (const starling::Template *part : { &m_page, &m_list, &m_item, &m_status }) {
        if (!part->isValid())
            qCCritical(lcTodoStore).noquote() << "todo templates:" << part->errorString();
    }
    if (!m_store.open())
        qCCritical(lcTodoStore).noquote() << "the to-do list is unavailable:" << m_store.errorString();

    app.get(QStringLiteral("/todo"), [this](const starling::Request &) {
        const QJsonArray sources = gallery::sourceFiles(
            { QStringLiteral(":/gallery/todo/todo.html"), QStringLiteral(":/gallery/todo/todo-list.html"),
              QStringLiteral(":/gallery/todo/todo-item.html"),
              QStringLiteral(":/gallery/todo/todo-status.html"),
              QStringLiteral(":/gallery/source/todo/todoexample.cpp"),
              QStringLiteral(":/gallery/source/todo/todostore.cpp") });
        return starling::html(
            m_page.render({ { QStringLiteral("list"), renderList() },
                            { QStringLiteral("sources"), sources },
                            { QStringLiteral("pagerLinks"), gallery::pager(QStringLiteral("todo")) },
                            { QStringLiteral("maxTitleLength"), TodoStore::MaxTitleLength } },
                          gallery::partials()));
    });
    app.get(QStringLiteral("/todo/updates"),
            [](const starling::Request &, starling::Stream &stream) { stream.subscribe(Topic); });
    // A stream that starts (or cannot resume) gets the whole list; after that, only what changes.
    app.topic(Topic).setRefresh(
        [this] { return QList<datastar::Event> { datastar::patchElements(renderList()) }; });

    app.post(QStringLiteral("/todo/items"), [this](const starling::Request &request) {
        const QString title = request.signalValues().value(QStringLiteral("title")).toString();
        const qint64 id = m_store.add(title);
        if (id == 0)
            return refused(QStringLiteral("add"));
        publishItem(id, true);
        // Success also empties the new-title field of the window that added it.
        return succeeded({ { QStringLiteral("title"), QString() } });
    });
    app.put(QStringLiteral("/todo/items/:id"), [this](const starling::Request &request) {
        const qint64 id = idParam(request);
        if (!m_store.setTitle(id, request.signalValues().value(QStringLiteral("edit")).toString()))
            return refused(QStringLiteral("edit"));
        publishItem(id, false);
        return succeeded();
    });
    app.post(QStringLiteral("/todo/items/:id/toggle"), [this](const starling::Request &request) {
        const qint64 id = idParam(request);
        if (!m_store.toggle(id))
            return refused(QStringLiteral("toggle"));
        publishItem(id, false);
        return succeeded();
    });
    app.del(QStringLiteral("/todo/items/:id"), [this](const starling::Request &request) {
        const qint64 id = idParam(request);
        const std::optional<TodoItem> removed = m_store.remove(id);
        if (!removed)
            return refused(QStringLiteral("delete"));
        publishRemoved(id);
        return offerUndo({ *removed }, QStringLiteral("Deleted \u201c%1\u201d").arg(removed->title));
    });
    app.post(QStringLiteral("/todo/clear-completed"), [this](const starling::Request &) {
        const std::optional<QList<TodoItem>> removed = m_store.removeCompleted();
        if (!removed)
            return refused(QStringLiteral("clear completed"));
        if (removed->isEmpty())
            return succeeded();
        publishList();
        return offerUndo(*removed,
                         removed->size() == 1
                             ? QStringLiteral("Cleared 1 completed to-do")
                             : QStringLiteral("Cleared %1 completed to-dos").arg(removed->size()));
    });
    app.post(QStringLiteral("/todo/undo/:token"), [this](const starling::Request &request) {
        const std::optional<QList<TodoItem>> removed = m_removed.take(request.param(QStringLiteral("token")));
        if (!removed) {
            qCInfo(lcTodoStore).noquote() << "refused undo - unknown or forgotten token";
            return errorSignal(QStringLiteral("That can no longer be undone."),
                               QHttpServerResponse::StatusCode::Gone);
        }
        if (!m_store.restore(*removed))
            return refused(QStringLiteral("undo"));
        publishList(); // the restored items go back to their places, anywhere in the list
        return succeeded(undoSignal(QString(), QString()));
    });
}

QJsonObject TodoExample::itemData(const TodoItem &item) const
{
    return { { QStringLiteral("id"), item.id },
             { QStringLiteral("title"), item.title },
             { QStringLiteral("done"), item.done },
             { QStringLiteral("maxTitleLength"), TodoStore::MaxTitleLength } };
}

QJsonObject TodoExample::statusData() const
{
    const TodoStore::Counts counts = m_store.counts();
    const QString remainingLabel = counts.remaining == 1
        ? QStringLiteral("1 item left")
        : QStringLiteral("%1 items left").arg(counts.remaining);
    return { { QStringLiteral("hasItems"), counts.remaining + counts.completed > 0 },
             { QStringLiteral("hasCompleted"), counts.completed > 0 },
             { QStringLiteral("remainingLabel"), remainingLabel },
             { QStringLiteral("unavailable"), !m_store.isOpen() },
             { QStringLiteral("error"), m_store.isOpen() ? QString() : m_store.errorString() } };
}

QString TodoExample::renderItem(const TodoItem &item) const
{
    return m_item.render(itemData(item));
}

QString TodoExample::renderStatus() const
{
    return m_status.render(statusData());
}

QString TodoExample::renderList() const
{
    QJsonArray items;
    for (const TodoItem &item : m_store.items())
        items.append(itemData(item));
    QJsonObject data = statusData();
    data.insert(QStringLiteral("items"), items);
    return m_list.render(data,
                         QHash<QString, starling::Template> { { QStringLiteral("todo-item"), m_item },
                                                              { QStringLiteral("todo-status"), m_status } });
}

void TodoExample::publishItem(qint64 id, bool added) const
{
    const std::optional<TodoItem> item = m_store.item(id);
    if (!item) // gone or unreadable since the write: the whole list says what is there
        return publishList();
    const starling::Topic topic = m_app.topic(Topic);
    if (added)
        topic.patchElements(
            renderItem(*item),
            { .selector = QStringLiteral("#todo-list"), .mode = datastar::ElementPatchMode::Append });
    else
        topic.patchElements(renderItem(*item)); // morphs the row with the same id
    topic.patchElements(renderStatus());
}

void TodoExample::publishRemoved(qint64 id) const
{
    const starling::Topic topic = m_app.topic(Topic);
    topic.removeElements(QStringLiteral("#todo-%1").arg(id));
    topic.patchElements(renderStatus());
}

void TodoExample::publishList() const
{
    m_app.topic(Topic).patchElements(renderList());
}

QHttpServerResponse TodoExample::succeeded(QJsonObject signalsPatch)
{
    signalsPatch.insert(QStringLiteral("_error"), QString());
    return starling::json(signalsPatch);
}

QHttpServerResponse TodoExample::refused(const QString &action) const
{
    const QString message = m_store.errorString();
    qCInfo(lcTodoStore).noquote() << "refused" << action << "-" << message;
    if (!m_store.isOpen())
        return errorSignal(QStringLiteral("The to-do list is unavailable: %1").arg(message),
                           QHttpServerResponse::StatusCode::ServiceUnavailable);
    return errorSignal(message, QHttpServerResponse::StatusCode::UnprocessableEntity);
}

QHttpServerResponse TodoExample::offerUndo(const QList<TodoItem> &removed, const QString &label)
{
    return succeeded(undoSignal(m_removed.keep(removed), label));
}

void registerTodo(starling::App &app)
{
    auto *todo = new TodoExample(app);
    QObject::connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, [todo] { delete todo; });
}

} // namespace gallery
