// The morph: turns existing DOM into new content while keeping the existing nodes wherever they can be matched,
// so that focus, caret, scroll positions and what the user typed survive. Written for Starling from the
// behaviour in CLIENT.md §6.
//
// Matching works on "persistent ids": ids carried by exactly one element in the old subtree and exactly one in
// the new content, with the same tag name. Each node knows which persistent ids live in its subtree; new
// children are matched left to right against the old children (same id or sharing persistent ids first, then
// a compatible element without a conflicting id), elements with a persistent id are moved to where the new
// content wants them, and nothing else is recreated. Attributes are copied only when they differ, so attribute
// plugins see mutations only for what changed.
//
// Chrome 102 has no moveBefore(): moving an element detaches it, which drops focus and scroll offsets; both are
// recorded before the morph and put back afterwards.

const IgnoreMorph = 'data-ignore-morph';
const PreserveAttr = 'data-preserve-attr';

// morph(oldEl, newContent, {mode}) where newContent is a Node, a DocumentFragment or an array of nodes.
//   mode 'outer' (default): oldEl itself becomes newContent (which may be several nodes).
//   mode 'inner': oldEl's children become newContent.
export function morph(oldEl, newContent, { mode = 'outer' } = {}) {
  const newNodes = toNodeList(newContent);
  if (mode === 'outer') {
    if (isInsideIgnoredMorph(oldEl)) return;
    if (!oldEl.parentNode) return;
  } else if (mode !== 'inner') {
    throw new Error(`morph: unknown mode '${mode}'`);
  }
  const ctx = createContext(oldEl, newNodes, mode);
  const saved = saveViewState(ctx);
  if (mode === 'outer') {
    const parent = oldEl.parentNode;
    // A single element matching the target (the usual case, and the only one for <html>/<head>/<body>) is
    // morphed in place.
    if (newNodes.length === 1 && newNodes[0].nodeType === 1 && sameTag(oldEl, newNodes[0])) {
      morphNode(ctx, oldEl, newNodes[0]);
    } else {
      morphChildren(ctx, parent, newNodes, oldEl, oldEl.nextSibling);
    }
  } else {
    morphChildren(ctx, oldEl, newNodes, oldEl.firstChild, null);
  }
  ctx.pantry.textContent = '';
  restoreViewState(saved);
}

function toNodeList(content) {
  if (Array.isArray(content)) return content;
  if (content.nodeType === 11) return Array.from(content.childNodes);
  return [content];
}

function isInsideIgnoredMorph(el) {
  const parent = el.parentElement;
  return !!(parent && parent.closest(`[${IgnoreMorph}]`));
}

function sameTag(a, b) {
  return a.nodeType === b.nodeType && a.localName === b.localName && a.namespaceURI === b.namespaceURI;
}

// --- persistent ids -----------------------------------------------------------------------------------------

function createContext(oldEl, newNodes, mode) {
  // Old side: ids in the target's subtree (including the target itself when it is replaced).
  const oldById = new Map();
  const oldDuplicates = new Set();
  const addOld = (el) => {
    const id = el.id;
    if (!id) return;
    if (oldById.has(id)) oldDuplicates.add(id);
    else oldById.set(id, el);
  };
  if (mode === 'outer') addOld(oldEl);
  for (const el of oldEl.querySelectorAll('[id]')) addOld(el);

  const newById = new Map();
  const newDuplicates = new Set();
  const addNew = (el) => {
    const id = el.id;
    if (!id) return;
    if (newById.has(id)) newDuplicates.add(id);
    else newById.set(id, el);
  };
  for (const node of newNodes) {
    if (node.nodeType !== 1) continue;
    addNew(node);
    for (const el of node.querySelectorAll('[id]')) addNew(el);
  }

  const persistent = new Map(); // id -> old element
  for (const [id, oldNode] of oldById) {
    if (oldDuplicates.has(id) || newDuplicates.has(id)) continue;
    const newNode = newById.get(id);
    if (newNode && sameTag(oldNode, newNode)) persistent.set(id, oldNode);
  }

  // id sets: every node with persistent ids in its subtree -> those ids.
  const idSets = new Map();
  const addUp = (el, id, stop) => {
    for (let n = el; n && n !== stop; n = n.parentNode) {
      let set = idSets.get(n);
      if (!set) idSets.set(n, (set = new Set()));
      set.add(id);
    }
  };
  const oldStop = mode === 'outer' ? oldEl.parentNode : oldEl;
  for (const [id, oldNode] of persistent) {
    addUp(oldNode, id, oldStop);
    addUp(newById.get(id), id, null);
  }

  return {
    persistent,
    idSets,
    pantry: oldEl.ownerDocument.createElement('div'),
    doc: oldEl.ownerDocument,
    moved: [],
  };
}

const EmptySet = new Set();

function idSetOf(ctx, node) {
  return ctx.idSets.get(node) || EmptySet;
}

function intersects(a, b) {
  if (a.size === 0 || b.size === 0) return false;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const id of small) if (large.has(id)) return true;
  return false;
}

// --- matching -------------------------------------------------------------------------------------------------

// Same element by id, or the same kind of element carrying some of the same persistent ids.
function isHardMatch(ctx, oldNode, newNode) {
  if (oldNode.nodeType !== 1 || !sameTag(oldNode, newNode)) return false;
  if (oldNode.id && oldNode.id === newNode.id) return true;
  if (newNode.id && ctx.persistent.has(newNode.id)) return false; // that element is elsewhere
  return intersects(idSetOf(ctx, oldNode), idSetOf(ctx, newNode));
}

// Same kind of node, and no id that says it is some other element.
function isSoftMatch(ctx, oldNode, newNode) {
  if (oldNode.nodeType !== newNode.nodeType) return false;
  if (oldNode.nodeType !== 1) return true;
  if (!sameTag(oldNode, newNode)) return false;
  if (oldNode.id && oldNode.id !== newNode.id) return false;
  if (newNode.id && ctx.persistent.has(newNode.id) && ctx.persistent.get(newNode.id) !== oldNode) return false;
  const oldIds = idSetOf(ctx, oldNode);
  // Reusing it would take its persistent ids away from where the new content wants them.
  if (oldIds.size && !intersects(oldIds, idSetOf(ctx, newNode))) return false;
  return true;
}

function findHardMatch(ctx, newNode, start, end) {
  if (newNode.nodeType !== 1) return null;
  const wanted = idSetOf(ctx, newNode).size;
  if (wanted === 0 && !newNode.id) return null;
  let displaced = 0;
  for (let n = start; n && n !== end; n = n.nextSibling) {
    if (isHardMatch(ctx, n, newNode)) return n;
    displaced += idSetOf(ctx, n).size;
    if (displaced > wanted) return null;
  }
  return null;
}

function findSoftMatch(ctx, newNode, start, end) {
  if (!start || start === end) return null;
  if (isSoftMatch(ctx, start, newNode)) {
    if (nodesEqual(start, newNode)) return start;
    // The old node is exactly the next new one: newNode was inserted before it (a prepend), so create newNode
    // rather than rewrite every following node.
    const nextNew = nextOfKind(newNode);
    if (nextNew && isSoftMatch(ctx, start, nextNew) && nodesEqual(start, nextNew)) return null;
    // The next old node is exactly newNode: the one at the cursor was removed.
    const nextOld = nextOfKind(start, end);
    if (nextOld && !idSetOf(ctx, start).size && isSoftMatch(ctx, nextOld, newNode) && nodesEqual(nextOld, newNode)) {
      return nextOld;
    }
    return start;
  }
  // Look a little further for an identical node, never past one holding persistent ids (it would be displaced).
  let steps = 0;
  for (let n = start.nextSibling; n && n !== end && steps < 8; n = n.nextSibling, steps++) {
    if (idSetOf(ctx, start).size || idSetOf(ctx, n).size) return null;
    if (n.nodeType === newNode.nodeType && isSoftMatch(ctx, n, newNode) && nodesEqual(n, newNode)) return n;
  }
  return null;
}

// The next sibling of the same kind (elements skip the whitespace between them).
function nextOfKind(node, end) {
  let next = node.nextSibling;
  if (node.nodeType === 1) while (next && next !== end && next.nodeType !== 1) next = next.nextSibling;
  return next === end ? null : next;
}

function nodesEqual(a, b) {
  if (a.nodeType !== 1) return a.nodeValue === b.nodeValue;
  return a.isEqualNode(b);
}

// --- tree walk ------------------------------------------------------------------------------------------------

// Morphs the old children of `parent` in [start, end) into `newNodes`.
function morphChildren(ctx, parent, newNodes, start, end) {
  let cursor = start; // the next old node not yet used
  for (const newNode of newNodes) {
    if (cursor === end) cursor = null;
    const limit = end;

    // 1. The node at the cursor or further on is the same element (by id or shared persistent ids).
    let match = cursor ? findHardMatch(ctx, newNode, cursor, limit) : null;
    // 2. An element with this persistent id exists elsewhere: move it here.
    if (!match && newNode.nodeType === 1 && newNode.id && ctx.persistent.has(newNode.id)) {
      const existing = ctx.persistent.get(newNode.id);
      if (existing !== parent && !existing.contains(parent)) {
        moveBefore(ctx, parent, existing, cursor || end);
        morphNode(ctx, existing, newNode);
        if (cursor === existing) cursor = existing.nextSibling;
        continue;
      }
    }
    // 3. A compatible node at (or near) the cursor.
    if (!match && cursor) match = findSoftMatch(ctx, newNode, cursor, limit);

    if (match) {
      if (match !== cursor && holdsPersistentIds(ctx, cursor, match)) {
        // The nodes being skipped are wanted later: move the match up instead of parking them, so they stay in
        // the document (a focused input among them keeps its focus without blur/focus events).
        moveBefore(ctx, parent, match, cursor);
        morphNode(ctx, match, newNode);
        continue;
      }
      while (cursor && cursor !== match) {
        const next = cursor.nextSibling;
        discard(ctx, cursor);
        cursor = next;
      }
      morphNode(ctx, match, newNode);
      cursor = match.nextSibling;
      continue;
    }

    // 4. Nothing to reuse: create it.
    const created = createFrom(ctx, newNode);
    parent.insertBefore(created, cursor || end);
  }
  if (cursor === end) cursor = null;
  while (cursor && cursor !== end) {
    const next = cursor.nextSibling;
    discard(ctx, cursor);
    cursor = next;
  }
}

function holdsPersistentIds(ctx, from, to) {
  for (let n = from; n && n !== to; n = n.nextSibling) if (idSetOf(ctx, n).size) return true;
  return false;
}

// Removes an old node; one holding persistent ids is parked in the pantry, as something later may reuse them.
function discard(ctx, node) {
  if (idSetOf(ctx, node).size) {
    recordScroll(ctx, node);
    ctx.pantry.appendChild(node);
  } else {
    node.remove();
  }
}

function moveBefore(ctx, parent, node, ref) {
  if (node.parentNode === parent && (node === ref || node.nextSibling === ref)) return;
  recordScroll(ctx, node);
  parent.insertBefore(node, ref);
}

// A new node for newNode; when it contains persistent ids, an empty shell is morphed so they are moved in.
function createFrom(ctx, newNode) {
  if (newNode.nodeType === 1 && idSetOf(ctx, newNode).size) {
    const el =
      newNode.namespaceURI && newNode.namespaceURI !== 'http://www.w3.org/1999/xhtml'
        ? ctx.doc.createElementNS(newNode.namespaceURI, newNode.localName)
        : ctx.doc.createElement(newNode.localName);
    for (const attr of newNode.attributes) setAttr(el, attr);
    morphChildren(ctx, el, Array.from(newNode.childNodes), null, null);
    return el;
  }
  return ctx.doc.importNode(newNode, true);
}

function setAttr(el, attr) {
  if (attr.namespaceURI) el.setAttributeNS(attr.namespaceURI, attr.name, attr.value);
  else el.setAttribute(attr.name, attr.value);
}

function morphNode(ctx, oldNode, newNode) {
  const type = oldNode.nodeType;
  if (type === 3 || type === 4 || type === 8) {
    if (oldNode.nodeValue !== newNode.nodeValue) oldNode.nodeValue = newNode.nodeValue;
    return;
  }
  if (type !== 1) return;
  if (oldNode.hasAttribute(IgnoreMorph) && newNode.hasAttribute(IgnoreMorph)) return;

  morphAttributes(oldNode, newNode);

  const tag = oldNode.localName;
  if (tag === 'textarea' && oldNode.namespaceURI === 'http://www.w3.org/1999/xhtml') {
    const text = newNode.textContent;
    if (oldNode.defaultValue !== text) {
      oldNode.defaultValue = text;
      oldNode.value = text;
    }
    return;
  }
  if (tag === 'template' && oldNode.content) {
    if (oldNode.innerHTML !== newNode.innerHTML) oldNode.innerHTML = newNode.innerHTML;
    return;
  }
  if (!oldNode.firstChild && !newNode.firstChild) return;
  if (oldNode.isEqualNode(newNode)) return;
  morphChildren(ctx, oldNode, Array.from(newNode.childNodes), oldNode.firstChild, null);
}

function preservedNames(newNode) {
  const list = newNode.getAttribute(PreserveAttr);
  if (!list) return null;
  return new Set(list.trim().split(/\s+/).map((s) => s.toLowerCase()));
}

function morphAttributes(oldEl, newEl) {
  const preserve = preservedNames(newEl);
  const isHtml = oldEl.namespaceURI === 'http://www.w3.org/1999/xhtml';
  const tag = oldEl.localName;
  // Set the attributes that are new or different.
  for (const attr of newEl.attributes) {
    if (preserve && preserve.has(attr.name)) continue;
    const current = attr.namespaceURI
      ? oldEl.getAttributeNS(attr.namespaceURI, attr.localName)
      : oldEl.getAttribute(attr.name);
    if (current === attr.value) continue;
    setAttr(oldEl, attr);
    if (isHtml) syncProperty(oldEl, tag, attr.name, attr.value, true);
  }
  // Remove the ones the new element does not have (backwards: the collection is live).
  const attrs = oldEl.attributes;
  for (let i = attrs.length - 1; i >= 0; i--) {
    const attr = attrs[i];
    if (preserve && preserve.has(attr.name)) continue;
    const present = attr.namespaceURI
      ? newEl.hasAttributeNS(attr.namespaceURI, attr.localName)
      : newEl.hasAttribute(attr.name);
    if (present) continue;
    const name = attr.name;
    if (attr.namespaceURI) oldEl.removeAttributeNS(attr.namespaceURI, attr.localName);
    else oldEl.removeAttribute(name);
    if (isHtml) syncProperty(oldEl, tag, name, '', false);
  }
}

// When the server changes a form control's attribute, the live state follows it; when the attribute is the same
// in old and new HTML, what the user typed or chose is left alone.
function syncProperty(el, tag, name, value, present) {
  if (tag === 'input') {
    if (name === 'value' && el.type !== 'file') el.value = present ? value : '';
    else if (name === 'checked') el.checked = present;
  } else if (tag === 'option' && name === 'selected') {
    el.selected = present;
  }
}

// --- focus, caret and scroll ------------------------------------------------------------------------------------

function saveViewState(ctx) {
  const active = ctx.doc.activeElement;
  const state = { active: null, scroll: ctx.moved, doc: ctx.doc };
  if (active && active !== ctx.doc.body) {
    state.active = active;
    try {
      if (typeof active.selectionStart === 'number') {
        state.selection = [active.selectionStart, active.selectionEnd, active.selectionDirection];
      }
    } catch (_) {
      // inputs without selection (checkbox, number, ...) throw on access in some engines
    }
  }
  return state;
}

function recordScroll(ctx, node) {
  if (node.nodeType !== 1) return;
  const record = (el) => {
    if (el.scrollTop || el.scrollLeft) ctx.moved.push([el, el.scrollTop, el.scrollLeft]);
  };
  record(node);
  for (const el of node.querySelectorAll('*')) record(el);
}

function restoreViewState(state) {
  for (const [el, top, left] of state.scroll) {
    if (!el.isConnected) continue;
    if (el.scrollTop !== top) el.scrollTop = top;
    if (el.scrollLeft !== left) el.scrollLeft = left;
  }
  const active = state.active;
  if (active && active.isConnected && state.doc.activeElement !== active) {
    active.focus({ preventScroll: true });
    if (state.selection) {
      try {
        active.setSelectionRange(state.selection[0], state.selection[1], state.selection[2] || 'none');
      } catch (_) {
        // the control no longer supports a selection (its type changed)
      }
    }
  }
}
