// The multipart/form-data parser on fuzzed bodies. The first byte picks the limits and the mode:
//   raw    the rest is a body (after a fuzzed Content-Type, sometimes): a refusal is 400, 413 or 415 with a
//          message and no parts; an accepted body's parts stay within the limits and the body's size, no
//          content holds the boundary, and the same contents framed again parse back the same;
//   built  the rest describes parts (names, file names, contents), framed as a browser frames them: the
//   parser
//          accepts them and gives back exactly what was framed, unless a content holds the boundary.
#include "fuzzinput.h"

#include <multipartparser_p.h>

namespace {

using starling::detail::MultipartLimits;
using starling::detail::MultipartParser;
using starling::detail::MultipartPart;

const QByteArray Boundary = "----FuzzBoundary7MA4YWxkTrZu0gW";
const QByteArray ContentType = "multipart/form-data; boundary=" + Boundary;

struct Framed
{
    QByteArray name; // raw bytes, before the HTML escapes
    std::optional<QByteArray> fileName;
    QByteArray content;
};

// A name as a browser writes it: '"', CR and LF escaped, nothing else; names here hold no '%' and no other
// control character, so that the escapes read back unambiguously.
QByteArray escaped(const QByteArray &name)
{
    QByteArray out;
    for (char c : name) {
        if (c == '"')
            out += "%22";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else
            out += c;
    }
    return out;
}

QByteArray frame(const QList<Framed> &parts)
{
    QByteArray body;
    for (const Framed &part : parts) {
        body += "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"" + escaped(part.name) + '"';
        if (part.fileName)
            body
                += "; filename=\"" + escaped(*part.fileName) + "\"\r\nContent-Type: application/octet-stream";
        body += "\r\n\r\n" + part.content + "\r\n";
    }
    return body + "--" + Boundary + "--\r\n";
}

// Bytes for a name: no '%', and no control character other than CR and LF (which get escaped).
QByteArray consumeName(FuzzedDataProvider &in)
{
    QByteArray name = fuzz::toByteArray(in.ConsumeRandomLengthString(40));
    for (char &c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '%' || ((byte < 0x20 || byte == 0x7f) && c != '\r' && c != '\n'))
            c = '_';
    }
    return name;
}

void checkRaw(const MultipartLimits &limits, const QByteArray &contentType, const QByteArray &body)
{
    MultipartParser parser(limits);
    if (!parser.parse(contentType, body)) {
        const int status = parser.errorStatus();
        FUZZ_CHECK(status == 400 || status == 413 || status == 415);
        FUZZ_CHECK(!parser.errorString().isEmpty());
        FUZZ_CHECK(parser.parts().isEmpty());
        return;
    }
    FUZZ_CHECK(parser.errorStatus() == 0);
    const QList<MultipartPart> parts = parser.parts();
    FUZZ_CHECK(parts.size() <= limits.maxParts);
    const std::optional<QByteArray> boundary = MultipartParser::boundary(contentType);
    FUZZ_CHECK(boundary.has_value());
    const QByteArray delimiter = "\r\n--" + *boundary;
    qsizetype total = 0;
    QList<Framed> again;
    for (const MultipartPart &part : parts) {
        FUZZ_CHECK(!part.content.contains(delimiter));
        FUZZ_CHECK(!part.content.startsWith("--" + *boundary));
        total += part.content.size();
        again.append({ "n", std::nullopt, part.content });
    }
    FUZZ_CHECK(total <= body.size());

    // The contents framed again with the harness's own boundary read back the same, whatever else the
    // original parts carried; unless a content holds that boundary.
    const QByteArray ownDelimiter = "\r\n--" + Boundary;
    for (const Framed &part : again) {
        if (part.content.contains(ownDelimiter) || part.content.startsWith("--" + Boundary))
            return;
    }
    MultipartParser reparser(limits);
    FUZZ_CHECK(reparser.parse(ContentType, frame(again)));
    FUZZ_CHECK(reparser.parts().size() == parts.size());
    for (qsizetype i = 0; i < parts.size(); ++i)
        FUZZ_CHECK(reparser.parts()[i].content == parts[i].content);
}

void checkBuilt(const MultipartLimits &limits, FuzzedDataProvider &in)
{
    QList<Framed> parts;
    const int count = in.ConsumeIntegralInRange<int>(0, 8);
    bool holdsBoundary = false;
    for (int i = 0; i < count; ++i) {
        Framed part;
        part.name = consumeName(in);
        if (in.ConsumeBool())
            part.fileName = consumeName(in);
        part.content = fuzz::toByteArray(in.ConsumeRandomLengthString(200));
        holdsBoundary = holdsBoundary || part.content.contains("\r\n--" + Boundary)
            || part.content.startsWith("--" + Boundary);
        parts.append(part);
    }
    MultipartParser parser(limits);
    const bool accepted = parser.parse(ContentType, frame(parts));
    if (holdsBoundary)
        return; // a content that holds the boundary makes another framing; checkRaw covers it
    qsizetype longestHead = 0;
    for (const Framed &part : parts) {
        QByteArray head = "Content-Disposition: form-data; name=\"" + escaped(part.name) + '"';
        if (part.fileName)
            head
                += "; filename=\"" + escaped(*part.fileName) + "\"\r\nContent-Type: application/octet-stream";
        longestHead = std::max(longestHead, head.size() + 2);
    }
    if (parts.size() > limits.maxParts || longestHead > limits.maxHeaderBytes) {
        FUZZ_CHECK(!accepted && parser.errorStatus() == 413);
        return;
    }
    FUZZ_CHECK(accepted);
    FUZZ_CHECK(parser.parts().size() == parts.size());
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const MultipartPart &read = parser.parts()[i];
        FUZZ_CHECK(read.name == QString::fromUtf8(parts[i].name));
        FUZZ_CHECK(read.fileName.has_value() == parts[i].fileName.has_value());
        if (read.fileName)
            FUZZ_CHECK(*read.fileName == QString::fromUtf8(*parts[i].fileName));
        FUZZ_CHECK(read.content == parts[i].content);
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::quietLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider in(data, size);
    const uint8_t selector = in.ConsumeIntegral<uint8_t>();
    MultipartLimits limits;
    if (selector & 0x1) { // small limits, so that short inputs reach them
        limits.maxParts = 3;
        limits.maxHeaderBytes = 96;
    }
    switch ((selector >> 1) & 0x3) {
    case 0: // the body with the harness's Content-Type
        checkRaw(limits, ContentType, fuzz::toByteArray(in.ConsumeRemainingBytesAsString()));
        break;
    case 1: { // a fuzzed Content-Type, then the body
        const QByteArray contentType = fuzz::toByteArray(in.ConsumeRandomLengthString(120));
        checkRaw(limits, contentType, fuzz::toByteArray(in.ConsumeRemainingBytesAsString()));
        break;
    }
    default:
        checkBuilt(limits, in);
        break;
    }
    return 0;
}
