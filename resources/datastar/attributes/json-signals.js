// data-json-signals[="{include, exclude}"]: the element's text is the (filtered) signals as JSON, indented by 2
// (`__terse`: no whitespace), kept up to date.
import { filteredSignals } from '../signals.js';

export default {
  name: 'json-signals',
  key: 'denied',
  returnsValue: true,
  apply(ctx) {
    const el = ctx.el;
    const terse = ctx.mods.has('terse');
    ctx.effect(() => {
      const filter = ctx.value.trim() ? ctx.rx() : undefined;
      const text = JSON.stringify(filteredSignals(filter || {}), null, terse ? 0 : 2);
      if (el.textContent !== text) el.textContent = text;
    });
  },
};
