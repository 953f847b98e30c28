// data-class:name="expr" toggles the class(es) `name` (kebab case; `__case` to change); data-class="{a: expr,
// 'b c': expr}" toggles each key's classes. Classes it added are removed on clean-up.
import { applyCase } from './util.js';

export default {
  name: 'class',
  value: 'must',
  returnsValue: true,
  apply(ctx) {
    const el = ctx.el;
    const added = new Set();
    const toggle = (names, on) => {
      for (const name of names.split(/\s+/)) {
        if (!name) continue;
        if (on) {
          if (!el.classList.contains(name)) {
            el.classList.add(name);
            added.add(name);
          }
        } else el.classList.remove(name);
      }
    };
    ctx.effect(() => {
      const v = ctx.rx();
      if (ctx.key) toggle(applyCase(ctx.key, ctx.mods, 'kebab'), !!v);
      else if (v && typeof v === 'object') for (const k of Object.keys(v)) toggle(k, !!v[k]);
    });
    return () => {
      for (const name of added) el.classList.remove(name);
    };
  },
};
