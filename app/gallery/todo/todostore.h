// The todo example's storage: one SQLite database through QtSql.
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace gallery {

struct TodoItem
{
    qint64 id = 0;
    QString title {};
    bool done = false;
};

// The to-do list in one SQLite file; the schema is created on first use. Every query binds its values.
// Titles are trimmed; an empty one, one longer than MaxTitleLength or one with a control character other
// than tab (NUL, newline, escape, ...) is refused (titleError() says why). The database file is made 0600
// (an existing one loses group and other permissions), a directory created for it 0700.
// Write methods return false when nothing was changed: no such id, an invalid title or a database error
// (errorString() tells which; database errors are logged). Main thread only; not copyable.
class TodoStore
{
    Q_DISABLE_COPY_MOVE(TodoStore)

public:
    static constexpr int MaxTitleLength = 500;

    // The message for a title the store refuses, or an empty string when it is fine (after trimming).
    static QString titleError(const QString &title);

    explicit TodoStore(const QString &databasePath);
    ~TodoStore();

    // Opens the database (creating the file's directory and the schema when needed); false with
    // errorString() when it cannot.
    bool open();
    bool isOpen() const;
    QString errorString() const { return m_error; }

    struct Counts
    {
        int remaining = 0;
        int completed = 0;
    };

    QList<TodoItem> items() const; // in the order they were added
    std::optional<TodoItem> item(qint64 id) const; // nullopt when there is none (or on a database error)
    Counts counts() const; // zeros on a database error
    qint64 add(const QString &title); // the new id, 0 when refused
    bool setTitle(qint64 id, const QString &title);
    bool toggle(qint64 id);
    // The removed item (for an undo), nullopt when nothing was removed.
    std::optional<TodoItem> remove(qint64 id);
    // The removed items in list order (maybe none); nullopt on a database error.
    std::optional<QList<TodoItem>> removeCompleted();
    // Puts removed items back with their ids, titles and states, so they return to their places in the list
    // (ids are never reused). All or nothing: false when one of them exists again or on a database error.
    bool restore(const QList<TodoItem> &removed);

private:
    bool fail(const QString &message) const;
    // Runs an UPDATE or DELETE with bound `values` that must change exactly the one row it names.
    bool changeOneRow(const QString &statement, const QVariantList &values);
    // Runs a SELECT of `id, title, done` with bound `values`; nullopt on a database error.
    std::optional<QList<TodoItem>> select(const QString &statement, const QVariantList &values = {}) const;

    QString m_path;
    QString m_connection;
    QSqlDatabase m_db;
    mutable QString m_error;
};

} // namespace gallery
