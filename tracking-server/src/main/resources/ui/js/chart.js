// Metric charts on uPlot. A chart never loads a metric's full history: it asks the server for a
// sample (metrics/get-history-bulk-interval: at most N points per run, first and last included)
// over the whole step range, and when the user zooms (drag to select, double-click to reset) it asks
// again for the visible step range only, so detail appears as you zoom in on a million-point
// metric. X axis: step or wall time. Smoothing: debiased exponential moving average (as
// TensorBoard). A live chart (running run) polls the sample again every few seconds and redraws
// only when it changed; a poll never undoes the user's zoom, nor drops the detail it asked for.
import uPlot from '/ui/vendor/uPlot.esm.js';
import { api } from './api.js';
import { h, mount, errorBox } from './dom.js';
import { fmtNumber } from './format.js';

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
const POLL_MS = 5000;
// MLflow caps get-history-bulk-interval at 1000 points per run; a chart is rarely wider.
const MAX_POINTS = 1000;
// Steps are whole numbers: the step axis never ticks between two of them.
const STEP_INCRS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
  .flatMap((e) => [1, 2, 5].map((m) => m * 10 ** e));
// Half the x axis shown around a metric's only x value (a metric logged once), in steps or in
// seconds of wall time. uPlot's own range for a single x starts the axis at it and runs to 100
// steps or a whole day, leaving the point against the left edge.
const LONE_X_HALF_SPAN = { step: 1, time: 60 };

/**
 * A chart of one metric for one or more runs.
 * runs: [{ id, label }]; live: () => boolean (poll while true); page: the page lifecycle.
 */
export function metricChart({ runs, key, page, live = () => false, height = 240 }) {
  const state = {
    xMode: 'step',
    smoothing: 0,
    coarse: null, // Map runId -> [{step, ts, value}] over the whole range
    shown: null, // what is drawn now (coarse, or coarse with a zoomed range in detail)
    zoom: null, // {startStep, endStep} the user zoomed to (its detail may still be on its way), or null
    plot: null,
    // Drop answers to requests that a newer one of the same kind overtook; kept apart, so a live
    // poll does not drop the detail of a zoom, nor a zoom the poll's sample.
    coarseSeq: 0,
    detailSeq: 0,
    coarseJson: null, // the coarse sample drawn, as JSON: a poll that brings the same draws nothing
  };
  const plotBox = h('div', { class: 'plot' });
  const message = h('div', { class: 'chart-message' });
  const xSelect = h('select', { 'aria-label': 'X axis', onchange: () => { state.xMode = xSelect.value; redraw(true); } },
    h('option', { value: 'step' }, 'x: step'), h('option', { value: 'time' }, 'x: time'));
  const smoothLabel = h('span', { class: 'muted' }, 'smoothing 0');
  const smooth = h('input', { type: 'range', min: '0', max: '0.99', step: '0.01', value: '0', 'aria-label': 'Smoothing', oninput: () => {
    state.smoothing = Number(smooth.value);
    smoothLabel.textContent = 'smoothing ' + state.smoothing.toFixed(2);
    redraw(false);
  } });
  const resetBtn = h('button', { type: 'button', class: 'small', onclick: () => resetZoom() }, 'Reset zoom');
  const root = h('div', { class: 'chart', dataset: { metric: key, state: 'loading' } },
    h('div', { class: 'chart-head' }, h('strong', { class: 'chart-title' }, key),
      h('span', { class: 'chart-controls' }, xSelect, smooth, smoothLabel, resetBtn)),
    message, plotBox);

  const fetchSample = async (startStep, endStep) => {
    const res = await api.sampledHistory(runs.map((r) => r.id), key, startStep, endStep, MAX_POINTS);
    const byRun = new Map(runs.map((r) => [r.id, []]));
    for (const m of res.metrics || []) {
      const list = byRun.get(m.run_id);
      if (list) list.push({ step: Number(m.step || 0), ts: Number(m.timestamp || 0), value: toNumber(m.value) });
    }
    for (const list of byRun.values()) list.sort((a, b) => a.step - b.step || a.ts - b.ts);
    return byRun;
  };

  const toData = (byRun) => {
    const xOf = state.xMode === 'time' ? (p) => p.ts / 1000 : (p) => p.step;
    const xs = new Set();
    for (const list of byRun.values()) for (const p of list) xs.add(xOf(p));
    const x = Float64Array.from(xs).sort();
    const index = new Map();
    x.forEach((v, i) => index.set(v, i));
    const data = [x];
    for (const r of runs) {
      const list = byRun.get(r.id) || [];
      const raw = new Array(x.length).fill(null);
      for (const p of list) raw[index.get(xOf(p))] = p.value;
      data.push(raw);
      if (state.smoothing > 0) data.push(ema(raw, state.smoothing));
    }
    return data;
  };

  // Dots only where a line alone would hide the data (a metric logged once or a few times).
  const sparse = (u, seriesIdx) => {
    const ys = u.data[seriesIdx];
    let n = 0;
    for (let i = 0; i < ys.length && n < 3; i++) if (ys[i] !== null) n++;
    return n < 3;
  };

  const seriesOpts = () => {
    const s = [{}];
    runs.forEach((r, i) => {
      const color = PALETTE[i % PALETTE.length];
      s.push({ label: r.label, stroke: state.smoothing > 0 ? color + '40' : color, width: 1.5, spanGaps: true, points: { show: sparse, fill: color }, value: (u, v) => (v === null ? '' : fmtNumber(v)) });
      if (state.smoothing > 0) s.push({ label: r.label + ' (smoothed)', stroke: color, width: 2, spanGaps: true, points: { show: false }, value: (u, v) => (v === null ? '' : fmtNumber(v)) });
    });
    return s;
  };

  const redraw = (rebuildScales) => {
    if (!state.shown) return;
    if (state.plot) {
      state.plot.destroy();
      state.plot = null;
    }
    if (rebuildScales) forgetZoom();
    const shown = rebuildScales ? state.coarse : state.shown;
    state.shown = shown;
    const lists = [...shown.values()];
    const total = lists.reduce((n, l) => n + l.length, 0);
    // NaN has no place on an axis: a metric of only NaN points drew an empty frame without a y
    // axis.
    const plottable = lists.reduce((n, l) => n + l.filter((p) => p.value !== null).length, 0);
    if (plottable === 0) {
      mount(message, h('p', { class: 'empty' }, total === 0 ? 'No points logged for this metric.'
        : 'Nothing to plot: every point of this metric is NaN.'));
      root.dataset.state = 'empty';
      return;
    }
    message.replaceChildren();
    const width = Math.max(300, plotBox.clientWidth || root.clientWidth || 600);
    const opts = {
      width, height,
      scales: { x: { time: state.xMode === 'time', range: xRange } },
      series: seriesOpts(),
      axes: [{ incrs: state.xMode === 'step' ? STEP_INCRS : undefined }, { size: 60, values: (u, vals) => vals.map(fmtNumber) }],
      legend: { show: runs.length > 1 || state.smoothing > 0 },
      cursor: { drag: { x: true, y: false, setScale: true } },
      hooks: { setScale: [(u, scaleKey) => { if (scaleKey === 'x') onZoom(u); }] },
    };
    state.plot = new uPlot(opts, toData(shown), plotBox);
    root.dataset.state = 'ready';
  };

  // uPlot's range otherwise (both ends of the data, or the zoomed range); a single x value gets
  // an axis centred on it.
  const xRange = (u, min, max) => {
    const xs = u.data[0];
    if (xs.length !== 1) return [min, max];
    const half = LONE_X_HALF_SPAN[state.xMode];
    return [xs[0] - half, xs[0] + half];
  };

  // After a drag-zoom, fetch detail for the visible step range; a zoom that covers everything
  // (double-click) goes back to the coarse sample. The zoom counts from the drag on, so a live poll
  // answered before its detail leaves the user's scale alone.
  let zoomTimer = null;
  const onZoom = (u) => {
    if (state.applying) return;
    clearTimeout(zoomTimer);
    const { min, max } = u.scales.x;
    const zoomed = stepRange(state.coarse, min, max, state.xMode);
    if (zoomed && !zoomed.full) state.zoom = zoomed;
    zoomTimer = setTimeout(async () => {
      const { min, max } = u.scales.x;
      const range = stepRange(state.coarse, min, max, state.xMode);
      if (!range) return;
      if (range.full) {
        if (state.zoom) {
          forgetZoom();
          state.shown = state.coarse;
          apply(u, state.coarse, false);
        }
        return;
      }
      state.zoom = range;
      const seq = ++state.detailSeq;
      try {
        const detail = await fetchSample(range.startStep, range.endStep);
        if (seq !== state.detailSeq || !page.active) return;
        state.shown = merge(state.coarse, detail, range);
        apply(u, state.shown, false);
      } catch (err) {
        mount(message, errorBox(err));
      }
    }, 150);
  };

  const apply = (u, byRun, resetScales) => {
    state.applying = true;
    try {
      u.setData(toData(byRun), resetScales);
      // uPlot draws new data on its own only when it also resets the scales: a zoom's detail was
      // set but never drawn (the zoomed range showed the coarse sample stretched).
      if (!resetScales) u.redraw();
    } finally {
      state.applying = false;
    }
  };

  // No zoom, and no detail answer still on its way may bring one back.
  const forgetZoom = () => {
    clearTimeout(zoomTimer);
    state.detailSeq++;
    state.zoom = null;
  };

  const resetZoom = () => {
    forgetZoom();
    state.shown = state.coarse;
    if (state.plot) apply(state.plot, state.coarse, true);
  };

  const loadCoarse = async (first) => {
    const seq = ++state.coarseSeq;
    try {
      const coarse = await fetchSample(undefined, undefined);
      if (seq !== state.coarseSeq || !page.active) return;
      const json = JSON.stringify([...coarse]);
      // The same points: a redraw would change nothing but flicker the axes.
      if (!first && json === state.coarseJson) return;
      state.coarseJson = json;
      state.coarse = coarse;
      if (first || !state.plot) {
        state.shown = coarse;
        redraw(true);
      } else if (!state.zoom) {
        state.shown = coarse;
        apply(state.plot, coarse, true);
      }
    } catch (err) {
      mount(message, errorBox(err));
      root.dataset.state = 'error';
    }
  };

  // Draw once the element is in the document, so the chart takes the width it is given. Each poll
  // is asked once the last one's answer was handled, so a slow answer never lands after a newer one.
  let timer = null;
  const schedule = () => {
    // A background tab asks nothing; it catches up at its next turn after it is shown again.
    if (page.active && live()) timer = setTimeout(() => (document.hidden ? schedule() : loadCoarse(false).then(schedule)), POLL_MS);
  };
  requestAnimationFrame(() => loadCoarse(true).then(schedule));
  const onResize = () => {
    if (state.plot) state.plot.setSize({ width: Math.max(300, plotBox.clientWidth), height });
  };
  window.addEventListener('resize', onResize);
  page.onDispose(() => {
    clearTimeout(timer);
    clearTimeout(zoomTimer);
    window.removeEventListener('resize', onResize);
    if (state.plot) state.plot.destroy();
  });
  return root;
}

function toNumber(v) {
  // MLflow JSON carries NaN and infinities as strings.
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Debiased exponential moving average; nulls (other runs' x values) are skipped. */
export function ema(values, weight) {
  const out = new Array(values.length).fill(null);
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    last = last * weight + (1 - weight) * v;
    n++;
    out[i] = last / (1 - Math.pow(weight, n));
  }
  return out;
}

/** The step range behind a visible x range; `full` when it covers every point. */
function stepRange(byRun, min, max, xMode) {
  if (!byRun) return null;
  let lo = Infinity;
  let hi = -Infinity;
  let allLo = Infinity;
  let allHi = -Infinity;
  for (const list of byRun.values()) {
    for (const p of list) {
      const x = xMode === 'time' ? p.ts / 1000 : p.step;
      allLo = Math.min(allLo, p.step);
      allHi = Math.max(allHi, p.step);
      if (x >= min && x <= max) {
        lo = Math.min(lo, p.step);
        hi = Math.max(hi, p.step);
      }
    }
  }
  if (allLo === Infinity) return null;
  if (xMode === 'step') {
    lo = Math.max(allLo, Math.floor(min));
    hi = Math.min(allHi, Math.ceil(max));
  } else if (lo === Infinity) {
    return null;
  }
  if (lo <= allLo && hi >= allHi) return { full: true };
  return { startStep: lo, endStep: hi, full: false };
}

/** The coarse sample outside the zoomed step range, the detail inside it. */
function merge(coarse, detail, range) {
  const out = new Map();
  for (const [id, list] of coarse) {
    const inside = detail.get(id) || [];
    const before = list.filter((p) => p.step < range.startStep);
    const after = list.filter((p) => p.step > range.endStep);
    out.set(id, before.concat(inside, after));
  }
  return out;
}
