// DOM building without HTML parsing: every string lands in the page through textContent or an
// attribute setter, so user text (run names, params, notes) can never become markup or script.

/**
 * Creates an element. `attrs` keys: `class`, `text`, `on<event>` (function), `dataset` (object),
 * anything else becomes an attribute (or a property for `value`/`checked`/`disabled`).
 * Children may be nodes, strings (as text), arrays, or null (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Like h(), for SVG elements. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

function applyAttrs(el, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked' || k === 'disabled') el[k] = v;
    else if (k === 'href') el.setAttribute('href', safeHref(v));
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Only same-app hash links, relative paths and http(s) URLs; anything else (javascript:) is dropped. */
export function safeHref(url) {
  const s = String(url).trim();
  if (s.startsWith('#') || s.startsWith('/')) return s;
  if (/^https?:\/\//i.test(s)) return s;
  return '#';
}

/** Whether the user has text selected inside `box` (redrawing it would drop the selection). */
export function selectingIn(box) {
  const sel = window.getSelection();
  return Boolean(sel && !sel.isCollapsed && sel.rangeCount > 0 && box.contains(sel.getRangeAt(0).commonAncestorContainer));
}

/** Replaces the children of `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A red banner showing a message (the server's `message` when there is one). */
export function errorBox(err) {
  const msg = err && err.message ? err.message : String(err);
  return h('div', { class: 'error', role: 'alert' }, msg);
}

/** A grey notice for empty lists. */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** A page section: a panel with a heading, found by tests as #section-<id>. */
export function section(title, body, id) {
  return h('section', { class: 'panel', id: 'section-' + id }, h('h2', null, title), body);
}

/** A key/value table sorted by key, or a notice when the map is empty. */
export function kvTable(map, id, emptyText) {
  if (map.size === 0) return empty(emptyText);
  return h('table', { class: 'grid kv', id },
    h('tbody', null, [...map].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) =>
      h('tr', null, h('th', null, k), h('td', { class: 'value' }, v)))));
}
