// data-ref:name or data-ref="name": the signal `name` holds the element.
import { setPath } from '../signals.js';
import { signalPathFromKey } from './util.js';

export default {
  name: 'ref',
  keyOrValue: true,
  expression: false,
  apply(ctx) {
    setPath(ctx.key ? signalPathFromKey(ctx) : ctx.value.trim(), ctx.el);
  },
};
