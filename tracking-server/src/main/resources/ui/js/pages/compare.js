// Compare runs: overlaid metric curves, a params/metrics diff table and parallel coordinates.
import { api, kv } from '../api.js';
import { h, mount, errorBox, empty } from '../dom.js';
import { fmtNumber } from '../format.js';
import { metricChart } from '../chart.js';
import { parallelCoordinates } from '../parallel.js';
import { experimentLink } from '../links.js';

export async function comparePage(app, _params, query, page) {
  const ids = (query.get('runs') || '').split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length < 2) {
    mount(app, h('h1', null, 'Compare runs'), empty('Select two or more runs in an experiment\u2019s run table, then press Compare.'));
    return;
  }
  let runs;
  try {
    runs = (await Promise.all(ids.map((id) => api.getRun(id)))).map((r) => r.run);
  } catch (err) {
    mount(app, h('h1', null, 'Compare runs'), errorBox(err));
    return;
  }
  // Back to the experiment(s) the runs came from, as MLflow's compare page has.
  const experimentIds = [...new Set(runs.map((r) => r.info.experiment_id))];
  const crumbs = h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Experiments'), ' / ',
    experimentIds.map((id, i) => [i > 0 ? ', ' : null, experimentLink(id, { class: 'experiment-link' })]), ' / ');
  const label = (r) => r.info.run_name || r.info.run_id;
  const params = runs.map((r) => kv(r.data.params));
  const metrics = runs.map((r) => new Map((r.data.metrics || []).map((m) => [m.key, fmtNumber(m.value)])));
  const paramKeys = [...new Set(params.flatMap((m) => [...m.keys()]))].sort();
  const metricKeys = [...new Set(metrics.flatMap((m) => [...m.keys()]))].sort();
  const live = () => runs.some((r) => r.info.status === 'RUNNING');

  const legend = h('ul', { class: 'run-legend' }, runs.map((r, i) =>
    h('li', null, h('span', { class: 'swatch c' + (i % 10) }), h('a', { href: '#/runs/' + encodeURIComponent(r.info.run_id) }, label(r)))));

  const charts = h('div', { class: 'charts' }, metricKeys.length === 0 ? empty('These runs have no metrics.')
    : metricKeys.map((key) => metricChart({ runs: runs.map((r) => ({ id: r.info.run_id, label: label(r) })), key, page, live })));

  // Diff table: one row per param and metric; rows whose values differ are marked.
  const onlyDiff = h('input', { type: 'checkbox', onchange: () => renderDiff() });
  const diffBox = h('div');
  const renderDiff = () => {
    const rows = [];
    const add = (kind, key, values) => {
      const differs = new Set(values.map((v) => v ?? '\u0000')).size > 1;
      if (onlyDiff.checked && !differs) return;
      rows.push(h('tr', { class: differs ? 'differs' : null }, h('th', null, h('span', { class: 'kind' }, kind), ' ', key),
        values.map((v) => h('td', { class: kind === 'metric' ? 'num' : null }, v ?? '—'))));
    };
    paramKeys.forEach((k) => add('param', k, params.map((m) => m.get(k))));
    metricKeys.forEach((k) => add('metric', k, metrics.map((m) => m.get(k))));
    mount(diffBox, rows.length === 0 ? empty(onlyDiff.checked ? 'No differences.' : 'No params or metrics.')
      : h('table', { class: 'grid', id: 'diff-table' },
        h('thead', null, h('tr', null, h('th', null, ''), runs.map((r, i) => h('th', null, h('span', { class: 'swatch c' + (i % 10) }), label(r))))),
        h('tbody', null, rows)));
  };
  renderDiff();

  // Parallel coordinates over every param and one chosen metric.
  const pcBox = h('div', { class: 'pc-box' });
  const metricSelect = h('select', { 'aria-label': 'Metric axis', onchange: () => renderPc() },
    metricKeys.map((k) => h('option', { value: k }, k)));
  const renderPc = () => {
    const metric = metricSelect.value;
    const axes = metric ? [...paramKeys, metric] : paramKeys;
    const data = runs.map((r, i) => {
      const values = new Map(params[i]);
      if (metric) {
        const m = (r.data.metrics || []).find((x) => x.key === metric);
        if (m) values.set(metric, String(m.value));
      }
      return { label: label(r), colorIndex: i, values };
    });
    mount(pcBox, parallelCoordinates(data, axes, pcBox.clientWidth || 900));
  };

  mount(app,
    crumbs,
    h('h1', null, `Compare ${runs.length} runs`),
    legend,
    h('section', { class: 'panel', id: 'section-compare-charts' }, h('h2', null, 'Metrics'), charts),
    h('section', { class: 'panel', id: 'section-diff' }, h('h2', null, 'Params and metrics'),
      h('label', { class: 'check' }, onlyDiff, 'Only rows that differ'), diffBox),
    h('section', { class: 'panel', id: 'section-parallel' }, h('h2', null, 'Parallel coordinates'),
      metricKeys.length ? h('label', null, 'Metric: ', metricSelect) : null, pcBox));
  renderPc();
}
