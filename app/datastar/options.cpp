#include <datastar/options.h>

#include <array>

namespace datastar {

namespace {

// Index = enumerator value: the protocol's exact strings.
constexpr std::array<QStringView, 8> ModeNames { u"outer",  u"inner",  u"replace", u"prepend",
                                                 u"append", u"before", u"after",   u"remove" };
constexpr std::array<QStringView, 3> NamespaceNames { u"html", u"svg", u"mathml" };

template<typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<QStringView, N> &names, QStringView name)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == name)
            return static_cast<Enum>(i);
    }
    return std::nullopt;
}

} // namespace

QString toName(ElementPatchMode mode)
{
    return ModeNames[static_cast<std::size_t>(mode)].toString();
}

QString toName(ElementNamespace ns)
{
    return NamespaceNames[static_cast<std::size_t>(ns)].toString();
}

std::optional<ElementPatchMode> elementPatchModeFromName(QStringView name)
{
    return fromName<ElementPatchMode>(ModeNames, name);
}

std::optional<ElementNamespace> elementNamespaceFromName(QStringView name)
{
    return fromName<ElementNamespace>(NamespaceNames, name);
}

} // namespace datastar
