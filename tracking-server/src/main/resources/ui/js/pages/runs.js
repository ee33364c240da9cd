// An experiment's runs: chosen param/metric/tag columns, server-side sorting, the search filter
// (MLflow syntax plus OR and parentheses), paging with page tokens, multi-select to compare.
// Nested runs (tag mlflow.parentRunId) sit under their parent, as in MLflow's experiment view: the
// server pages by top-level run and sends each with all its children (api.searchRunGroups), so a
// page never splits a sweep. Filter, order and page size live in the URL, so a view can be
// bookmarked and shared; which parents are expanded lives in the tab's sessionStorage, so it
// survives the back button. The page refreshes itself, often while a run on it is RUNNING (a
// notebook or sweep being watched) and now and then otherwise (new runs appear), and redraws only
// when something changed, so a checkbox or an open column chooser is not pulled from under the user;
// a redraw gives the focus back to the same control, and waits while text in the table is selected.
import { api, kv, PARENT_RUN_TAG } from '../api.js';
import { h, mount, errorBox, empty, selectingIn } from '../dom.js';
import { fmtTime, runDuration, fmtNumber } from '../format.js';

const PAGE_SIZES = [25, 50, 100, 250];
// Default columns (until the user picks): at most this many params and metrics, see defaultColumns.
const MAX_DEFAULT_PER_KIND = 8;
// Params that are the same in every run still fill the table up to this many when none vary.
const MIN_DEFAULT_PARAMS = 4;
// Deeper nesting is indented no further.
const MAX_INDENT = 5;
// How often the page asks the server again: while a run on it is RUNNING, and otherwise.
const LIVE_POLL_MS = 5000;
const IDLE_POLL_MS = 30000;

export async function runsPage(app, [experimentId], query, page) {
  const filter = query.get('filter') || '';
  const order = query.get('order') || '';
  const size = PAGE_SIZES.includes(Number(query.get('size'))) ? Number(query.get('size')) : 50;

  let experiment;
  try {
    experiment = (await api.getExperiment(experimentId)).experiment;
  } catch (err) {
    mount(app, h('p', null, h('a', { href: '#/' }, '← Experiments')), errorBox(err));
    return;
  }

  const setQuery = (changes) => {
    const q = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) {
      if (v === '' || v === null || v === undefined) q.delete(k);
      else q.set(k, v);
    }
    const s = q.toString();
    location.hash = '#/experiments/' + encodeURIComponent(experimentId) + (s ? '?' + s : '');
  };

  const filterInput = h('input', {
    type: 'search', id: 'runs-filter', value: filter, spellcheck: 'false',
    placeholder: "metrics.acc > 0.9 AND params.model = 'cnn' OR tags.team = 'vision'",
    'aria-label': 'Filter runs',
  });
  const filterForm = h('form', { class: 'filter-form', onsubmit: (e) => {
    e.preventDefault();
    setQuery({ filter: filterInput.value.trim() });
  } }, filterInput, h('button', { type: 'submit', id: 'runs-filter-apply' }, 'Filter'),
  filter ? h('button', { type: 'button', onclick: () => setQuery({ filter: '' }) }, 'Clear') : null);

  const sizeSelect = h('select', { 'aria-label': 'Top-level runs per page', title: 'Top-level runs per page; each comes with its child runs', onchange: () => setQuery({ size: sizeSelect.value }) },
    PAGE_SIZES.map((n) => h('option', { value: String(n), selected: n === size ? 'selected' : null }, `${n} per page`)));

  const selected = new Set();
  const compareBtn = h('button', { type: 'button', id: 'compare-button', disabled: true, onclick: () => {
    location.hash = '#/compare?runs=' + [...selected].map(encodeURIComponent).join(',');
  } }, 'Compare');
  const updateCompare = () => {
    compareBtn.disabled = selected.size < 2;
    compareBtn.textContent = selected.size ? `Compare (${selected.size})` : 'Compare';
  };

  const tableBox = h('div', { class: 'table-box' }, h('p', { class: 'muted' }, 'Loading…'));
  const columnsBox = h('details', { class: 'columns' }, h('summary', null, 'Columns'));
  const pager = h('div', { class: 'pager' });

  mount(app,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Experiments'), ' / '),
    h('h1', null, experiment.name, experiment.lifecycle_stage === 'deleted' ? h('span', { class: 'badge deleted' }, 'deleted') : null),
    filterForm,
    h('p', { class: 'hint' }, 'Search syntax: metrics.x, params.x, tags.x, attributes.status / run_name / start_time; =, !=, <, >, LIKE, ILIKE, IN; combine with AND, OR and parentheses.'),
    h('div', { class: 'toolbar' }, compareBtn, sizeSelect,
      h('button', { type: 'button', id: 'runs-refresh', onclick: () => load(),
        title: `Refreshes by itself every ${LIVE_POLL_MS / 1000} s while a run here is running, else every ${IDLE_POLL_MS / 1000} s` }, 'Refresh'),
      columnsBox),
    tableBox, pager);

  const tokens = [null];
  let pageIndex = 0;
  let shown = null; // the last answer drawn, as JSON: a refresh that brings the same draws nothing
  let timer = null;
  page.onDispose(() => clearTimeout(timer));
  const storeKey = 'trackbook.columns.' + experimentId;
  const expanded = new StoredSet(sessionStorageOrNull(), 'trackbook.expanded.' + experimentId);

  // `refresh`: the timer's call, which keeps the table (and says nothing) when the answer is the
  // same or the server cannot be reached; the next one retries.
  const load = async (refresh = false) => {
    clearTimeout(timer);
    const at = pageIndex;
    let res;
    try {
      res = await api.searchRunGroups({
        experimentIds: [experimentId], filter, orderBy: order ? [order] : [],
        maxResults: size, pageToken: tokens[pageIndex],
      });
    } catch (err) {
      if (!refresh) {
        shown = null;
        mount(tableBox, errorBox(err));
        pager.replaceChildren();
      }
      schedule(IDLE_POLL_MS);
      return;
    }
    if (!page.active || at !== pageIndex) return; // left, or paged on while this was asked
    const runs = res.runs || [];
    schedule(runs.some((r) => r.info.status === 'RUNNING') ? LIVE_POLL_MS : IDLE_POLL_MS);
    const answer = JSON.stringify(res);
    if (refresh && selectingIn(tableBox)) return; // text being selected or copied: the next turn redraws
    if (refresh && answer === shown) {
      tickDurations(tableBox, runs);
      return;
    }
    shown = answer;
    const focused = focusIn(tableBox);
    tokens[pageIndex + 1] = res.next_page_token || null;
    const roots = nestRuns(runs);
    const columns = chooseColumns(runs, roots, storeKey, columnsBox, () => load());
    if (runs.length === 0) {
      mount(tableBox, noRuns(experiment, filter));
    } else {
      mount(tableBox, runsTable(runs, roots, columns, order, (o) => setQuery({ order: o }), selected, updateCompare, expanded));
      refocus(tableBox, focused);
    }
    mount(pager,
      h('button', { type: 'button', id: 'page-prev', disabled: pageIndex === 0, onclick: () => { pageIndex--; load(); } }, '← Previous'),
      h('span', { class: 'muted' }, ` Page ${pageIndex + 1} `),
      h('button', { type: 'button', id: 'page-next', disabled: !res.next_page_token, onclick: () => { pageIndex++; load(); } }, 'Next →'));
  };
  // A hidden tab asks nothing; it catches up at its next turn after it is shown again.
  const schedule = (ms) => {
    clearTimeout(timer);
    if (!page.active) return;
    timer = setTimeout(() => (document.hidden ? schedule(ms) : load(true)), ms);
  };
  await load();
}

// The table's controls a redraw replaces: which one had the focus, as its row (a run id, or the
// header) and its place among that row's controls, so the new table's same control gets it back.
const CONTROLS = 'button, a, input';

function focusIn(box) {
  const el = document.activeElement;
  if (!el || el === box || !box.contains(el)) return null;
  const row = el.closest('tr');
  if (!row) return null;
  return { runId: row.dataset.runId || null, index: [...row.querySelectorAll(CONTROLS)].indexOf(el) };
}

function refocus(box, focused) {
  if (!focused || focused.index < 0) return;
  const row = focused.runId
    ? box.querySelector(`tr[data-run-id="${CSS.escape(focused.runId)}"]`)
    : box.querySelector('thead tr');
  const el = row && row.querySelectorAll(CONTROLS)[focused.index];
  if (el) el.focus({ preventScroll: true });
}

/** A running run's duration grows while nothing else about it changes: its cell is updated in place. */
function tickDurations(tableBox, runs) {
  for (const r of runs) {
    if (r.info.status !== 'RUNNING') continue;
    const cell = tableBox.querySelector(`tr[data-run-id="${CSS.escape(r.info.run_id)}"] td.duration`);
    if (cell) cell.textContent = runDuration(r.info);
  }
}

function noRuns(experiment, filter) {
  if (filter) return empty('No runs match this filter.');
  // Deleting an experiment deletes its runs with it (restoring brings them back).
  if (experiment.lifecycle_stage === 'deleted') {
    return h('p', { class: 'empty' }, 'This experiment is deleted, and its runs with it. Restore it from the ',
      h('a', { href: '#/experiments?deleted=1' }, 'deleted experiments'), ' to see them.');
  }
  return empty('No runs in this experiment yet.');
}

// Columns are "p:key", "m:key" or "t:key". The choice is remembered per experiment in the
// browser; until the user chooses, defaultColumns picks from the runs on the page.
function chooseColumns(runs, roots, storeKey, box, reload) {
  const available = { p: new Set(), m: new Set(), t: new Set() };
  for (const r of runs) {
    (r.data.params || []).forEach((x) => available.p.add(x.key));
    (r.data.metrics || []).forEach((x) => available.m.add(x.key));
    (r.data.tags || []).filter((x) => !x.key.startsWith('mlflow.')).forEach((x) => available.t.add(x.key));
  }
  let chosen = null;
  try {
    chosen = JSON.parse(localStorage.getItem(storeKey) || 'null');
  } catch (e) {
    chosen = null;
  }
  const picked = Array.isArray(chosen);
  if (!picked) chosen = defaultColumns(runs, new Set(roots.map((n) => n.run.info.run_id)));
  const summary = h('summary', null, `Columns (${chosen.length})`);
  const groups = [['p', 'Params'], ['m', 'Metrics'], ['t', 'Tags']].map(([kind, title]) => {
    const keys = new Set([...available[kind], ...chosen.filter((c) => c.startsWith(kind + ':')).map((c) => c.slice(2))]);
    return h('fieldset', null, h('legend', null, title),
      keys.size === 0 ? h('span', { class: 'muted' }, 'none on this page') : null,
      [...keys].sort().map((k) => {
        const id = kind + ':' + k;
        const box2 = h('input', { type: 'checkbox', checked: chosen.includes(id), onchange: () => {
          const next = box2.checked ? [...chosen, id] : chosen.filter((c) => c !== id);
          localStorage.setItem(storeKey, JSON.stringify(next));
          reload();
        } });
        return h('label', { class: 'check' }, box2, k);
      }));
  });
  const reset = picked
    ? h('button', { type: 'button', class: 'small', id: 'columns-reset', onclick: () => {
      localStorage.removeItem(storeKey);
      reload();
    } }, 'Default columns')
    : null;
  const wasOpen = box.open;
  mount(box, summary, h('div', { class: 'columns-body' }, groups, reset));
  box.open = wasOpen;
  return chosen;
}

/**
 * The columns shown until the user picks. MLflow shows a column for every param and metric of the
 * runs on the page; a table that wide hides the run names, so this keeps at most
 * MAX_DEFAULT_PER_KIND of each, preferring the keys of the rows shown first: child runs sit
 * collapsed under their parent, so keys only they log rank after those of the top-level runs
 * (`topLevel`, a set of run ids), else a sweep's many children crowded out its parent's own
 * metrics. Ranked by how many top-level runs log a key, then how many runs in all, then whether its
 * value differs. Params: only those whose value differs between runs (the swept ones: a param only
 * some runs have does not count as differing); when none differ, the first few constant ones.
 * Metrics: every key. Each kind shown in key order.
 */
export function defaultColumns(runs, topLevel) {
  const stats = (listOf) => {
    const byKey = new Map();
    for (const r of runs) {
      const top = topLevel.has(r.info.run_id);
      for (const { key, value } of listOf(r) || []) {
        if (!byKey.has(key)) byKey.set(key, { key, top: 0, count: 0, values: new Set() });
        const s = byKey.get(key);
        if (top) s.top++;
        s.count++;
        s.values.add(String(value));
      }
    }
    return [...byKey.values()].map((s) => ({ key: s.key, top: s.top, count: s.count, varies: s.values.size > 1 }));
  };
  const byKey = (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const rank = (a, b) => b.top - a.top || b.count - a.count || Number(b.varies) - Number(a.varies) || byKey(a, b);

  const params = stats((r) => r.data.params);
  const varying = params.filter((s) => s.varies).sort(rank).slice(0, MAX_DEFAULT_PER_KIND);
  const shownParams = varying.length > 0 ? varying
    : params.sort(byKey).slice(0, MIN_DEFAULT_PARAMS);
  const shownMetrics = stats((r) => r.data.metrics).sort(rank).slice(0, MAX_DEFAULT_PER_KIND);
  return [...shownParams.sort(byKey).map((s) => 'p:' + s.key), ...shownMetrics.sort(byKey).map((s) => 'm:' + s.key)];
}

/**
 * The runs as a forest: each run under its parent (tag mlflow.parentRunId) when the parent is in
 * `runs`, else a root. Siblings and roots keep the order of `runs` (the server's sort). A parent
 * chain that loops (tags are user data) is cut at the first run of the loop met.
 * Returns the roots as nodes { run, children }.
 */
export function nestRuns(runs) {
  const nodes = new Map(runs.map((r) => [r.info.run_id, { run: r, children: [] }]));
  const parentOf = new Map();
  for (const r of runs) {
    const p = kv(r.data.tags).get(PARENT_RUN_TAG);
    if (p && p !== r.info.run_id && nodes.has(p)) parentOf.set(r.info.run_id, p);
  }
  for (const r of runs) {
    const id = r.info.run_id;
    const seen = new Set([id]);
    for (let p = parentOf.get(id); p !== undefined; p = parentOf.get(p)) {
      if (p === id) {
        parentOf.delete(id);
        break;
      }
      if (seen.has(p)) break; // a loop above this run: cut when its own run comes
      seen.add(p);
    }
  }
  const roots = [];
  for (const r of runs) {
    const node = nodes.get(r.info.run_id);
    const p = parentOf.get(r.info.run_id);
    if (p === undefined) roots.push(node);
    else nodes.get(p).children.push(node);
  }
  return roots;
}

/** A set of strings kept in Web Storage under one key (in memory only when storage is unavailable). */
class StoredSet {
  constructor(storage, key) {
    this.storage = storage;
    this.key = key;
    let saved = [];
    try {
      saved = JSON.parse((storage && storage.getItem(key)) || '[]');
    } catch (e) {
      saved = [];
    }
    this.items = new Set(Array.isArray(saved) ? saved.map(String) : []);
  }
  has(x) {
    return this.items.has(x);
  }
  toggle(x) {
    if (!this.items.delete(x)) this.items.add(x);
    try {
      if (this.storage) this.storage.setItem(this.key, JSON.stringify([...this.items]));
    } catch (e) {
      /* full or disabled storage: the state lasts until the page changes */
    }
  }
}

function sessionStorageOrNull() {
  try {
    return window.sessionStorage;
  } catch (e) {
    return null;
  }
}

/** MLflow's search/order syntax needs backticks around keys that are not plain identifiers. */
export function quoteKey(key) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : '`' + key.replace(/`/g, '') + '`';
}

function runsTable(runs, roots, columns, order, setOrder, selected, updateCompare, expanded) {
  const sortHeader = (label, field) => {
    const [curField, curDir] = order.split(/\s+(?=ASC$|DESC$)/i);
    const active = curField === field;
    const dir = active && (curDir || 'ASC').toUpperCase() === 'DESC' ? 'ASC' : 'DESC';
    const arrow = active ? ((curDir || 'ASC').toUpperCase() === 'DESC' ? ' ▼' : ' ▲') : '';
    return h('th', null, h('button', { type: 'button', class: 'sort', title: 'Sort by ' + label,
      onclick: () => setOrder(field + ' ' + dir) }, label + arrow));
  };
  const prefix = { p: 'params.', m: 'metrics.', t: 'tags.' };
  const nested = roots.length < runs.length;
  // The runs whose rows are shown: roots, and the children of expanded parents.
  const visible = () => {
    const out = [];
    const walk = (node, depth) => {
      out.push({ node, depth });
      if (node.children.length > 0 && expanded.has(node.run.info.run_id)) node.children.forEach((c) => walk(c, depth + 1));
    };
    roots.forEach((n) => walk(n, 0));
    return out;
  };
  const all = h('input', { type: 'checkbox', 'aria-label': 'Select all shown runs', onchange: () => {
    visible().forEach(({ node }) => (all.checked ? selected.add(node.run.info.run_id) : selected.delete(node.run.info.run_id)));
    tbody.querySelectorAll('input[type=checkbox]').forEach((c) => { c.checked = all.checked; });
    updateCompare();
  } });
  const head = h('tr', null, h('th', null, all), sortHeader('Run', 'attributes.run_name'), sortHeader('Status', 'attributes.status'),
    sortHeader('Started', 'attributes.start_time'), h('th', null, 'Duration'), h('th', null, 'User'),
    columns.map((c) => {
      const th = sortHeader(c.slice(2), prefix[c[0]] + quoteKey(c.slice(2)));
      th.classList.add('col-' + c[0]);
      return th;
    }));
  const row = ({ node, depth }) => {
    const r = node.run;
    const info = r.info;
    const params = kv(r.data.params);
    const metrics = new Map((r.data.metrics || []).map((m) => [m.key, m.value]));
    const tags = kv(r.data.tags);
    const box = h('input', { type: 'checkbox', checked: selected.has(info.run_id), 'aria-label': 'Select run', onchange: () => {
      if (box.checked) selected.add(info.run_id);
      else selected.delete(info.run_id);
      updateCompare();
    } });
    const n = node.children.length;
    const open = n > 0 && expanded.has(info.run_id);
    // Rows without a toggle keep its width, so names line up in a table that has nested runs.
    const toggle = n > 0
      ? h('button', { type: 'button', class: 'run-toggle', 'aria-expanded': open ? 'true' : 'false',
        title: (open ? 'Hide ' : 'Show ') + n + (n === 1 ? ' child run' : ' child runs'), onclick: () => {
          expanded.toggle(info.run_id);
          renderBody();
        } }, (open ? '▾ ' : '▸ ') + n)
      : (nested ? h('span', { class: 'run-toggle-space' }) : null);
    const rowClass = depth > 0 ? 'child-run' : (n > 0 ? 'parent-run' : null);
    return h('tr', { class: rowClass, dataset: { runId: info.run_id, depth: String(depth) } },
      h('td', null, box),
      h('td', { class: depth > 0 ? 'run-name indent-' + Math.min(depth, MAX_INDENT) : 'run-name' },
        h('div', { class: 'run-name-line' }, toggle,
          h('a', { href: '#/runs/' + encodeURIComponent(info.run_id), class: 'run-link' }, info.run_name || info.run_id))),
      h('td', null, h('span', { class: 'badge status-' + String(info.status || '').toLowerCase() }, info.status || '')),
      h('td', null, fmtTime(info.start_time)),
      h('td', { class: 'duration' }, runDuration(info)),
      // MLflow's UI reads the mlflow.user tag too: runs whose client sent no user_id have only it.
      h('td', null, info.user_id || tags.get('mlflow.user') || ''),
      columns.map((c) => {
        const k = c.slice(2);
        if (c[0] === 'm') return h('td', { class: 'num' }, metrics.has(k) ? fmtNumber(metrics.get(k)) : '');
        return h('td', null, (c[0] === 'p' ? params : tags).get(k) ?? '');
      }));
  };
  const tbody = h('tbody');
  const renderBody = () => {
    const shown = visible();
    mount(tbody, shown.map(row));
    all.checked = shown.length > 0 && shown.every(({ node }) => selected.has(node.run.info.run_id));
  };
  renderBody();
  return h('table', { class: 'grid', id: 'runs-table' }, h('thead', null, head), tbody);
}
