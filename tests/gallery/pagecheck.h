// What the tests that run the gallery's page check (pagecheck.js) share, whichever engine draws the page
// (tst_gallery_pages: QtWebEngine; tst_gallery_chromium: Chromium): the check, the window width, the colour
// schemes, the pages to check and what each must have loaded first, and the content that once widened pages.
// A test target embeds the check with qt_add_resources(<target> ... PREFIX "/" FILES pagecheck.js).
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace gallerytest::pagecheck {

// Every page is checked in a window this wide (CSS pixels).
inline constexpr int WindowWidth = 400;

// The check as a JS expression whose value is the list of problems found (sentences; empty: none). Empty
// when :/pagecheck.js is not embedded.
QString expression();

// "light" and "dark": every page is checked in both.
QStringList colourSchemes();

// The parameters of the DevTools call Emulation.setEmulatedMedia that makes `prefers-color-scheme` match
// `scheme`, and the JS condition true once the page sees it.
QJsonObject colourSchemeMedia(const QString &scheme);
QString colourSchemeMatches(const QString &scheme);

// A JS expression: "/" and the path of every entry the home page lists, in its order (evaluate on "/").
QString listedPaths();

// A JS condition true once the page at `path` shows what its stream brings (that belongs to the page too);
// "true" for pages without a stream.
QString loadedCondition(const QString &path);

// A word longer than any window is wide: messages and titles made of it must wrap, not widen the page.
QString longWord();

// JS conditions true once the CQRS board, the templates page and the to-do list show `text` as their last
// message, card and to-do.
QString cqrsShows(const QString &text);
QString templatesShow(const QString &text);
QString todoShows(const QString &text);
// The to-do list's last item's toggle, and a JS condition true once that item is done (a done item has its
// own colours to check).
QString lastTodoToggle();
QString lastTodoIsDone();

} // namespace gallerytest::pagecheck
