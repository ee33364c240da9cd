// Parallel coordinates over params and one metric, in SVG. A numeric axis (every value parses as
// a finite number) is linear between its min and max; any other axis is categorical, values
// sorted and spread evenly. A run without a value on an axis has a gap there.
import { h, svg, empty } from './dom.js';
import { fmtNumber } from './format.js';

const HEIGHT = 320;
const MARGIN = { top: 36, bottom: 28, left: 60, right: 60 };

/** runs: [{ label, colorIndex, values: Map(axisName -> string) }], axes: [axisName] */
export function parallelCoordinates(runs, axes, width) {
  if (axes.length < 2 || runs.length === 0) return empty('Need at least one param and a metric to draw parallel coordinates.');
  const w = Math.max(width, 120 * axes.length);
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const dx = (w - MARGIN.left - MARGIN.right) / (axes.length - 1);
  const scales = axes.map((a) => scaleFor(runs.map((r) => r.values.get(a)).filter((v) => v !== undefined && v !== '')));
  const root = svg('svg', { class: 'parallel', width: String(w), height: String(HEIGHT), viewBox: `0 0 ${w} ${HEIGHT}`, role: 'img', 'aria-label': 'Parallel coordinates' });

  axes.forEach((a, i) => {
    const x = MARGIN.left + i * dx;
    const s = scales[i];
    const g = svg('g', { class: 'axis' },
      svg('line', { x1: x, x2: x, y1: MARGIN.top, y2: MARGIN.top + innerH }),
      svg('text', { x, y: MARGIN.top - 16, 'text-anchor': 'middle', class: 'axis-title' }, a));
    for (const t of s.ticks) {
      const y = MARGIN.top + innerH * (1 - t.pos);
      g.append(svg('line', { x1: x - 4, x2: x, y1: y, y2: y }),
        svg('text', { x: x - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, t.label));
    }
    root.append(g);
  });

  for (const r of runs) {
    let d = '';
    let pen = false;
    axes.forEach((a, i) => {
      const v = r.values.get(a);
      const pos = v === undefined || v === '' ? null : scales[i].pos(v);
      if (pos === null) {
        pen = false;
        return;
      }
      const x = MARGIN.left + i * dx;
      const y = MARGIN.top + innerH * (1 - pos);
      d += (pen ? ' L' : ' M') + x.toFixed(1) + ' ' + y.toFixed(1);
      pen = true;
    });
    if (d) root.append(svg('path', { d: d.trim(), class: 'pc-line c' + (r.colorIndex % 10) }, svg('title', null, r.label)));
  }
  return root;
}

function scaleFor(values) {
  const nums = values.map(Number);
  if (values.length > 0 && nums.every(Number.isFinite)) {
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    const span = max - min;
    const pos = (v) => (span === 0 ? 0.5 : (Number(v) - min) / span);
    const ticks = span === 0 ? [{ pos: 0.5, label: fmtNumber(min) }] : [{ pos: 0, label: fmtNumber(min) }, { pos: 1, label: fmtNumber(max) }];
    return { pos, ticks };
  }
  const cats = [...new Set(values)].sort();
  const at = (i) => (cats.length === 1 ? 0.5 : i / (cats.length - 1));
  return {
    pos: (v) => { const i = cats.indexOf(v); return i < 0 ? null : at(i); },
    ticks: cats.slice(0, 20).map((c, i) => ({ pos: at(i), label: c.length > 14 ? c.slice(0, 13) + '…' : c })),
  };
}
