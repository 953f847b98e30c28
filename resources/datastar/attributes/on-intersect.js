// data-on-intersect="expr": runs expr when the element comes into view (any part; `__half`: half of it;
// `__full`: all of it). `__once` stops after the first time; timing modifiers and `__viewtransition` apply.
import { withTiming, withViewTransition } from './util.js';

export default {
  name: 'on-intersect',
  key: 'denied',
  value: 'must',
  apply(ctx) {
    const { el, mods } = ctx;
    const threshold = mods.has('full') ? 1 : mods.has('half') ? 0.5 : 0;
    const once = mods.has('once');
    const run = withTiming(ctx, withViewTransition(ctx, () => ctx.rx()));
    let done = false;
    const observer = ctx.observe(
      new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (done || !entry.isIntersecting || entry.intersectionRatio < threshold - 0.01) continue;
            if (once) {
              done = true;
              observer.disconnect();
            }
            run();
          }
        },
        { threshold },
      ),
    );
    observer.observe(el);
  },
};
