// Helpers shared by the attribute plugins: key casing, signal names, time tags, timing modifiers and view
// transitions.

// foo-bar -> fooBar (underscores are kept: `_local` stays local).
export function camel(s) {
  return s.replace(/-+([a-z0-9])/gi, (_, c) => c.toUpperCase());
}

// fooBar / foo_bar -> foo-bar
export function kebab(s) {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_+/g, '-')
    .toLowerCase();
}

const cases = {
  camel,
  kebab,
  snake: (s) => kebab(s).replace(/-/g, '_'),
  pascal: (s) => {
    const c = camel(s);
    return c.charAt(0).toUpperCase() + c.slice(1);
  },
};

// Applies the `__case.<camel|kebab|snake|pascal>` modifier, or the plugin's default case, to a name.
export function applyCase(name, mods, defaultCase) {
  const tags = mods.get('case');
  const which = (tags && tags[0]) || defaultCase;
  const fn = cases[which];
  return fn ? fn(name) : name;
}

// The signal path named by the attribute's key: each dotted segment camelCased (or per `__case`).
export function signalPathFromKey(ctx) {
  return ctx.key
    .split('.')
    .map((segment) => applyCase(segment, ctx.mods, 'camel'))
    .join('.');
}

// Nested object {a: {b: value}} for the path 'a.b'.
export function nest(path, value) {
  const segments = path.split('.');
  let out = value;
  for (let i = segments.length - 1; i >= 0; i--) out = { [segments[i]]: out };
  return out;
}

// '500ms' -> 500, '1s' -> 1000, '250' -> 250; fallback when absent or unreadable.
export function parseTime(tag, fallback) {
  if (tag === undefined) return fallback;
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(tag);
  if (!m) return fallback;
  const n = Number(m[1]);
  return m[2] === 's' ? n * 1000 : n;
}

// Wraps fn in the `__viewtransition` modifier: document.startViewTransition when the engine has it (not Chrome
// 102), else a plain call.
export function withViewTransition(ctx, fn) {
  if (!ctx.mods.has('viewtransition')) return fn;
  return (...args) => {
    if (typeof document.startViewTransition === 'function') document.startViewTransition(() => fn(...args));
    else fn(...args);
  };
}

// `__debounce.<t>[.leading][.notrailing]`: calls after t of quiet (with the last arguments); `.leading` also
// calls at the start of a burst; `.notrailing` drops the call at its end.
function debounce(ctx, fn, tags) {
  const ms = parseTime(tags.find((t) => /^\d/.test(t)), 0);
  const leading = tags.includes('leading');
  const trailing = !tags.includes('notrailing') && !tags.includes('notrail');
  let cancel = null;
  let pending = false;
  let lastArgs = [];
  return (...args) => {
    lastArgs = args;
    if (cancel) {
      cancel();
      pending = true;
    } else if (leading) {
      pending = false;
      fn(...args);
    } else pending = true;
    cancel = ctx.setTimeout(() => {
      cancel = null;
      if (trailing && pending) fn(...lastArgs);
      pending = false;
    }, ms);
  };
}

// `__throttle.<t>[.noleading][.trailing]`: at most one call per t; by default the first call of a window runs
// at once; `.noleading` skips it; `.trailing` calls at the end of a window in which calls were dropped.
function throttle(ctx, fn, tags) {
  const ms = parseTime(tags.find((t) => /^\d/.test(t)), 0);
  const leading = !tags.includes('noleading');
  const trailing = tags.includes('trailing') || tags.includes('trail');
  let open = false;
  let pending = false;
  let lastArgs = [];
  const tick = () => {
    if (trailing && pending) {
      pending = false;
      fn(...lastArgs);
      ctx.setTimeout(tick, ms);
    } else open = false;
  };
  return (...args) => {
    lastArgs = args;
    if (open) {
      pending = true;
      return;
    }
    open = true;
    if (leading) fn(...args);
    else pending = true;
    ctx.setTimeout(tick, ms);
  };
}

// Applies the timing modifiers (`__delay`, `__debounce`, `__throttle`) to fn.
export function withTiming(ctx, fn) {
  const mods = ctx.mods;
  let out = fn;
  if (mods.has('delay')) {
    const ms = parseTime(mods.get('delay')[0], 0);
    const inner = out;
    out = (...args) => ctx.setTimeout(() => inner(...args), ms);
  }
  if (mods.has('debounce')) out = debounce(ctx, out, mods.get('debounce'));
  else if (mods.has('throttle')) out = throttle(ctx, out, mods.get('throttle'));
  return out;
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
}

function toRegExp(f) {
  if (f === undefined || f === null) return null;
  return f instanceof RegExp ? f : new RegExp(String(f));
}

// Keeps the leaves of a nested patch whose dotted path passes {include, exclude} (RegExps or strings).
export function filterPatch(patch, { include, exclude } = {}) {
  const inc = toRegExp(include);
  const exc = toRegExp(exclude);
  const walk = (obj, prefix) => {
    const out = {};
    let any = false;
    for (const k of Object.keys(obj)) {
      const path = prefix ? `${prefix}.${k}` : k;
      const v = obj[k];
      if (isPlainObject(v) && Object.keys(v).length) {
        const sub = walk(v, path);
        if (sub) {
          out[k] = sub;
          any = true;
        }
      } else if ((!inc || inc.test(path)) && (!exc || !exc.test(path))) {
        out[k] = v;
        any = true;
      }
    }
    return any ? out : null;
  };
  return walk(patch, '');
}
