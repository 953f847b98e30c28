// data-on-signal-patch="expr": runs expr (with `patch`, the nested object of changed signals; removed ones are
// null) after every batch of signal changes. The sibling attribute data-on-signal-patch-filter="{include,
// exclude}" (RegExps or strings over dotted paths) narrows the patch; an empty patch does not run expr. Timing
// modifiers apply. A handler's own writes trigger it again unless the filter excludes them.
import { compile } from '../expressions.js';
import { reportError } from '../engine.js';
import { filterPatch, withTiming } from './util.js';

const FilterAttr = 'data-on-signal-patch-filter';

export default {
  name: 'on-signal-patch',
  key: 'denied',
  value: 'must',
  argNames: ['patch'],
  apply(ctx) {
    const el = ctx.el;
    const run = withTiming(ctx, (patch) => ctx.rx(patch));
    ctx.listen(document, 'datastar-signal-patch', (evt) => {
      let patch = evt.detail;
      const filterExpr = el.getAttribute(FilterAttr);
      if (filterExpr && filterExpr.trim()) {
        let filter;
        try {
          filter = compile(filterExpr, { returnsValue: true })({ el });
        } catch (error) {
          reportError(el, FilterAttr, error);
          return;
        }
        patch = filterPatch(patch, filter || {});
      }
      if (!patch || Object.keys(patch).length === 0) return;
      run(patch);
    });
  },
};
