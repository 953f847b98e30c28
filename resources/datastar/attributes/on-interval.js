// data-on-interval="expr": runs expr every second, or every t with `__duration.<t>`; `.leading` also runs it at
// once. `__viewtransition` wraps each run.
import { parseTime, withViewTransition } from './util.js';

export default {
  name: 'on-interval',
  key: 'denied',
  value: 'must',
  apply(ctx) {
    const tags = ctx.mods.get('duration') || [];
    const ms = parseTime(tags.find((t) => /^\d/.test(t)), 1000);
    const run = withViewTransition(ctx, () => ctx.rx());
    if (tags.includes('leading')) run();
    ctx.setInterval(run, ms);
  },
};
