// data-on:<event>="expr": runs expr (with `evt`) on the event. The event name is kebab case by default
// (`__case` changes it). Modifiers: __once, __passive, __capture, __prevent, __stop, __window (listen on window),
// __outside (listen on document, run only for targets outside the element), __delay, __debounce, __throttle,
// __viewtransition. `datastar-fetch` and `datastar-signal-patch` are always listened to on document; a form's
// `submit` is always prevented.
import { applyCase, withTiming, withViewTransition } from './util.js';

export default {
  name: 'on',
  key: 'must',
  value: 'must',
  argNames: ['evt'],
  apply(ctx) {
    const { el, mods } = ctx;
    const type = applyCase(ctx.key, mods, 'kebab');
    const outside = mods.has('outside');
    let target = el;
    if (mods.has('window')) target = window;
    else if (outside || type === 'datastar-fetch' || type === 'datastar-signal-patch') target = document;
    const run = withTiming(ctx, withViewTransition(ctx, (evt) => ctx.rx(evt)));
    const prevent = mods.has('prevent') || (type === 'submit' && el.tagName === 'FORM');
    const stop = mods.has('stop');
    const once = mods.has('once');
    let remove = null;
    const handler = (evt) => {
      if (outside && (!el.isConnected || el === evt.target || el.contains(evt.target))) return;
      if (prevent) evt.preventDefault();
      if (stop) evt.stopPropagation();
      if (once) remove();
      run(evt);
    };
    remove = ctx.listen(target, type, handler, { capture: mods.has('capture'), passive: mods.has('passive') });
  },
};
