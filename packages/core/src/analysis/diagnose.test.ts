import { describe, expect, it } from 'vitest';
import { createModel } from '../nn/model.js';
import { chainPipeline } from '../nn/chain-pipeline.fixture.js';
import { rand } from '../tensor.js';
import { diagnose, formatDiagnosis } from './diagnose.js';

const pipeline = (firstLayerWeight: number[]) =>
  chainPipeline([1, 6, 6], [
    { kind: 'conv2d', params: { outChannels: 3, kernelSize: 2, bias: false }, weight: { values: firstLayerWeight } },
    { kind: 'relu', params: {} },
    { kind: 'flatten', params: {} },
    { kind: 'linear', params: { outFeatures: 4 } },
  ] as never);

describe('diagnose', () => {
  // Filter 1 is filter 0 negated; filter 2 is all negative, so on a positive image its ReLU is dead.
  const weights = [1, 0, 0, -1, -1, 0, 0, 1, -1, -1, -1, -1];

  it('finds dead units, duplicate filters and a rank-deficient first layer', () => {
    const model = createModel(pipeline(weights));
    const report = diagnose(model, rand([8, 1, 6, 6], { seed: 1 }));
    const relu = report.deadUnits[0];
    expect(relu.alwaysZeroChannels).toEqual([2]);
    expect(relu.fraction).toBeGreaterThanOrEqual(1 / 3);
    expect(report.redundancy?.report.pairs.map((p) => [p.i, p.j])).toEqual([[0, 1]]);
    const conv = report.spectra.find((s) => s.nodeId === 'n1')?.report;
    expect(conv?.rank).toBe(2);
    expect(report.findings.some((f) => f.startsWith('n1:'))).toBe(true);
    expect(formatDiagnosis(report)).toContain('filters 0 and 1: cos -1.000');
  });

  it('diagnoses a net with a batch norm, whose per-channel scale has no spectrum (the studio trains such nets)', () => {
    const model = createModel(
      chainPipeline([1, 6, 6], [
        { kind: 'conv2d', params: { outChannels: 3, kernelSize: 2 } },
        { kind: 'batchNorm2d', params: {} },
        { kind: 'relu', params: {} },
        { kind: 'flatten', params: {} },
        { kind: 'linear', params: { outFeatures: 4 } },
      ] as never),
    );
    const report = diagnose(model, rand([8, 1, 6, 6], { seed: 1 }));
    expect(report.spectra.map((s) => s.nodeId)).toEqual(['n1', 'n5']);
  });

  it('detects a plateau in the training history and says nothing alarming on a healthy run', () => {
    const model = createModel(pipeline([1, 0, 0, 1, 0, 1, 1, 0, 1, -1, 1, -1]));
    const flat = Array.from({ length: 10 }, (_, i) => ({ epoch: i + 1, trainLoss: i < 4 ? 2 - i * 0.4 : 0.4, trainAccuracy: 0.9, durationMs: 1 }));
    const report = diagnose(model, rand([4, 1, 6, 6], { seed: 2, low: -1, high: 1 }), { history: flat });
    expect(report.plateau?.trainLoss.plateaued).toBe(true);
    expect(report.findings.some((f) => f.startsWith('training loss:'))).toBe(true);
    const falling = flat.map((m, i) => ({ ...m, trainLoss: 2 / (i + 1) }));
    expect(diagnose(model, rand([4, 1, 6, 6], { seed: 2 }), { history: falling }).plateau?.trainLoss.plateaued).toBe(false);
  });
});
