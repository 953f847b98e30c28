#include "todostore.h"

#include "controlcharacters.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

Q_LOGGING_CATEGORY(lcTodoStore, "starling.gallery.todo", QtInfoMsg)

namespace gallery {

namespace {

const QString NoSuchItem = QStringLiteral("That to-do no longer exists.");

QString nextConnectionName()
{
    static QAtomicInteger<int> counter;
    return QStringLiteral("gallery-todo-%1").arg(counter.fetchAndAddRelaxed(1));
}

constexpr QFileDevice::Permissions ReadWriteOwner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions Others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

// The database is the user's alone: a new file is made 0600 before SQLite opens it (SQLite gives its journal
// the database's mode), and an existing one others may read (earlier versions left it 0644) loses those bits.
bool makePrivateDatabaseFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return file.open(QIODevice::WriteOnly | QIODevice::NewOnly, ReadWriteOwner);
    const QFileDevice::Permissions permissions = file.permissions();
    return !(permissions & Others) || file.setPermissions(permissions & ~Others);
}

} // namespace

QString TodoStore::titleError(const QString &title)
{
    const QString trimmed = title.trimmed();
    if (QString error = controlCharacterError(trimmed, QStringLiteral("A title")); !error.isEmpty())
        return error;
    if (trimmed.isEmpty())
        return QStringLiteral("Please give the to-do a title.");
    if (trimmed.size() > MaxTitleLength)
        return QStringLiteral("A title can have at most %1 characters; this one has %2.")
            .arg(MaxTitleLength)
            .arg(trimmed.size());
    return {};
}

TodoStore::TodoStore(const QString &databasePath)
    : m_path(databasePath)
    , m_connection(nextConnectionName())
{ }

TodoStore::~TodoStore()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool TodoStore::fail(const QString &message) const
{
    m_error = message;
    qCWarning(lcTodoStore).noquote() << "todo store:" << message;
    return false;
}

bool TodoStore::open()
{
    if (isOpen())
        return true;
    // A directory made here is the user's alone too (the app's data folder already is, see starling::App).
    const QString directory = QFileInfo(m_path).absolutePath();
    if (!QFileInfo(directory).isDir()
        && (!QDir().mkpath(QFileInfo(directory).absolutePath())
            || !QDir().mkdir(directory, ReadWriteOwner | QFileDevice::ExeOwner)))
        return fail(QStringLiteral("cannot create the directory of %1").arg(m_path));
    if (!makePrivateDatabaseFile(m_path))
        return fail(QStringLiteral("cannot make %1 private to its owner").arg(m_path));
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    m_db.setDatabaseName(m_path);
    if (!m_db.open())
        return fail(QStringLiteral("cannot open %1: %2").arg(m_path, m_db.lastError().text()));
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS todos ("
                                   "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                                   "title TEXT NOT NULL, "
                                   "done INTEGER NOT NULL DEFAULT 0)"))) {
        const QString message = query.lastError().text();
        m_db.close();
        return fail(QStringLiteral("cannot create the schema in %1: %2").arg(m_path, message));
    }
    m_error.clear();
    return true;
}

bool TodoStore::isOpen() const
{
    return m_db.isValid() && m_db.isOpen();
}

std::optional<QList<TodoItem>> TodoStore::select(const QString &statement, const QVariantList &values) const
{
    if (!isOpen()) {
        fail(QStringLiteral("the database is not open"));
        return std::nullopt;
    }
    QSqlQuery query(m_db);
    query.prepare(statement);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        fail(query.lastError().text());
        return std::nullopt;
    }
    QList<TodoItem> result;
    while (query.next())
        result.append({ .id = query.value(0).toLongLong(),
                        .title = query.value(1).toString(),
                        .done = query.value(2).toInt() != 0 });
    return result;
}

QList<TodoItem> TodoStore::items() const
{
    if (!isOpen())
        return {};
    return select(QStringLiteral("SELECT id, title, done FROM todos ORDER BY id"))
        .value_or(QList<TodoItem> {});
}

std::optional<TodoItem> TodoStore::item(qint64 id) const
{
    const std::optional<QList<TodoItem>> found
        = select(QStringLiteral("SELECT id, title, done FROM todos WHERE id = ?"), { id });
    if (!found || found->isEmpty())
        return std::nullopt;
    return found->constFirst();
}

TodoStore::Counts TodoStore::counts() const
{
    if (!isOpen())
        return {};
    QSqlQuery query(m_db);
    if (!query.exec(
            QStringLiteral("SELECT COUNT(*) - COALESCE(SUM(done), 0), COALESCE(SUM(done), 0) FROM todos"))
        || !query.next()) {
        fail(query.lastError().text());
        return {};
    }
    return { .remaining = query.value(0).toInt(), .completed = query.value(1).toInt() };
}

qint64 TodoStore::add(const QString &title)
{
    if (const QString error = titleError(title); !error.isEmpty()) {
        m_error = error;
        return 0;
    }
    if (!isOpen()) {
        fail(QStringLiteral("the database is not open"));
        return 0;
    }
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO todos (title, done) VALUES (?, 0)"));
    query.addBindValue(title.trimmed());
    if (!query.exec()) {
        fail(query.lastError().text());
        return 0;
    }
    return query.lastInsertId().toLongLong();
}

bool TodoStore::setTitle(qint64 id, const QString &title)
{
    if (const QString error = titleError(title); !error.isEmpty()) {
        m_error = error;
        return false;
    }
    return changeOneRow(QStringLiteral("UPDATE todos SET title = ? WHERE id = ?"), { title.trimmed(), id });
}

bool TodoStore::toggle(qint64 id)
{
    return changeOneRow(QStringLiteral("UPDATE todos SET done = 1 - done WHERE id = ?"), { id });
}

std::optional<TodoItem> TodoStore::remove(qint64 id)
{
    const std::optional<QList<TodoItem>> found
        = select(QStringLiteral("SELECT id, title, done FROM todos WHERE id = ?"), { id });
    if (!found)
        return std::nullopt;
    if (found->isEmpty()) {
        m_error = NoSuchItem;
        return std::nullopt;
    }
    if (!changeOneRow(QStringLiteral("DELETE FROM todos WHERE id = ?"), { id }))
        return std::nullopt;
    return found->constFirst();
}

bool TodoStore::changeOneRow(const QString &statement, const QVariantList &values)
{
    if (!isOpen())
        return fail(QStringLiteral("the database is not open"));
    QSqlQuery query(m_db);
    query.prepare(statement);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return fail(query.lastError().text());
    if (query.numRowsAffected() < 1) {
        m_error = NoSuchItem;
        return false;
    }
    return true;
}

std::optional<QList<TodoItem>> TodoStore::removeCompleted()
{
    // One transaction, so the items handed back for an undo are exactly the ones deleted.
    if (!isOpen() || !m_db.transaction()) {
        fail(isOpen() ? m_db.lastError().text() : QStringLiteral("the database is not open"));
        return std::nullopt;
    }
    std::optional<QList<TodoItem>> removed
        = select(QStringLiteral("SELECT id, title, done FROM todos WHERE done = 1 ORDER BY id"));
    QSqlQuery query(m_db);
    if (!removed || !query.exec(QStringLiteral("DELETE FROM todos WHERE done = 1")) || !m_db.commit()) {
        const QString message = removed ? query.lastError().text() : m_error;
        m_db.rollback();
        fail(message);
        return std::nullopt;
    }
    return removed;
}

bool TodoStore::restore(const QList<TodoItem> &removed)
{
    if (!isOpen() || !m_db.transaction())
        return fail(isOpen() ? m_db.lastError().text() : QStringLiteral("the database is not open"));
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO todos (id, title, done) VALUES (?, ?, ?)"));
    for (const TodoItem &item : removed) {
        query.addBindValue(item.id);
        query.addBindValue(item.title);
        query.addBindValue(item.done ? 1 : 0);
        if (!query.exec()) {
            const QString message = query.lastError().text();
            m_db.rollback();
            return fail(message);
        }
    }
    if (!m_db.commit()) {
        const QString message = m_db.lastError().text();
        m_db.rollback();
        return fail(message);
    }
    return true;
}

} // namespace gallery
