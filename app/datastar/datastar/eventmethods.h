// One method per Datastar event, shared by every type that can send events.
#pragma once

#include <datastar/event.h>

namespace datastar {

// Mixin: `Sink` provides `bool send(const Event &) const`; this adds patchElements(), patchSignals(), ...
// with the arguments of the free functions in event.h. Each returns what send() returns.
template<typename Sink> class EventMethods
{
public:
    bool patchElements(const QString &elements, const PatchElementsOptions &options = {}) const
    {
        return sink().send(datastar::patchElements(elements, options));
    }
    bool removeElements(const QString &selector, const QString &elements = {},
                        const RemoveElementsOptions &options = {}) const
    {
        return sink().send(datastar::removeElements(selector, elements, options));
    }
    bool patchSignals(const QJsonObject &signalsPatch, const PatchSignalsOptions &options = {}) const
    {
        return sink().send(datastar::patchSignals(signalsPatch, options));
    }
    bool patchSignalsRaw(const QString &signalsText, const PatchSignalsOptions &options = {}) const
    {
        return sink().send(datastar::patchSignalsRaw(signalsText, options));
    }
    bool removeSignals(const QStringList &paths, const PatchSignalsOptions &options = {},
                       const SignalPathLimits &limits = {}) const
    {
        return sink().send(datastar::removeSignals(paths, options, limits));
    }
    bool executeScript(const QString &script, const ExecuteScriptOptions &options = {}) const
    {
        return sink().send(datastar::executeScript(script, options));
    }

private:
    const Sink &sink() const { return static_cast<const Sink &>(*this); }
};

} // namespace datastar
