// The reactive signal store: nested signals addressed by dotted paths, fine-grained reactivity (a computed value
// or effect re-runs only when something it read really changed), RFC 7396 merge patches, and a
// `datastar-signal-patch` document event after each outermost batch. Written for Starling from CLIENT.md §2/§8.
//
// Model: the store is a tree of branches (plain objects) whose leaves are signals (any other value: strings,
// numbers, arrays, elements...) or computed signals. A branch has a `shape` signal that changes whenever keys are
// added or removed, so enumerating a branch is reactive too. Expressions see the tree through `root`, a proxy.

// ---------------------------------------------------------------------------------------------------------------
// Reactive core.

let observer = null; // the computed or effect currently recording what it reads
let batchDepth = 0;
let pendingEffects = [];
let pendingPatch = null; // nested object of changed paths -> new values (null = removed), for the patch event
let flushing = false;

const Stale = 1; // a source may have changed: check before using the cached value
const Running = 2;

class Source {
  constructor() {
    this.subs = new Set();
    this.version = 0;
  }
  track() {
    if (observer && observer.deps.get(this) === undefined) {
      observer.deps.set(this, this.version);
      this.subs.add(observer);
    }
  }
  notify() {
    for (const sub of this.subs) sub.markStale();
  }
}

class Signal extends Source {
  constructor(value) {
    super();
    this.value = value;
  }
  get() {
    this.track();
    return this.value;
  }
  peek() {
    return this.value;
  }
  set(value) {
    if (Object.is(value, this.value)) return false;
    this.value = value;
    this.version++;
    batch(() => this.notify());
    return true;
  }
}

function unlink(node) {
  for (const dep of node.deps.keys()) dep.subs.delete(node);
  node.deps.clear();
}

// Re-validates node's dependencies: true if one of them changed since node last ran.
function depsChanged(node) {
  for (const [dep, seen] of node.deps) {
    if (dep instanceof Computed) dep.refresh();
    if (dep.version !== seen) return true;
  }
  return false;
}

function runTracked(node, fn) {
  unlink(node);
  const previous = observer;
  observer = node;
  node.flags |= Running;
  try {
    return fn();
  } finally {
    node.flags &= ~Running;
    observer = previous;
  }
}

class Computed extends Source {
  constructor(fn) {
    super();
    this.fn = fn;
    this.deps = new Map();
    this.flags = Stale;
    this.value = undefined;
    this.ran = false;
    this.disposed = false;
  }
  markStale() {
    if (this.flags & Stale) return;
    this.flags |= Stale;
    this.notify();
  }
  refresh() {
    if (!(this.flags & Stale) || this.disposed) return;
    if (this.flags & Running) throw new Error('computed signal depends on itself');
    this.flags &= ~Stale;
    if (this.ran && !depsChanged(this)) return;
    this.ran = true;
    // Writes made while computing (a missing signal read is created) take effect after the value is stored.
    batchDepth++;
    let value;
    try {
      value = runTracked(this, this.fn);
    } finally {
      batchDepth--;
    }
    if (!Object.is(value, this.value)) {
      this.value = value;
      this.version++;
    }
    if (batchDepth === 0) endBatch();
  }
  get() {
    this.refresh();
    this.track();
    return this.value;
  }
  peek() {
    this.refresh();
    return this.value;
  }
  dispose() {
    this.disposed = true;
    unlink(this);
  }
}

class Effect {
  constructor(fn) {
    this.fn = fn;
    this.deps = new Map();
    this.flags = 0;
    this.disposed = false;
    this.cleanup = undefined;
  }
  markStale() {
    if (this.flags & Stale || this.disposed) return;
    this.flags |= Stale;
    pendingEffects.push(this);
  }
  run() {
    this.flags &= ~Stale;
    if (this.disposed) return;
    runTracked(this, this.fn);
  }
  runIfChanged() {
    if (this.disposed || !(this.flags & Stale)) return;
    this.flags &= ~Stale;
    if (depsChanged(this)) this.run();
  }
  dispose() {
    this.disposed = true;
    unlink(this);
  }
}

// Runs fn with every write inside it grouped: effects run, and one `datastar-signal-patch` event is dispatched,
// when the outermost batch ends.
export function batch(fn) {
  batchDepth++;
  try {
    return fn();
  } finally {
    batchDepth--;
    if (batchDepth === 0) endBatch();
  }
}

const MaxEffectRounds = 10000;

function endBatch() {
  if (flushing) return;
  flushing = true;
  batchDepth++;
  try {
    let rounds = 0;
    while (pendingEffects.length) {
      const effects = pendingEffects;
      pendingEffects = [];
      for (const e of effects) {
        if (++rounds > MaxEffectRounds) {
          pendingEffects = [];
          throw new Error('effects keep re-triggering each other (a cycle?); stopped');
        }
        try {
          e.runIfChanged();
        } catch (error) {
          console.error('datastar: an effect failed:', error);
        }
      }
    }
  } finally {
    batchDepth--;
    flushing = false;
  }
  if (pendingPatch) {
    const detail = pendingPatch;
    pendingPatch = null;
    document.dispatchEvent(new CustomEvent('datastar-signal-patch', { detail }));
  }
}

// Runs fn (and re-runs it whenever a signal it read changes). Returns a dispose function.
export function effect(fn) {
  const e = new Effect(fn);
  batch(() => e.run());
  return () => e.dispose();
}

// A read-only derived value: `c.get()` (tracked), `c.peek()`, `c.dispose()`.
export function computed(fn) {
  return new Computed(fn);
}

// Runs fn without recording what it reads.
export function untracked(fn) {
  const previous = observer;
  observer = null;
  try {
    return fn();
  } finally {
    observer = previous;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The tree.

class Branch {
  constructor() {
    this.children = new Map(); // key -> Branch | Signal | Computed
    this.shape = new Signal(0);
    this.proxy = null;
    this.removed = new Set(); // keys removed explicitly: reading them must not re-create them
  }
  put(key, node) {
    this.children.set(key, node);
    this.removed.delete(key);
  }
}

const rootBranch = new Branch();

function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function splitPath(path) {
  if (Array.isArray(path)) return path;
  return String(path).split('.').filter((s) => s !== '');
}

function recordPatch(segments, value) {
  if (!pendingPatch) pendingPatch = {};
  let node = pendingPatch;
  for (let i = 0; i < segments.length - 1; i++) {
    const s = segments[i];
    if (!isPlainObject(node[s])) node[s] = {};
    node = node[s];
  }
  node[segments[segments.length - 1]] = value;
}

function bumpShape(branch) {
  branch.shape.set(branch.shape.peek() + 1);
}

// Removes a child node: its readers are told (a leaf becomes undefined, a branch empties), and the removal is
// recorded for the patch event. With replacing, the key keeps its place for the node that replaces it.
function detach(branch, key, segments, replacing = false) {
  const node = branch.children.get(key);
  if (!node) return;
  if (!replacing) {
    branch.children.delete(key);
    branch.removed.add(key);
  }
  if (node instanceof Branch) {
    for (const childKey of [...node.children.keys()]) detach(node, childKey, segments.concat(childKey));
    bumpShape(node);
  } else if (node instanceof Computed) {
    node.dispose();
    node.value = undefined;
    node.version++;
    node.notify();
  } else {
    node.set(undefined);
  }
  if (!replacing) {
    bumpShape(branch);
    recordPatch(segments, null);
  }
}

function setLeaf(branch, key, segments, value) {
  let node = branch.children.get(key);
  if (node instanceof Signal) {
    if (node.set(value)) recordPatch(segments, value);
    return;
  }
  if (node) detach(branch, key, segments, true);
  node = new Signal(value);
  branch.put(key, node);
  bumpShape(branch);
  recordPatch(segments, value);
}

function ensureBranch(branch, key, segments) {
  const node = branch.children.get(key);
  if (node instanceof Branch) return node;
  if (node) detach(branch, key, segments, true);
  const created = new Branch();
  branch.put(key, created);
  bumpShape(branch);
  return created;
}

// Replaces whatever is at key with value: a plain object becomes a branch holding exactly its keys.
function assign(branch, key, segments, value) {
  if (value === undefined || value === null) {
    // `$x = null` through the proxy: the guide's merge semantics, null removes.
    detach(branch, key, segments);
    return;
  }
  if (!isPlainObject(value)) {
    setLeaf(branch, key, segments, value);
    return;
  }
  const target = ensureBranch(branch, key, segments);
  for (const k of [...target.children.keys()]) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) detach(target, k, segments.concat(k));
  }
  for (const k of Object.keys(value)) assign(target, k, segments.concat(k), value[k]);
  if (Object.keys(value).length === 0) recordPatch(segments, {});
}

function merge(branch, patch, segments, ifMissing) {
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    const path = segments.concat(key);
    const existing = branch.children.get(key);
    if (value === null || value === undefined) {
      if (!ifMissing) detach(branch, key, path);
    } else if (isPlainObject(value)) {
      if (ifMissing && existing && !(existing instanceof Branch)) continue;
      const created = !existing || !(existing instanceof Branch);
      const target = ensureBranch(branch, key, path);
      merge(target, value, path, ifMissing);
      if (created && Object.keys(value).length === 0) recordPatch(path, {});
    } else {
      if (ifMissing && existing) continue;
      setLeaf(branch, key, path, value);
    }
  }
}

function findNode(segments) {
  let node = rootBranch;
  for (const s of segments) {
    if (!(node instanceof Branch)) return undefined;
    node = node.children.get(s);
    if (node === undefined) return undefined;
  }
  return node;
}

// The plain value of a node (a branch becomes a nested plain object), read reactively.
function valueOf(node) {
  if (node instanceof Branch) {
    node.shape.get();
    const out = {};
    for (const [k, child] of node.children) out[k] = valueOf(child);
    return out;
  }
  return node.get();
}

// ---------------------------------------------------------------------------------------------------------------
// The `$` proxy.

// Names that code touches on any object (JSON.stringify, await, string conversion...): reading them must not
// create signals.
const Reserved = new Set(['toJSON', 'then', 'constructor', 'valueOf', 'toString', 'toLocaleString', '__proto__']);

function proxyOf(branch, segments) {
  if (branch.proxy) return branch.proxy;
  branch.proxy = new Proxy(Object.create(null), {
    get(_target, key) {
      if (typeof key === 'symbol') return undefined;
      const node = branch.children.get(key);
      if (node instanceof Branch) {
        node.shape.get();
        return proxyOf(node, segments.concat(key));
      }
      if (node) return node.get();
      if (Reserved.has(key) || key in Object.prototype) return Object.prototype[key];
      branch.shape.get();
      // A signal removed by a patch reads as '' but stays removed (RFC 7396; CLIENT.md §8).
      if (branch.removed.has(key)) return '';
      // Reading a missing signal creates it as '' (the official client's behaviour, CLIENT.md §8).
      batch(() => setLeaf(branch, key, segments.concat(key), ''));
      return branch.children.get(key).get();
    },
    set(_target, key, value) {
      if (typeof key === 'symbol') return false;
      const node = branch.children.get(key);
      if (node instanceof Computed) {
        console.error(`datastar: cannot assign to computed signal '${segments.concat(key).join('.')}'`);
        return true;
      }
      batch(() => assign(branch, key, segments.concat(key), value));
      return true;
    },
    deleteProperty(_target, key) {
      if (typeof key === 'symbol') return false;
      batch(() => detach(branch, key, segments.concat(key)));
      return true;
    },
    has(_target, key) {
      if (typeof key === 'symbol') return false;
      branch.shape.get();
      return branch.children.has(key);
    },
    ownKeys() {
      branch.shape.get();
      return [...branch.children.keys()];
    },
    getOwnPropertyDescriptor(_target, key) {
      const node = branch.children.get(key);
      if (!node) return undefined;
      const value = node instanceof Branch ? proxyOf(node, segments.concat(key)) : node.get();
      return { value, writable: true, enumerable: true, configurable: true };
    },
    defineProperty() {
      return false;
    },
  });
  return branch.proxy;
}

// The `$` of expressions: `$.foo.bar` reads (creating missing signals as ''), assignments write.
export const root = proxyOf(rootBranch, []);

// ---------------------------------------------------------------------------------------------------------------
// Path API (used by attribute plugins, actions and the backend half).

// Applies an RFC 7396 merge patch: null removes, objects merge, other values replace. With ifMissing, only keys
// that do not exist yet are set (existing values, including '' from an early read, are left alone).
export function mergePatch(patch, { ifMissing = false } = {}) {
  if (!isPlainObject(patch)) throw new Error('a signal patch must be a JSON object');
  batch(() => merge(rootBranch, patch, [], ifMissing));
}

// The value at a dotted path (a branch as a plain nested object), read reactively; undefined when absent.
// Unlike `$`, never creates anything.
export function getPath(path) {
  const segments = splitPath(path);
  let node = rootBranch;
  for (const s of segments) {
    if (!(node instanceof Branch)) return undefined;
    const child = node.children.get(s);
    if (child === undefined) {
      node.shape.get();
      return undefined;
    }
    node = child;
  }
  return valueOf(node);
}

// Whether a signal (or branch) exists at path; reactive.
export function hasPath(path) {
  const segments = splitPath(path);
  let node = rootBranch;
  for (const s of segments) {
    if (!(node instanceof Branch)) return false;
    node.shape.get();
    node = node.children.get(s);
    if (node === undefined) return false;
  }
  return true;
}

// Sets the value at a dotted path, creating branches on the way. A plain object replaces the subtree; null or
// undefined removes it.
export function setPath(path, value) {
  const segments = splitPath(path);
  if (segments.length === 0) throw new Error('empty signal path');
  batch(() => {
    let branch = rootBranch;
    for (let i = 0; i < segments.length - 1; i++) branch = ensureBranch(branch, segments[i], segments.slice(0, i + 1));
    const last = segments[segments.length - 1];
    if (branch.children.get(last) instanceof Computed) throw new Error(`cannot assign to computed signal '${segments.join('.')}'`);
    assign(branch, last, segments, value);
  });
}

// Puts a computed (from computed(fn)) at path; it reads like any signal and cannot be assigned.
export function setComputed(path, c) {
  const segments = splitPath(path);
  batch(() => {
    let branch = rootBranch;
    for (let i = 0; i < segments.length - 1; i++) branch = ensureBranch(branch, segments[i], segments.slice(0, i + 1));
    const last = segments[segments.length - 1];
    if (branch.children.has(last)) detach(branch, last, segments, true);
    branch.put(last, c);
    bumpShape(branch);
  });
}

// Removes the computed c from path if it is still there.
export function removeComputed(path, c) {
  const segments = splitPath(path);
  const parent = findNode(segments.slice(0, -1));
  const last = segments[segments.length - 1];
  if (parent instanceof Branch && parent.children.get(last) === c) batch(() => detach(parent, last, segments));
  else c.dispose();
}

function toRegExp(filter, fallback) {
  if (filter === undefined || filter === null) return fallback;
  if (filter instanceof RegExp) return filter;
  return new RegExp(String(filter));
}

// Signals whose name or any path segment starts with `_` are local: the backend half leaves them out of requests
// with this pattern (its default filterSignals.exclude).
export const LocalSignalPattern = /(^|\.)_/;

// The dotted paths of every leaf signal, in tree order, filtered: include/exclude are RegExps or strings
// (tested against the dotted path). Computed signals are listed unless writableOnly.
export function signalPaths({ include, exclude, writableOnly = false } = {}) {
  const inc = toRegExp(include, null);
  const exc = toRegExp(exclude, null);
  const out = [];
  const walk = (branch, prefix) => {
    branch.shape.get();
    for (const [k, node] of branch.children) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (node instanceof Branch) walk(node, path);
      else if (!(writableOnly && node instanceof Computed)) {
        if (inc && !inc.test(path)) continue;
        if (exc && exc.test(path)) continue;
        out.push(path);
      }
    }
  };
  walk(rootBranch, '');
  return out;
}

// A plain nested object of the (filtered) signals' current values, read reactively (for data-json-signals and
// request bodies). Empty branches are left out when a filter removed all their leaves.
export function filteredSignals({ include, exclude } = {}) {
  const out = {};
  for (const path of signalPaths({ include, exclude })) {
    const segments = path.split('.');
    let o = out;
    for (let i = 0; i < segments.length - 1; i++) {
      if (!isPlainObject(o[segments[i]])) o[segments[i]] = {};
      o = o[segments[i]];
    }
    o[segments[segments.length - 1]] = findNode(segments).get();
  }
  return out;
}
