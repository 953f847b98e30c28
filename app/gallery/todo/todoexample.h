// The gallery's todo app: routes under /todo over a TodoStore, live in every open window.
#pragma once

#include "todostore.h"

#include <starling/app.h>
#include <starling/template.h>

#include <QHttpServerResponse>
#include <QJsonArray>
#include <QString>

namespace gallery {

// Adds the todo app's routes to `app` (which must outlive it): GET /todo (the page), GET /todo/updates (the
// page's one read stream, subscribed to the topic "todo"), and short writes: POST /todo/items (signal
// `title`), PUT /todo/items/:id (signal `edit`), POST /todo/items/:id/toggle, DELETE /todo/items/:id,
// POST /todo/clear-completed. After every write the whole list is re-rendered and published to the topic
// (fat morph). A refused write answers 4xx with the reason in the signal `_error`, which the page shows.
// Main thread only.
class TodoExample
{
    Q_DISABLE_COPY_MOVE(TodoExample)

public:
    // databasePath empty: todo.sqlite in the user's data directory (QStandardPaths::AppDataLocation).
    explicit TodoExample(starling::App &app, const QString &databasePath = {});

    QString renderList() const; // the #todo-items fragment for the current state

private:
    QHttpServerResponse written(bool ok, const QString &action);
    void publish() const;

    starling::App &m_app;
    TodoStore m_store;
    starling::Template m_page;
    starling::Template m_list;
};

// The gallery's entry point: a TodoExample on `app` with the default database, deleted when the event loop
// ends.
void registerTodo(starling::App &app);

} // namespace gallery
