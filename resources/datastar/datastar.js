// Starling's Datastar-compatible client (RC.7 semantics). One tag activates it:
//   <script type="module" src="/_starling/datastar/datastar.js"></script>
// It registers every attribute plugin and action, then applies them to the page in a microtask and follows the
// DOM from then on. See docs/client-architecture.md for the module map.
import { registerPlugin, start } from './engine.js';

import attr from './attributes/attr.js';
import bind from './attributes/bind.js';
import classPlugin from './attributes/class.js';
import computedPlugin from './attributes/computed.js';
import effectPlugin from './attributes/effect.js';
import indicator from './attributes/indicator.js';
import init from './attributes/init.js';
import jsonSignals from './attributes/json-signals.js';
import on from './attributes/on.js';
import onIntersect from './attributes/on-intersect.js';
import onInterval from './attributes/on-interval.js';
import onSignalPatch from './attributes/on-signal-patch.js';
import ref from './attributes/ref.js';
import show from './attributes/show.js';
import signalsPlugin from './attributes/signals.js';
import style from './attributes/style.js';
import text from './attributes/text.js';

import './actions/local.js';
import './actions/backend.js';

for (const plugin of [signalsPlugin, computedPlugin, effectPlugin, bind, text, show, classPlugin, attr, style, ref, indicator, on, onInterval, onIntersect, onSignalPatch, init, jsonSignals]) {
  registerPlugin(plugin);
}

queueMicrotask(start);
