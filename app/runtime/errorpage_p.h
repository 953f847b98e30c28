// The HTML page a browser navigation gets instead of a bare refusal.
#pragma once

#include <starling/template.h>

#include <QString>

class QHttpServerRequest;

namespace starling::detail {

// Renders a refusal (a 4xx or 5xx status and its message) as a whole HTML page, with the app's template
// (Server::setErrorPage) or the runtime's own (:/starling/error.html: readable in light and dark, no external
// assets). The data: `status` (404), `reason` (the status's name, "Not Found"), `message`, `home` ("/") and
// `homeLabel` (the home link's text); Mustache's {{name}} escapes them. Main thread only.
class ErrorPage
{
public:
    ErrorPage();

    void setTemplate(const Template &page) { m_template = page; }
    // The page for `status` and `message`; the runtime's own when the app's template renders nothing
    // (invalid: logged).
    QString render(int status, const QString &message) const;

    // A top-level navigation (Sec-Fetch-Mode: navigate; without fetch metadata, an Accept that names
    // text/html), which shows its answer as the page itself.
    static bool isNavigation(const QHttpServerRequest &request);

private:
    Template m_template;
};

} // namespace starling::detail
