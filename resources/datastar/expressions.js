// The expression compiler: turns an attribute value into a JS function of the element, the signal root `$`,
// plugin arguments (`evt`, `patch`) and the actions it calls. Written for Starling from CLIENT.md §2 and the
// guide's "Datastar Expressions".
//
// Rewriting (outside string, template and regex literals and comments):
//   $foo.bar-baz.0  -> $['foo']['bar-baz']['0']   (a dash joins a segment only when a letter or _ follows it,
//                                                  so `$count-1` stays a subtraction)
//   @name(          -> __actions['name'](          (registered actions only; others are reported)
//   line breaks     -> spaces: statements are separated by `;` only, as the guide says.
// For value-returning plugins the last top-level statement becomes `return (...)`.

import { root } from './signals.js';

const identStart = /[A-Za-z_]/;
const identChar = /[\w]/;
// After these tokens a `/` starts a regex literal rather than a division.
const regexPrefixWords = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

// Scans src once: returns { statements: [rewritten text...], actions: Set of action names used }.
function rewrite(src, isAction) {
  const statements = [];
  const actions = new Set();
  let out = '';
  let depth = 0; // (), [], {} nesting outside literals
  let lastSignificant = ''; // last non-space code character or word, to tell regex from division
  const templateStack = []; // brace depth at which each open template substitution `${` returns to its template
  let i = 0;
  const n = src.length;

  const readString = (quote) => {
    let j = i + 1;
    while (j < n && src[j] !== quote) {
      if (src[j] === '\\') j++;
      else if (src[j] === '\n' && quote !== '`') break;
      j++;
    }
    return j + 1;
  };

  // Copies template text from i (just after ` or }) to the next ` or ${; returns true if it stopped at ${.
  const readTemplate = () => {
    while (i < n) {
      const c = src[i];
      if (c === '\\') {
        out += src.substr(i, 2);
        i += 2;
      } else if (c === '`') {
        out += c;
        i++;
        return false;
      } else if (c === '$' && src[i + 1] === '{') {
        out += '${';
        i += 2;
        return true;
      } else {
        out += c;
        i++;
      }
    }
    throw new SyntaxError('unterminated template literal');
  };

  const openTemplate = () => {
    if (readTemplate()) {
      templateStack.push(depth);
      depth++;
      lastSignificant = '(';
    } else lastSignificant = 'x';
  };

  while (i < n) {
    const c = src[i];
    if (c === "'" || c === '"') {
      const end = readString(c);
      out += src.slice(i, end);
      i = end;
      lastSignificant = 'x';
    } else if (c === '`') {
      out += c;
      i++;
      openTemplate();
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      out += ' ';
    } else if (c === '/' && (lastSignificant === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(lastSignificant) || regexPrefixWords.has(lastSignificant))) {
      let j = i + 1;
      let inClass = false;
      while (j < n && (src[j] !== '/' || inClass)) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        j++;
      }
      j++;
      while (j < n && identChar.test(src[j])) j++;
      out += src.slice(i, j);
      i = j;
      lastSignificant = 'x';
    } else if (c === '$' && (i === 0 || !/[\w$.]/.test(src[i - 1])) && i + 1 < n && identStart.test(src[i + 1])) {
      // A signal reference: segments separated by dots.
      let j = i + 1;
      let ref = '$';
      for (;;) {
        let seg = '';
        while (j < n && (identChar.test(src[j]) || (src[j] === '-' && j + 1 < n && identStart.test(src[j + 1]) && seg !== ''))) {
          seg += src[j];
          j++;
        }
        ref += `[${JSON.stringify(seg)}]`;
        if (src[j] === '.' && j + 1 < n && identChar.test(src[j + 1])) {
          j++;
          continue;
        }
        break;
      }
      out += ref;
      i = j;
      lastSignificant = 'x';
    } else if (c === '@' && i + 1 < n && identStart.test(src[i + 1])) {
      let j = i + 1;
      while (j < n && identChar.test(src[j])) j++;
      const name = src.slice(i + 1, j);
      let k = j;
      while (k < n && /\s/.test(src[k])) k++;
      if (src[k] === '(') {
        if (!isAction(name)) throw new SyntaxError(`unknown action @${name}`);
        actions.add(name);
        out += `__actions[${JSON.stringify(name)}]`;
        i = j;
        lastSignificant = 'x';
      } else {
        out += c;
        i++;
      }
    } else if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') {
      out += ' ';
      i++;
    } else if (c === ';' && depth === 0) {
      statements.push(out);
      out = '';
      i++;
      lastSignificant = ';';
    } else {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']') depth--;
      else if (c === '}') {
        depth--;
        if (templateStack.length && templateStack[templateStack.length - 1] === depth) {
          templateStack.pop();
          out += c;
          i++;
          openTemplate();
          continue;
        }
      }
      out += c;
      i++;
      if (identChar.test(c) || c === '$') {
        // Read the whole word so keywords like `return` can be told apart.
        let j = i;
        while (j < n && (identChar.test(src[j]) || src[j] === '$')) j++;
        const word = src.slice(i - 1, j);
        out += src.slice(i, j);
        i = j;
        lastSignificant = regexPrefixWords.has(word) ? word : 'x';
      } else if (!/\s/.test(c)) lastSignificant = c;
    }
  }
  statements.push(out);
  return { statements, actions };
}

const cache = new Map();
const MaxCached = 5000;

// Compiles expr. Options: returnsValue (the last statement's value is returned), argNames (names of the extra
// arguments, e.g. ['evt']), actions (a Map name -> fn(ctx, ...args), the registered actions).
// Returns (ctx, ...args) => value with ctx = {el, evt?}; it throws what the expression throws.
// Throws a SyntaxError (with the generated code in its message) when expr does not compile.
export function compile(expr, { returnsValue = false, argNames = [], actions = new Map() } = {}) {
  const cacheKey = `${returnsValue ? 'v' : 's'}|${argNames.join(',')}|${expr}`;
  let compiled = cache.get(cacheKey);
  if (!compiled || compiled.actionsRef !== actions) {
    const { statements, actions: used } = rewrite(String(expr), (name) => actions.has(name));
    let body;
    if (returnsValue) {
      while (statements.length > 1 && statements[statements.length - 1].trim() === '') statements.pop();
      const last = statements.pop();
      const head = statements.map((s) => s + ';').join('');
      body = last.trim() === '' ? head : `${head}return (${last});`;
    } else {
      body = statements.join(';');
    }
    let fn;
    try {
      fn = new Function('el', '$', ...argNames, '__actions', body);
    } catch (error) {
      throw new SyntaxError(`${error.message} (in: ${body})`);
    }
    compiled = { fn, used: [...used], actionsRef: actions };
    // Pages that generate unique expressions must not grow the cache without bound.
    if (cache.size >= MaxCached) cache.clear();
    cache.set(cacheKey, compiled);
  }
  const { fn, used } = compiled;
  return (ctx, ...args) => {
    const bound = {};
    for (const name of used) {
      const action = actions.get(name);
      bound[name] = (...a) => action(ctx, ...a);
    }
    return fn.call(ctx.el, ctx.el, root, ...args, bound);
  };
}
