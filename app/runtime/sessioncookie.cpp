#include "cookies_p.h"
#include "sessioncookie_p.h"

#include <QRandomGenerator>

#include <algorithm>

namespace starling::detail {

namespace {

constexpr qsizetype IdLength = 22; // 16 bytes in base64url without padding

bool isWellFormed(QByteArrayView id)
{
    return id.size() == IdLength && std::all_of(id.cbegin(), id.cend(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                   || c == '_';
           });
}

} // namespace

QString SessionCookie::idOf(const QHttpServerRequest &request) const
{
    for (const QByteArray &id : cookieValues(request, name())) {
        if (isWellFormed(id))
            return QString::fromLatin1(id);
    }
    return {};
}

QString SessionCookie::newId()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray SessionCookie::setCookie(const QString &id) const
{
    return strictCookie(name(), id.toLatin1());
}

} // namespace starling::detail
