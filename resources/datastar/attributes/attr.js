// data-attr:name="expr" sets the attribute `name` (kebab case); data-attr="{name: expr, ...}" sets several.
// true or '' -> present and empty; false, null, undefined -> removed; strings as they are; anything else JSON.
import { applyCase } from './util.js';

function setAttr(el, name, v) {
  if (v === false || v === null || v === undefined) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
    return;
  }
  const s = v === true ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (el.getAttribute(name) !== s) el.setAttribute(name, s);
}

export default {
  name: 'attr',
  value: 'must',
  returnsValue: true,
  apply(ctx) {
    const el = ctx.el;
    ctx.effect(() => {
      const v = ctx.rx();
      if (ctx.key) setAttr(el, applyCase(ctx.key, ctx.mods, 'kebab'), v);
      else if (v && typeof v === 'object') for (const k of Object.keys(v)) setAttr(el, k, v[k]);
    });
  },
};
