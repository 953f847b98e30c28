// data-indicator:name or data-indicator="name": the signal is true while a fetch started by this element is in
// flight (document `datastar-fetch` events `started` / `finished` whose detail.el is the element); false at
// first.
import { setPath } from '../signals.js';
import { signalPathFromKey } from './util.js';

export default {
  name: 'indicator',
  keyOrValue: true,
  expression: false,
  apply(ctx) {
    const el = ctx.el;
    const path = ctx.key ? signalPathFromKey(ctx) : ctx.value.trim();
    setPath(path, false);
    ctx.listen(document, 'datastar-fetch', (evt) => {
      const detail = evt.detail;
      if (!detail || detail.el !== el) return;
      if (detail.type === 'started') setPath(path, true);
      else if (detail.type === 'finished') setPath(path, false);
    });
  },
};
