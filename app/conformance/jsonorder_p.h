// Reading back the order JSON was written in: QJsonObject sorts its keys, but the conformance contract
// expects script attributes (and signals) in the order the test wrote them.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace starling::conformance::detail {

// For each entry of the top-level object's `events` array: its members' raw JSON text by name (empty for an
// entry that is not an object). The text must already have parsed as JSON; anything unexpected gives an empty
// list, and callers then keep Qt's order.
QList<QHash<QString, QByteArrayView>> eventMembers(QByteArrayView json);

// The keys of the JSON object `objectText`, in written order; empty when it is not an object.
QStringList objectKeys(QByteArrayView objectText);

// `valueText` without the whitespace between tokens.
QByteArray compacted(QByteArrayView valueText);

} // namespace starling::conformance::detail
