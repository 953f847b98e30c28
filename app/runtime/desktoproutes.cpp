#include "desktop_p.h"
#include "desktoproutes_p.h"
#include "logging_p.h"

#include <datastar/datastar.h>
#include <starling/desktop.h>
#include <starling/httperror.h>
#include <starling/server.h>
#include <starling/stream.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QPointer>
#include <QRegularExpression>
#include <QWindow>

#include <optional>

namespace starling::detail {

namespace {

// One request to a desktop endpoint: its window, and the signal object that holds its options and gets its
// result.
class DesktopCall
{
public:
    // Throws HttpError: 403 under --serve, 400 for a request that names no open window or a bad ?signal=.
    DesktopCall(const Request &request, const Desktop &desktop, const QString &defaultSignal)
        : m_request(request)
    {
        if (!desktop.isAvailable()) {
            throw HttpError(
                403,
                QCoreApplication::translate("starling",
                                            "%1 is desktop-only: it works in the app's own window, "
                                            "not in a browser (--serve).")
                    .arg(request.path()));
        }
        m_windowId = request.pageId();
        if (!desktop.window(m_windowId)) {
            throw HttpError(400,
                            QCoreApplication::translate(
                                "starling", "%1 needs the Starling-Page header of an open app window.")
                                .arg(request.path()));
        }
        m_signal = request.query(QStringLiteral("signal"));
        if (m_signal.isEmpty())
            m_signal = defaultSignal;
        static const QRegularExpression Identifier(QStringLiteral("^[A-Za-z][A-Za-z0-9_]{0,63}$"));
        if (!Identifier.match(m_signal).hasMatch()) {
            throw HttpError(
                400,
                QCoreApplication::translate("starling",
                                            "signal must be a signal name (a letter, then letters, "
                                            "digits or _), not \"%1\".")
                    .arg(m_signal.left(64)));
        }
    }

    QString windowId() const { return m_windowId; }
    QString signal() const { return m_signal; }
    QString path(const char *option) const { return m_signal + u'.' + QLatin1String(option); }

    QString text(const char *option, const QString &fallback = {}) const
    {
        return m_request.optionalSignal<QString>(path(option)).value_or(fallback);
    }
    QString requiredText(const char *option) const { return m_request.signal<QString>(path(option)); }
    std::optional<int> number(const char *option) const
    {
        return m_request.optionalSignal<int>(path(option));
    }

    QJsonArray array(const char *option) const
    {
        return m_request.optionalSignal<QJsonArray>(path(option)).value_or(QJsonArray());
    }

    // A list of strings; 400 naming the option for anything else.
    QStringList texts(const char *option) const
    {
        QStringList values;
        for (const QJsonValue value : array(option)) {
            if (!value.isString())
                throw HttpError(400,
                                QCoreApplication::translate("starling", "%1 must be a list of strings.")
                                    .arg(path(option)));
            values.append(value.toString());
        }
        return values;
    }

    // One of `allowed` (the first when the option is missing); 400 naming the option and the choices.
    QString choice(const char *option, const QStringList &allowed) const
    {
        const QString value = text(option, allowed.first());
        if (!allowed.contains(value)) {
            throw HttpError(400,
                            QCoreApplication::translate("starling", "%1 must be one of %2, not \"%3\".")
                                .arg(path(option), allowed.join(u", "), value.left(64)));
        }
        return value;
    }

    // The answer that puts `result` into the signal object.
    QHttpServerResponse answer(const QJsonObject &result) const
    {
        return datastar::signalsResponse(QJsonObject { { m_signal, result } });
    }
    QHttpServerResponse answer(const DesktopResult &result) const { return answer(resultSignals(result)); }

    // For a result that arrives later: `pending` goes to the page's channel before the work starts, and
    // `deliver` sends the result on the same channel after it, so the page applies them in that order even
    // when the result comes at once (a provider that answers synchronously, a quick click). The request
    // itself is answered 204: a `pending` in its own answer could be applied after the result (two
    // connections, no order between them) and overwrite it.
    void sendPending(Desktop &desktop) const { desktop.sendToPage(m_windowId, { pendingEvent() }); }
    static QHttpServerResponse accepted()
    {
        return QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent);
    }
    // `status: "pending"` for the signal object, as an event: on the page's channel, or on a streamed answer.
    datastar::Event pendingEvent() const
    {
        return datastar::patchSignals(
            QJsonObject { { m_signal,
                            QJsonObject { { QStringLiteral("status"), QStringLiteral("pending") },
                                          { QStringLiteral("error"), QString() } } } });
    }
    DesktopCallback deliver(Desktop &desktop) const
    {
        return [&desktop, windowId = m_windowId, signal = m_signal](const DesktopResult &result) {
            desktop.sendToPage(windowId,
                               { datastar::patchSignals(QJsonObject { { signal, resultSignals(result) } }) });
        };
    }

private:
    const Request &m_request;
    QString m_windowId;
    QString m_signal;
};

QString statusName(DesktopResult::Status status)
{
    switch (status) {
    case DesktopResult::Status::Cancelled:
        return QStringLiteral("cancelled");
    case DesktopResult::Status::Failed:
        return QStringLiteral("failed");
    case DesktopResult::Status::Done:
        break;
    }
    return QStringLiteral("done");
}

FileDialogOptions fileDialogOptions(const DesktopCall &call, FileDialogMode mode)
{
    return { .mode = mode,
             .title = call.text("title"),
             .folder = call.text("folder"),
             .filters = call.texts("filters"),
             .fileName = call.text("name") };
}

void addDialogRoutes(Server &server, Desktop &desktop)
{
    server.post(QStringLiteral("/_starling/dialog/open"), [&desktop](const Request &request) {
        const DesktopCall call(request, desktop, QStringLiteral("dialog"));
        const QString mode = call.choice(
            "mode", { QStringLiteral("file"), QStringLiteral("files"), QStringLiteral("folder") });
        const FileDialogMode dialogMode = mode == u"files" ? FileDialogMode::OpenFiles
            : mode == u"folder"                            ? FileDialogMode::OpenFolder
                                                           : FileDialogMode::OpenFile;
        const FileDialogOptions options = fileDialogOptions(call, dialogMode);
        call.sendPending(desktop);
        desktop.fileDialog(call.windowId(), options, call.deliver(desktop));
        return DesktopCall::accepted();
    });
    server.post(QStringLiteral("/_starling/dialog/save"), [&desktop](const Request &request) {
        const DesktopCall call(request, desktop, QStringLiteral("dialog"));
        const FileDialogOptions options = fileDialogOptions(call, FileDialogMode::Save);
        call.sendPending(desktop);
        desktop.fileDialog(call.windowId(), options, call.deliver(desktop));
        return DesktopCall::accepted();
    });
    server.post(QStringLiteral("/_starling/dialog/message"), [&desktop](const Request &request) {
        static const QStringList Buttons
            = { QStringLiteral("ok"),     QStringLiteral("cancel"), QStringLiteral("yes"),
                QStringLiteral("no"),     QStringLiteral("save"),   QStringLiteral("discard"),
                QStringLiteral("close"),  QStringLiteral("abort"),  QStringLiteral("retry"),
                QStringLiteral("ignore"), QStringLiteral("apply"),  QStringLiteral("reset"),
                QStringLiteral("help") };
        const DesktopCall call(request, desktop, QStringLiteral("message"));
        const QString kind = call.choice("kind",
                                         { QStringLiteral("information"), QStringLiteral("warning"),
                                           QStringLiteral("critical"), QStringLiteral("question") });
        MessageOptions options { .kind = kind == u"warning" ? MessageKind::Warning
                                     : kind == u"critical"  ? MessageKind::Critical
                                     : kind == u"question"  ? MessageKind::Question
                                                            : MessageKind::Information,
                                 .title = call.text("title"),
                                 .text = call.requiredText("text"),
                                 .detail = call.text("detail"),
                                 .buttons = call.texts("buttons") };
        for (const QString &button : std::as_const(options.buttons)) {
            if (!Buttons.contains(button)) {
                throw HttpError(400,
                                QCoreApplication::translate("starling", "%1 holds \"%2\"; buttons are %3.")
                                    .arg(call.path("buttons"), button.left(64), Buttons.join(u", ")));
            }
        }
        call.sendPending(desktop);
        desktop.messageBox(call.windowId(), options, call.deliver(desktop));
        return DesktopCall::accepted();
    });
}

void addClipboardRoutes(Server &server, Desktop &desktop)
{
    server.post(QStringLiteral("/_starling/clipboard/read"), [&desktop](const Request &request) {
        const DesktopCall call(request, desktop, QStringLiteral("clipboard"));
        const bool html
            = call.choice("format", { QStringLiteral("text"), QStringLiteral("html") }) == u"html";
        return call.answer(
            desktop.clipboard(html ? Desktop::ClipboardFormat::Html : Desktop::ClipboardFormat::Text));
    });
    server.post(QStringLiteral("/_starling/clipboard/write"), [&desktop](const Request &request) {
        const DesktopCall call(request, desktop, QStringLiteral("clipboard"));
        return call.answer(desktop.setClipboard(call.requiredText("text"), call.text("html")));
    });
}

// What a page may do to its own window: POST /_starling/window/<action>.
void addWindowRoutes(Server &server, Desktop &desktop)
{
    server.post(QStringLiteral("/_starling/window/:action"), [&desktop](const Request &request) {
        const DesktopCall call(request, desktop, QStringLiteral("window"));
        QWindow *window = desktop.window(call.windowId());
        const QString action = request.param(QStringLiteral("action"));
        if (action == u"title") {
            desktop.setWindowTitle(call.windowId(), call.text("title"));
        } else if (action == u"resize") {
            const int width = call.number("width").value_or(window->width());
            const int height = call.number("height").value_or(window->height());
            if (width < 100 || height < 100 || width > 16384 || height > 16384) {
                throw HttpError(400,
                                QCoreApplication::translate(
                                    "starling", "%1 and %2 must be whole numbers from 100 to 16384.")
                                    .arg(call.path("width"), call.path("height")));
            }
            window->resize(width, height);
        } else if (action == u"minimize") {
            window->showMinimized();
        } else if (action == u"maximize") {
            window->showMaximized();
        } else if (action == u"fullscreen") {
            window->showFullScreen();
        } else if (action == u"restore") {
            window->showNormal();
        } else if (action == u"focus") {
            window->show();
            window->raise();
            window->requestActivate();
        } else if (action == u"close") {
            QMetaObject::invokeMethod(window, &QWindow::close, Qt::QueuedConnection); // after this answer
        } else if (action == u"open") {
            const QString path = call.text("path", QStringLiteral("/"));
            if (!desktop.openWindow(path)) {
                throw HttpError(400,
                                QCoreApplication::translate(
                                    "starling", "%1 must be a path of the app (\"/notes\"), not \"%2\".")
                                    .arg(call.path("path"), path.left(200)));
            }
        } else {
            throw HttpError(404,
                            QCoreApplication::translate("starling",
                                                        "No window action \"%1\"; they are "
                                                        "title, resize, minimize, maximize, "
                                                        "fullscreen, restore, focus, close "
                                                        "and open.")
                                .arg(action.left(64)));
        }
        return call.answer(DesktopResult {});
    });
}

void addOpenRoute(Server &server, Desktop &desktop)
{
    server.post(QStringLiteral("/_starling/open"), [&desktop](const Request &request) {
        const DesktopCall call(request, desktop, QStringLiteral("open"));
        const QString url = call.text("url");
        const QString path = call.text("path");
        if (url.isEmpty() == path.isEmpty()) {
            throw HttpError(400,
                            QCoreApplication::translate("starling", "Give either %1 or %2.")
                                .arg(call.path("url"), call.path("path")));
        }
        return call.answer(url.isEmpty() ? desktop.openPath(path) : desktop.openUrl(QUrl(url)));
    });
}

// POST /_starling/notify: a desktop notification; its click brings the window forward and calls `route`.
// The D-Bus call is asynchronous and its answer comes in milliseconds: the result goes on this request's own
// event stream after `pending` (on the page's channel only when the request has gone), so that a late
// `pending` can never overwrite it.
void addNotifyRoute(Server &server, Desktop &desktop)
{
    server.post(QStringLiteral("/_starling/notify"), [&desktop](const Request &request, Stream &stream) {
        const DesktopCall call(request, desktop, QStringLiteral("notification"));
        const QString title = call.requiredText("title");
        if (title.trimmed().isEmpty()) {
            throw HttpError(
                400,
                QCoreApplication::translate("starling", "%1 must not be empty.").arg(call.path("title")));
        }
        const QString route = call.text("route");
        if (!route.isEmpty() && !isCallableRoute(route)) {
            throw HttpError(400,
                            QCoreApplication::translate(
                                "starling", "%1 must be a path of the app (\"/inbox\"), not \"%2\".")
                                .arg(call.path("route"), route.left(200)));
        }
        const QString urgency = call.choice(
            "urgency", { QStringLiteral("normal"), QStringLiteral("low"), QStringLiteral("critical") });
        const int timeout = call.number("timeout").value_or(-1);
        if (timeout < -1 || timeout > 3600000) {
            throw HttpError(400,
                            QCoreApplication::translate("starling",
                                                        "%1 must be -1 (the desktop's default), 0 (until "
                                                        "closed) or milliseconds up to 3600000.")
                                .arg(call.path("timeout")));
        }
        const Notification notification {
            .title = title,
            .body = call.text("body"),
            .route = route,
            .urgency = urgency == u"low" ? Notification::Urgency::Low
                : urgency == u"critical" ? Notification::Urgency::Critical
                                         : Notification::Urgency::Normal,
            .timeoutMs = timeout,
        };
        stream.send(call.pendingEvent());
        const QPointer<datastar::ServerSentEventGenerator> generator = stream.keepOpen();
        desktop.notify(call.windowId(), notification,
                       [&desktop, generator, windowId = call.windowId(),
                        signal = call.signal()](const DesktopResult &result) {
                           // `id` always: a failure replaces the id of an earlier notification.
                           QJsonObject signalsPatch = resultSignals(result);
                           signalsPatch.insert(QStringLiteral("id"), result.id);
                           const datastar::Event event
                               = datastar::patchSignals(QJsonObject { { signal, signalsPatch } });
                           if (!generator || !generator->isOpen()) {
                               desktop.sendToPage(windowId, { event });
                               return;
                           }
                           generator->send(event);
                           generator->close();
                       });
    });
}

} // namespace

QJsonObject resultSignals(const DesktopResult &result)
{
    QJsonObject signalsPatch { { QStringLiteral("status"), statusName(result.status) },
                               { QStringLiteral("error"), result.error } };
    if (!result.paths.isEmpty() || result.status != DesktopResult::Status::Failed)
        signalsPatch.insert(QStringLiteral("paths"), QJsonArray::fromStringList(result.paths));
    if (!result.button.isEmpty())
        signalsPatch.insert(QStringLiteral("button"), result.button);
    if (!result.text.isNull())
        signalsPatch.insert(QStringLiteral("text"), result.text);
    if (!result.id.isEmpty())
        signalsPatch.insert(QStringLiteral("id"), result.id);
    return signalsPatch;
}

// POST /_starling/tray and /_starling/tray/hide: the app's tray icon, declared by a page (its items call
// routes; C++ functions are for Desktop::showTray()).
void addTrayRoutes(Server &server, Desktop &desktop)
{
    server.post(QStringLiteral("/_starling/tray"), [&desktop](const Request &request) {
        const DesktopCall call(request, desktop, QStringLiteral("tray"));
        TrayOptions options { .toolTip = call.text("toolTip") };
        const QJsonArray items = call.array("items");
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString where = call.path("items") + QStringLiteral("[%1]").arg(i);
            const QJsonObject item = items.at(i).toObject();
            const QString kind = item.value(QStringLiteral("kind")).toString(QStringLiteral("action"));
            const QString text = item.value(QStringLiteral("text")).toString();
            const QString route = item.value(QStringLiteral("route")).toString();
            if (!items.at(i).isObject()) {
                throw HttpError(
                    400,
                    QCoreApplication::translate("starling", "%1 must be an object ({text, route} or {kind}).")
                        .arg(where));
            }
            if (kind == u"separator") {
                options.items.append(TrayItem::separator());
            } else if (kind == u"show") {
                options.items.append(TrayItem::showWindow(text));
            } else if (kind == u"quit") {
                options.items.append(TrayItem::quit(text));
            } else if (kind != u"action") {
                throw HttpError(400,
                                QCoreApplication::translate(
                                    "starling", "%1.kind must be one of action, separator, show, quit.")
                                    .arg(where));
            } else if (text.isEmpty() || !isCallableRoute(route)) {
                throw HttpError(400,
                                QCoreApplication::translate(
                                    "starling", "%1 needs a text and a route that is a path of the app.")
                                    .arg(where));
            } else {
                options.items.append({ .text = text, .route = route });
            }
        }
        return call.answer(desktop.showTray(options));
    });
    server.post(QStringLiteral("/_starling/tray/hide"), [&desktop](const Request &request) {
        const DesktopCall call(request, desktop, QStringLiteral("tray"));
        desktop.hideTray();
        return call.answer(DesktopResult {});
    });
}

void addDesktopRoutes(Server &server, Desktop &desktop)
{
    // A page without a stream of its own follows its channel here.
    server.get(QStringLiteral("/_starling/stream"), [&desktop](const Request &request, Stream &stream) {
        if (!desktop.isAvailable()) {
            throw HttpError(
                403,
                QCoreApplication::translate("starling",
                                            "/_starling/stream is desktop-only: it carries the answers "
                                            "of the app's windows."));
        }
        if (request.pageId().isEmpty()) {
            throw HttpError(
                400,
                QCoreApplication::translate("starling", "/_starling/stream needs a Starling-Page header."));
        }
        stream.subscribe(QString::fromLatin1(PageChannelTopic), TopicScope::Page);
    });
    addDialogRoutes(server, desktop);
    addClipboardRoutes(server, desktop);
    addWindowRoutes(server, desktop);
    addOpenRoute(server, desktop);
    addNotifyRoute(server, desktop);
    addTrayRoutes(server, desktop);
}

} // namespace starling::detail
