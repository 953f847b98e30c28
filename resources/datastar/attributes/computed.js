// data-computed:name="expr": a read-only signal whose value is expr, recomputed only when what it read changed.
// Removed (and its tracking stopped) when the attribute or element goes.
import { computed, removeComputed, setComputed } from '../signals.js';
import { signalPathFromKey } from './util.js';

export default {
  name: 'computed',
  key: 'must',
  value: 'must',
  returnsValue: true,
  apply(ctx) {
    const path = signalPathFromKey(ctx);
    const c = computed(() => ctx.rx());
    ctx.own({ dispose: () => removeComputed(path, c) });
    setComputed(path, c);
  },
};
