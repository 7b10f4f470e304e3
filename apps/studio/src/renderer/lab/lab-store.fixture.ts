import { experimentById, parseSweepSpec, sweepKey, type EpochMetrics, type IndicatorSnapshot, type RunCheckpoint } from '@convstudio/core';

/** The stride experiment at a tiny budget (2 variants x 2 seeds: runs v0/s0 … v1/s1), as the lab opens it. */
export function strideSweep(): { key: string; spec: unknown } {
  const spec = experimentById('stride')?.spec({ limit: 300, epochs: 3, seeds: [0, 1] });
  const parsed = parseSweepSpec(spec);
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return { key: sweepKey(parsed.spec, parsed.base), spec };
}

/** Epoch `k` of a run, every byte and number saying `k`. */
export function labEpoch(k: number): { metrics: EpochMetrics; snapshot: IndicatorSnapshot; weights: Uint8Array; checkpoint: RunCheckpoint } {
  return {
    metrics: { epoch: k, trainLoss: 1 / k, trainAccuracy: 0.5 + k / 100, validationLoss: 2 / k, validationAccuracy: 0.4 + k / 100, durationMs: 100 * k },
    snapshot: { epoch: k, probeSize: 2, activations: [{ nodeId: 'relu3', deadFraction: k / 10, largeFraction: 0 }], layers: [{ nodeId: 'fc1', kind: 'linear', singularValues: [k, 1], conditionNumber: k, gradientNorm: 0.1, weightNorm: 1 }] },
    weights: new Uint8Array(256).fill(k),
    checkpoint: { epochsDone: k, forwardCount: 10 * k, optimizerStep: 10 * k, optimizer: new Uint8Array(32).fill(100 + k) },
  };
}
