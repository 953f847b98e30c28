#include "logging_p.h"
#include "quickdialogs_p.h"
#include "windowhost_p.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStandardPaths>

namespace starling::detail {

namespace {

QString modeName(FileDialogMode mode)
{
    switch (mode) {
    case FileDialogMode::OpenFiles:
        return QStringLiteral("files");
    case FileDialogMode::OpenFolder:
        return QStringLiteral("folder");
    case FileDialogMode::Save:
        return QStringLiteral("save");
    case FileDialogMode::OpenFile:
        break;
    }
    return QStringLiteral("file");
}

QString startFolder(const QString &folder)
{
    const QString path = !folder.isEmpty() && QDir(folder).exists()
        ? folder
        : QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return path.isEmpty() ? QString() : QUrl::fromLocalFile(QDir(path).absolutePath()).toString();
}

} // namespace

QuickDialogProvider::QuickDialogProvider(QPointer<WindowHost> host)
    : m_host(std::move(host))
{ }

QObject *QuickDialogProvider::create(QWindow *window, const DesktopCallback &done) const
{
    auto *quickWindow = qobject_cast<QQuickWindow *>(window);
    QQmlEngine *engine = m_host ? m_host->qmlEngine() : nullptr;
    if (!quickWindow || !engine) {
        done(DesktopResult::failed(
            QCoreApplication::translate("starling", "A dialog needs an open window of the app.")));
        return nullptr;
    }
    QQmlComponent component(engine, QUrl(QStringLiteral("qrc:/qml/NativeDialog.qml")));
    QObject *object = component.beginCreate(engine->rootContext());
    auto *dialog = qobject_cast<QQuickItem *>(object);
    if (!dialog) {
        qCCritical(lcDesktop).noquote()
            << "cannot make a dialog (qrc:/qml/NativeDialog.qml):" << component.errorString();
        delete object;
        done(
            DesktopResult::failed(QCoreApplication::translate("starling", "The dialog could not be shown.")));
        return nullptr;
    }
    // In the window before it completes: its dialogs take their parent window from it then.
    QQmlEngine::setObjectOwnership(dialog, QQmlEngine::CppOwnership);
    dialog->setParent(quickWindow->contentItem()); // deleted with its window
    dialog->setParentItem(quickWindow->contentItem());
    component.completeCreate();
    new DialogAnswer(done, dialog);
    return dialog;
}

void QuickDialogProvider::fileDialog(QWindow *window, const FileDialogOptions &options, DesktopCallback done)
{
    if (QObject *dialog = create(window, done)) {
        QMetaObject::invokeMethod(dialog, "openFileDialog", Q_ARG(QVariant, modeName(options.mode)),
                                  Q_ARG(QVariant, options.title),
                                  Q_ARG(QVariant, startFolder(options.folder)),
                                  Q_ARG(QVariant, options.filters), Q_ARG(QVariant, options.fileName));
    }
}

void QuickDialogProvider::messageBox(QWindow *window, const MessageOptions &options, DesktopCallback done)
{
    if (QObject *dialog = create(window, done)) {
        const QString title = options.title.isEmpty() ? QCoreApplication::applicationName() : options.title;
        const QStringList buttons
            = options.buttons.isEmpty() ? QStringList { QStringLiteral("ok") } : options.buttons;
        QMetaObject::invokeMethod(dialog, "openMessageBox", Q_ARG(QVariant, title),
                                  Q_ARG(QVariant, options.text), Q_ARG(QVariant, options.detail),
                                  Q_ARG(QVariant, buttons));
    }
}

DialogAnswer::DialogAnswer(DesktopCallback done, QObject *dialog)
    : QObject(dialog)
    , m_done(std::move(done))
{
    connect(dialog, SIGNAL(finished(QString, QString, QString)), this,
            SLOT(finish(QString, QString, QString)));
}

void DialogAnswer::finish(const QString &status, const QString &urls, const QString &button)
{
    DesktopResult result;
    if (status != u"done") {
        result.status = DesktopResult::Status::Cancelled;
    } else {
        for (const QJsonValue url : QJsonDocument::fromJson(urls.toUtf8()).array()) {
            const QUrl chosen(url.toString());
            if (chosen.isLocalFile())
                result.paths.append(QDir::cleanPath(chosen.toLocalFile()));
        }
        result.button = button;
    }
    parent()->deleteLater(); // the dialog, and this with it
    m_done(result);
}

} // namespace starling::detail
