// data-style:prop="expr" sets an inline style property (kebab case); data-style="{prop: expr, ...}" sets several
// (camelCase keys are accepted). A falsy value other than 0 restores the element's original inline value, and
// clean-up restores every property it touched.
import { applyCase, kebab } from './util.js';

export default {
  name: 'style',
  value: 'must',
  returnsValue: true,
  apply(ctx) {
    const style = ctx.el.style;
    const original = new Map();
    const set = (prop, v) => {
      if (!original.has(prop)) original.set(prop, [style.getPropertyValue(prop), style.getPropertyPriority(prop)]);
      if (v || v === 0) style.setProperty(prop, String(v));
      else restore(prop);
    };
    const restore = (prop) => {
      const [value, priority] = original.get(prop);
      if (value) style.setProperty(prop, value, priority);
      else style.removeProperty(prop);
    };
    ctx.effect(() => {
      const v = ctx.rx();
      if (ctx.key) set(applyCase(ctx.key, ctx.mods, 'kebab'), v);
      else if (v && typeof v === 'object') for (const k of Object.keys(v)) set(k.startsWith('--') ? k : kebab(k), v[k]);
    });
    return () => {
      for (const prop of original.keys()) restore(prop);
    };
  },
};
