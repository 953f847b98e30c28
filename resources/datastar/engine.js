// The engine: parses `data-<plugin>[:<key>][__<mod>[.<tag>]...]` attribute names, keeps the plugin and action
// registries, applies plugins to the DOM in document order, follows the DOM with a MutationObserver (new or
// changed attributes are applied, removed elements and attributes cleaned up) and skips `data-ignore` subtrees.
// Written for Starling from CLIENT.md §1-§3.
//
// A plugin is an object:
//   { name: 'text',                 // data-text, data-text:key...
//     key: 'must' | 'denied',       // optional (default: either)
//     value: 'must' | 'denied',     // optional (default: either)
//     keyOrValue: true,             // exactly one of key and value (data-bind, data-ref, data-indicator)
//     expression: false,            // the value is not an expression (it is a signal name); default true
//     returnsValue: true,           // the expression's last statement is its value
//     argNames: ['evt'],            // extra expression arguments
//     apply(ctx) { ... } }          // may return a cleanup function
// ctx: el, attrName, plugin, key (raw, lower-case; '' if none), value (raw string), mods (Map name -> [tags]),
//   rx(...args)        runs the compiled expression in a batch (errors are reported and give undefined),
//   effect(fn)         a reactive effect, disposed on cleanup,
//   listen(target, type, fn, options), observe(observer), setTimeout(fn, ms), setInterval(fn, ms),
//   onCleanup(fn), error(message) (reports and returns nothing).

import { batch, effect as createEffect } from './signals.js';
import { compile } from './expressions.js';

const plugins = new Map();
let pluginsByLength = [];
const actions = new Map();

// Live sizes of what the engine holds for elements in the page; a leak test reads them (through debug.js).
export const registry = {
  listeners: 0, // event listeners added by attributes
  effects: 0, // effects and computed signals owned by attributes
  observers: 0, // MutationObserver (the engine's own) and IntersectionObservers
  timers: 0, // pending timeouts and intervals owned by attributes
  attributes: 0, // applied attributes
  get elements() {
    return elementState.size;
  },
  sizes() {
    const { listeners, effects, observers, timers, attributes, elements } = this;
    return { listeners, effects, observers, timers, attributes, elements };
  },
};

// Element -> Map(attribute name -> { value, cleanups })
const elementState = new Map();

export function registerPlugin(plugin) {
  plugins.set(plugin.name, plugin);
  pluginsByLength = [...plugins.keys()].sort((a, b) => b.length - a.length);
  parseCache.clear();
}

// Registers an action callable in expressions as @name(...); it is called as fn({el, evt}, ...args).
export function registerAction(name, fn) {
  actions.set(name, fn);
}

export function describeElement(el) {
  if (!el || !el.tagName) return String(el);
  let s = `<${el.tagName.toLowerCase()}`;
  if (el.id) s += ` id="${el.id}"`;
  const cls = el.getAttribute && el.getAttribute('class');
  if (cls) s += ` class="${cls}"`;
  return `${s}>`;
}

// Reports an error of an attribute with console.error, naming the element and the attribute.
export function reportError(el, attrName, error) {
  const message = error && error.message ? error.message : String(error);
  const value = el && el.getAttribute ? el.getAttribute(attrName) : null;
  console.error(`datastar: ${attrName}${value !== null ? `="${value}"` : ''} on ${describeElement(el)}: ${message}`);
}

const parseCache = new Map();

// Splits an attribute name into { plugin, key, mods } or returns null if no plugin claims it.
export function parseAttributeName(name) {
  let parsed = parseCache.get(name);
  if (parsed !== undefined) return parsed;
  parsed = null;
  if (name.startsWith('data-')) {
    const rest = name.slice(5);
    for (const p of pluginsByLength) {
      if (!rest.startsWith(p)) continue;
      const after = rest.slice(p.length);
      if (after !== '' && after[0] !== ':' && !after.startsWith('__')) continue;
      const parts = (after[0] === ':' ? after.slice(1) : after).split('__');
      const key = after[0] === ':' ? parts.shift() : (parts.shift(), '');
      const mods = new Map();
      for (const m of parts) {
        if (!m) continue;
        const [modName, ...tags] = m.split('.');
        mods.set(modName.toLowerCase(), tags.map((t) => t.toLowerCase()));
      }
      parsed = { plugin: plugins.get(p), key, mods };
      break;
    }
  }
  parseCache.set(name, parsed);
  return parsed;
}

function isIgnored(el) {
  return !!(el.closest && el.closest('[data-ignore]'));
}

function cleanupRecord(record) {
  const cleanups = record.cleanups;
  record.cleanups = [];
  for (let i = cleanups.length - 1; i >= 0; i--) {
    try {
      cleanups[i]();
    } catch (error) {
      console.error('datastar: a cleanup failed:', error);
    }
  }
}

function cleanupAttribute(el, name) {
  const attrs = elementState.get(el);
  const record = attrs && attrs.get(name);
  if (!record) return;
  attrs.delete(name);
  registry.attributes--;
  if (attrs.size === 0) elementState.delete(el);
  cleanupRecord(record);
}

function cleanupElement(el) {
  const attrs = elementState.get(el);
  if (!attrs) return;
  for (const name of [...attrs.keys()]) cleanupAttribute(el, name);
}

function cleanupTree(node) {
  if (elementState.size === 0) return;
  cleanupElement(node);
  if (node.querySelectorAll) for (const el of node.querySelectorAll('*')) if (elementState.has(el)) cleanupElement(el);
}

function makeContext(el, name, value, parsed, record) {
  const { plugin, key, mods } = parsed;
  let compiled = null;
  const ctx = {
    el,
    attrName: name,
    plugin,
    key,
    value,
    mods,
    rx(...args) {
      try {
        // One expression run is one batch: its writes make one datastar-signal-patch event.
        return batch(() => compiled({ el, evt: plugin.argNames && plugin.argNames[0] === 'evt' ? args[0] : undefined }, ...args));
      } catch (error) {
        reportError(el, name, error);
        return undefined;
      }
    },
    onCleanup(fn) {
      record.cleanups.push(fn);
    },
    effect(fn) {
      registry.effects++;
      let dispose;
      try {
        dispose = createEffect(fn);
      } catch (error) {
        registry.effects--;
        throw error;
      }
      record.cleanups.push(() => {
        dispose();
        registry.effects--;
      });
      return dispose;
    },
    // Registers an owned computed-like object with a dispose() (counted with the effects).
    own(disposable) {
      registry.effects++;
      record.cleanups.push(() => {
        disposable.dispose();
        registry.effects--;
      });
      return disposable;
    },
    listen(target, type, fn, options) {
      target.addEventListener(type, fn, options);
      registry.listeners++;
      let active = true;
      const remove = () => {
        if (!active) return;
        active = false;
        target.removeEventListener(type, fn, options);
        registry.listeners--;
      };
      record.cleanups.push(remove);
      return remove;
    },
    observe(observer) {
      registry.observers++;
      record.cleanups.push(() => {
        observer.disconnect();
        registry.observers--;
      });
      return observer;
    },
    setTimeout(fn, ms) {
      registry.timers++;
      let pending = true;
      const id = window.setTimeout(() => {
        pending = false;
        registry.timers--;
        fn();
      }, ms);
      const cancel = () => {
        if (!pending) return;
        pending = false;
        window.clearTimeout(id);
        registry.timers--;
      };
      record.cleanups.push(cancel);
      return cancel;
    },
    setInterval(fn, ms) {
      registry.timers++;
      const id = window.setInterval(fn, ms);
      let active = true;
      const cancel = () => {
        if (!active) return;
        active = false;
        window.clearInterval(id);
        registry.timers--;
      };
      record.cleanups.push(cancel);
      return cancel;
    },
    error(message) {
      reportError(el, name, new Error(message));
    },
  };
  if (plugin.expression !== false && value !== '') {
    compiled = compile(value, { returnsValue: !!plugin.returnsValue, argNames: plugin.argNames || [], actions });
  } else {
    compiled = () => undefined;
  }
  return ctx;
}

function checkRequirements(plugin, key, value) {
  const hasKey = key !== '';
  const hasValue = value.trim() !== '';
  const n = plugin.name;
  if (plugin.keyOrValue) {
    if (hasKey && hasValue) return `${n}KeyAndValueProvided: give the signal name as the key or as the value, not both`;
    if (!hasKey && !hasValue) return `${n}KeyOrValueRequired: a signal name is required (key or value)`;
  }
  if (plugin.key === 'must' && !hasKey) return `${n}KeyRequired: data-${n} needs a key (data-${n}:<key>)`;
  if (plugin.key === 'denied' && hasKey) return `${n}KeyNotAllowed: data-${n} takes no key`;
  if (plugin.value === 'must' && !hasValue) return `${n}ValueRequired: data-${n} needs a value`;
  if (plugin.value === 'denied' && hasValue) return `${n}ValueNotAllowed: data-${n} takes no value`;
  return null;
}

function applyAttribute(el, name, value) {
  const parsed = parseAttributeName(name);
  if (!parsed) return;
  let attrs = elementState.get(el);
  const existing = attrs && attrs.get(name);
  if (existing) {
    if (existing.value === value) return;
    cleanupAttribute(el, name);
    attrs = elementState.get(el);
  }
  const problem = checkRequirements(parsed.plugin, parsed.key, value);
  if (problem) {
    reportError(el, name, new Error(problem));
    return;
  }
  const record = { value, cleanups: [] };
  let ctx;
  try {
    ctx = makeContext(el, name, value, parsed, record);
  } catch (error) {
    reportError(el, name, error);
    return;
  }
  if (!attrs) {
    attrs = new Map();
    elementState.set(el, attrs);
  }
  attrs.set(name, record);
  registry.attributes++;
  try {
    // One attribute is one batch: its signal patch is dispatched before the next attribute is applied, so a
    // data-on-signal-patch sees the patches of the attributes after it and never those before it.
    const cleanup = batch(() => parsed.plugin.apply(ctx));
    if (typeof cleanup === 'function') record.cleanups.push(cleanup);
  } catch (error) {
    reportError(el, name, error);
  }
}

function applyElement(el) {
  if (el.hasAttribute('data-ignore__self')) return;
  const attributes = el.attributes;
  if (attributes.length === 0) return;
  const list = [];
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i];
    if (a.name.startsWith('data-')) list.push(a);
  }
  for (const a of list) {
    // An earlier attribute's plugin may have removed a later one.
    if (el.hasAttribute(a.name)) applyAttribute(el, a.name, el.getAttribute(a.name));
  }
}

const walkerFilter = {
  acceptNode(node) {
    return node.hasAttribute('data-ignore') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
  },
};

// Applies the plugins to root and its descendants, in document order, skipping data-ignore subtrees.
// Attributes already applied with the same value are left as they are; safe to call again on any subtree.
// Not one batch: each attribute's changes take effect (and are dispatched) before the next one is applied.
export function apply(root = document.body) {
  if (!root || root.nodeType !== 1 || !root.isConnected || isIgnored(root)) return;
  applyElement(root);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT, walkerFilter);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) applyElement(node);
}

function onMutations(records) {
  for (const r of records) {
    if (r.type === 'attributes') {
      const el = r.target;
      const name = r.attributeName;
      if (!name.startsWith('data-') || !el.isConnected) continue;
      if (name === 'data-ignore') {
        if (el.hasAttribute(name)) cleanupTree(el);
        else apply(el);
        continue;
      }
      if (el.hasAttribute(name)) {
        if (!isIgnored(el) && !el.hasAttribute('data-ignore__self')) applyAttribute(el, name, el.getAttribute(name));
      } else cleanupAttribute(el, name);
    } else {
      for (const node of r.removedNodes) if (node.nodeType === 1 && !node.isConnected) cleanupTree(node);
      for (const node of r.addedNodes) if (node.nodeType === 1 && node.isConnected) apply(node);
    }
  }
}

let running = false;
let markStarted;
// Resolves once start() has applied the plugins to the whole document (debug.js waits for it).
export const started = new Promise((resolve) => {
  markStarted = resolve;
});

// Applies the plugins to the whole document and starts following it. Called once by datastar.js.
export function start() {
  if (running) return;
  running = true;
  apply(document.documentElement);
  const observer = new MutationObserver(onMutations);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  registry.observers++;
  markStarted();
}
