#include "windowtest.h"

#include <QJSEngine>
#include <QQmlEngine>
#include <QRectF>
#include <QTemporaryDir>
#include <QTest>
#include <QtWebEngineQuick>

namespace windowtest {

namespace {

constexpr int TimeoutMs = 30000;

// Receives runJavaScript's answer.
class Answer : public QObject
{
    Q_OBJECT

public:
    QVariant value;
    bool done = false;

    Q_INVOKABLE void take(const QVariant &result)
    {
        value = result;
        done = true;
    }
};

} // namespace

void WindowTestCase::initMain()
{
    s_xdgRoot = usePrivateXdgDirectories();
    QtWebEngineQuick::initialize();
}

QString usePrivateXdgDirectories()
{
    static QTemporaryDir root;
    for (const char *name : { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR" }) {
        const QString path = root.filePath(QString::fromLatin1(name).toLower());
        QDir().mkpath(path);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv(name, path.toLocal8Bit());
    }
    return root.path();
}

QQuickItem *webView(QQuickWindow *window)
{
    return window ? window->findChild<QQuickItem *>(QStringLiteral("webView")) : nullptr;
}

bool QuitCounter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == QCoreApplication::instance() && event->type() == QEvent::Quit) {
        ++quits;
        return true;
    }
    return QObject::eventFilter(watched, event);
}

QVariant evalInPage(QQuickWindow *window, const QString &js)
{
    QQuickItem *view = webView(window);
    QQmlEngine *engine = view ? qmlEngine(view) : nullptr;
    if (!engine)
        return {};
    Answer answer;
    QQmlEngine::setObjectOwnership(&answer, QQmlEngine::CppOwnership);
    QJSValue run = engine->evaluate(QStringLiteral(
        "(function (view, js, answer) { view.runJavaScript(js, function (r) { answer.take(r); }); })"));
    run.call({ engine->newQObject(view), js, engine->newQObject(&answer) });
    if (!QTest::qWaitFor([&] { return answer.done; }, TimeoutMs))
        return {};
    return answer.value;
}

bool waitInPage(QQuickWindow *window, const QString &condition)
{
    return QTest::qWaitFor(
        [&] { return evalInPage(window, QStringLiteral("!!(%1)").arg(condition)).toBool(); }, TimeoutMs);
}

bool clickInPage(QQuickWindow *window, const QString &selector)
{
    const QVariantMap box
        = evalInPage(window,
                     QStringLiteral("(function () { const e = document.querySelector('%1');"
                                    " if (!e) return null; const r = e.getBoundingClientRect();"
                                    " return {x: r.x, y: r.y, w: r.width, h: r.height}; })()")
                         .arg(selector))
              .toMap();
    if (box.isEmpty())
        return false;
    const QPointF centre(box[QStringLiteral("x")].toDouble() + box[QStringLiteral("w")].toDouble() / 2,
                         box[QStringLiteral("y")].toDouble() + box[QStringLiteral("h")].toDouble() / 2);
    const QPoint scenePos = webView(window)->mapToScene(centre).toPoint();
    QTest::mouseClick(window, Qt::LeftButton, Qt::NoModifier, scenePos);
    return true;
}

} // namespace windowtest

#include "windowtest.moc"
