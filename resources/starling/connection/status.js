// The connection status: tells the user when the page cannot reach its app. A page switches it on with
// <script type="module" src="/_starling/connection/status.js"></script> (docs/runtime.md, "Connection status").
//
// It listens to the Datastar client's `datastar-fetch` events on document and shows one line in
// #starling-connection (role=status): "Reconnecting…" while a request is being retried, "Can't reach the app"
// once a request gave up, nothing again as soon as the app answers. A 403 may mean the app was restarted (a
// new process has a new secret, so the page's credential opens nothing any more): the script asks for itself
// again, and when that is refused too, a window's page reloads (the window sends the current secret) and a
// browser's page says "The app was restarted: open the address it printed". The element keeps its state in
// `data-state` (reconnecting, offline, restarted; empty when all is well).

const Messages = {
  reconnecting: 'Reconnecting…',
  offline: 'Can’t reach the app',
  restarted: 'The app was restarted: open the address it printed',
};

// Low specificity (:where), so any rule of the page's own style sheet wins.
const Style = `
:where(#starling-connection) {
  position: fixed; top: 8px; left: 50%; transform: translateX(-50%); z-index: 2147483646;
  max-width: calc(100vw - 32px); padding: 6px 14px; border-radius: 999px;
  font: 14px/1.4 system-ui, sans-serif; background: #1f2328; color: #fff; box-shadow: 0 2px 8px #0004;
}
:where(#starling-connection[data-state="offline"], #starling-connection[data-state="restarted"]) {
  background: #a40e26;
}
:where(#starling-connection:empty) { padding: 0; box-shadow: none; }
@media (prefers-color-scheme: dark) {
  :where(#starling-connection) { background: #e6edf3; color: #1f2328; }
  :where(#starling-connection[data-state="offline"], #starling-connection[data-state="restarted"]) {
    background: #ffb3b8;
  }
}`;

// At the end of <body>, there from the start: a live region announces changes of an element it knows.
function statusElement() {
  const element = document.createElement('div');
  element.id = 'starling-connection';
  element.setAttribute('role', 'status');
  element.setAttribute('aria-live', 'polite');
  document.body.append(element);
  return element;
}

function addStyle() {
  const style = document.createElement('style');
  style.textContent = Style;
  document.head.prepend(style);
}

addStyle();
const element = statusElement();
const gaveUp = new WeakSet(); // elements whose request gave up: their `finished` proves nothing
let checking = false;

function show(state) {
  if (element.dataset.state === 'restarted') return; // only a new page gets past a restart
  element.dataset.state = state;
  element.textContent = state ? Messages[state] : '';
}

// Whether the page's credential still opens anything: a 403 for this very script means it does not.
async function checkCredential() {
  if (checking) return;
  checking = true;
  try {
    const response = await fetch(import.meta.url, { cache: 'no-store' });
    if (response.status !== 403) return;
  } catch {
    return; // unreachable: the retries report that
  } finally {
    checking = false;
  }
  if (window.starlingPageId) location.reload(); // an app window: its reload carries the current secret
  else show('restarted');
}

document.addEventListener('datastar-fetch', (event) => {
  const { type, el, argsRaw } = event.detail;
  switch (type) {
    case 'retrying':
      show('reconnecting');
      break;
    case 'retries-failed':
      gaveUp.add(el);
      show('offline');
      break;
    case 'error': // the app answered, if only with a refusal
      show('');
      if (argsRaw && argsRaw.status === 403) checkCredential();
      break;
    case 'finished':
      if (gaveUp.has(el)) gaveUp.delete(el);
      else show('');
      break;
    case 'datastar-patch-elements':
    case 'datastar-patch-signals': // a stream that reconnected delivers again
      show('');
      break;
  }
});
