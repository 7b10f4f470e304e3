// Small SVG charts for the self-contained HTML report: no script, no external file, so the
// report opens anywhere and prints. Axis ticks are "nice" numbers; colours come from one
// categorical palette, so a variant keeps its colour in every chart of a report.

export const palette = ['#4477aa', '#ee6677', '#228833', '#ccbb44', '#66ccee', '#aa3377', '#bbbbbb', '#000000'];

const W = 560;
const H = 320;
const M = { left: 60, right: 16, top: 16, bottom: 44 };

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** About five round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const step = [1, 2, 2.5, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(raw))).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** 1, 2 and 5 times powers of ten within [lo, hi], for a log axis (at least the two ends). */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) if (m * 10 ** e >= lo && m * 10 ** e <= hi) ticks.push(m * 10 ** e);
  }
  return ticks.length >= 2 ? ticks : [lo, hi];
}

interface Axis {
  min: number;
  max: number;
  log?: boolean;
  /** Whole numbers only (epochs, indices). */
  integer?: boolean;
  label: string;
  format?: (v: number) => string;
}

function scale(axis: Axis, from: number, to: number): (v: number) => number {
  const f = (v: number) => (axis.log ? Math.log10(v) : v);
  const lo = f(axis.min);
  const hi = f(axis.max);
  return (v) => from + ((f(v) - lo) / (hi - lo || 1)) * (to - from);
}

function frame(x: Axis, y: Axis, body: string, title: string): string {
  const sx = scale(x, M.left, W - M.right);
  const sy = scale(y, H - M.bottom, M.top);
  const ticksOf = (a: Axis) => (a.log ? logTicks(a.min, a.max) : a.integer ? niceTicks(a.min, a.max).filter(Number.isInteger) : niceTicks(a.min, a.max));
  const fmt = (a: Axis, v: number) => (a.format ? a.format(v) : Number(v.toPrecision(3)).toLocaleString('en-US'));
  const xt = ticksOf(x).map((t) => `<line x1="${sx(t)}" x2="${sx(t)}" y1="${H - M.bottom}" y2="${H - M.bottom + 4}" stroke="#666"/><text x="${sx(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(fmt(x, t))}</text>`);
  const yt = ticksOf(y).map((t) => `<line x1="${M.left}" x2="${W - M.right}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/><text x="${M.left - 6}" y="${sy(t) + 4}" text-anchor="end">${esc(fmt(y, t))}</text>`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}" font-family="system-ui, sans-serif" font-size="11">` +
    `${yt.join('')}${xt.join('')}<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#666"/><line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#666"/>` +
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle">${esc(x.label)}</text>` +
    `<text transform="translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(y.label)}</text>${body}</svg>`
  );
}

const extent = (values: number[], pad = 0.05): [number, number] => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const d = hi - lo || Math.abs(hi) || 1;
  return [lo - d * pad, hi + d * pad];
};

/** A line per series over x = 1, 2, …; `marks` draws a ring on the given x of a series (plateau points). */
export function linePlot(series: { name: string; values: number[]; mark?: number | null }[], yLabel: string, title: string, format?: (v: number) => string, xLabel = 'epoch'): string {
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  if (!all.length) return '<p>No finished epochs yet.</p>';
  const n = Math.max(...series.map((s) => s.values.length));
  const [ymin, ymax] = extent(all);
  const x: Axis = { min: 1, max: Math.max(2, n), label: xLabel, integer: true, format: (v) => String(v) };
  const y: Axis = { min: ymin, max: ymax, label: yLabel, format };
  const sx = scale(x, M.left, W - M.right);
  const sy = scale(y, H - M.bottom, M.top);
  const body = series
    .map((s, i) => {
      const colour = palette[i % palette.length];
      const points = s.values.map((v, e) => `${sx(e + 1).toFixed(1)},${sy(v).toFixed(1)}`).join(' ');
      const mark = s.mark ? `<circle cx="${sx(s.mark)}" cy="${sy(s.values[s.mark - 1])}" r="6" fill="none" stroke="${colour}" stroke-width="2"><title>${esc(s.name)}: plateau from epoch ${s.mark}</title></circle>` : '';
      return `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2"><title>${esc(s.name)}</title></polyline>${mark}`;
    })
    .join('');
  return frame(x, y, body, title);
}

/** Points (one colour each, as in the curves) with the Pareto front as a dashed staircase. */
export function scatterPlot(points: { name: string; x: number; y: number; colour: number }[], front: { x: number; y: number }[], xLabel: string, yLabel: string, title: string, format?: (v: number) => string): string {
  if (!points.length) return '<p>No finished runs yet.</p>';
  const [xmin, xmax] = [Math.min(...points.map((p) => p.x)) / 1.5, Math.max(...points.map((p) => p.x)) * 1.5];
  const [ymin, ymax] = extent(points.map((p) => p.y), 0.1);
  const x: Axis = { min: xmin, max: xmax, log: true, label: `${xLabel} (log scale)` };
  const y: Axis = { min: ymin, max: ymax, label: yLabel, format };
  const sx = scale(x, M.left, W - M.right);
  const sy = scale(y, H - M.bottom, M.top);
  const stairs = front.flatMap((p, i) => (i === 0 ? [[p.x, p.y]] : [[p.x, front[i - 1].y], [p.x, p.y]]));
  const line = stairs.length > 1 ? `<polyline points="${stairs.map(([a, b]) => `${sx(a).toFixed(1)},${sy(b).toFixed(1)}`).join(' ')}" fill="none" stroke="#333" stroke-dasharray="4 3"/>` : '';
  const dots = points.map((p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="5" fill="${palette[p.colour % palette.length]}"><title>${esc(p.name)}</title></circle>`).join('');
  return frame(x, y, line + dots, title);
}
