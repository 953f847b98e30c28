// The gallery's page check: one function expression, evaluated in a loaded page as `(<this file>)()`, that
// returns what is wrong with the page as it is drawn now, as a list of sentences (empty: nothing found).
// The QtWebEngine test (tst_gallery_pages) and the Chromium test run this same file. It looks for:
// - content wider than the window (the document scrolls sideways, or an element sticks out of the window or
//   out of its own box without being clipped);
// - a control without an accessible name (aria-labelledby, aria-label, a <label>, its own text, alt or title;
//   a placeholder does not count: it goes away as soon as one types);
// - a focusable element whose focus does not show (no outline or box shadow while :focus-visible);
// - text below WCAG AA contrast against what is behind it (4.5:1, or 3:1 for large text), a text field whose
//   edge stands out from its surroundings by less than 3:1, and a light page in the dark colour scheme.
// It moves the focus (and puts it back), nothing else.
(function starlingPageCheck() {
  const problems = [];
  const viewportWidth = document.documentElement.clientWidth;

  const describe = (el) => {
    let text = el.localName;
    if (el.id) text += `#${el.id}`;
    else if (el.classList.length) text += `.${[...el.classList].join('.')}`;
    const words = (el.textContent || '').trim().replace(/\s+/g, ' ');
    return words ? `${text} ("${words.slice(0, 40)}")` : text;
  };

  // Every element, shadow trees included.
  const allElements = (root = document) => {
    const list = [];
    for (const el of root.querySelectorAll('*')) {
      list.push(el);
      if (el.shadowRoot) list.push(...allElements(el.shadowRoot));
    }
    return list;
  };
  const elements = allElements().filter((el) => !el.closest('head'));

  const isRendered = (el) => {
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0 && getComputedStyle(el).visibility === 'visible';
  };

  // --- Width ------------------------------------------------------------------------------------------------
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`);
  }
  const clippedByAncestor = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of elements) {
    if (!isRendered(el) || clippedByAncestor(el)) continue;
    const rect = el.getBoundingClientRect();
    if (rect.right > viewportWidth + 1 || rect.left < -1) {
      problems.push(`${describe(el)} reaches from ${Math.round(rect.left)} to ${Math.round(rect.right)} px ` +
                    `in a ${viewportWidth} px window`);
      continue;
    }
    const style = getComputedStyle(el);
    const isBlock = !style.display.startsWith('inline') && style.display !== 'contents';
    // A form field scrolls its own text.
    const field = el.matches('input, textarea, select');
    if (isBlock && !field && style.overflowX === 'visible' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${describe(el)}: its content is ${el.scrollWidth} px wide in a ${el.clientWidth} px box`);
    }
  }

  // --- Accessible names -------------------------------------------------------------------------------------
  const controls = elements.filter((el) =>
    el.matches('a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], ' +
               '[role="link"], [role="checkbox"], [role="tab"], [tabindex]:not([tabindex="-1"])'));
  const textOf = (el) => (el ? (el.textContent || '').replace(/\s+/g, ' ').trim() : '');
  const accessibleName = (el) => {
    const labelledBy = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const byIds = labelledBy.map((id) => textOf(el.getRootNode().getElementById(id))).join(' ').trim();
    if (byIds) return byIds;
    const label = (el.getAttribute('aria-label') || '').trim();
    if (label) return label;
    if (el.labels && el.labels.length) {
      const names = [...el.labels].map(textOf).join(' ').trim();
      if (names) return names;
    }
    if (el.matches('input[type="submit"], input[type="button"], input[type="reset"]')) return el.value.trim();
    if (el.matches('input[type="image"], img')) return (el.getAttribute('alt') || '').trim();
    if (!el.matches('input, select, textarea')) {
      const own = textOf(el) || [...el.querySelectorAll('img[alt]')].map((img) => img.alt).join(' ').trim();
      if (own) return own;
    }
    return (el.getAttribute('title') || '').trim();
  };
  for (const el of controls) {
    if (!isRendered(el)) continue;
    if (!accessibleName(el)) problems.push(`${describe(el)} has no accessible name`);
  }

  // --- Visible focus ----------------------------------------------------------------------------------------
  const previouslyFocused = document.activeElement;
  for (const el of controls) {
    if (!isRendered(el) || el.disabled) continue;
    el.focus({ preventScroll: true });
    if (el.getRootNode().activeElement !== el) continue; // not focusable after all
    // Script focus shows like keyboard focus until the user clicks; after a click it counts as a mouse focus.
    if (!el.matches(':focus-visible')) continue;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    if (!outline && style.boxShadow === 'none') problems.push(`${describe(el)} shows no focus`);
  }
  if (previouslyFocused && previouslyFocused !== document.body) previouslyFocused.focus({ preventScroll: true });
  else if (document.activeElement) document.activeElement.blur();

  // --- Contrast ---------------------------------------------------------------------------------------------
  const parseColour = (text) => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(parseFloat);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  // The opaque colour behind el: its own background and its ancestors', layered, over the canvas.
  const canvas = () => {
    const scheme = getComputedStyle(document.documentElement).colorScheme;
    return scheme.includes('dark') && matchMedia('(prefers-color-scheme: dark)').matches
      ? { r: 18, g: 18, b: 18, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
  };
  const backgroundBehind = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement || (node.getRootNode().host ?? null)) {
      const colour = parseColour(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    return layers.reduceRight((below, layer) => over(layer, below), canvas());
  };
  const luminance = ({ r, g, b }) => {
    const channel = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const disabled = (el) => el.closest(':disabled, [aria-disabled="true"]') !== null;

  if (matchMedia('(prefers-color-scheme: dark)').matches && luminance(backgroundBehind(document.body)) > 0.2) {
    problems.push('the page stays light in the dark colour scheme');
  }
  for (const el of elements) {
    const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!ownText || !isRendered(el) || disabled(el) || el.closest('svg')) continue;
    const style = getComputedStyle(el);
    const background = backgroundBehind(el);
    const foreground = over(parseColour(style.color), background);
    const size = parseFloat(style.fontSize);
    const bold = parseInt(style.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const needed = large ? 3 : 4.5;
    const ratio = contrast(foreground, background);
    if (ratio < needed) {
      problems.push(`${describe(el)}: text contrast ${ratio.toFixed(2)}:1 (${style.color} on ` +
                    `rgb(${Math.round(background.r)}, ${Math.round(background.g)}, ${Math.round(background.b)})), ` +
                    `needs ${needed}:1`);
    }
  }
  for (const el of elements) {
    if (!el.matches('input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), select, textarea') ||
        !isRendered(el) || disabled(el)) continue;
    const style = getComputedStyle(el);
    const outside = backgroundBehind(el.parentElement);
    const inside = backgroundBehind(el);
    // The best of its fill against its surroundings and of any drawn side of its border (an underline will do).
    let edge = contrast(inside, outside);
    for (const side of ['Top', 'Right', 'Bottom', 'Left']) {
      if (parseFloat(style[`border${side}Width`]) > 0 && style[`border${side}Style`] !== 'none') {
        edge = Math.max(edge, contrast(over(parseColour(style[`border${side}Color`]), inside), outside));
      }
    }
    if (edge < 3) problems.push(`${describe(el)}: its edge contrast is ${edge.toFixed(2)}:1, needs 3:1`);
  }
  return problems;
})
