import { axisPoints, noiseBand, pct, pp, saturationPoint, withSpread, type AxisPoint } from './axis-evidence.js';
import type { VariantSummary } from './aggregate.js';
import type { ValidVariant } from './variants.js';

// Each built-in experiment ends in a conclusion computed from its numbers: the verdict flips when
// the numbers do (see conclusions.test.ts), and every sentence quotes the numbers it rests on.

/** What an experiment's conclusion reads. */
export interface ExperimentEvidence {
  variants: readonly ValidVariant[];
  summaries: readonly VariantSummary[];
  /** Mean dead-ReLU fraction of each variant's final snapshot (hidden dense layers' ReLUs), when recorded. */
  deadFractions?: ReadonlyMap<string, number>;
}

/** A conclusion: a verdict to test against, a one-line answer, and the numbers behind it. */
export interface Conclusion {
  verdict: string;
  answer: string;
  details: string[];
}

const noData = (what: string): Conclusion => ({ verdict: 'no-data', answer: `Not enough finished runs to answer (${what}).`, details: [] });

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}x` : 'n/a');

function pointLine(p: AxisPoint, name: (v: number) => string): string {
  const dead = p.deadFraction === undefined ? '' : `, ${pct(p.deadFraction)} dead ReLU units`;
  return `${name(p.value)}: ${withSpread(p.accuracy)} (${p.params.toLocaleString('en-US')} parameters, ${p.macs.toLocaleString('en-US')} MACs${dead})`;
}

/** "Are two dense layers enough?": the smallest count within noise of the best, against 2. */
export function concludeDenseLayers(e: ExperimentEvidence): Conclusion {
  const points = axisPoints('denseLayers', e.variants, e.summaries, e.deadFractions);
  const s = saturationPoint(points);
  if (!s || points.length < 2) return noData('need at least two dense-layer counts');
  const name = (v: number) => `${v} hidden dense layer${v === 1 ? '' : 's'} + output`;
  const details = points.map((p) => pointLine(p, name));
  const more = points.filter((p) => p.value > s.enough.value);
  const gain = more.length ? Math.max(...more.map((p) => p.accuracy.mean)) - s.enough.accuracy.mean : 0;
  details.push(`Beyond ${s.enough.value}, the best gain is ${pp(gain)}, inside the noise band of ${pp(s.band)}.`);
  const withDead = points.filter((p) => p.deadFraction !== undefined);
  if (withDead.length >= 2) {
    const first = withDead[0];
    const last = withDead[withDead.length - 1];
    details.push(`Dead ReLU units go from ${pct(first.deadFraction ?? 0)} with ${first.value} to ${pct(last.deadFraction ?? 0)} with ${last.value} hidden layers.`);
  }
  if (s.enough.value <= 2) {
    return { verdict: 'enough', answer: `Yes: ${s.enough.value < 2 ? `even ${name(s.enough.value)} reach${s.enough.value === 1 ? 'es' : ''}` : `${name(s.enough.value)} reach`} the best accuracy within noise; more dense layers do not help.`, details };
  }
  return { verdict: 'more-needed', answer: `No: on this data ${name(s.enough.value)} are needed; ${s.enough.value - 1} or fewer fall short by more than the noise.`, details };
}

/**
 * "Do bigger kernels help?": whether any larger kernel beats the smallest beyond noise, and if so
 * from which size on, and whether sizes past that one still gain.
 */
export function concludeKernelSize(e: ExperimentEvidence): Conclusion {
  const points = axisPoints('kernelSize', e.variants, e.summaries);
  if (points.length < 2) return noData('need at least two kernel sizes');
  const name = (v: number) => `${v}x${v} kernels`;
  const details = points.map((p) => pointLine(p, name));
  const [smallest] = points;
  const largest = points[points.length - 1];
  const beats = (p: AxisPoint, q: AxisPoint) => p.accuracy.mean - q.accuracy.mean > noiseBand(p.accuracy, q.accuracy);
  const helping = points.slice(1).filter((p) => beats(p, smallest));
  if (!helping.length) {
    details.push(`${name(largest.value)} cost ${ratio(largest.macs, smallest.macs)} the MACs of ${name(smallest.value)} for ${pp(largest.accuracy.mean - smallest.accuracy.mean)} (noise band ${pp(noiseBand(largest.accuracy, smallest.accuracy))}).`);
    return { verdict: 'no-gain', answer: `No: ${name(smallest.value)} are as accurate as any larger kernel within noise; bigger kernels only cost more.`, details };
  }
  const first = helping[0];
  details.push(`${name(first.value)} gain ${pp(first.accuracy.mean - smallest.accuracy.mean)} over ${name(smallest.value)} (noise band ${pp(noiseBand(first.accuracy, smallest.accuracy))}) at ${ratio(first.macs, smallest.macs)} the MACs.`);
  const further = points.filter((p) => p.value > first.value && beats(p, first));
  if (further.length) {
    const top = further[further.length - 1];
    return { verdict: 'helps', answer: `Yes: ${name(first.value)} beat ${name(smallest.value)} and ${name(top.value)} beat ${name(first.value)}, each beyond noise; bigger kernels keep helping over the sizes tried.`, details };
  }
  if (first === largest) {
    return { verdict: 'helps', answer: `Yes: ${name(largest.value)}, the largest tried, beat ${name(smallest.value)} beyond noise; where bigger kernels stop helping lies beyond the sizes tried.`, details };
  }
  return { verdict: 'helps', answer: `Yes, up to ${name(first.value)}: larger kernels than that add nothing beyond noise.`, details };
}

/** "Deeper or wider?": the best gain over the base of added depth against added width. */
export function concludeDeeperOrWider(e: ExperimentEvidence): Conclusion {
  const byId = new Map(e.summaries.map((s) => [s.variantId, s]));
  const base = e.variants.find((v) => v.label === 'base' && byId.has(v.id));
  const deep = axisPoints('depth', e.variants, e.summaries).filter((p) => p.variantId !== base?.id);
  const wide = axisPoints('kernels', e.variants, e.summaries).filter((p) => p.variantId !== base?.id);
  if (!base || !deep.length || !wide.length) return noData('need the base, a deeper and a wider variant');
  const baseAcc = (byId.get(base.id) as VariantSummary).accuracy;
  const best = (ps: AxisPoint[]) => ps.reduce((a, b) => (b.accuracy.mean > a.accuracy.mean ? b : a));
  const d = best(deep);
  const w = best(wide);
  const gain = (p: AxisPoint) => p.accuracy.mean - baseAcc.mean;
  const details = [
    `base (${base.label === 'base' ? 'as given' : base.label}): ${withSpread(baseAcc)}, ${base.params.toLocaleString('en-US')} parameters, ${base.macs.toLocaleString('en-US')} MACs`,
    ...deep.map((p) => pointLine(p, (v) => `${v} conv layers`)),
    ...wide.map((p) => pointLine(p, (v) => `kernels x${v}`)),
    `Deeper gains ${pp(gain(d))} at best (${d.label}, ${ratio(d.macs, base.macs)} the MACs); wider gains ${pp(gain(w))} at best (${w.label}, ${ratio(w.macs, base.macs)} the MACs).`,
  ];
  const deepReal = gain(d) > noiseBand(d.accuracy, baseAcc);
  const wideReal = gain(w) > noiseBand(w.accuracy, baseAcc);
  if (!deepReal && !wideReal) return { verdict: 'neither', answer: 'Neither: going deeper or wider stays within noise of the base, a sign the base has saturated this data.', details };
  const between = noiseBand(d.accuracy, w.accuracy);
  if (Math.abs(d.accuracy.mean - w.accuracy.mean) <= between) {
    const cheaper = d.macs <= w.macs ? 'deeper' : 'wider';
    return { verdict: 'tie', answer: `Both help about equally (within ${pp(between)}); ${cheaper} costs fewer MACs.`, details };
  }
  return d.accuracy.mean > w.accuracy.mean
    ? { verdict: 'deeper', answer: `Deeper: ${d.label} beats the best wider variant by ${pp(d.accuracy.mean - w.accuracy.mean)}.`, details }
    : { verdict: 'wider', answer: `Wider: ${w.label} beats the best deeper variant by ${pp(w.accuracy.mean - d.accuracy.mean)}.`, details };
}

/** "What does stride cost?": accuracy lost and MACs saved by each stride against stride 1 (or the smallest). */
export function concludeStride(e: ExperimentEvidence): Conclusion {
  const points = axisPoints('stride', e.variants, e.summaries);
  if (points.length < 2) return noData('need at least two strides');
  const [ref, ...larger] = points;
  const details = points.map((p) => pointLine(p, (v) => `stride ${v}`));
  let free: AxisPoint | undefined;
  for (const p of larger) {
    const drop = ref.accuracy.mean - p.accuracy.mean;
    const band = noiseBand(ref.accuracy, p.accuracy);
    details.push(`stride ${p.value} saves ${ratio(ref.macs, p.macs)} MACs and changes accuracy by ${pp(-drop)} (noise band ${pp(band)}).`);
    if (drop <= band) free = p;
  }
  if (free) {
    return { verdict: 'free', answer: `Little: stride ${free.value} is as accurate as stride ${ref.value} within noise at ${ratio(ref.macs, free.macs)} fewer MACs; the smaller stride does not give better results.`, details };
  }
  const p = larger[0];
  return { verdict: 'costly', answer: `Accuracy: stride ${p.value} loses ${pp(ref.accuracy.mean - p.accuracy.mean)} against stride ${ref.value}, beyond noise, for ${ratio(ref.macs, p.macs)} fewer MACs.`, details };
}
