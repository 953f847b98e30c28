// The todo app's storage: SQLite through QtSql, in a temporary directory.
#include "todostore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using gallery::TodoItem;
using gallery::TodoStore;

class TodoStoreTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    // The permission bits of a file or directory, -1 when it does not exist.
    static int modeOf(const QString &path)
    {
        struct stat status = {};
        return ::stat(QFile::encodeName(path).constData(), &status) == 0 ? int(status.st_mode & 07777) : -1;
    }

    static QStringList titles(const TodoStore &store)
    {
        QStringList result;
        for (const TodoItem &item : store.items())
            result.append(item.title);
        return result;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void createsTheSchemaAndItsDirectoryOnFirstUse()
    {
        const QString file = path(QStringLiteral("new/sub/dir/todo.sqlite"));
        TodoStore store(file);
        QVERIFY2(store.open(), qPrintable(store.errorString()));
        QVERIFY(QFile::exists(file));
        QVERIFY(store.items().isEmpty());
    }

    void addsEditsTogglesAndRemovesItems()
    {
        TodoStore store(path(QStringLiteral("crud.sqlite")));
        QVERIFY(store.open());
        const qint64 milk = store.add(QStringLiteral("  Buy milk  "));
        const qint64 dog = store.add(QStringLiteral("Walk the dog"));
        QVERIFY(milk > 0);
        QVERIFY(dog > milk);
        QCOMPARE(titles(store), (QStringList { QStringLiteral("Buy milk"), QStringLiteral("Walk the dog") }));

        QVERIFY(store.setTitle(milk, QStringLiteral("Buy oat milk")));
        QVERIFY(store.toggle(dog));
        QList<TodoItem> items = store.items();
        QCOMPARE(items.at(0).title, QStringLiteral("Buy oat milk"));
        QCOMPARE(items.at(0).done, false);
        QCOMPARE(items.at(1).done, true);
        QVERIFY(store.toggle(dog));
        QCOMPARE(store.items().at(1).done, false);

        QVERIFY(store.remove(milk));
        QCOMPARE(titles(store), QStringList { QStringLiteral("Walk the dog") });
    }

    void removeCompletedRemovesOnlyTheDoneOnes()
    {
        TodoStore store(path(QStringLiteral("clear.sqlite")));
        QVERIFY(store.open());
        const qint64 a = store.add(QStringLiteral("a"));
        store.add(QStringLiteral("b"));
        const qint64 c = store.add(QStringLiteral("c"));
        QVERIFY(store.toggle(a));
        QVERIFY(store.toggle(c));
        const std::optional<QList<TodoItem>> removed = store.removeCompleted();
        QVERIFY(removed);
        QCOMPARE(removed->size(), 2);
        QCOMPARE(removed->at(0).id, a);
        QCOMPARE(removed->at(1).id, c);
        QCOMPARE(titles(store), QStringList { QStringLiteral("b") });
        QVERIFY(store.removeCompleted()->isEmpty());
    }

    void countsAndSingleItems()
    {
        TodoStore store(path(QStringLiteral("counts.sqlite")));
        QVERIFY(store.open());
        QCOMPARE(store.counts().remaining, 0);
        QCOMPARE(store.counts().completed, 0);
        const qint64 a = store.add(QStringLiteral("a"));
        store.add(QStringLiteral("b"));
        QVERIFY(store.toggle(a));
        QCOMPARE(store.counts().remaining, 1);
        QCOMPARE(store.counts().completed, 1);
        const std::optional<TodoItem> item = store.item(a);
        QVERIFY(item);
        QCOMPARE(item->title, QStringLiteral("a"));
        QCOMPARE(item->done, true);
        QVERIFY(!store.item(a + 100));
    }

    void removedItemsComeBackInTheirPlaces()
    {
        TodoStore store(path(QStringLiteral("restore.sqlite")));
        QVERIFY(store.open());
        const qint64 a = store.add(QStringLiteral("a"));
        const qint64 b = store.add(QStringLiteral("b"));
        const qint64 c = store.add(QStringLiteral("c"));
        QVERIFY(store.toggle(b));
        const std::optional<TodoItem> removed = store.remove(b);
        QVERIFY(removed);
        QCOMPARE(removed->title, QStringLiteral("b"));
        QCOMPARE(removed->done, true);
        QVERIFY(!store.remove(b));
        QVERIFY(store.errorString().contains(QStringLiteral("no longer exists")));
        store.add(QStringLiteral("d")); // added meanwhile: never gets b's id

        QVERIFY2(store.restore({ *removed }), qPrintable(store.errorString()));
        QCOMPARE(titles(store),
                 (QStringList { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                QStringLiteral("d") }));
        QCOMPARE(store.item(b)->done, true);
        // All or nothing: a batch with one item that exists again restores none of it.
        QVERIFY(store.remove(a));
        QVERIFY(!store.restore({ { .id = a, .title = QStringLiteral("a"), .done = false }, *store.item(c) }));
        QVERIFY(!store.errorString().isEmpty());
        QCOMPARE(titles(store),
                 (QStringList { QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d") }));
    }

    void refusesEmptyAndOverlongTitles()
    {
        TodoStore store(path(QStringLiteral("invalid.sqlite")));
        QVERIFY(store.open());
        QCOMPARE(store.add(QStringLiteral("   ")), 0);
        QVERIFY(store.errorString().contains(QStringLiteral("title")));
        QCOMPARE(store.add(QString(10 * 1024, u'x')), 0);
        QVERIFY2(store.errorString().contains(QStringLiteral("500")), qPrintable(store.errorString()));
        QVERIFY(store.items().isEmpty());

        QVERIFY(store.add(QString(TodoStore::MaxTitleLength, u'y')) > 0); // the maximum itself is fine
        const qint64 id = store.items().constFirst().id;
        QVERIFY(!store.setTitle(id, QString()));
        QVERIFY(!store.setTitle(id, QString(TodoStore::MaxTitleLength + 1, u'z')));
        QCOMPARE(store.items().constFirst().title, QString(TodoStore::MaxTitleLength, u'y'));
        QVERIFY(TodoStore::titleError(QStringLiteral("ok")).isEmpty());
    }

    void refusesControlCharactersButTabs_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("reported"); // in the message
        QTest::newRow("NUL") << QStringLiteral("a") + QChar(0) + QStringLiteral("b")
                             << QStringLiteral("U+0000");
        QTest::newRow("newline") << QStringLiteral("two\nlines") << QStringLiteral("U+000A");
        QTest::newRow("carriage return") << QStringLiteral("a\rb") << QStringLiteral("U+000D");
        QTest::newRow("escape") << QStringLiteral("\x1b[31mred") << QStringLiteral("U+001B");
        QTest::newRow("DEL") << QStringLiteral("a\x7f") << QStringLiteral("U+007F");
        QTest::newRow("C1") << QStringLiteral("a") + QChar(0x9b) << QStringLiteral("U+009B");
    }
    void refusesControlCharactersButTabs()
    {
        QFETCH(QString, title);
        QFETCH(QString, reported);
        TodoStore store(path(QStringLiteral("control.sqlite")));
        QVERIFY(store.open());
        QCOMPARE(store.add(title), 0);
        QVERIFY2(store.errorString().contains(QStringLiteral("control characters")),
                 qPrintable(store.errorString()));
        QVERIFY2(store.errorString().contains(reported), qPrintable(store.errorString()));
        QCOMPARE(TodoStore::titleError(title), store.errorString());

        const qint64 id = store.add(QStringLiteral("a\tb")); // a tab is fine
        QVERIFY(id > 0);
        QVERIFY(!store.setTitle(id, title));
        QCOMPARE(store.items().constFirst().title, QStringLiteral("a\tb"));
        QVERIFY(store.remove(id));
    }

    void databaseIsPrivateToItsOwner()
    {
        const QString file = path(QStringLiteral("private/todo.sqlite"));
        {
            TodoStore store(file);
            QVERIFY2(store.open(), qPrintable(store.errorString()));
            QVERIFY(store.add(QStringLiteral("secret")) > 0);
        }
        QCOMPARE(modeOf(path(QStringLiteral("private"))), 0700);
        QCOMPARE(modeOf(file), 0600);

        // A database earlier versions left readable to all is tightened when it is opened again.
        QVERIFY(QFile::setPermissions(
            file, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
        QCOMPARE(modeOf(file), 0644);
        TodoStore again(file);
        QVERIFY(again.open());
        QCOMPARE(modeOf(file), 0600);
        QCOMPARE(titles(again), QStringList { QStringLiteral("secret") });
    }

    void unknownIdsChangeNothing()
    {
        TodoStore store(path(QStringLiteral("unknown.sqlite")));
        QVERIFY(store.open());
        const qint64 id = store.add(QStringLiteral("only"));
        QVERIFY(!store.setTitle(id + 100, QStringLiteral("other")));
        QVERIFY(store.errorString().contains(QStringLiteral("no longer exists")));
        QVERIFY(!store.toggle(id + 100));
        QVERIFY(!store.remove(id + 100));
        QVERIFY(store.errorString().contains(QStringLiteral("no longer exists")));
        QCOMPARE(store.items().size(), 1);
        QCOMPARE(store.items().constFirst().title, QStringLiteral("only"));
    }

    void titlesAreStoredAsGivenNotAsSql()
    {
        TodoStore store(path(QStringLiteral("quotes.sqlite")));
        QVERIFY(store.open());
        const QString nasty = QStringLiteral("x'); DROP TABLE todos; -- \"<script>\"");
        const qint64 id = store.add(nasty);
        QVERIFY(id > 0);
        QVERIFY(store.setTitle(id, nasty + QStringLiteral("'")));
        QCOMPARE(titles(store), QStringList { nasty + QStringLiteral("'") });
    }

    void dataSurvivesReopening()
    {
        const QString file = path(QStringLiteral("persist.sqlite"));
        {
            TodoStore store(file);
            QVERIFY(store.open());
            store.add(QStringLiteral("kept"));
            QVERIFY(store.toggle(store.add(QStringLiteral("done and kept"))));
        }
        TodoStore again(file);
        QVERIFY(again.open());
        const QList<TodoItem> items = again.items();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).title, QStringLiteral("kept"));
        QCOMPARE(items.at(1).done, true);
    }

    void anUnopenableDatabaseIsAnErrorNotACrash()
    {
        QFile blocker(path(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the directory should be
        blocker.close();
        TodoStore store(path(QStringLiteral("blocker/todo.sqlite")));
        QVERIFY(!store.open());
        QVERIFY(!store.errorString().isEmpty());
        QCOMPARE(store.add(QStringLiteral("lost")), 0);
        QVERIFY(store.items().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TodoStoreTest)
#include "tst_todostore.moc"
