#include "jsonorder_p.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <optional>

namespace starling::conformance::detail {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A forward-only walk over JSON text that is known to be valid: it only needs to find where values start and
// end, so it checks little.
class Scanner
{
public:
    explicit Scanner(QByteArrayView text)
        : m_text(text)
    { }

    char peek()
    {
        skipSpace();
        return m_pos < m_text.size() ? m_text[m_pos] : '\0';
    }

    bool consume(char c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }

    std::optional<QString> string()
    {
        const qsizetype start = (skipSpace(), m_pos);
        if (!skipString())
            return std::nullopt;
        const QByteArrayView raw = m_text.sliced(start, m_pos - start);
        if (!raw.contains('\\'))
            return QString::fromUtf8(raw.sliced(1, raw.size() - 2));
        // Escapes: let Qt decode them, as it did when it parsed the whole document.
        const QByteArray wrapped = '[' + raw.toByteArray() + ']';
        return QJsonDocument::fromJson(wrapped).array().at(0).toString();
    }

    std::optional<QByteArrayView> value()
    {
        const char first = peek();
        const qsizetype start = m_pos;
        bool ok = true;
        if (first == '"') {
            ok = skipString();
        } else if (first == '{' || first == '[') {
            ok = skipContainer();
        } else {
            while (m_pos < m_text.size() && !isSpace(m_text[m_pos]) && m_text[m_pos] != ','
                   && m_text[m_pos] != '}' && m_text[m_pos] != ']')
                ++m_pos;
            ok = m_pos > start;
        }
        if (!ok)
            return std::nullopt;
        return m_text.sliced(start, m_pos - start);
    }

    // Calls member(key) for each member of the object here; member() must consume the value.
    template<typename Member> bool members(Member member)
    {
        if (!consume('{'))
            return false;
        if (consume('}'))
            return true;
        do {
            const std::optional<QString> key = string();
            if (!key || !consume(':') || !member(*key))
                return false;
        } while (consume(','));
        return consume('}');
    }

    // Calls element() for each element of the array here; element() must consume the value.
    template<typename Element> bool elements(Element element)
    {
        if (!consume('['))
            return false;
        if (consume(']'))
            return true;
        do {
            if (!element())
                return false;
        } while (consume(','));
        return consume(']');
    }

private:
    void skipSpace()
    {
        while (m_pos < m_text.size() && isSpace(m_text[m_pos]))
            ++m_pos;
    }

    bool skipString()
    {
        if (m_pos >= m_text.size() || m_text[m_pos] != '"')
            return false;
        ++m_pos;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '\\')
                ++m_pos;
            else if (c == '"')
                return true;
        }
        return false;
    }

    bool skipContainer()
    {
        int depth = 0;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '"') {
                if (!skipString())
                    return false;
                continue;
            }
            ++m_pos;
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return true;
            }
        }
        return false;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

} // namespace

QList<QHash<QString, QByteArrayView>> eventMembers(QByteArrayView json)
{
    QList<QHash<QString, QByteArrayView>> events;
    Scanner scanner(json);
    const bool ok = scanner.members([&](const QString &key) {
        if (key != u"events" || scanner.peek() != '[')
            return scanner.value().has_value();
        events.clear(); // a repeated key: the last one wins, as in QJsonObject
        return scanner.elements([&] {
            QHash<QString, QByteArrayView> members;
            if (scanner.peek() != '{') {
                events.append(members);
                return scanner.value().has_value();
            }
            const bool objectOk = scanner.members([&](const QString &name) {
                const std::optional<QByteArrayView> value = scanner.value();
                if (value)
                    members.insert(name, *value);
                return value.has_value();
            });
            events.append(members);
            return objectOk;
        });
    });
    if (!ok)
        return {};
    return events;
}

QStringList objectKeys(QByteArrayView objectText)
{
    QStringList keys;
    Scanner scanner(objectText);
    const bool ok = scanner.members([&](const QString &key) {
        keys.append(key);
        return scanner.value().has_value();
    });
    return ok ? keys : QStringList();
}

QByteArray compacted(QByteArrayView valueText)
{
    QByteArray out;
    out.reserve(valueText.size());
    bool inString = false;
    for (qsizetype i = 0; i < valueText.size(); ++i) {
        const char c = valueText[i];
        if (inString) {
            out.append(c);
            if (c == '\\' && i + 1 < valueText.size())
                out.append(valueText[++i]);
            else if (c == '"')
                inString = false;
        } else if (!isSpace(c)) {
            out.append(c);
            inString = c == '"';
        }
    }
    return out;
}

} // namespace starling::conformance::detail
