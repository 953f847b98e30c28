// Text the gallery keeps (a to-do's title, a board message, a card) holds no control characters: a raw NUL
// or escape sequence stored today is shown, copied and exported tomorrow.
#pragma once

#include <QString>
#include <QStringView>

namespace gallery {

// The message for `text` holding a control character (C0, DEL or C1, NUL included) other than tab, and
// other than newline when `multiLine`; empty when it holds none. `what` names the text ("A title").
inline QString controlCharacterError(QStringView text, const QString &what, bool multiLine = false)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.category() != QChar::Other_Control || c == u'\t' || (multiLine && c == u'\n'))
            continue;
        return QStringLiteral("%1 cannot contain control characters; character %2 is U+%3.")
            .arg(what)
            .arg(i + 1)
            .arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0'));
    }
    return {};
}

} // namespace gallery
