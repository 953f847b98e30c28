// data-signals: patches signals into the store (RFC 7396: null removes).
//   data-signals:foo.bar-baz="expr"  -> $foo.barBaz = expr
//   data-signals="{a: 1, b: {c: 2}}" -> merge of the object
// `__ifmissing` only sets signals that do not exist yet; `__case` changes the key's casing.
import { mergePatch } from '../signals.js';
import { nest, signalPathFromKey } from './util.js';

export default {
  name: 'signals',
  value: 'must',
  returnsValue: true,
  apply(ctx) {
    const ifMissing = ctx.mods.has('ifmissing');
    const value = ctx.rx();
    if (ctx.key) {
      mergePatch(nest(signalPathFromKey(ctx), value === undefined ? null : value), { ifMissing });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.error('without a key, data-signals expects an object');
      return;
    }
    mergePatch(value, { ifMissing });
  },
};
