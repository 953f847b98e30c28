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
    const QJsonObject patch { { QStringLiteral("_error"), message } };
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QJsonDocument(patch).toJson(QJsonDocument::Compact), status);
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

TodoExample::TodoExample(starling::App &app, const QString &databasePath)
    : m_app(app)
    , m_store(databasePathOrDefault(databasePath))
    , m_page(starling::Template::fromResource(QStringLiteral(":/gallery/todo/todo.html")))
    , m_list(starling::Template::fromResource(QStringLiteral(":/gallery/todo/todo-list.html")))
{
    if (!m_page.isValid() || !m_list.isValid())
        qCCritical(lcTodoStore).noquote()
            << "todo templates:" << m_page.errorString() << m_list.errorString();
    if (!m_store.open())
        qCCritical(lcTodoStore).noquote() << "the to-do list is unavailable:" << m_store.errorString();

    app.get(QStringLiteral("/todo"), [this](const starling::Request &) {
        const QJsonArray sources = gallery::sourceFiles(
            { QStringLiteral(":/gallery/todo/todo.html"), QStringLiteral(":/gallery/todo/todo-list.html"),
              QStringLiteral(":/gallery/source/todo/todoexample.cpp"),
              QStringLiteral(":/gallery/source/todo/todostore.cpp") });
        return starling::html(
            m_page.render({ { QStringLiteral("list"), renderList() },
                            { QStringLiteral("sources"), sources },
                            { QStringLiteral("pagerLinks"), gallery::pager(QStringLiteral("todo")) } },
                          gallery::partials()));
    });
    app.get(QStringLiteral("/todo/updates"),
            [](const starling::Request &, starling::Stream &stream) { stream.subscribe(Topic); });
    app.topic(Topic).setRefresh(
        [this] { return QList<datastar::Event> { datastar::patchElements(renderList()) }; });

    app.post(QStringLiteral("/todo/items"), [this](const starling::Request &request) {
        const QString title = request.signalValues().value(QStringLiteral("title")).toString();
        if (m_store.add(title) == 0)
            return written(false, QStringLiteral("add"));
        publish();
        // Success also empties the new-title field of the window that added it.
        const QJsonObject patch { { QStringLiteral("_error"), QString() },
                                  { QStringLiteral("title"), QString() } };
        return QHttpServerResponse(QByteArrayLiteral("application/json"),
                                   QJsonDocument(patch).toJson(QJsonDocument::Compact));
    });
    app.put(QStringLiteral("/todo/items/:id"), [this](const starling::Request &request) {
        const QString title = request.signalValues().value(QStringLiteral("edit")).toString();
        const bool ok = m_store.setTitle(idParam(request), title);
        return written(ok, QStringLiteral("edit"));
    });
    app.post(QStringLiteral("/todo/items/:id/toggle"), [this](const starling::Request &request) {
        return written(m_store.toggle(idParam(request)), QStringLiteral("toggle"));
    });
    app.del(QStringLiteral("/todo/items/:id"), [this](const starling::Request &request) {
        return written(m_store.remove(idParam(request)), QStringLiteral("delete"));
    });
    app.post(QStringLiteral("/todo/clear-completed"), [this](const starling::Request &) {
        return written(m_store.removeCompleted() >= 0, QStringLiteral("clear completed"));
    });
}

QHttpServerResponse TodoExample::written(bool ok, const QString &action)
{
    if (ok) {
        publish();
        return errorSignal(QString(), QHttpServerResponse::StatusCode::Ok);
    }
    const QString message = m_store.errorString();
    qCInfo(lcTodoStore).noquote() << "refused" << action << "-" << message;
    if (!m_store.isOpen())
        return errorSignal(QStringLiteral("The to-do list is unavailable: %1").arg(message),
                           QHttpServerResponse::StatusCode::ServiceUnavailable);
    return errorSignal(message, QHttpServerResponse::StatusCode::UnprocessableEntity);
}

void TodoExample::publish() const
{
    m_app.topic(Topic).patchElements(renderList());
}

void registerTodo(starling::App &app)
{
    auto *todo = new TodoExample(app);
    QObject::connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, [todo] { delete todo; });
}

QString TodoExample::renderList() const
{
    QJsonArray items;
    int remaining = 0;
    int completed = 0;
    const QList<TodoItem> all = m_store.items();
    for (const TodoItem &item : all) {
        items.append(QJsonObject { { QStringLiteral("id"), item.id },
                                   { QStringLiteral("title"), item.title },
                                   { QStringLiteral("done"), item.done } });
        (item.done ? completed : remaining) += 1;
    }
    const QString remainingLabel
        = remaining == 1 ? QStringLiteral("1 item left") : QStringLiteral("%1 items left").arg(remaining);
    return m_list.render(
        { { QStringLiteral("items"), items },
          { QStringLiteral("hasItems"), !all.isEmpty() },
          { QStringLiteral("hasCompleted"), completed > 0 },
          { QStringLiteral("remainingLabel"), remainingLabel },
          { QStringLiteral("unavailable"), !m_store.isOpen() },
          { QStringLiteral("error"), m_store.isOpen() ? QString() : m_store.errorString() } });
}

} // namespace gallery
