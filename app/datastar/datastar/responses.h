// Plain (non-SSE) replies the Datastar client understands, for handlers that answer once.
#pragma once

#include <datastar/datastar_export.h>
#include <datastar/options.h>

#include <QHttpServerResponse>
#include <QJsonObject>
#include <QString>

namespace datastar {

struct HtmlResponseOptions
{
    QString selector {}; // `datastar-selector` header; empty: elements are matched by id
    ElementPatchMode mode = ElementPatchMode::Outer; // `datastar-mode` header, written when not Outer
    bool useViewTransition = false; // `datastar-use-view-transition: true`
};

struct SignalsResponseOptions
{
    bool onlyIfMissing = false; // `datastar-only-if-missing: true`
};

struct ScriptResponseOptions
{
    QList<ScriptAttribute> attributes {}; // `datastar-script-attributes` header, a JSON object
};

// `text/html; charset=utf-8`: the client patches the elements as patchElements() would.
DATASTAR_EXPORT QHttpServerResponse htmlResponse(const QString &elements,
                                                 const HtmlResponseOptions &options = {});

// `application/json`: the client merge-patches the object into its signals.
DATASTAR_EXPORT QHttpServerResponse signalsResponse(const QJsonObject &signalsPatch,
                                                    const SignalsResponseOptions &options = {});

// `text/javascript; charset=utf-8`: the client runs the script.
DATASTAR_EXPORT QHttpServerResponse scriptResponse(const QString &script,
                                                   const ScriptResponseOptions &options = {});

} // namespace datastar
