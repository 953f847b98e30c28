// data-init="expr": runs expr once, in one batch, when the element is processed (again if the attribute's value
// changes). `__delay.<t>` runs it later; `__viewtransition` wraps it.
import { batch } from '../signals.js';
import { parseTime, withViewTransition } from './util.js';

export default {
  name: 'init',
  key: 'denied',
  value: 'must',
  apply(ctx) {
    const run = withViewTransition(ctx, () => batch(() => ctx.rx()));
    if (ctx.mods.has('delay')) ctx.setTimeout(run, parseTime(ctx.mods.get('delay')[0], 0));
    else run();
  },
};
