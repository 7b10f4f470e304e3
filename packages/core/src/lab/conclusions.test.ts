import { describe, expect, it } from 'vitest';
import { mnistCnn } from '../nn/templates/index.js';
import { spreadOf, summarizeRuns, type RunOutcome } from './aggregate.js';
import { MIN_EFFECT, noiseBand, tQuantile975 } from './axis-evidence.js';
import { concludeDeeperOrWider, concludeDenseLayers, concludeKernelSize, concludeStride, type ExperimentEvidence } from './conclusions.js';
import { experiments } from './experiments.js';
import { parseSweepSpec } from './sweep-spec.js';
import type { ValidVariant, VariantSettings } from './variants.js';

// Synthetic results: each variant is [settings, test accuracies per seed, params, MACs]. The
// conclusions must follow the numbers, so each test flips the numbers and expects the other verdict.
type Row = [settings: VariantSettings, accuracies: number[], params?: number, macs?: number];

function evidence(rows: Row[], label?: (s: VariantSettings) => string): ExperimentEvidence {
  const variants: ValidVariant[] = rows.map(([settings, , params = 1000, macs = 10000], i) => ({
    ok: true, id: `v${i}`, label: label?.(settings) ?? Object.entries(settings).map(([k, v]) => `${k} ${String(v)}`).join(', '), settings,
    pipeline: mnistCnn(), hash: `h${i}`, params, macs, sameAs: [],
  }));
  const runs: RunOutcome[] = rows.flatMap(([, accuracies], i) => accuracies.map((accuracy, seed) => ({
    variantId: `v${i}`, seed, test: { accuracy, loss: 1 - accuracy },
    history: [{ epoch: 1, trainLoss: 1, trainAccuracy: accuracy, validationAccuracy: accuracy, validationLoss: 1 - accuracy, durationMs: 1 }],
  })));
  return { variants, summaries: summarizeRuns(runs) };
}

describe('concludeDenseLayers ("Are two dense layers enough?")', () => {
  it('answers yes when more than two hidden layers stay within noise of the best', () => {
    const c = concludeDenseLayers(evidence([[{ denseLayers: 0 }, [0.90, 0.91]], [{ denseLayers: 1 }, [0.95, 0.951]], [{ denseLayers: 2 }, [0.962, 0.96]], [{ denseLayers: 3 }, [0.963, 0.961]], [{ denseLayers: 4 }, [0.958, 0.962]]]));
    expect(c.verdict).toBe('enough');
    expect(c.answer).toBe('Yes: 2 hidden dense layers + output reach the best accuracy within noise; more dense layers do not help.');
    expect(c.details.join('\n')).toContain('96.10% ± 0.14');
  });
  it('answers no when a third layer still gains beyond the noise', () => {
    const c = concludeDenseLayers(evidence([[{ denseLayers: 1 }, [0.90, 0.901]], [{ denseLayers: 2 }, [0.92, 0.921]], [{ denseLayers: 3 }, [0.95, 0.951]]]));
    expect(c.verdict).toBe('more-needed');
    expect(c.answer).toMatch(/^No: on this data 3 hidden dense layers/);
  });
  it('quotes the dead-ReLU trend when snapshots were recorded, and says when data are missing', () => {
    const e = evidence([[{ denseLayers: 1 }, [0.9]], [{ denseLayers: 4 }, [0.9]]]);
    const c = concludeDenseLayers({ ...e, deadFractions: new Map([['v0', 0.1], ['v1', 0.4]]) });
    expect(c.details.at(-1)).toBe('Dead ReLU units go from 10.00% with 1 to 40.00% with 4 hidden layers.');
    expect(c.answer).toBe('Yes: even 1 hidden dense layer + output reaches the best accuracy within noise; more dense layers do not help.');
    expect(concludeDenseLayers(evidence([[{ denseLayers: 1 }, [0.9]]])).verdict).toBe('no-data');
  });
});

describe('concludeKernelSize ("Do bigger kernels help?")', () => {
  it('answers no when 5x5 and 7x7 are within noise of 3x3', () => {
    const c = concludeKernelSize(evidence([[{ kernelSize: 3 }, [0.97, 0.972], 100, 300], [{ kernelSize: 5 }, [0.971, 0.973], 110, 800], [{ kernelSize: 7 }, [0.969, 0.972], 120, 1500]]));
    expect(c.verdict).toBe('no-gain');
    expect(c.details.at(-1)).toMatch(/^7x7 kernels cost 5\.0x the MACs of 3x3 kernels/);
  });
  it('answers yes up to the size past which gains stop', () => {
    const c = concludeKernelSize(evidence([[{ kernelSize: 3 }, [0.90, 0.901]], [{ kernelSize: 5 }, [0.95, 0.951]], [{ kernelSize: 7 }, [0.952, 0.951]]]));
    expect(c.verdict).toBe('helps');
    expect(c.answer).toBe('Yes, up to 5x5 kernels: larger kernels than that add nothing beyond noise.');
  });
  it('names the size that beats the smallest beyond noise, not a noisy size between them', () => {
    const c = concludeKernelSize(evidence([[{ kernelSize: 3 }, [0.9384, 0.9334]], [{ kernelSize: 5 }, [0.9418, 0.9301]], [{ kernelSize: 7 }, [0.9484, 0.9501]]]));
    expect(c.verdict).toBe('helps');
    expect(c.answer).toBe('Yes: 7x7 kernels, the largest tried, beat 3x3 kernels beyond noise; where bigger kernels stop helping lies beyond the sizes tried.');
  });
  it('widens the noise band with the spread over seeds: a noisy gain is no gain', () => {
    const c = concludeKernelSize(evidence([[{ kernelSize: 3 }, [0.90, 0.96]], [{ kernelSize: 5 }, [0.92, 0.98]]]));
    expect(c.verdict).toBe('no-gain');
  });
});

describe('concludeDeeperOrWider', () => {
  const label = (s: VariantSettings) => (Object.keys(s).length === 2 ? 'base' : Object.entries(s).map(([k, v]) => `${k} ${String(v)}`).join(''));
  const rows = (deep: number, wide: number): Row[] => [
    [{ depth: 2, kernels: 1 }, [0.95, 0.951], 1000, 10000],
    [{ depth: 3 }, [deep, deep + 0.001], 1100, 20000],
    [{ kernels: 2 }, [wide, wide + 0.001], 3000, 30000],
  ];
  it('answers deeper, wider, both or neither from the gains over the base', () => {
    expect(concludeDeeperOrWider(evidence(rows(0.97, 0.955), label)).verdict).toBe('deeper');
    expect(concludeDeeperOrWider(evidence(rows(0.955, 0.97), label)).verdict).toBe('wider');
    expect(concludeDeeperOrWider(evidence(rows(0.952, 0.953), label)).verdict).toBe('neither');
    const tie = concludeDeeperOrWider(evidence(rows(0.97, 0.971), label));
    expect(tie.verdict).toBe('tie');
    expect(tie.answer).toMatch(/deeper costs fewer MACs/);
  });
});

describe('concludeStride ("What does stride cost?")', () => {
  it('calls a larger stride free when accuracy holds, costly when it drops', () => {
    const free = concludeStride(evidence([[{ stride: 1 }, [0.97, 0.971], 50000, 333056], [{ stride: 2 }, [0.968, 0.97], 6000, 37280]]));
    expect(free.verdict).toBe('free');
    expect(free.answer).toContain('at 8.9x fewer MACs');
    const costly = concludeStride(evidence([[{ stride: 1 }, [0.97, 0.971], 50000, 333056], [{ stride: 2 }, [0.92, 0.921], 6000, 37280]]));
    expect(costly.verdict).toBe('costly');
    expect(costly.answer).toMatch(/^Accuracy: stride 2 loses 5\.00 pp/);
  });
});

describe('experiments', () => {
  it('are four valid sweeps over the MNIST CNN and one of CNN against FCN on masks', () => {
    expect(experiments.map((e) => e.title)).toEqual(['Are two dense layers enough?', 'Do bigger kernels help?', 'Deeper or wider?', 'What does stride cost?', 'CNN vs FCN on dense prediction']);
    for (const e of experiments) {
      const r = parseSweepSpec(e.spec({ epochs: 1, seeds: [3] }));
      expect(r.ok && r.spec.training.epochs).toBe(1);
      expect(r.ok && r.spec.seeds).toEqual([3]);
    }
  });
});

describe('noiseBand', () => {
  it('is the 95 % half-width of the difference with Student t, and 0.5 points at least', () => {
    const a = spreadOf([0.90, 0.92]);
    const b = spreadOf([0.95, 0.97]);
    expect(noiseBand(a, b)).toBeCloseTo(4.303 * Math.sqrt(a.sem ** 2 + b.sem ** 2), 12);
    expect(noiseBand(spreadOf([0.9]), spreadOf([0.95]))).toBe(MIN_EFFECT);
    expect(noiseBand(spreadOf([0.9, 0.9, 0.9]), spreadOf([0.95, 0.95, 0.95]))).toBe(MIN_EFFECT);
    expect(tQuantile975(40)).toBe(1.96);
    expect(tQuantile975(11)).toBe(2.228);
  });
});
