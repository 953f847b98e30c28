// data-show="expr": display:none while expr is falsy. When it becomes truthy an inline `display: none` is
// removed, or replaced by the inline display the element had before it was hidden (so `style="display:none"`
// works as an initial state, and `style="display:flex"` comes back as flex).
export default {
  name: 'show',
  key: 'denied',
  value: 'must',
  returnsValue: true,
  apply(ctx) {
    const style = ctx.el.style;
    let saved = null;
    ctx.effect(() => {
      if (ctx.rx()) {
        if (style.display !== 'none') return;
        if (saved) style.setProperty('display', saved[0], saved[1]);
        else style.removeProperty('display');
        saved = null;
      } else if (style.display !== 'none') {
        saved = style.display ? [style.display, style.getPropertyPriority('display')] : null;
        style.setProperty('display', 'none');
      }
    });
  },
};
