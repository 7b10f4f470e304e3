import { noiseBand, pct, pp, withSpread } from './axis-evidence.js';
import type { VariantSummary } from './aggregate.js';
import type { Conclusion, ExperimentEvidence } from './conclusions.js';
import type { ValidVariant } from './variants.js';

/** The variant of a template-axis sweep built from `template`, with its summary (when it finished). */
function byTemplate(e: ExperimentEvidence, template: string): { variant: ValidVariant; summary: VariantSummary } | undefined {
  const variant = e.variants.find((v) => v.settings.template === template);
  const summary = variant && e.summaries.find((s) => s.variantId === variant.id);
  return variant && summary ? { variant, summary } : undefined;
}

const iouText = (s: VariantSummary) => (s.meanIoU ? (s.meanIoU.n > 1 ? `${s.meanIoU.mean.toFixed(3)} ± ${s.meanIoU.std.toFixed(3)}` : s.meanIoU.mean.toFixed(3)) : 'n/a');

/**
 * "CNN vs FCN on dense prediction": both scored on the same per-pixel masks. The FCN predicts
 * each pixel; the CNN names the digit and post-processing paints it on the ink. The verdict
 * weighs mean IoU (every class counts the same), the difference judged against the seeds'
 * noise band as the other experiments judge accuracy; pixel accuracy and cost are quoted.
 */
export function concludeCnnVsFcn(e: ExperimentEvidence): Conclusion {
  const cnn = byTemplate(e, 'cnn');
  const fcn = byTemplate(e, 'fcn');
  if (!cnn || !fcn || !cnn.summary.meanIoU || !fcn.summary.meanIoU) return { verdict: 'no-data', answer: 'Not enough finished runs to answer (need the CNN and the FCN scored on the masks).', details: [] };
  const line = (name: string, { variant, summary }: { variant: ValidVariant; summary: VariantSummary }) =>
    `${name}: mean IoU ${iouText(summary)}, pixel accuracy ${withSpread(summary.accuracy)} (${variant.params.toLocaleString('en-US')} parameters, ${variant.macs.toLocaleString('en-US')} MACs)`;
  const a = fcn.summary.meanIoU;
  const b = cnn.summary.meanIoU;
  const diff = a.mean - b.mean;
  const band = noiseBand(a, b);
  const details = [
    line('FCN (per-pixel scores)', fcn),
    line('CNN (one class per image, painted on the ink)', cnn),
    `Mean IoU differs by ${diff >= 0 ? '+' : ''}${diff.toFixed(3)} (FCN - CNN), noise band ${band.toFixed(3)}; pixel accuracy by ${pp(fcn.summary.accuracy.mean - cnn.summary.accuracy.mean)}.`,
    `The CNN's map uses the very rule that drew the masks (ink above the threshold): its best case. The FCN learns where the digit is from the masks alone.`,
  ];
  if (Math.abs(diff) <= band) {
    return { verdict: 'tie', answer: `A tie within noise (mean IoU ${a.mean.toFixed(3)} vs ${b.mean.toFixed(3)}): on one centred digit the CNN's post-processing is as good as learning every pixel; the FCN needs no hand-written rule.`, details };
  }
  return diff > 0
    ? { verdict: 'fcn', answer: `The FCN: mean IoU ${a.mean.toFixed(3)} against the CNN's ${b.mean.toFixed(3)} (pixel accuracy ${pct(fcn.summary.accuracy.mean)} vs ${pct(cnn.summary.accuracy.mean)}), beyond noise; predicting every pixel beats one label per image.`, details }
    : { verdict: 'cnn', answer: `The CNN with post-processing: mean IoU ${b.mean.toFixed(3)} against the FCN's ${a.mean.toFixed(3)}, beyond noise; on this budget the FCN has not yet learnt the digit's class per pixel as well as the CNN names it.`, details };
}
