// The gallery's todo app: routes under /todo over a TodoStore, live in every open window.
#pragma once

#include "todostore.h"

#include <starling/app.h>
#include <starling/template.h>

#include <QHttpServerResponse>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace gallery {

// Removed to-dos kept for an undo, each batch under a random token; the oldest are forgotten beyond
// MaxBatches.
class RemovedTodos
{
public:
    static constexpr int MaxBatches = 32;

    QString keep(const QList<TodoItem> &items); // the token
    std::optional<QList<TodoItem>> take(const QString &token); // nullopt when unknown or forgotten

private:
    QList<std::pair<QString, QList<TodoItem>>> m_batches; // oldest first
};

// Adds the todo app's routes to `app` (which must outlive it): GET /todo (the page), GET /todo/updates (the
// page's one read stream, subscribed to the topic "todo"), and short writes: POST /todo/items (signal
// `title`), PUT /todo/items/:id (signal `edit`), POST /todo/items/:id/toggle, DELETE /todo/items/:id,
// POST /todo/clear-completed, POST /todo/undo/:token. After a write only what changed is published to the
// topic: the added, changed or removed item and the status (counter, clear button); clear completed and undo
// publish the whole list. A refused write answers 4xx with the reason in the signal `_error`, which the page
// shows. Main thread only.
class TodoExample
{
    Q_DISABLE_COPY_MOVE(TodoExample)

public:
    // databasePath empty: todo.sqlite in the user's data directory (QStandardPaths::AppDataLocation).
    explicit TodoExample(starling::App &app, const QString &databasePath = {});

    QString renderList() const; // the #todo-items fragment for the current state

private:
    QJsonObject itemData(const TodoItem &item) const;
    QJsonObject statusData() const;
    QString renderItem(const TodoItem &item) const;
    QString renderStatus() const;

    // Publish to every window what a write changed.
    void publishItem(qint64 id, bool added) const;
    void publishRemoved(qint64 id) const;
    void publishList() const;

    // The answers to writes: success (with `signalsPatch` besides `_error`), or the store's refusal.
    static QHttpServerResponse succeeded(QJsonObject signalsPatch = {});
    QHttpServerResponse refused(const QString &action) const;
    QHttpServerResponse offerUndo(const QList<TodoItem> &removed, const QString &label);

    starling::App &m_app;
    TodoStore m_store;
    RemovedTodos m_removed;
    starling::Template m_page;
    starling::Template m_list;
    starling::Template m_item;
    starling::Template m_status;
};

// The gallery's entry point: a TodoExample on `app` with the default database, deleted when the event loop
// ends.
void registerTodo(starling::App &app);

} // namespace gallery
