// The exact wire bytes of every Datastar event and option (PROTOCOL.md sections 2-5), and the rejection of
// invalid arguments.
#include "testhttp.h"

#include <datastar/event.h>
#include <datastar/options.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

using namespace std::chrono_literals;
using datastar::ElementNamespace;
using datastar::ElementPatchMode;
using datastar::Event;
using testhttp::sse;

Q_DECLARE_METATYPE(datastar::Event)

namespace {

QByteArray visible(QByteArray bytes)
{
    return bytes.replace("\r", "\\r").replace("\n", "\\n");
}

// Compares an event's bytes to the expected ones and, on mismatch, shows both readably.
bool sameBytes(const Event &event, const QByteArray &expected)
{
    if (event.toSse() == expected)
        return true;
    qWarning().noquote().nospace() << "\n  actual:   " << visible(event.toSse())
                                   << "\n  expected: " << visible(expected)
                                   << "\n  error:    " << event.errorString();
    return false;
}

// The event with its data lines stably sorted by key: the client groups data lines by key, so only the order
// within one key matters to it. Used where a test is about something other than the order of keys.
QByteArray keysSorted(const QByteArray &event)
{
    QByteArrayList lines = event.split('\n');
    QByteArrayList head, data;
    for (const QByteArray &line : std::as_const(lines))
        (line.startsWith("data: ") ? data : head).append(line);
    std::stable_sort(data.begin(), data.end(), [](const QByteArray &a, const QByteArray &b) {
        return a.mid(6, a.indexOf(' ', 6) - 6) < b.mid(6, b.indexOf(' ', 6) - 6);
    });
    head.removeAll(QByteArray());
    return head.join('\n') + '\n' + data.join('\n') + "\n\n";
}

bool sameBytesAnyKeyOrder(const Event &event, const QByteArray &expected)
{
    if (keysSorted(event.toSse()) == keysSorted(expected))
        return true;
    return sameBytes(event, expected); // shows the difference
}

} // namespace

class TestEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void patchElementsWritesEventAndElementsLine();
    void patchElementsOmitsDefaults();
    void patchElementsWritesEachMode_data();
    void patchElementsWritesEachMode();
    void patchElementsWritesEachNamespace_data();
    void patchElementsWritesEachNamespace();
    void patchElementsWritesSelector();
    void patchElementsTreatsBlankSelectorAsNone();
    void patchElementsWritesUseViewTransition();
    void patchElementsWritesEventId();
    void patchElementsWritesRetryUnlessDefault_data();
    void patchElementsWritesRetryUnlessDefault();
    void patchElementsWritesFieldsInOrder();
    void patchElementsSplitsMultiLineElements_data();
    void patchElementsSplitsMultiLineElements();
    void patchElementsKeepsUtf8();
    void patchElementsRemoveWithSelectorNeedsNoElements();

    void removeElementsBySelectorHasNoElementsLine();
    void removeElementsByElements();
    void removeElementsWithSelectorAndElements();
    void removeElementsWritesItsOptions();

    void patchSignalsWritesCompactJson();
    void patchSignalsKeepsEscapedNewlinesOnOneLine();
    void patchSignalsWritesOnlyIfMissingBeforeSignals();
    void patchSignalsWritesIdAndRetry();
    void patchSignalsRawSendsTextAsIs();
    void patchSignalsRawSplitsMultiLineText();
    void removeSignalsSetsPathsToNull_data();
    void removeSignalsSetsPathsToNull();
    void removeSignalsWritesOptions();
    void removeSignalsRefusesAPathOverTheDepthLimit();
    void removeSignalsAcceptsAPathAtTheDepthLimit();
    void removeSignalsRefusesMorePathsThanTheLimit();
    void removeSignalsBuildsManyPathsUnderOneParent();
    void removeSignalsCountsPathBytesAsUtf8();
    void removeSignalsRefusesPathsOverTheByteLimit();

    void executeScriptAppendsScriptToBody();
    void executeScriptWritesModeBeforeSelector();
    void executeScriptWithoutAutoRemove();
    void executeScriptWritesAttributesInOrderEscaped();
    void executeScriptSplitsMultiLineScript();
    void executeScriptWritesIdAndRetry();

    void invalidArgumentsGiveInvalidEvent_data();
    void invalidArgumentsGiveInvalidEvent();
    void defaultEventIsInvalid();

    void eventsCompareByValue();
    void copiesShareBytes();
    void withIdAddsReplacesAndRemovesTheIdLine();
    void withIdRefusesLineBreaksAndKeepsInvalidEventsInvalid();
    void eventReportsTypeAndId();

    void patchModeNamesRoundTrip();
    void namespaceNamesRoundTrip();
    void unknownNamesAreRejected();
};

void TestEvents::patchElementsWritesEventAndElementsLine()
{
    const Event event = datastar::patchElements(QStringLiteral("<div id=\"hello\">Hello</div>"));
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QVERIFY(event.errorString().isEmpty());
    QVERIFY(sameBytes(
        event, sse({ "event: datastar-patch-elements", "data: elements <div id=\"hello\">Hello</div>" })));
}

void TestEvents::patchElementsOmitsDefaults()
{
    const Event event = datastar::patchElements(QStringLiteral("<p id=\"x\">x</p>"),
                                                { .selector = {},
                                                  .mode = ElementPatchMode::Outer,
                                                  .elementNamespace = ElementNamespace::Html,
                                                  .useViewTransition = false,
                                                  .eventId = {},
                                                  .retryDuration = 1000ms });
    QVERIFY(sameBytes(event, sse({ "event: datastar-patch-elements", "data: elements <p id=\"x\">x</p>" })));
    QVERIFY(sameBytes(event, datastar::patchElements(QStringLiteral("<p id=\"x\">x</p>")).toSse()));
}

void TestEvents::patchElementsWritesEachMode_data()
{
    QTest::addColumn<ElementPatchMode>("mode");
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("inner") << ElementPatchMode::Inner << QByteArray("data: mode inner");
    QTest::newRow("replace") << ElementPatchMode::Replace << QByteArray("data: mode replace");
    QTest::newRow("prepend") << ElementPatchMode::Prepend << QByteArray("data: mode prepend");
    QTest::newRow("append") << ElementPatchMode::Append << QByteArray("data: mode append");
    QTest::newRow("before") << ElementPatchMode::Before << QByteArray("data: mode before");
    QTest::newRow("after") << ElementPatchMode::After << QByteArray("data: mode after");
    QTest::newRow("remove") << ElementPatchMode::Remove << QByteArray("data: mode remove");
}

void TestEvents::patchElementsWritesEachMode()
{
    QFETCH(ElementPatchMode, mode);
    QFETCH(QByteArray, line);
    const Event event = datastar::patchElements(QStringLiteral("<li id=\"i\">1</li>"), { .mode = mode });
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QVERIFY(sameBytes(
        event,
        sse({ "event: datastar-patch-elements", line.constData(), "data: elements <li id=\"i\">1</li>" })));
}

void TestEvents::patchElementsWritesEachNamespace_data()
{
    QTest::addColumn<ElementNamespace>("ns");
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("svg") << ElementNamespace::Svg << QByteArray("data: namespace svg");
    QTest::newRow("mathml") << ElementNamespace::MathMl << QByteArray("data: namespace mathml");
}

void TestEvents::patchElementsWritesEachNamespace()
{
    QFETCH(ElementNamespace, ns);
    QFETCH(QByteArray, line);
    const Event event
        = datastar::patchElements(QStringLiteral("<circle id=\"c\" r=\"4\"/>"), { .elementNamespace = ns });
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QVERIFY(sameBytes(event,
                      sse({ "event: datastar-patch-elements", line.constData(),
                            "data: elements <circle id=\"c\" r=\"4\"/>" })));
}

void TestEvents::patchElementsWritesSelector()
{
    const Event event = datastar::patchElements(QStringLiteral("<b>new</b>"),
                                                { .selector = QStringLiteral("#feed > .item") });
    QVERIFY(sameBytes(event,
                      sse({ "event: datastar-patch-elements", "data: selector #feed > .item",
                            "data: elements <b>new</b>" })));
}

void TestEvents::patchElementsTreatsBlankSelectorAsNone()
{
    const Event event = datastar::patchElements(QStringLiteral("<b id=\"x\">new</b>"),
                                                { .selector = QStringLiteral("   ") });
    QVERIFY(
        sameBytes(event, sse({ "event: datastar-patch-elements", "data: elements <b id=\"x\">new</b>" })));
}

void TestEvents::patchElementsWritesUseViewTransition()
{
    const Event event
        = datastar::patchElements(QStringLiteral("<div id=\"v\"></div>"), { .useViewTransition = true });
    QVERIFY(sameBytes(event,
                      sse({ "event: datastar-patch-elements", "data: useViewTransition true",
                            "data: elements <div id=\"v\"></div>" })));
}

void TestEvents::patchElementsWritesEventId()
{
    const Event event = datastar::patchElements(QStringLiteral("<div id=\"v\"></div>"),
                                                { .eventId = QStringLiteral("evt-42") });
    QVERIFY(sameBytes(
        event,
        sse({ "event: datastar-patch-elements", "id: evt-42", "data: elements <div id=\"v\"></div>" })));
}

void TestEvents::patchElementsWritesRetryUnlessDefault_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("1000 (default) omitted")
        << qint64(1000) << sse({ "event: datastar-patch-elements", "data: elements <i id=\"r\"></i>" });
    QTest::newRow("2500") << qint64(
        2500) << sse({ "event: datastar-patch-elements", "retry: 2500", "data: elements <i id=\"r\"></i>" });
    QTest::newRow("999") << qint64(
        999) << sse({ "event: datastar-patch-elements", "retry: 999", "data: elements <i id=\"r\"></i>" });
    QTest::newRow("0") << qint64(
        0) << sse({ "event: datastar-patch-elements", "retry: 0", "data: elements <i id=\"r\"></i>" });
    QTest::newRow("60000") << qint64(60000)
                           << sse({ "event: datastar-patch-elements", "retry: 60000",
                                    "data: elements <i id=\"r\"></i>" });
}

void TestEvents::patchElementsWritesRetryUnlessDefault()
{
    QFETCH(qint64, ms);
    QFETCH(QByteArray, expected);
    const Event event = datastar::patchElements(QStringLiteral("<i id=\"r\"></i>"),
                                                { .retryDuration = std::chrono::milliseconds(ms) });
    QVERIFY(sameBytes(event, expected));
}

void TestEvents::patchElementsWritesFieldsInOrder()
{
    const Event event = datastar::patchElements(QStringLiteral("<path id=\"p\"/>"),
                                                { .selector = QStringLiteral("#chart"),
                                                  .mode = ElementPatchMode::Inner,
                                                  .elementNamespace = ElementNamespace::Svg,
                                                  .useViewTransition = true,
                                                  .eventId = QStringLiteral("7"),
                                                  .retryDuration = 3000ms });
    QVERIFY(sameBytes(event,
                      sse({ "event: datastar-patch-elements", "id: 7", "retry: 3000", "data: selector #chart",
                            "data: mode inner", "data: namespace svg", "data: useViewTransition true",
                            "data: elements <path id=\"p\"/>" })));
}

void TestEvents::patchElementsSplitsMultiLineElements_data()
{
    QTest::addColumn<QString>("elements");
    const QByteArray expected = sse({ "event: datastar-patch-elements", "data: elements <ul id=\"list\">",
                                      "data: elements   <li>one</li>", "data: elements </ul>" });
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("LF") << QStringLiteral("<ul id=\"list\">\n  <li>one</li>\n</ul>") << expected;
    QTest::newRow("CRLF") << QStringLiteral("<ul id=\"list\">\r\n  <li>one</li>\r\n</ul>") << expected;
    QTest::newRow("CR") << QStringLiteral("<ul id=\"list\">\r  <li>one</li>\r</ul>") << expected;
    QTest::newRow("mixed") << QStringLiteral("<ul id=\"list\">\r\n  <li>one</li>\r</ul>") << expected;
}

void TestEvents::patchElementsSplitsMultiLineElements()
{
    QFETCH(QString, elements);
    QFETCH(QByteArray, expected);
    const Event event = datastar::patchElements(elements);
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QVERIFY(sameBytes(event, expected));
    // Whatever the payload, no bare CR reaches the stream (the client would end a line there).
    QVERIFY(!event.toSse().contains('\r'));
}

void TestEvents::patchElementsKeepsUtf8()
{
    const Event event = datastar::patchElements(QStringLiteral("<p id=\"u\">Zoë · 日本 · 🙂</p>"));
    QVERIFY(sameBytes(
        event,
        sse({ "event: datastar-patch-elements", "data: elements <p id=\"u\">Zoë · 日本 · 🙂</p>" })));
}

void TestEvents::patchElementsRemoveWithSelectorNeedsNoElements()
{
    const Event event = datastar::patchElements(
        QString(), { .selector = QStringLiteral(".toast"), .mode = ElementPatchMode::Remove });
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QVERIFY(sameBytes(
        event, sse({ "event: datastar-patch-elements", "data: selector .toast", "data: mode remove" })));
    QCOMPARE(event, datastar::removeElements(QStringLiteral(".toast")));
}

void TestEvents::removeElementsBySelectorHasNoElementsLine()
{
    const Event event = datastar::removeElements(QStringLiteral("#notice"));
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QCOMPARE(event.type(), QByteArray("datastar-patch-elements"));
    QVERIFY(sameBytes(
        event, sse({ "event: datastar-patch-elements", "data: selector #notice", "data: mode remove" })));
}

void TestEvents::removeElementsByElements()
{
    const Event event
        = datastar::removeElements(QString(), QStringLiteral("<div id=\"a\"></div>\n<div id=\"b\"></div>"));
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QVERIFY(sameBytes(event,
                      sse({ "event: datastar-patch-elements", "data: mode remove",
                            "data: elements <div id=\"a\"></div>", "data: elements <div id=\"b\"></div>" })));
}

void TestEvents::removeElementsWithSelectorAndElements()
{
    const Event event
        = datastar::removeElements(QStringLiteral("#box"), QStringLiteral("<div id=\"box\"></div>"));
    QVERIFY(sameBytes(event,
                      sse({ "event: datastar-patch-elements", "data: selector #box", "data: mode remove",
                            "data: elements <div id=\"box\"></div>" })));
}

void TestEvents::removeElementsWritesItsOptions()
{
    const Event event = datastar::removeElements(
        QStringLiteral("#old"), {},
        { .useViewTransition = true, .eventId = QStringLiteral("r1"), .retryDuration = 5000ms });
    QVERIFY(sameBytes(event,
                      sse({ "event: datastar-patch-elements", "id: r1", "retry: 5000", "data: selector #old",
                            "data: mode remove", "data: useViewTransition true" })));
}

void TestEvents::patchSignalsWritesCompactJson()
{
    const QJsonObject patch { { QStringLiteral("count"), 1 },
                              { QStringLiteral("user"),
                                QJsonObject { { QStringLiteral("name"), QStringLiteral("Zoë") } } },
                              { QStringLiteral("gone"), QJsonValue::Null },
                              { QStringLiteral("tags"), QJsonArray { QStringLiteral("a"), true } } };
    const Event event = datastar::patchSignals(patch);
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QCOMPARE(event.type(), QByteArray("datastar-patch-signals"));
    QVERIFY(
        sameBytes(event,
                  sse({ "event: datastar-patch-signals",
                        "data: signals "
                        "{\"count\":1,\"gone\":null,\"tags\":[\"a\",true],\"user\":{\"name\":\"Zoë\"}}" })));
}

void TestEvents::patchSignalsKeepsEscapedNewlinesOnOneLine()
{
    const Event event
        = datastar::patchSignals({ { QStringLiteral("text"), QStringLiteral("line 1\nline 2\r\n") } });
    QVERIFY(sameBytes(
        event,
        sse({ "event: datastar-patch-signals", "data: signals {\"text\":\"line 1\\nline 2\\r\\n\"}" })));
}

void TestEvents::patchSignalsWritesOnlyIfMissingBeforeSignals()
{
    const Event event = datastar::patchSignals({ { QStringLiteral("a"), 1 } }, { .onlyIfMissing = true });
    QVERIFY(sameBytes(
        event,
        sse({ "event: datastar-patch-signals", "data: onlyIfMissing true", "data: signals {\"a\":1}" })));
    const Event withDefault
        = datastar::patchSignals({ { QStringLiteral("a"), 1 } }, { .onlyIfMissing = false });
    QVERIFY(sameBytes(withDefault, sse({ "event: datastar-patch-signals", "data: signals {\"a\":1}" })));
}

void TestEvents::patchSignalsWritesIdAndRetry()
{
    const Event event = datastar::patchSignals(
        { { QStringLiteral("a"), 1 } },
        { .onlyIfMissing = true, .eventId = QStringLiteral("s9"), .retryDuration = 250ms });
    QVERIFY(sameBytes(event,
                      sse({ "event: datastar-patch-signals", "id: s9", "retry: 250",
                            "data: onlyIfMissing true", "data: signals {\"a\":1}" })));
}

void TestEvents::patchSignalsRawSendsTextAsIs()
{
    const Event event = datastar::patchSignalsRaw(QStringLiteral("{count: 1, 'b': [1, 2]}"));
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QCOMPARE(event.type(), QByteArray("datastar-patch-signals"));
    QVERIFY(
        sameBytes(event, sse({ "event: datastar-patch-signals", "data: signals {count: 1, 'b': [1, 2]}" })));
}

void TestEvents::patchSignalsRawSplitsMultiLineText()
{
    const QByteArray expected
        = sse({ "event: datastar-patch-signals", "data: onlyIfMissing true", "data: signals {",
                "data: signals   \"a\": 1,", "data: signals   \"b\": {\"c\": 2}", "data: signals }" });
    QVERIFY(sameBytes(datastar::patchSignalsRaw(QStringLiteral("{\n  \"a\": 1,\n  \"b\": {\"c\": 2}\n}"),
                                                { .onlyIfMissing = true }),
                      expected));
    QVERIFY(sameBytes(datastar::patchSignalsRaw(QStringLiteral("{\r\n  \"a\": 1,\r  \"b\": {\"c\": 2}\r\n}"),
                                                { .onlyIfMissing = true }),
                      expected));
}

void TestEvents::removeSignalsSetsPathsToNull_data()
{
    QTest::addColumn<QStringList>("paths");
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("one") << QStringList { QStringLiteral("one") }
                         << QByteArray("data: signals {\"one\":null}");
    QTest::newRow("top and nested") << QStringList { QStringLiteral("one"), QStringLiteral("two.alpha") }
                                    << QByteArray("data: signals {\"one\":null,\"two\":{\"alpha\":null}}");
    QTest::newRow("shared prefix") << QStringList {
        QStringLiteral("count"), QStringLiteral("user.email"), QStringLiteral("user.name")
    } << QByteArray("data: signals {\"count\":null,\"user\":{\"email\":null,\"name\":null}}");
    QTest::newRow("deep shared prefix")
        << QStringList { QStringLiteral("a.b.c"), QStringLiteral("a.b.d"), QStringLiteral("a.e") }
        << QByteArray("data: signals {\"a\":{\"b\":{\"c\":null,\"d\":null},\"e\":null}}");
    // A null removes everything below it, whichever path comes first.
    QTest::newRow("parent after child")
        << QStringList { QStringLiteral("a.b.c"), QStringLiteral("x"), QStringLiteral("a.b") }
        << QByteArray("data: signals {\"a\":{\"b\":null},\"x\":null}");
    QTest::newRow("child after parent")
        << QStringList { QStringLiteral("a"), QStringLiteral("a.b"), QStringLiteral("a.b.c") }
        << QByteArray("data: signals {\"a\":null}");
    QTest::newRow("repeated path") << QStringList { QStringLiteral("a.b"), QStringLiteral("a.b") }
                                   << QByteArray("data: signals {\"a\":{\"b\":null}}");
    QTest::newRow("keys sorted, escaped")
        << QStringList { QStringLiteral("z"), QStringLiteral("q\"uote.\u00e9"), QStringLiteral("B") }
        << QByteArray("data: signals {\"B\":null,\"q\\\"uote\":{\"\xc3\xa9\":null},\"z\":null}");
}

void TestEvents::removeSignalsSetsPathsToNull()
{
    QFETCH(QStringList, paths);
    QFETCH(QByteArray, line);
    const Event event = datastar::removeSignals(paths);
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QCOMPARE(event.type(), QByteArray("datastar-patch-signals"));
    QVERIFY(sameBytes(event, sse({ "event: datastar-patch-signals", line.constData() })));
}

void TestEvents::removeSignalsWritesOptions()
{
    const Event event = datastar::removeSignals(
        { QStringLiteral("x") },
        { .onlyIfMissing = false, .eventId = QStringLiteral("rm"), .retryDuration = 2000ms });
    QVERIFY(sameBytes(
        event,
        sse({ "event: datastar-patch-signals", "id: rm", "retry: 2000", "data: signals {\"x\":null}" })));
}

namespace {

// "s1.s2...sN"
QString pathOfDepth(int depth)
{
    QStringList segments;
    for (int i = 1; i <= depth; ++i)
        segments.append(QStringLiteral("s%1").arg(i));
    return segments.join(u'.');
}

// "p.s0" ... "p.s<count - 1>" and the signals line removeSignals() writes for them (keys sorted).
std::pair<QStringList, QByteArray> pathsUnderOneParent(int count)
{
    QStringList paths;
    QByteArrayList members;
    for (int i = 0; i < count; ++i) {
        paths.append(QStringLiteral("p.s%1").arg(i));
        members.append("\"s" + QByteArray::number(i) + "\":null");
    }
    std::sort(members.begin(), members.end());
    return { paths, "data: signals {\"p\":{" + members.join(',') + "}}" };
}

} // namespace

// The audit's crash: one path of 20,000 segments nested the patch 20,000 deep, and Qt's JSON writer (and the
// builder) recursed once per level until the stack ran out.
void TestEvents::removeSignalsRefusesAPathOverTheDepthLimit()
{
    QCOMPARE(datastar::SignalPathLimits {}.maxDepth, qsizetype(32));
    const QString deep = QStringLiteral("a.").repeated(19'999) + u'a';
    const Event event = datastar::removeSignals({ QStringLiteral("ok"), deep });
    QVERIFY(!event.isValid());
    QVERIFY(event.toSse().isEmpty());
    QVERIFY2(event.errorString().startsWith(QStringLiteral("removeSignals: path 'a.a.a.")),
             qPrintable(event.errorString()));
    QVERIFY2(event.errorString().endsWith(QStringLiteral("' has 20000 segments, over the limit of 32")),
             qPrintable(event.errorString()));
    QVERIFY2(event.errorString().size() < 200, "the message quotes only the start of a long path");

    const Event oneOver = datastar::removeSignals({ pathOfDepth(33) });
    QVERIFY(!oneOver.isValid());
    QVERIFY2(oneOver.errorString().contains(QStringLiteral("has 33 segments, over the limit of 32")),
             qPrintable(oneOver.errorString()));
}

void TestEvents::removeSignalsAcceptsAPathAtTheDepthLimit()
{
    QByteArray json;
    for (int i = 1; i <= 32; ++i)
        json += "{\"s" + QByteArray::number(i) + "\":";
    json += "null" + QByteArray(32, '}');
    const Event event = datastar::removeSignals({ pathOfDepth(32) });
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QVERIFY(
        sameBytes(event, sse({ "event: datastar-patch-signals", ("data: signals " + json).constData() })));

    // A limit of the caller's own: at it works, over it says so.
    const datastar::SignalPathLimits two { .maxDepth = 2 };
    QVERIFY(datastar::removeSignals({ QStringLiteral("a.b"), QStringLiteral("c") }, {}, two).isValid());
    const Event over = datastar::removeSignals({ QStringLiteral("a.b.c") }, {}, two);
    QCOMPARE(over.errorString(),
             QStringLiteral("removeSignals: path 'a.b.c' has 3 segments, over the limit of 2"));
}

void TestEvents::removeSignalsRefusesMorePathsThanTheLimit()
{
    QCOMPARE(datastar::SignalPathLimits {}.maxPaths, qsizetype(10'000));
    const auto [atLimit, line] = pathsUnderOneParent(10'000);
    const Event accepted = datastar::removeSignals(atLimit);
    QVERIFY2(accepted.isValid(), qPrintable(accepted.errorString()));
    QVERIFY(sameBytes(accepted, sse({ "event: datastar-patch-signals", line.constData() })));

    // The audit's stall: 80,000 paths under one parent.
    const Event refused = datastar::removeSignals(pathsUnderOneParent(80'000).first);
    QVERIFY(!refused.isValid());
    QCOMPARE(refused.errorString(), QStringLiteral("removeSignals: 80000 paths, over the limit of 10000"));

    const Event custom = datastar::removeSignals(
        { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }, {}, { .maxPaths = 2 });
    QCOMPARE(custom.errorString(), QStringLiteral("removeSignals: 3 paths, over the limit of 2"));
}

// With the limit raised, 80,000 paths under one parent are built in one pass: building them by copying the
// parent object for each path took minutes.
void TestEvents::removeSignalsBuildsManyPathsUnderOneParent()
{
    const auto [paths, line] = pathsUnderOneParent(80'000);
    const Event event
        = datastar::removeSignals(paths, { .eventId = QStringLiteral("many") }, { .maxPaths = 80'000 });
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QVERIFY(event.toSse() == sse({ "event: datastar-patch-signals", "id: many", line.constData() }));
}

void TestEvents::removeSignalsCountsPathBytesAsUtf8()
{
    // é is two bytes in UTF-8, U+1F600 four (one surrogate pair), "a" one.
    const datastar::SignalPathLimits four { .maxBytes = 4 };
    QVERIFY(
        datastar::removeSignals({ QStringLiteral("\u00e9"), QStringLiteral("\u00e9") }, {}, four).isValid());
    QVERIFY(datastar::removeSignals({ QStringLiteral("\U0001F600") }, {}, four).isValid());
    QVERIFY(datastar::removeSignals({ QStringLiteral("a.\u00e9") }, {}, four).isValid());
    const Event over
        = datastar::removeSignals({ QStringLiteral("\u00e9\u00e9"), QStringLiteral("a") }, {}, four);
    QCOMPARE(over.errorString(),
             QStringLiteral("removeSignals: the paths are 5 bytes together, over the limit of 4"));
}

void TestEvents::removeSignalsRefusesPathsOverTheByteLimit()
{
    QCOMPARE(datastar::SignalPathLimits {}.maxBytes, qsizetype(1024 * 1024));
    const QString half(512 * 1024, u'x');
    const Event atLimit = datastar::removeSignals({ half, QString(512 * 1024 - 1, u'x') + u'y' });
    QVERIFY2(atLimit.isValid(), qPrintable(atLimit.errorString()));
    const Event over = datastar::removeSignals({ half, half + u'y' });
    QVERIFY(!over.isValid());
    QCOMPARE(
        over.errorString(),
        QStringLiteral("removeSignals: the paths are 1048577 bytes together, over the limit of 1048576"));
}

// PROTOCOL.md section 5: `mode append`, `selector body`, then the elements line(s).
void TestEvents::executeScriptAppendsScriptToBody()
{
    const Event event = datastar::executeScript(QStringLiteral("console.log('hi')"));
    QVERIFY2(event.isValid(), qPrintable(event.errorString()));
    QCOMPARE(event.type(), QByteArray("datastar-patch-elements"));
    QVERIFY(sameBytesAnyKeyOrder(
        event,
        sse({ "event: datastar-patch-elements", "data: mode append", "data: selector body",
              "data: elements <script data-effect=\"el.remove()\">console.log('hi')</script>" })));
}

// PROTOCOL.md section 5 gives the order: `mode append`, `selector body`, then the elements line(s).
void TestEvents::executeScriptWritesModeBeforeSelector()
{
    QVERIFY(
        sameBytes(datastar::executeScript(QStringLiteral("console.log('hi')")),
                  sse({ "event: datastar-patch-elements", "data: mode append", "data: selector body",
                        "data: elements <script data-effect=\"el.remove()\">console.log('hi')</script>" })));
}

void TestEvents::executeScriptWithoutAutoRemove()
{
    const Event event = datastar::executeScript(QStringLiteral("go()"), { .autoRemove = false });
    QVERIFY(sameBytesAnyKeyOrder(event,
                                 sse({ "event: datastar-patch-elements", "data: mode append",
                                       "data: selector body", "data: elements <script>go()</script>" })));
}

void TestEvents::executeScriptWritesAttributesInOrderEscaped()
{
    const datastar::ExecuteScriptOptions withRemove {
        .attributes = { { QStringLiteral("type"), QStringLiteral("module") },
                        { QStringLiteral("nonce"), QStringLiteral("a&b\"c<d>") } },
    };
    QVERIFY(sameBytesAnyKeyOrder(
        datastar::executeScript(QStringLiteral("run()"), withRemove),
        sse({ "event: datastar-patch-elements", "data: mode append", "data: selector body",
              "data: elements <script type=\"module\" nonce=\"a&amp;b&quot;c&lt;d&gt;\" "
              "data-effect=\"el.remove()\">run()</script>" })));

    datastar::ExecuteScriptOptions withoutRemove = withRemove;
    withoutRemove.autoRemove = false;
    std::swap(withoutRemove.attributes[0], withoutRemove.attributes[1]);
    QVERIFY(sameBytesAnyKeyOrder(
        datastar::executeScript(QStringLiteral("run()"), withoutRemove),
        sse({ "event: datastar-patch-elements", "data: mode append", "data: selector body",
              "data: elements <script nonce=\"a&amp;b&quot;c&lt;d&gt;\" type=\"module\">run()</script>" })));
}

void TestEvents::executeScriptSplitsMultiLineScript()
{
    const QByteArray expected
        = sse({ "event: datastar-patch-elements", "data: mode append", "data: selector body",
                "data: elements <script data-effect=\"el.remove()\">if (ready) {",
                "data: elements   start();", "data: elements }</script>" });
    QVERIFY(sameBytesAnyKeyOrder(datastar::executeScript(QStringLiteral("if (ready) {\n  start();\n}")),
                                 expected));
    QVERIFY(sameBytesAnyKeyOrder(datastar::executeScript(QStringLiteral("if (ready) {\r\n  start();\r}")),
                                 expected));
}

void TestEvents::executeScriptWritesIdAndRetry()
{
    const Event event = datastar::executeScript(
        QStringLiteral("x()"),
        { .autoRemove = false, .eventId = QStringLiteral("js1"), .retryDuration = 100ms });
    QVERIFY(sameBytesAnyKeyOrder(
        event,
        sse({ "event: datastar-patch-elements", "id: js1", "retry: 100", "data: mode append",
              "data: selector body", "data: elements <script>x()</script>" })));
}

void TestEvents::invalidArgumentsGiveInvalidEvent_data()
{
    QTest::addColumn<Event>("event");
    const QString div = QStringLiteral("<div id=\"d\"></div>");
    QTest::newRow("patchElements empty") << datastar::patchElements(QString());
    QTest::newRow("patchElements blank") << datastar::patchElements(QStringLiteral("  \n\t "));
    QTest::newRow("patchElements remove without selector or elements")
        << datastar::patchElements(QString(), { .mode = ElementPatchMode::Remove });
    QTest::newRow("patchElements blank with selector, not remove") << datastar::patchElements(
        QString(), { .selector = QStringLiteral("#a"), .mode = ElementPatchMode::Inner });
    QTest::newRow("patchElements selector with LF")
        << datastar::patchElements(div, { .selector = QStringLiteral("#a\n#b") });
    QTest::newRow("patchElements selector with CR")
        << datastar::patchElements(div, { .selector = QStringLiteral("#a\r#b") });
    QTest::newRow("patchElements eventId with LF")
        << datastar::patchElements(div, { .eventId = QStringLiteral("1\n2") });
    QTest::newRow("patchElements eventId with CR")
        << datastar::patchElements(div, { .eventId = QStringLiteral("1\r") });
    QTest::newRow("removeElements nothing") << datastar::removeElements(QString(), QString());
    QTest::newRow("removeElements selector with LF") << datastar::removeElements(QStringLiteral("#a\n#b"));
    QTest::newRow("removeElements eventId with LF")
        << datastar::removeElements(QStringLiteral("#a"), {}, { .eventId = QStringLiteral("x\ny") });
    QTest::newRow("patchSignals empty object") << datastar::patchSignals(QJsonObject());
    QTest::newRow("patchSignals eventId with LF")
        << datastar::patchSignals({ { QStringLiteral("a"), 1 } }, { .eventId = QStringLiteral("a\nb") });
    QTest::newRow("patchSignalsRaw empty") << datastar::patchSignalsRaw(QString());
    QTest::newRow("patchSignalsRaw blank") << datastar::patchSignalsRaw(QStringLiteral(" \r\n "));
    QTest::newRow("removeSignals no paths") << datastar::removeSignals({});
    QTest::newRow("removeSignals empty path") << datastar::removeSignals({ QString() });
    QTest::newRow("removeSignals empty middle segment")
        << datastar::removeSignals({ QStringLiteral("a..b") });
    QTest::newRow("removeSignals leading dot") << datastar::removeSignals({ QStringLiteral(".a") });
    QTest::newRow("removeSignals trailing dot") << datastar::removeSignals({ QStringLiteral("a.") });
    QTest::newRow("removeSignals one bad among good") << datastar::removeSignals(
        { QStringLiteral("ok"), QStringLiteral("also.ok"), QStringLiteral("bad.") });
    QTest::newRow("removeSignals too deep")
        << datastar::removeSignals({ QStringLiteral("a.b.c") }, {}, { .maxDepth = 2 });
    QTest::newRow("removeSignals too many")
        << datastar::removeSignals({ QStringLiteral("a"), QStringLiteral("b") }, {}, { .maxPaths = 1 });
    QTest::newRow("removeSignals too many bytes")
        << datastar::removeSignals({ QStringLiteral("abc") }, {}, { .maxBytes = 2 });
    QTest::newRow("executeScript empty") << datastar::executeScript(QString());
    QTest::newRow("executeScript blank") << datastar::executeScript(QStringLiteral("\n  "));
    QTest::newRow("executeScript eventId with LF")
        << datastar::executeScript(QStringLiteral("x()"), { .eventId = QStringLiteral("a\nb") });
}

void TestEvents::invalidArgumentsGiveInvalidEvent()
{
    QFETCH(Event, event);
    QVERIFY(!event.isValid());
    QVERIFY2(!event.errorString().trimmed().isEmpty(), "an invalid event says why");
    QVERIFY(event.toSse().isEmpty());
}

void TestEvents::defaultEventIsInvalid()
{
    const Event event;
    QVERIFY(!event.isValid());
    QVERIFY(!event.errorString().isEmpty());
    QVERIFY(event.toSse().isEmpty());
}

void TestEvents::eventsCompareByValue()
{
    const QString html = QStringLiteral("<div id=\"a\">1</div>");
    QCOMPARE(datastar::patchElements(html), datastar::patchElements(html));
    QCOMPARE(datastar::patchElements(html, { .eventId = QStringLiteral("1") }),
             datastar::patchElements(html, { .eventId = QStringLiteral("1") }));
    QVERIFY(datastar::patchElements(html)
            != datastar::patchElements(QStringLiteral("<div id=\"a\">2</div>")));
    QVERIFY(datastar::patchElements(html)
            != datastar::patchElements(html, { .mode = ElementPatchMode::Inner }));
    QVERIFY(datastar::patchElements(html, { .eventId = QStringLiteral("1") })
            != datastar::patchElements(html, { .eventId = QStringLiteral("2") }));
    QCOMPARE(datastar::patchSignals({ { QStringLiteral("a"), 1 } }),
             datastar::patchSignals({ { QStringLiteral("a"), 1 } }));
    QVERIFY(datastar::patchSignals({ { QStringLiteral("a"), 1 } })
            != datastar::patchSignals({ { QStringLiteral("a"), 2 } }));
    QVERIFY(datastar::patchSignals({ { QStringLiteral("a"), 1 } }) != datastar::patchElements(html));
    QCOMPARE(datastar::removeSignals({ QStringLiteral("x.y") }),
             datastar::patchSignals(
                 { { QStringLiteral("x"), QJsonObject { { QStringLiteral("y"), QJsonValue::Null } } } }));
}

void TestEvents::withIdAddsReplacesAndRemovesTheIdLine()
{
    const Event plain = datastar::patchSignals({ { QStringLiteral("n"), 1 } },
                                               { .retryDuration = std::chrono::milliseconds(2000) });
    const Event withId = plain.withId(QStringLiteral("run-7"));
    QVERIFY(sameBytes(
        withId,
        sse({ "event: datastar-patch-signals", "id: run-7", "retry: 2000", "data: signals {\"n\":1}" })));
    QCOMPARE(withId.id(), QStringLiteral("run-7"));

    const Event replaced = withId.withId(QStringLiteral("run-8"));
    QVERIFY(sameBytes(
        replaced,
        sse({ "event: datastar-patch-signals", "id: run-8", "retry: 2000", "data: signals {\"n\":1}" })));
    QCOMPARE(replaced.withId(QString()), plain);
    QCOMPARE(
        datastar::patchElements(QStringLiteral("<p id=\"a\">x</p>"), { .eventId = QStringLiteral("old") })
            .withId(QStringLiteral("new")),
        datastar::patchElements(QStringLiteral("<p id=\"a\">x</p>"), { .eventId = QStringLiteral("new") }));
}

void TestEvents::withIdRefusesLineBreaksAndKeepsInvalidEventsInvalid()
{
    const Event event = datastar::patchSignals({ { QStringLiteral("n"), 1 } });
    const Event broken = event.withId(QStringLiteral("a\nevent: forged"));
    QVERIFY(!broken.isValid());
    QVERIFY(broken.errorString().contains(QStringLiteral("line break")));
    QVERIFY(broken.toSse().isEmpty());
    QVERIFY(!Event().withId(QStringLiteral("1")).isValid());
    QVERIFY(!datastar::patchSignals({}).withId(QStringLiteral("1")).isValid());
}

void TestEvents::copiesShareBytes()
{
    const Event original
        = datastar::patchElements(QStringLiteral("<div id=\"big\">%1</div>").arg(QString(10000, u'x')));
    const Event copy = original; // NOLINT(performance-unnecessary-copy-initialization)
    QCOMPARE(copy, original);
    QVERIFY(copy.toSse().isSharedWith(original.toSse()));
    QVERIFY(original.toSse().isSharedWith(original.toSse()));
}

void TestEvents::eventReportsTypeAndId()
{
    const Event elements
        = datastar::patchElements(QStringLiteral("<a id=\"a\"></a>"), { .eventId = QStringLiteral("e-1") });
    QCOMPARE(elements.type(), QByteArray("datastar-patch-elements"));
    QCOMPARE(elements.id(), QStringLiteral("e-1"));
    const Event signalsEvent = datastar::patchSignals({ { QStringLiteral("a"), 1 } });
    QCOMPARE(signalsEvent.type(), QByteArray("datastar-patch-signals"));
    QVERIFY(signalsEvent.id().isEmpty());
    QCOMPARE(datastar::executeScript(QStringLiteral("x()"), { .eventId = QStringLiteral("s") }).id(),
             QStringLiteral("s"));
}

void TestEvents::patchModeNamesRoundTrip()
{
    const QList<QPair<ElementPatchMode, QString>> modes {
        { ElementPatchMode::Outer, QStringLiteral("outer") },
        { ElementPatchMode::Inner, QStringLiteral("inner") },
        { ElementPatchMode::Replace, QStringLiteral("replace") },
        { ElementPatchMode::Prepend, QStringLiteral("prepend") },
        { ElementPatchMode::Append, QStringLiteral("append") },
        { ElementPatchMode::Before, QStringLiteral("before") },
        { ElementPatchMode::After, QStringLiteral("after") },
        { ElementPatchMode::Remove, QStringLiteral("remove") },
    };
    for (const auto &[mode, name] : modes) {
        QCOMPARE(datastar::toName(mode), name);
        const auto parsed = datastar::elementPatchModeFromName(name);
        QVERIFY2(parsed.has_value(), qPrintable(name));
        QCOMPARE(*parsed, mode);
    }
}

void TestEvents::namespaceNamesRoundTrip()
{
    const QList<QPair<ElementNamespace, QString>> namespaces {
        { ElementNamespace::Html, QStringLiteral("html") },
        { ElementNamespace::Svg, QStringLiteral("svg") },
        { ElementNamespace::MathMl, QStringLiteral("mathml") },
    };
    for (const auto &[ns, name] : namespaces) {
        QCOMPARE(datastar::toName(ns), name);
        const auto parsed = datastar::elementNamespaceFromName(name);
        QVERIFY2(parsed.has_value(), qPrintable(name));
        QCOMPARE(*parsed, ns);
    }
}

void TestEvents::unknownNamesAreRejected()
{
    for (const QString &name : { QString(), QStringLiteral("sideways"), QStringLiteral("outer "),
                                 QStringLiteral("morph"), QStringLiteral("html") })
        QVERIFY2(!datastar::elementPatchModeFromName(name).has_value(), qPrintable(name));
    for (const QString &name : { QString(), QStringLiteral("xml"), QStringLiteral("svg "),
                                 QStringLiteral("math"), QStringLiteral("outer") })
        QVERIFY2(!datastar::elementNamespaceFromName(name).has_value(), qPrintable(name));
}

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_sseevents.moc"
