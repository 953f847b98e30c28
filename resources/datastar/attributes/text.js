// data-text="expr": the element's text is String(expr) (empty for null/undefined), kept up to date.
export default {
  name: 'text',
  key: 'denied',
  value: 'must',
  returnsValue: true,
  apply(ctx) {
    const el = ctx.el;
    ctx.effect(() => {
      const v = ctx.rx();
      const text = v === undefined || v === null ? '' : String(v);
      if (el.textContent !== text) el.textContent = text;
    });
  },
};
