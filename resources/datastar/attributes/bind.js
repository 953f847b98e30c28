// data-bind:name or data-bind="name": two-way binding between the signal `name` and the element's value.
// If the signal does not exist it is created from the element; otherwise the element takes the signal's value.
//   text inputs, textarea, select          string (a number if the signal already holds a number)
//   input type=number / range               number ('' when empty)
//   checkbox                                boolean; with a value attribute and a string signal, the value or '';
//                                           with an array signal, the values of the checked boxes
//   radio                                   the checked radio's value (a `name` attribute is added if missing)
//   select multiple                         array of the selected values
//   input type=file                         one signal: array of {name, contents (base64), mime} (RC.6)
//   anything else (web components)          the element's `value` property (or attribute); listens to `change`
//                                           and `input`
// Several text-like inputs bound to one array signal each bind one item: the n-th such element (in the order
// they were applied, i.e. document order) binds index n.
import { getPath, hasPath, setPath, untracked } from '../signals.js';
import { signalPathFromKey } from './util.js';

function kindOf(el) {
  const tag = el.tagName;
  if (tag === 'INPUT') {
    const type = (el.getAttribute('type') || 'text').toLowerCase();
    if (type === 'checkbox' || type === 'radio' || type === 'file') return type;
    if (type === 'number' || type === 'range') return 'number';
    return 'text';
  }
  if (tag === 'SELECT') return el.multiple ? 'select-multiple' : 'text';
  if (tag === 'TEXTAREA') return 'text';
  return 'other';
}

function hasOwnValue(el) {
  return el.hasAttribute('value') && el.getAttribute('value') !== 'on';
}

function rawValue(el) {
  if ('value' in el && el.value !== undefined && el.value !== null) return String(el.value);
  return el.getAttribute('value') ?? '';
}

function readElement(el, kind, current) {
  switch (kind) {
    case 'checkbox':
      if (Array.isArray(current)) {
        const rest = current.filter((v) => String(v) !== el.value);
        return el.checked ? [...rest, el.value] : rest;
      }
      if (typeof current === 'string' && hasOwnValue(el)) return el.checked ? el.value : '';
      return el.checked;
    case 'radio':
      return el.checked ? el.value : current;
    case 'select-multiple':
      return [...el.selectedOptions].map((o) => o.value);
    case 'number':
      return el.value === '' ? '' : Number(el.value);
    default: {
      const v = rawValue(el);
      if (typeof current === 'number' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
      return v;
    }
  }
}

function initialValue(el, kind) {
  switch (kind) {
    case 'checkbox':
      return hasOwnValue(el) ? (el.checked ? el.value : '') : el.checked;
    case 'radio':
      return el.checked ? el.value : '';
    case 'select-multiple':
      return [...el.selectedOptions].map((o) => o.value);
    case 'number':
      return el.value === '' ? '' : Number(el.value);
    case 'file':
      return [];
    default:
      return rawValue(el);
  }
}

function writeElement(el, kind, v) {
  switch (kind) {
    case 'checkbox': {
      const checked = Array.isArray(v)
        ? v.map(String).includes(el.value)
        : typeof v === 'string' && hasOwnValue(el)
          ? v === el.value
          : !!v;
      if (el.checked !== checked) el.checked = checked;
      return;
    }
    case 'radio': {
      const checked = v !== undefined && v !== null && String(v) === el.value;
      if (el.checked !== checked) el.checked = checked;
      return;
    }
    case 'select-multiple': {
      const wanted = new Set((Array.isArray(v) ? v : [v]).map(String));
      for (const o of el.options) if (o.selected !== wanted.has(o.value)) o.selected = wanted.has(o.value);
      return;
    }
    case 'file':
      // A file input's files cannot be set from script; clearing the signal clears the input.
      if ((v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0)) && el.value) el.value = '';
      return;
    default: {
      const s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      if ('value' in el) {
        if (el.value !== s) el.value = s;
      } else if (el.getAttribute('value') !== s) el.setAttribute('value', s);
    }
  }
}

// path -> elements binding it as an array item, in apply order.
const arrayBinders = new Map();

function isTextLike(kind) {
  return kind === 'text' || kind === 'number' || kind === 'other';
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ name: file.name, contents: url.slice(url.indexOf(',') + 1), mime: file.type || 'application/octet-stream' });
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export default {
  name: 'bind',
  keyOrValue: true,
  expression: false,
  apply(ctx) {
    const el = ctx.el;
    const path = ctx.key ? signalPathFromKey(ctx) : ctx.value.trim();
    const kind = kindOf(el);
    if (kind === 'radio' && !el.hasAttribute('name')) el.setAttribute('name', path);

    untracked(() => {
      if (!hasPath(path)) setPath(path, initialValue(el, kind));
      else if (kind === 'radio' && el.checked && getPath(path) === '') setPath(path, el.value);
    });

    // An array signal bound by text-like elements: each element binds one item.
    let index = -1;
    if (isTextLike(kind) && Array.isArray(untracked(() => getPath(path)))) {
      let binders = arrayBinders.get(path);
      if (!binders) arrayBinders.set(path, (binders = []));
      binders.push(el);
      ctx.onCleanup(() => {
        binders.splice(binders.indexOf(el), 1);
        if (binders.length === 0) arrayBinders.delete(path);
      });
    }
    const itemIndex = () => {
      const binders = arrayBinders.get(path);
      return binders ? binders.indexOf(el) : -1;
    };

    ctx.effect(() => {
      const v = getPath(path);
      index = itemIndex();
      writeElement(el, kind, index >= 0 && Array.isArray(v) ? v[index] : v);
    });

    const update = () => {
      index = itemIndex();
      if (index >= 0) {
        const current = untracked(() => getPath(path));
        if (Array.isArray(current)) {
          const next = current.slice();
          next[index] = readElement(el, kind, current[index]);
          setPath(path, next);
          return;
        }
      }
      if (kind === 'file') {
        Promise.all([...(el.files || [])].map(readFile)).then(
          (files) => setPath(path, files),
          (error) => ctx.error(`cannot read the chosen file: ${error && error.message}`),
        );
        return;
      }
      setPath(path, readElement(el, kind, untracked(() => getPath(path))));
    };
    const events = kind === 'text' ? ['input', 'change'] : kind === 'other' ? ['change', 'input'] : ['change'];
    if (kind === 'number') events.push('input');
    for (const type of events) ctx.listen(el, type, update);
  },
};
