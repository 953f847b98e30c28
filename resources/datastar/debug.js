// The development hook: window.__starlingDatastarDebug, for tests, benchmarks and the browser's console. Not
// part of the client a page loads with datastar.js: the runtime adds this module to the pages that load the
// client only in dev mode (--dev), and the tests' server to the pages it serves. The hook appears once the
// client has applied itself to the page, so waiting for it waits for that.
import { apply, registry, started } from './engine.js';
import { filteredSignals, getPath, mergePatch, root } from './signals.js';

started.then(() => {
  window.__starlingDatastarDebug = { registry, apply, root, getPath, mergePatch, filteredSignals };
});
