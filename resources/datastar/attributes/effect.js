// data-effect="expr": runs expr now and again whenever a signal it read changes.
export default {
  name: 'effect',
  key: 'denied',
  value: 'must',
  apply(ctx) {
    ctx.effect(() => ctx.rx());
  },
};
