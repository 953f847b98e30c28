// Applies what the server sends: `datastar-patch-elements` / `datastar-patch-signals` events and the
// text/html, application/json and text/javascript responses of backend actions (CLIENT.md §5, §6).
// Bad input never throws out of here: it is reported with console.error naming the event, and the page (and
// the stream that carried it) keeps working.

import { morph } from './morph.js';
import { mergePatch } from './signals.js';

const Modes = new Set(['outer', 'inner', 'replace', 'prepend', 'append', 'before', 'after', 'remove']);
const Namespaces = {
  html: null,
  svg: 'http://www.w3.org/2000/svg',
  mathml: 'http://www.w3.org/1998/Math/MathML',
};

function report(event, reason, details) {
  console.error(`datastar ${event}: ${reason}`, details === undefined ? '' : details);
}

// patchElements({elements, selector, mode, useViewTransition, namespace}); every value may be a string as it
// arrives on the wire. Returns true when the patch was applied.
export function patchElements(args = {}) {
  const event = 'datastar-patch-elements';
  try {
    const mode = (args.mode || 'outer').trim();
    const selector = (args.selector || '').trim();
    const namespace = (args.namespace || 'html').trim();
    const useViewTransition = args.useViewTransition === true || String(args.useViewTransition).trim() === 'true';
    const elements = args.elements || '';
    if (!Modes.has(mode)) {
      report(event, `InvalidPatchMode: unknown mode '${mode}'`);
      return false;
    }
    if (!Object.prototype.hasOwnProperty.call(Namespaces, namespace)) {
      report(event, `PatchElementsInvalidNamespace: unknown namespace '${namespace}' (html, svg or mathml)`);
      return false;
    }
    const apply = () => applyElements(event, mode, selector, namespace, elements);
    if (useViewTransition && typeof document.startViewTransition === 'function') {
      let applied = false;
      document.startViewTransition(() => {
        applied = apply();
      });
      return applied;
    }
    // Chrome 102 has no view transitions: a plain patch.
    return apply();
  } catch (error) {
    report(event, `failed: ${error && error.message ? error.message : error}`, args);
    return false;
  }
}

function applyElements(event, mode, selector, namespace, elements) {
  const byId = !selector && (mode === 'outer' || mode === 'replace' || mode === 'remove');
  if (!selector && !byId) {
    report(event, `SelectorRequired: mode '${mode}' needs a selector`);
    return false;
  }
  if (mode === 'remove' && selector) {
    const targets = queryTargets(event, selector);
    for (const target of targets) target.remove();
    return targets.length > 0;
  }

  const content = parseElements(elements, namespace);
  const scriptsBefore = content.hasScript ? new Set(document.querySelectorAll('script')) : null;
  let applied = false;

  if (byId) {
    const missing = [];
    for (const el of content.topLevel) {
      const target = targetById(el);
      if (!target) {
        missing.push(el.id ? `#${el.id}` : `<${el.localName}> without an id`);
        continue;
      }
      applied = true;
      if (mode === 'remove') target.remove();
      else if (mode === 'replace') target.replaceWith(document.importNode(el, true));
      else morph(target, el, { mode: 'outer' });
    }
    if (content.topLevel.length === 0) report(event, 'NoElements: no elements to patch', elements);
    else if (missing.length) report(event, `NoTargetsFound: no element matches ${missing.join(', ')}`);
  } else {
    const targets = queryTargets(event, selector);
    for (const target of targets) {
      applied = true;
      const fresh = () => document.importNode(content.fragment, true);
      switch (mode) {
        case 'outer':
          morph(target, Array.from(content.fragment.childNodes), { mode: 'outer' });
          break;
        case 'inner':
          morph(target, Array.from(content.fragment.childNodes), { mode: 'inner' });
          break;
        case 'replace':
          target.replaceWith(fresh());
          break;
        case 'prepend':
          target.prepend(fresh());
          break;
        case 'append':
          target.append(fresh());
          break;
        case 'before':
          target.before(fresh());
          break;
        case 'after':
          target.after(fresh());
          break;
      }
    }
  }
  if (scriptsBefore) activateScripts(scriptsBefore);
  return applied;
}

function targetById(el) {
  switch (el.localName) {
    case 'html':
      return document.documentElement;
    case 'head':
      return document.head;
    case 'body':
      return document.body;
    default:
      return el.id ? document.getElementById(el.id) : null;
  }
}

function queryTargets(event, selector) {
  let targets;
  try {
    targets = Array.from(document.querySelectorAll(selector));
  } catch (error) {
    report(event, `InvalidSelector: '${selector}' is not a valid CSS selector`);
    return [];
  }
  if (targets.length === 0) report(event, `NoTargetsFound: no element matches selector '${selector}'`);
  return targets;
}

// Parses the HTML of a patch. A whole document (or its <head>/<body>) is parsed as a document so those parts can
// be morphed into the page's own; anything else inside a <template> (which accepts any element, <tr> included).
// With a namespace, the elements are parsed inside an <svg>/<math> so they get that namespace.
function parseElements(html, namespace) {
  const withoutSvg = html.replace(/<svg\b[\s\S]*?<\/svg>/gi, '');
  const hasScript = /<script\b/i.test(html);
  if (namespace === 'html' && /<\/html>|<\/head>|<\/body>/i.test(withoutSvg)) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const topLevel = [];
    if (/<\/html>/i.test(withoutSvg)) topLevel.push(doc.documentElement);
    else {
      if (/<\/head>/i.test(withoutSvg)) topLevel.push(doc.head);
      if (/<\/body>/i.test(withoutSvg)) topLevel.push(doc.body);
    }
    const fragment = document.createDocumentFragment();
    for (const el of topLevel) fragment.append(document.importNode(el, true));
    return { fragment, topLevel: Array.from(fragment.children), hasScript };
  }
  const template = document.createElement('template');
  if (namespace === 'html') {
    template.innerHTML = html;
    const fragment = template.content;
    return { fragment, topLevel: Array.from(fragment.children), hasScript };
  }
  const wrapper = namespace === 'svg' ? 'svg' : 'math';
  template.innerHTML = `<${wrapper}>${html}</${wrapper}>`;
  const outer = template.content.firstElementChild;
  const fragment = document.createDocumentFragment();
  if (outer) fragment.append(...outer.childNodes);
  return { fragment, topLevel: Array.from(fragment.children), hasScript };
}

// Scripts that arrived with a patch are inert (parsed, not inserted by the parser); each new one is replaced by a
// fresh copy so the browser runs it. Scripts that were on the page before the patch never run again.
function activateScripts(before) {
  for (const old of document.querySelectorAll('script')) {
    if (before.has(old)) continue;
    const script = document.createElement('script');
    for (const attr of old.attributes) script.setAttribute(attr.name, attr.value);
    script.textContent = old.textContent;
    old.replaceWith(script);
  }
}

// patchSignals({signals, onlyIfMissing}): signals is JSON text (or a JS object literal, as the official client
// accepts) merged into the store with RFC 7396 semantics.
export function patchSignals(args = {}) {
  const event = 'datastar-patch-signals';
  const text = args.signals === undefined ? '' : args.signals;
  const onlyIfMissing = args.onlyIfMissing === true || String(args.onlyIfMissing).trim() === 'true';
  let patch;
  if (typeof text === 'object' && text !== null) {
    patch = text;
  } else {
    if (!String(text).trim()) {
      report(event, 'NoSignals: the event has no signals');
      return false;
    }
    try {
      patch = JSON.parse(text);
    } catch (jsonError) {
      try {
        patch = Function(`"use strict"; return (${text});`)();
      } catch (_) {
        report(event, `InvalidSignals: not JSON nor an object literal (${jsonError.message})`, text);
        return false;
      }
    }
  }
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    report(event, 'InvalidSignals: the signals must be an object', text);
    return false;
  }
  try {
    mergePatch(patch, { ifMissing: onlyIfMissing });
  } catch (error) {
    report(event, `failed: ${error && error.message ? error.message : error}`, text);
    return false;
  }
  return true;
}

// A text/javascript response: the script is appended to <head> and stays there (as the official client does),
// with the attributes of the `datastar-script-attributes` header (a JSON object).
export function executeScriptResponse(code, attributesJson) {
  const script = document.createElement('script');
  if (attributesJson) {
    try {
      const attributes = JSON.parse(attributesJson);
      for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, String(value));
    } catch (error) {
      report('text/javascript response', `invalid datastar-script-attributes header: ${error.message}`);
    }
  }
  script.textContent = code;
  document.head.appendChild(script);
}
