import type { Model } from '../nn/model.js';
import type { EpochMetrics } from '../nn/train.js';
import type { Tensor } from '../tensor.js';
import { deadUnitFraction } from './dead-units.js';
import { detectPlateau, type PlateauReport } from './plateau.js';
import { filterRedundancy, type RedundancyReport } from './redundancy.js';
import { spectrumReport, type SpectrumReport } from './saturation-spectrum.js';

/** Dead ReLU units of one layer over the batch. */
export interface DeadUnitFinding {
  nodeId: string;
  fraction: number;
  deadCount: number;
  unitCount: number;
  alwaysZeroChannels: number[];
}

/** The spectrum of one learnable layer's weight, or why it was skipped. */
export interface SpectrumFinding {
  nodeId: string;
  kind: string;
  report?: SpectrumReport;
  skipped?: string;
}

/** Every saturation indicator of the source document, measured on a model and a batch. */
export interface Diagnosis {
  batchSize: number;
  deadUnits: DeadUnitFinding[];
  spectra: SpectrumFinding[];
  /** Near-duplicate filters of the first convolution (the document's "human evaluation", made numeric). */
  redundancy?: { nodeId: string; report: RedundancyReport };
  /** Plateaus of the training history, when one was given. */
  plateau?: { trainLoss: PlateauReport; validationLoss?: PlateauReport; validationAccuracy?: PlateauReport };
  /** One sentence per finding that deserves attention. */
  findings: string[];
}

export interface DiagnoseOptions {
  /** Per-epoch metrics from training (a checkpoint's `meta.history`), for plateau detection. */
  history?: EpochMetrics[];
  /** Largest weight-matrix side to decompose; bigger layers (AlexNet's fc1) are skipped with a note. Default 1024. */
  maxSide?: number;
  /** |cos| at which two first-layer filters count as duplicates. Default 0.95. */
  redundancyThreshold?: number;
  /** Dead-unit fraction above which a layer is called out. Default 0.5. */
  deadFractionAlert?: number;
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

function plateauOf(history: EpochMetrics[]): NonNullable<Diagnosis['plateau']> {
  const pick = (f: (m: EpochMetrics) => number | undefined) => history.map(f).filter((v): v is number => v !== undefined);
  const validationLoss = pick((m) => m.validationLoss);
  const validationAccuracy = pick((m) => m.validationAccuracy);
  return {
    trainLoss: detectPlateau(history.map((m) => m.trainLoss), { mode: 'min' }),
    ...(validationLoss.length ? { validationLoss: detectPlateau(validationLoss, { mode: 'min' }) } : {}),
    ...(validationAccuracy.length ? { validationAccuracy: detectPlateau(validationAccuracy, { mode: 'max' }) } : {}),
  };
}

/**
 * Measures the document's indicators of saturation on a model: dead ReLU units per layer over
 * `images`, the singular values of every weight matrix (condition number, near-zero and large
 * values), near-duplicate filters in the first convolution, and plateaus in a training history.
 *
 * @example
 * const report = diagnose(model, test.images.reshape([-1, 1, 28, 28]), { history });
 * console.log(formatDiagnosis(report));
 */
export function diagnose(model: Model, images: Tensor, options: DiagnoseOptions = {}): Diagnosis {
  const { maxSide = 1024, redundancyThreshold = 0.95, deadFractionAlert = 0.5 } = options;
  const outputs = model.forward(images);
  const findings: string[] = [];
  const deadUnits: DeadUnitFinding[] = [];
  const spectra: SpectrumFinding[] = [];
  let redundancy: Diagnosis['redundancy'];
  for (const { node } of model.shapes.nodes) {
    if (node.kind === 'relu') {
      const r = deadUnitFraction(outputs.get(node.id) as Tensor);
      deadUnits.push({ nodeId: node.id, fraction: r.fraction, deadCount: r.deadCount, unitCount: r.unitCount, alwaysZeroChannels: r.alwaysZeroChannels });
      if (r.fraction >= deadFractionAlert) findings.push(`${node.id}: ${percent(r.fraction)} of ReLU units are zero for every image of the batch (wasted capacity)`);
    }
    const weight = model.parameters.get(node.id)?.weight;
    // Spectra are of weight matrices (conv, linear); a batch norm's per-channel scale is not one.
    if (!weight || (weight.rank !== 2 && weight.rank !== 4)) continue;
    const rows = weight.shape[0];
    const cols = weight.size / rows;
    if (Math.min(rows, cols) > maxSide) {
      spectra.push({ nodeId: node.id, kind: node.kind, skipped: `its ${rows}x${cols} matrix is larger than maxSide ${maxSide}` });
      continue;
    }
    const report = spectrumReport(weight, { maxSide: Math.max(maxSide, Math.min(rows, cols)) });
    spectra.push({ nodeId: node.id, kind: node.kind, report });
    for (const flag of report.flags) findings.push(`${node.id}: ${flag}`);
    if (!redundancy && node.kind === 'conv2d') {
      const r = filterRedundancy(weight, outputs.get(node.id), { threshold: redundancyThreshold });
      redundancy = { nodeId: node.id, report: r };
      if (r.pairs.length) findings.push(`${node.id}: ${r.pairs.length} pair(s) of first-layer filters extract nearly the same feature (|cos| >= ${redundancyThreshold})`);
    }
  }
  const plateau = options.history?.length ? plateauOf(options.history) : undefined;
  if (plateau?.trainLoss.plateaued) findings.push(`training loss: ${plateau.trainLoss.reason}`);
  if (plateau?.validationAccuracy?.plateaued) findings.push(`validation accuracy: ${plateau.validationAccuracy.reason}`);
  return { batchSize: images.shape[0], deadUnits, spectra, ...(redundancy ? { redundancy } : {}), ...(plateau ? { plateau } : {}), findings };
}

/** The diagnosis as plain text, for the command line. */
export function formatDiagnosis(d: Diagnosis): string {
  const lines = [`Saturation report (batch of ${d.batchSize})`, '', 'Dead ReLU units (zero for every image):'];
  for (const u of d.deadUnits) lines.push(`  ${u.nodeId.padEnd(14)} ${percent(u.fraction).padStart(7)}  (${u.deadCount} of ${u.unitCount}${u.alwaysZeroChannels.length ? `; silent channels ${u.alwaysZeroChannels.join(', ')}` : ''})`);
  if (!d.deadUnits.length) lines.push('  (no ReLU layers)');
  lines.push('', 'Weight spectra (singular values of each weight as a matrix):');
  for (const s of d.spectra) {
    if (!s.report) {
      lines.push(`  ${s.nodeId.padEnd(14)} skipped: ${s.skipped}`);
      continue;
    }
    const r = s.report;
    const cond = Number.isFinite(r.conditionNumber) ? r.conditionNumber.toPrecision(3) : 'infinite';
    lines.push(`  ${s.nodeId.padEnd(14)} ${r.matrixShape.join('x').padEnd(10)} σmax ${r.max.toPrecision(3)}  σmin ${r.min.toPrecision(3)}  condition ${cond}  rank ${r.rank}`);
  }
  if (d.redundancy) {
    const { nodeId, report } = d.redundancy;
    lines.push('', `First-layer filter redundancy (${nodeId}, ${report.channels} filters):`);
    for (const p of report.pairs) lines.push(`  filters ${p.i} and ${p.j}: cos ${p.filterSimilarity.toFixed(3)}${p.mapSimilarity === null ? '' : `, maps ${p.mapSimilarity.toFixed(3)}`}`);
    if (!report.pairs.length) lines.push('  no near-duplicate filters');
    if (report.deadFilters.length) lines.push(`  all-zero filters: ${report.deadFilters.join(', ')}`);
  }
  if (d.plateau) {
    lines.push('', 'Plateaus:', `  training loss: ${d.plateau.trainLoss.reason}`);
    if (d.plateau.validationLoss) lines.push(`  validation loss: ${d.plateau.validationLoss.reason}`);
    if (d.plateau.validationAccuracy) lines.push(`  validation accuracy: ${d.plateau.validationAccuracy.reason}`);
  }
  lines.push('', d.findings.length ? 'Findings:' : 'Findings: none of the indicators fired.', ...d.findings.map((f) => `  - ${f}`));
  return lines.join('\n');
}
