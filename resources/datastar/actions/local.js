// Local actions: @peek(fn), @setAll(value, {include, exclude}?), @toggleAll({include, exclude}?).
// Filters are RegExps or strings tested against dotted signal paths; computed signals are never written.
import { registerAction } from '../engine.js';
import { batch, getPath, setPath, signalPaths, untracked } from '../signals.js';

function writablePaths(filter) {
  const { include, exclude } = filter || {};
  return untracked(() => signalPaths({ include, exclude, writableOnly: true }));
}

export const actions = {
  // Runs fn without subscribing the calling expression to what fn reads.
  peek: (_ctx, fn) => untracked(fn),
  // Sets every (filtered) signal to value.
  setAll: (_ctx, value, filter) =>
    batch(() => {
      for (const path of writablePaths(filter)) setPath(path, value);
    }),
  // Negates every (filtered) signal.
  toggleAll: (_ctx, filter) =>
    batch(() => {
      for (const path of writablePaths(filter)) setPath(path, !untracked(() => getPath(path)));
    }),
};

for (const [name, fn] of Object.entries(actions)) registerAction(name, fn);
