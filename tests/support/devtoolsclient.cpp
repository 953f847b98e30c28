#include "devtoolsclient.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>

namespace starling::test {

namespace {

// Runs a local event loop until `source` emits `signal` or `timeoutMs` passes.
template<typename Sender, typename Signal>
void waitForSignal(const Sender *source, Signal signal, int timeoutMs)
{
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(source, signal, &loop, &QEventLoop::quit);
    timer.start(std::max(timeoutMs, 0));
    loop.exec();
}

int remaining(const QDeadlineTimer &deadline)
{
    return int(std::max<qint64>(deadline.remainingTime(), 0));
}

} // namespace

DevToolsBrowser::DevToolsBrowser(const QString &hostAndPort)
    : m_hostAndPort(hostAndPort)
{ }

std::optional<QList<DevToolsTarget>> DevToolsBrowser::targets(int timeoutMs)
{
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy); // the browser is local; an http_proxy must not see this
    QNetworkRequest request(QUrl(QStringLiteral("http://%1/json/list").arg(m_hostAndPort)));
    request.setTransferTimeout(std::max(timeoutMs, 1));
    std::unique_ptr<QNetworkReply> reply(network.get(request));
    if (!reply->isFinished())
        waitForSignal(reply.get(), &QNetworkReply::finished, timeoutMs);
    if (!reply->isFinished()) {
        m_error = QStringLiteral("no answer from http://%1/json/list").arg(m_hostAndPort);
        return std::nullopt;
    }
    if (reply->error() != QNetworkReply::NoError) {
        m_error = QStringLiteral("http://%1/json/list: %2").arg(m_hostAndPort, reply->errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply->readAll(), &parseError);
    if (!document.isArray()) {
        m_error = QStringLiteral("http://%1/json/list is not a JSON list: %2")
                      .arg(m_hostAndPort, parseError.errorString());
        return std::nullopt;
    }
    QList<DevToolsTarget> targets;
    for (const QJsonValue entry : document.array()) {
        const QJsonObject target = entry.toObject();
        targets.append({ .id = target.value(QStringLiteral("id")).toString(),
                         .type = target.value(QStringLiteral("type")).toString(),
                         .title = target.value(QStringLiteral("title")).toString(),
                         .url = QUrl(target.value(QStringLiteral("url")).toString()),
                         .webSocketDebuggerUrl
                         = QUrl(target.value(QStringLiteral("webSocketDebuggerUrl")).toString()) });
    }
    return targets;
}

std::optional<QList<DevToolsTarget>>
DevToolsBrowser::waitForPages(const std::function<bool(const QList<DevToolsTarget> &pages)> &done,
                              int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QString last = QStringLiteral("nothing");
    for (;;) {
        if (const auto all = targets(std::min(remaining(deadline), 5000))) {
            QList<DevToolsTarget> pages;
            std::copy_if(all->cbegin(), all->cend(), std::back_inserter(pages),
                         [](const DevToolsTarget &target) { return target.type == u"page"; });
            if (done(pages))
                return pages;
            QStringList urls;
            for (const DevToolsTarget &page : std::as_const(pages))
                urls.append(page.url.toString());
            last = QStringLiteral("%1 page(s): %2").arg(pages.size()).arg(urls.join(u", "));
        } else {
            last = m_error;
        }
        if (deadline.hasExpired()) {
            m_error = QStringLiteral("the pages never matched; last: %1").arg(last);
            return std::nullopt;
        }
        // The endpoint tells nothing when its targets change: ask again shortly (a poll, not a timed wait).
        QEventLoop loop;
        QTimer::singleShot(std::min(remaining(deadline), 50), &loop, &QEventLoop::quit);
        loop.exec();
    }
}

DevToolsPage::DevToolsPage(QObject *parent)
    : QObject(parent)
{ }

DevToolsPage::~DevToolsPage()
{
    close();
}

bool DevToolsPage::open(const DevToolsTarget &target, int timeoutMs)
{
    if (target.webSocketDebuggerUrl.isEmpty()) {
        m_error = QStringLiteral("the target %1 (%2) has no webSocketDebuggerUrl: another client is attached")
                      .arg(target.id, target.url.toString());
        return false;
    }
    return open(target.webSocketDebuggerUrl, timeoutMs);
}

bool DevToolsPage::open(const QUrl &webSocketDebuggerUrl, int timeoutMs)
{
    close();
    // No Origin header (QWebSocket sends none when the origin is empty): Chromium 111 and later refuse
    // WebSocket clients whose origin it was not told to allow.
    m_socket = std::make_unique<QWebSocket>(QString(), QWebSocketProtocol::VersionLatest);
    m_socket->setProxy(QNetworkProxy::NoProxy);
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &DevToolsPage::receive);
    m_socket->open(webSocketDebuggerUrl);
    if (!spinUntil(
            [this] {
                return m_socket->state() == QAbstractSocket::ConnectedState
                    || m_socket->state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs)
        || m_socket->state() != QAbstractSocket::ConnectedState) {
        m_error = QStringLiteral("cannot connect to %1: %2")
                      .arg(webSocketDebuggerUrl.toString(), m_socket->errorString());
        m_socket.reset();
        return false;
    }
    return true;
}

bool DevToolsPage::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void DevToolsPage::close()
{
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->close();
    m_socket.reset();
    m_answers.clear();
}

std::optional<QJsonObject> DevToolsPage::call(const QString &method, const QJsonObject &params, int timeoutMs)
{
    if (!isOpen()) {
        m_error = QStringLiteral("%1: the session is not open").arg(method);
        return std::nullopt;
    }
    const qint64 id = m_nextId++;
    const QJsonObject command { { QStringLiteral("id"), id },
                                { QStringLiteral("method"), method },
                                { QStringLiteral("params"), params } };
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(command).toJson(QJsonDocument::Compact)));
    if (!spinUntil([&] { return m_answers.contains(id) || !isOpen(); }, timeoutMs)) {
        m_error = QStringLiteral("%1: no answer in %2 ms").arg(method).arg(timeoutMs);
        return std::nullopt;
    }
    if (!m_answers.contains(id)) {
        m_error = QStringLiteral("%1: the browser closed the session (%2 %3)")
                      .arg(method)
                      .arg(m_socket ? int(m_socket->closeCode()) : 0)
                      .arg(m_socket ? m_socket->closeReason() + u' ' + m_socket->errorString() : QString());
        return std::nullopt;
    }
    const QJsonObject answer = m_answers.take(id);
    if (answer.contains(QStringLiteral("error"))) {
        const QJsonObject error = answer.value(QStringLiteral("error")).toObject();
        m_error = QStringLiteral("%1: %2 (%3)")
                      .arg(method, error.value(QStringLiteral("message")).toString())
                      .arg(error.value(QStringLiteral("code")).toInt());
        return std::nullopt;
    }
    return answer.value(QStringLiteral("result")).toObject();
}

bool DevToolsPage::navigate(const QUrl &url, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    // Answered once the new document is committed (or the load failed): what is evaluated next runs in it.
    const auto navigated
        = call(QStringLiteral("Page.navigate"), { { QStringLiteral("url"), url.toString() } }, timeoutMs);
    if (!navigated)
        return false;
    if (const QString failure = navigated->value(QStringLiteral("errorText")).toString();
        !failure.isEmpty()) {
        m_error = QStringLiteral("cannot load %1: %2").arg(url.toString(), failure);
        return false;
    }
    return waitFor(QStringLiteral("document.readyState === 'complete'"), remaining(deadline));
}

bool DevToolsPage::click(const QString &selector, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    const auto centre
        = evaluate(QStringLiteral("(() => { const el = document.querySelector(%1);"
                                  " if (!el) return null; el.scrollIntoView({block: 'center'});"
                                  " const r = el.getBoundingClientRect();"
                                  " return r.width && r.height ? [r.x + r.width / 2, r.y + r.height / 2]"
                                  " : null; })()")
                       .arg(jsString(selector)),
                   timeoutMs);
    if (!centre)
        return false;
    const QJsonArray point = centre->toArray();
    if (point.size() != 2) {
        m_error = QStringLiteral("no visible element matches %1").arg(selector);
        return false;
    }
    for (const QString &type :
         { QStringLiteral("mouseMoved"), QStringLiteral("mousePressed"), QStringLiteral("mouseReleased") }) {
        if (!call(QStringLiteral("Input.dispatchMouseEvent"),
                  { { QStringLiteral("type"), type },
                    { QStringLiteral("x"), point.at(0) },
                    { QStringLiteral("y"), point.at(1) },
                    { QStringLiteral("button"),
                      type == u"mouseMoved" ? QStringLiteral("none") : QStringLiteral("left") },
                    { QStringLiteral("clickCount"), 1 } },
                  remaining(deadline)))
            return false;
    }
    return true;
}

std::optional<QJsonValue> DevToolsPage::evaluate(const QString &expression, int timeoutMs)
{
    const auto result = call(QStringLiteral("Runtime.evaluate"),
                             { { QStringLiteral("expression"), expression },
                               { QStringLiteral("returnByValue"), true },
                               { QStringLiteral("awaitPromise"), true } },
                             timeoutMs);
    if (!result)
        return std::nullopt;
    if (result->contains(QStringLiteral("exceptionDetails"))) {
        const QJsonObject details = result->value(QStringLiteral("exceptionDetails")).toObject();
        const QString description = details.value(QStringLiteral("exception"))
                                        .toObject()
                                        .value(QStringLiteral("description"))
                                        .toString();
        m_error = QStringLiteral("%1 threw: %2")
                      .arg(expression.left(200),
                           description.isEmpty() ? details.value(QStringLiteral("text")).toString()
                                                 : description);
        return std::nullopt;
    }
    const QJsonObject remote = result->value(QStringLiteral("result")).toObject();
    if (remote.value(QStringLiteral("type")).toString() == u"undefined")
        return QJsonValue(QJsonValue::Undefined);
    return remote.value(QStringLiteral("value"));
}

bool DevToolsPage::waitFor(const QString &condition, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        // The page checks on a timer (animation frames stop in a window nobody sees) and answers when it
        // holds or its share of the time has passed.
        const int inPage = remaining(deadline);
        // The condition is a function of the script's own scope: the checker's names cannot hide the page's.
        const QString check = QStringLiteral(R"js(((condition, timeoutMs) => new Promise((resolve) => {
  const until = Date.now() + timeoutMs;
  const poll = () => {
    let holds = false;
    try { holds = !!condition(); } catch (e) { }
    if (holds) resolve(true);
    else if (Date.now() >= until) resolve(false);
    else setTimeout(poll, 10);
  };
  poll();
}))(() => (%2
), %1))js")
                                  .arg(QString::number(inPage), condition);
        const auto held = call(QStringLiteral("Runtime.evaluate"),
                               { { QStringLiteral("expression"), check },
                                 { QStringLiteral("returnByValue"), true },
                                 { QStringLiteral("awaitPromise"), true } },
                               inPage + 5000);
        if (held && held->contains(QStringLiteral("exceptionDetails"))) {
            m_error = QStringLiteral("the condition does not compile: %1")
                          .arg(held->value(QStringLiteral("exceptionDetails"))
                                   .toObject()
                                   .value(QStringLiteral("exception"))
                                   .toObject()
                                   .value(QStringLiteral("description"))
                                   .toString());
            return false;
        }
        if (held && held->value(QStringLiteral("result")).toObject().value(QStringLiteral("value")).toBool())
            return true;
        // A navigation destroys the context the check ran in (an error answer): ask the next document.
        if (deadline.hasExpired() || !isOpen()) {
            m_error = QStringLiteral("timed out waiting for %1").arg(condition.left(300));
            return false;
        }
        if (!held)
            spinUntil([] { return false; }, std::min(remaining(deadline), 20));
    }
}

bool DevToolsPage::recordErrors(int timeoutMs)
{
    connect(this, &DevToolsPage::eventReceived, this, &DevToolsPage::recordError, Qt::UniqueConnection);
    return call(QStringLiteral("Runtime.enable"), {}, timeoutMs)
        && call(QStringLiteral("Log.enable"), {}, timeoutMs);
}

std::optional<DevToolsEvent>
DevToolsPage::waitForEvent(const QString &method, const std::function<bool(const QJsonObject &params)> &match,
                           int timeoutMs)
{
    qsizetype checked = 0;
    std::optional<DevToolsEvent> found;
    spinUntil(
        [&] {
            for (; checked < m_events.size(); ++checked) {
                if (m_events.at(checked).method == method && match(m_events.at(checked).params)) {
                    found = m_events.at(checked);
                    return true;
                }
            }
            return !isOpen();
        },
        timeoutMs);
    if (!found)
        m_error = QStringLiteral("no %1 event that matches").arg(method);
    return found;
}

QString DevToolsPage::jsString(const QString &text)
{
    // A JSON string is a valid JS string literal (U+2028/9 are valid in JS string literals since ES2019).
    return QString::fromUtf8(QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

void DevToolsPage::receive(const QString &message)
{
    const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
    if (object.contains(QStringLiteral("id"))) {
        m_answers.insert(object.value(QStringLiteral("id")).toInteger(), object);
        return;
    }
    const DevToolsEvent event { .method = object.value(QStringLiteral("method")).toString(),
                                .params = object.value(QStringLiteral("params")).toObject() };
    m_events.append(event);
    Q_EMIT eventReceived(event);
}

void DevToolsPage::recordError(const DevToolsEvent &event)
{
    if (event.method == u"Runtime.consoleAPICalled") {
        const QString type = event.params.value(QStringLiteral("type")).toString();
        if (type != u"error" && type != u"assert")
            return;
        QStringList parts;
        for (const QJsonValue argument : event.params.value(QStringLiteral("args")).toArray()) {
            const QJsonObject remote = argument.toObject();
            const QJsonValue value = remote.value(QStringLiteral("value"));
            parts.append(
                value.isString() ? value.toString()
                    : value.isUndefined()
                    ? remote.value(QStringLiteral("description")).toString()
                    : QString::fromUtf8(QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact))
                          .mid(1)
                          .chopped(1));
        }
        m_errors.append(QStringLiteral("console.%1: %2").arg(type, parts.join(u' ')));
    } else if (event.method == u"Runtime.exceptionThrown") {
        const QJsonObject details = event.params.value(QStringLiteral("exceptionDetails")).toObject();
        const QString description = details.value(QStringLiteral("exception"))
                                        .toObject()
                                        .value(QStringLiteral("description"))
                                        .toString();
        m_errors.append(
            QStringLiteral("uncaught: %1 (%2:%3)")
                .arg(description.isEmpty() ? details.value(QStringLiteral("text")).toString() : description,
                     details.value(QStringLiteral("url")).toString())
                .arg(details.value(QStringLiteral("lineNumber")).toInt() + 1));
    } else if (event.method == u"Log.entryAdded") {
        const QJsonObject entry = event.params.value(QStringLiteral("entry")).toObject();
        if (entry.value(QStringLiteral("level")).toString() != u"error")
            return;
        m_errors.append(QStringLiteral("%1: %2 (%3)")
                            .arg(entry.value(QStringLiteral("source")).toString(),
                                 entry.value(QStringLiteral("text")).toString(),
                                 entry.value(QStringLiteral("url")).toString()));
    }
}

bool DevToolsPage::spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        // Woken by every message and by the socket's state changes; the timer ends the wait at the deadline.
        QEventLoop loop;
        QTimer timer;
        timer.setSingleShot(true);
        connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        if (m_socket) {
            connect(m_socket.get(), &QWebSocket::textMessageReceived, &loop, &QEventLoop::quit);
            connect(m_socket.get(), &QWebSocket::stateChanged, &loop, &QEventLoop::quit);
        }
        timer.start(remaining(deadline));
        loop.exec();
    }
    return true;
}

} // namespace starling::test
