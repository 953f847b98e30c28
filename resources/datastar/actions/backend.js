// Backend actions: @get, @post, @put, @patch, @delete (CLIENT.md §4, §5, §8).
//
// Each sends the page's signals (or a form) with `Datastar-Request: true`, then applies the response by its
// content type: text/html -> patch elements, application/json -> patch signals, text/javascript -> run script,
// anything else -> read as an event stream and applied event by event as it arrives. Lifecycle notifications are
// `datastar-fetch` events on document with detail {type, el, argsRaw}.
//
// Retries: a stream the server ends normally is finished. A dropped connection or a read error is retried after
// the current interval (retryInterval, or the server's `retry:`), growing by retryScaler up to retryMaxWaitMs
// (alias retryMaxWait), at most retryMaxCount times in a row; a reconnect sends `Last-Event-ID` when the server
// gave ids. An HTTP status >= 400 dispatches `error`, its body is still applied, and it is not retried.

import { registerAction } from '../engine.js';
import { filteredSignals, untracked } from '../signals.js';
import { createParser, parseDatastarData } from '../sse.js';
import { executeScriptResponse, patchElements, patchSignals } from '../patch.js';

const PatchElementsEvent = 'datastar-patch-elements';
const PatchSignalsEvent = 'datastar-patch-signals';

const Defaults = {
  contentType: 'json',
  filterSignals: { include: /.*/, exclude: /(^|\.)_/ },
  selector: null,
  headers: {},
  openWhenHidden: false,
  retryInterval: 1000,
  retryScaler: 2,
  retryMaxWaitMs: 30000,
  retryMaxCount: 10,
  requestCancellation: 'auto',
};

// The request in flight per element, for requestCancellation 'auto'.
const inFlight = new WeakMap();

export function dispatchFetch(type, el, argsRaw = {}) {
  document.dispatchEvent(new CustomEvent('datastar-fetch', { detail: { type, el, argsRaw } }));
}

function toRegExp(value, fallback) {
  if (value === undefined || value === null) return fallback;
  if (value instanceof RegExp) return value;
  return new RegExp(String(value));
}

function resolveOptions(opts) {
  const o = Object.assign({}, Defaults, opts || {});
  if (opts && opts.retryMaxWait !== undefined && opts.retryMaxWaitMs === undefined) o.retryMaxWaitMs = opts.retryMaxWait;
  const filter = (opts && opts.filterSignals) || {};
  o.filterSignals = {
    include: toRegExp(filter.include, Defaults.filterSignals.include),
    exclude: toRegExp(filter.exclude, Defaults.filterSignals.exclude),
  };
  for (const key of ['retryInterval', 'retryScaler', 'retryMaxWaitMs', 'retryMaxCount']) {
    const n = Number(o[key]);
    o[key] = Number.isFinite(n) && n >= 0 ? n : Defaults[key];
  }
  return o;
}

// Builds url, method, headers and body once; every attempt (retries included) sends the same request.
function buildRequest(method, url, o, ctx) {
  const target = new URL(url, window.location.href);
  const headers = {
    Accept: 'text/event-stream, text/html, application/json',
    'Datastar-Request': 'true',
  };
  let body;
  if (o.contentType === 'form') {
    const el = ctx.el;
    const form = o.selector ? document.querySelector(o.selector) : el && el.closest ? el.closest('form') : null;
    if (!form) {
      throw new Error(
        o.selector ? `no form matches selector '${o.selector}'` : 'contentType form: the element is not inside a <form>',
      );
    }
    if (!form.checkValidity()) {
      form.reportValidity();
      return null; // invalid: the request is not sent
    }
    const formData = new FormData(form);
    const submitter = submitterOf(ctx, form);
    if (submitter && submitter.name) formData.append(submitter.name, submitter.value);
    const multipart = form.getAttribute('enctype') === 'multipart/form-data';
    if (method === 'GET') {
      for (const [key, value] of new URLSearchParams(formData)) target.searchParams.append(key, value);
    } else if (multipart) {
      body = formData; // fetch sets the multipart Content-Type with its boundary
    } else {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(formData).toString();
    }
  } else {
    const json = JSON.stringify(untracked(() => filteredSignals(o.filterSignals)));
    if (method === 'GET') {
      target.searchParams.set('datastar', json);
    } else {
      headers['Content-Type'] = 'application/json';
      body = json;
    }
  }
  Object.assign(headers, o.headers || {});
  return { url: target.toString(), headers, body };
}

// The button that submitted the form (a submit event's submitter, or the clicked element itself).
function submitterOf(ctx, form) {
  const evt = ctx.evt;
  if (evt && evt.submitter && form.contains(evt.submitter)) return evt.submitter;
  const el = ctx.el;
  if (el && el !== form && form.contains(el) && (el.type === 'submit' || el.localName === 'button')) return el;
  return null;
}

function applyDatastarEvent(el, type, data) {
  const args = parseDatastarData(data);
  dispatchFetch(type, el, args);
  if (type === PatchElementsEvent) patchElements(args);
  else if (type === PatchSignalsEvent) patchSignals(args);
  else console.error(`datastar ${type}: unknown event type (expected ${PatchElementsEvent} or ${PatchSignalsEvent})`);
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

async function backendAction(method, ctx, url, opts) {
  const el = (ctx && ctx.el) || document.body;
  const argsRaw = { method, url, options: opts };
  let o;
  let request;
  try {
    o = resolveOptions(opts);
    request = buildRequest(method, url, o, ctx || {});
  } catch (error) {
    console.error(`datastar @${method.toLowerCase()}('${url}'): ${error.message}`);
    return;
  }
  if (!request) return;

  // Cancellation: 'auto' aborts the element's previous request; an AbortController is used as given.
  const controller = new AbortController();
  const cancel = o.requestCancellation;
  let external = null;
  if (cancel && typeof cancel === 'object' && typeof cancel.abort === 'function' && cancel.signal) {
    external = cancel.signal;
    if (external.aborted) controller.abort();
    else external.addEventListener('abort', () => controller.abort(), { once: true });
  } else if (cancel !== 'disabled') {
    const previous = inFlight.get(el);
    if (previous) previous.abort();
    inFlight.set(el, controller);
  }

  // openWhenHidden false: the request is aborted while the page is hidden and sent again when it shows.
  let attempt = null; // AbortController of the current attempt
  let hiddenPause = null;
  const onVisibility = () => {
    if (document.hidden) {
      if (attempt) attempt.abort('hidden');
    } else if (hiddenPause) {
      hiddenPause();
    }
  };
  if (!o.openWhenHidden) document.addEventListener('visibilitychange', onVisibility);

  let interval = o.retryInterval;
  let failures = 0;
  let lastEventId = '';
  dispatchFetch('started', el, argsRaw);
  try {
    for (;;) {
      if (controller.signal.aborted) return;
      if (!o.openWhenHidden && document.hidden) {
        await new Promise((resolve) => {
          hiddenPause = resolve;
          controller.signal.addEventListener('abort', resolve, { once: true });
        });
        hiddenPause = null;
        continue;
      }
      attempt = new AbortController();
      const onAbort = () => attempt.abort();
      controller.signal.addEventListener('abort', onAbort, { once: true });
      const headers = Object.assign({}, request.headers);
      if (lastEventId) headers['Last-Event-ID'] = lastEventId;
      let outcome;
      try {
        outcome = await runAttempt(el, method, request, headers, attempt.signal, {
          onRetry: (ms) => {
            interval = ms;
          },
          lastEventId,
          onId: (id) => {
            lastEventId = id;
          },
          onElementGone: () => controller.abort(),
          onConnected: () => {
            failures = 0;
          },
        });
      } catch (error) {
        outcome = { failed: error };
      } finally {
        controller.signal.removeEventListener('abort', onAbort);
      }
      if (controller.signal.aborted) return; // cancelled: no retry
      if (outcome.done) return;
      if (attempt.signal.aborted && document.hidden) continue; // paused by visibility, not a failure
      if (ctx && ctx.el && ctx.el.isConnected === false && el !== document.body) return; // initiator is gone

      failures++;
      if (failures > o.retryMaxCount) {
        const message = outcome.failed && outcome.failed.message ? outcome.failed.message : String(outcome.failed);
        dispatchFetch('retries-failed', el, Object.assign({}, argsRaw, { message }));
        throw new Error(`datastar @${method.toLowerCase()}('${url}'): gave up after ${o.retryMaxCount} retries (${message})`);
      }
      const message = outcome.failed && outcome.failed.message ? outcome.failed.message : String(outcome.failed);
      dispatchFetch('retrying', el, Object.assign({}, argsRaw, { message, retry: failures, wait: interval }));
      await sleep(interval, controller.signal);
      interval = Math.min(interval * o.retryScaler, o.retryMaxWaitMs);
    }
  } finally {
    if (!o.openWhenHidden) document.removeEventListener('visibilitychange', onVisibility);
    if (inFlight.get(el) === controller) inFlight.delete(el);
    dispatchFetch('finished', el, argsRaw);
  }
}

// One fetch and its response. Resolves {done: true} when the response was fully applied (or must not be
// retried); throws (or resolves {failed}) on a network or read error, which the caller retries.
async function runAttempt(el, method, request, headers, signal, hooks) {
  const response = await fetch(request.url, { method, headers, body: request.body, signal });
  const status = response.status;
  const isError = status >= 400;
  if (isError) dispatchFetch('error', el, { status, statusText: response.statusText, url: request.url });
  else hooks.onConnected();

  const type = (response.headers.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
  const header = (name) => response.headers.get(name);
  if (type === 'text/html') {
    const text = await response.text();
    const args = { elements: text };
    if (header('datastar-selector')) args.selector = header('datastar-selector');
    if (header('datastar-mode')) args.mode = header('datastar-mode');
    if (header('datastar-namespace')) args.namespace = header('datastar-namespace');
    if (header('datastar-use-view-transition')) args.useViewTransition = header('datastar-use-view-transition');
    dispatchFetch(PatchElementsEvent, el, args);
    patchElements(args);
    return { done: true };
  }
  if (type === 'application/json') {
    const text = await response.text();
    const args = { signals: text };
    if (header('datastar-only-if-missing')) args.onlyIfMissing = header('datastar-only-if-missing');
    dispatchFetch(PatchSignalsEvent, el, args);
    patchSignals(args);
    return { done: true };
  }
  if (type === 'text/javascript' || type === 'application/javascript') {
    const text = await response.text();
    executeScriptResponse(text, header('datastar-script-attributes'));
    return { done: true };
  }
  if (!response.body) return { done: true };

  // Anything else is read as an event stream, applying each event as soon as its blank line arrives.
  // The initiating element being removed by a patch cancels its request (RC.6).
  const wasConnected = el.isConnected;
  const parser = createParser(
    (event) => {
      hooks.onId(event.id);
      if (!event.type.startsWith('datastar')) return;
      try {
        applyDatastarEvent(el, event.type, event.data);
      } catch (error) {
        console.error(`datastar ${event.type}: failed to apply event: ${error && error.message}`, event.data);
      }
      if (wasConnected && !el.isConnected) hooks.onElementGone();
    },
    { onRetry: hooks.onRetry, lastEventId: hooks.lastEventId },
  );
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
  } catch (error) {
    if (isError) return { done: true }; // an error response is never retried
    hooks.onId(parser.lastEventId); // the id of the last complete event: the server resumes after it
    return { failed: error };
  }
  parser.end();
  return { done: true };
}

export const actions = {};
for (const name of ['get', 'post', 'put', 'patch', 'delete']) {
  const method = name.toUpperCase();
  actions[name] = (ctx, url, opts) => backendAction(method, ctx, url, opts);
  registerAction(name, actions[name]);
}
