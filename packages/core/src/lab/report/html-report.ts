import type { ExperimentEvidence, Conclusion } from '../conclusions.js';
import type { IndicatorSnapshot } from '../indicators.js';
import type { SweepSpec } from '../sweep-spec.js';
import type { FilterClusterReport } from '../../analysis/filter-clusters.js';
import { filterPicture, filterPictureCss, type ReportKernels } from './filter-picture.js';
import { linePlot, palette, scatterPlot } from './svg-plot.js';

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** One run's indicator snapshots, as the report shows them for each variant. */
export interface ReportRun {
  variantId: string;
  /** `run 3, seed 0` */
  label: string;
  snapshots: readonly IndicatorSnapshot[];
  /** The run's first-layer filter review (core's clusterFilters), drawn as a picture when present. */
  filters?: FilterClusterReport;
  /** The reviewed layer's final weight, for the kernels beside each group. */
  kernels?: ReportKernels;
}

/** What {@link htmlReport} draws: any host's finished sweep (the CLI's database, the studio's IndexedDB). */
export interface ReportInput {
  title: string;
  claim: string;
  spec: SweepSpec;
  evidence: ExperimentEvidence & { paretoParams: ReadonlySet<string>; paretoMacs: ReadonlySet<string> };
  conclusion: Conclusion;
  /** One run per variant (say, its first seed) for the indicators over training. */
  runs: readonly ReportRun[];
  /** Where it was made: `convstudio lab`, `ConvStudio studio`. */
  source?: string;
}

/** Per layer over epochs, for one run of one variant: the indicator table. */
function indicatorTable(snapshots: readonly IndicatorSnapshot[]): string {
  if (!snapshots.length) return '';
  const head = `<tr><th>epoch</th>${snapshots[0].layers.map((l) => `<th>${esc(l.nodeId)} condition</th><th>${esc(l.nodeId)} |grad|</th>`).join('')}${snapshots[0].activations.map((a) => `<th>${esc(a.nodeId)} dead</th><th>${esc(a.nodeId)} very large</th>`).join('')}</tr>`;
  const rows = snapshots.map(
    (s) =>
      `<tr><td>${s.epoch}</td>${s.layers.map((l) => `<td>${l.conditionNumber === null ? '∞' : l.conditionNumber.toPrecision(3)}</td><td>${l.gradientNorm.toExponential(2)}</td>`).join('')}${s.activations.map((a) => `<td>${pct(a.deadFraction)}</td><td>${pct(a.largeFraction)}</td>`).join('')}</tr>`,
  );
  const last = snapshots[snapshots.length - 1];
  const spectra = linePlot(
    last.layers.filter((l) => l.singularValues.length).map((l) => ({ name: l.nodeId, values: l.singularValues.map((v) => Math.log10(Math.max(v, 1e-12))) })),
    'log10 singular value',
    'singular values per layer',
    undefined,
    'index (largest first)',
  );
  return `<table>${head}${rows.join('')}</table><figure>${spectra}<figcaption>Singular values of each layer's weight after epoch ${last.epoch}, largest first (log scale): a long tail toward zero means ignored directions, values far above 1 amplify inputs and gradients.</figcaption></figure>`;
}

/**
 * An experiment's report as one self-contained HTML file (inline CSS and SVG, no script, no
 * external resource): the claim, the computed conclusion, the table of variants, learning curves
 * with plateau marks, accuracy against parameters and against MACs with the Pareto front, and per
 * variant the indicators over training. Plain strings, no DOM: the CLI and the studio both call it.
 *
 * @example
 * const html = htmlReport({ title, claim, spec, evidence, conclusion, runs: [{ variantId: 'v0', label: 'seed 0', snapshots }] });
 */
export function htmlReport(input: ReportInput): string {
  const { evidence: e, conclusion: c, spec } = input;
  const summary = new Map(e.summaries.map((s) => [s.variantId, s]));
  const colour = new Map(e.variants.map((v, i) => [v.id, i]));
  const finished = e.variants.filter((v) => summary.has(v.id));
  const curves = linePlot(
    finished.map((v) => ({ name: v.label, values: summary.get(v.id)?.meanCurve ?? [], mark: summary.get(v.id)?.plateauEpoch })),
    'validation accuracy (mean over seeds)',
    'learning curves',
    pct,
  );
  const scatter = (cost: 'params' | 'macs', front: ReadonlySet<string>, label: string) => {
    const points = finished.map((v) => ({ name: `${v.label}: ${pct(summary.get(v.id)?.accuracy.mean ?? 0)}, ${v[cost].toLocaleString('en-US')} ${label}`, x: v[cost], y: summary.get(v.id)?.accuracy.mean ?? 0, colour: colour.get(v.id) ?? 0 }));
    const frontPoints = finished.filter((v) => front.has(v.id)).map((v) => ({ x: v[cost], y: summary.get(v.id)?.accuracy.mean ?? 0 })).sort((a, b) => a.x - b.x);
    return scatterPlot(points, frontPoints, label, 'test accuracy (mean over seeds)', `accuracy against ${label}`, pct);
  };
  const legend = finished.map((v) => `<li><span class="swatch" style="background:${palette[(colour.get(v.id) ?? 0) % palette.length]}"></span>${esc(v.label)}</li>`).join('');
  const dense = e.summaries.some((s) => s.meanIoU);
  const rows = e.variants
    .map((v) => {
      const s = summary.get(v.id);
      const acc = s ? `${pct(s.accuracy.mean)}${s.accuracy.n > 1 ? ` ± ${(100 * s.accuracy.std).toFixed(2)}` : ''}` : '–';
      const iou = !dense ? '' : `<td>${s?.meanIoU ? `${s.meanIoU.mean.toFixed(3)}${s.meanIoU.n > 1 ? ` ± ${s.meanIoU.std.toFixed(3)}` : ''}` : '–'}</td>`;
      const front = [e.paretoParams.has(v.id) ? 'params' : '', e.paretoMacs.has(v.id) ? 'MACs' : ''].filter(Boolean).join(', ') || '–';
      return `<tr><td>${esc(v.label)}</td><td>${acc}</td>${iou}<td>${s?.accuracy.n ?? 0}</td><td>${v.params.toLocaleString('en-US')}</td><td>${v.macs.toLocaleString('en-US')}</td><td>${s?.plateauEpoch ?? '–'}</td><td>${front}</td></tr>`;
    })
    .join('');
  const indicators = finished
    .map((v) => {
      const run = input.runs.find((r) => r.variantId === v.id);
      if (!run) return '';
      const filters = run.filters ? `<h4>First-layer filters that look at the same thing</h4>${filterPicture(run.filters, run.kernels)}` : '';
      return `<h3>${esc(v.label)} (${esc(run.label)})</h3>${indicatorTable(run.snapshots)}${filters}`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}: ConvStudio lab report</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;max-width:1180px;margin:24px auto;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:32px}h3{font-size:15px}
blockquote{border-left:3px solid #ccc;margin:0;padding:4px 12px;color:#555}
.answer{font-size:16px;font-weight:600;background:#f3f6fb;padding:10px 14px;border-radius:6px}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}td,th{border-bottom:1px solid #ddd;padding:3px 10px;text-align:right}td:first-child,th:first-child{text-align:left}
.plots{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-size:12px;color:#555;max-width:560px}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px}.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;border-radius:2px;vertical-align:middle}
${filterPictureCss}
</style></head><body>
<h1>${esc(input.title)}</h1>
<blockquote>${esc(input.claim)}</blockquote>
<p class="answer">${esc(c.answer)}</p>
<ul>${c.details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>
<p>${esc(spec.data.dataset)}${spec.data.limit ? `, ${spec.data.limit} images` : ''}; ${spec.training.epochs} epochs, ${spec.training.optimizer.kind}, batch ${spec.training.batchSize}; seeds ${spec.seeds.join(', ')}. A difference counts when it exceeds the 95% interval of the difference over seeds (Student's t) and 0.5 points.</p>
<h2>Variants</h2>
<table><tr><th>variant</th><th>${dense ? 'pixel accuracy' : 'test accuracy'}</th>${dense ? '<th>mean IoU</th>' : ''}<th>seeds</th><th>parameters</th><th>MACs</th><th>plateau epoch</th><th>Pareto front</th></tr>${rows}</table>
<h2>Evidence</h2>
<ul class="legend">${legend}</ul>
<div class="plots">
<figure>${curves}<figcaption>Validation accuracy per epoch, mean over seeds; a ring marks the epoch where the validation loss stopped improving (plateau).</figcaption></figure>
<figure>${scatter('params', e.paretoParams, 'parameters')}<figcaption>Test accuracy against parameters; the dashed staircase is the Pareto front (no variant is both cheaper and better).</figcaption></figure>
<figure>${scatter('macs', e.paretoMacs, 'MACs')}<figcaption>Test accuracy against multiply-accumulates per image (the cost table's numbers), with its Pareto front.</figcaption></figure>
</div>
<h2>Indicators over training</h2>
<p>Per learnable layer: condition number of the weight (σmax/σmin) and the gradient norm on a probe batch; per ReLU: dead units (zero for every probe image) and very large activations (above 10x the layer's mean positive activation). Where a run kept its filter review: the first conv layer's filters grouped by how alike their feature maps are, with the image regions each group responds to (the document's receptive-field review).</p>
${indicators}
<p class="source">Made by ${esc(input.source ?? 'ConvStudio')}.</p>
</body></html>
`;
}
