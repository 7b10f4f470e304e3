import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { assertFinite } from './svd.js';

/** Options of {@link deadUnitFraction}. */
export interface DeadUnitOptions {
  /**
   * A unit at or below this value counts as silent. Default 0: ReLU outputs exactly 0 when
   * inactive. A small positive value also catches units that fire only negligibly.
   */
  threshold?: number;
}

/** What {@link deadUnitFraction} finds in one layer's activations. */
export interface DeadUnitReport {
  /** deadCount / unitCount. */
  fraction: number;
  deadCount: number;
  /** C·H·W for maps [N, C, H, W], F for features [N, F]. */
  unitCount: number;
  /** 1 where the unit is dead, row-major over (c, h, w) or (f). */
  deadMask: Uint8Array;
  /**
   * Per channel, the fraction of its H·W positions that are dead. For [N, F] each feature is
   * its own channel with one position, so the values are 0 or 1.
   */
  perChannel: Float64Array;
  /** Channels whose every position is dead: filters that produce nothing on this batch. */
  alwaysZeroChannels: number[];
}

/**
 * The "dead neurons" indicator of saturation: the fraction of ReLU units that output zero (at
 * or below `threshold`) for every sample of a batch, i.e. capacity the layer pays for but never
 * uses. A unit is one position (c, h, w) of a feature map [N, C, H, W], or one feature f of
 * [N, F]. The verdict holds for the batch given: pass a representative batch (a few hundred
 * samples), since a unit silent on 2 images may fire on the third.
 *
 * @example
 * const r = deadUnitFraction(tensor([[0, 1.5, 0], [0, 0, 2]]));  // [N=2, F=3]
 * r.deadCount;  // 1: feature 0 is zero for both samples
 * r.fraction;   // 1/3
 */
export function deadUnitFraction(activations: Tensor, options: DeadUnitOptions = {}): DeadUnitReport {
  const op = 'deadUnitFraction';
  const { threshold = 0 } = options;
  if (!Number.isFinite(threshold)) fail(op, 'threshold', `must be a finite number, got ${threshold}`);
  if (activations.rank !== 2 && activations.rank !== 4) {
    fail(op, 'activations', `must be rank 4 [N, C, H, W] or rank 2 [N, F], got shape ${formatShape(activations.shape)}`);
  }
  if (activations.size === 0) {
    fail(op, 'activations', `must not be empty, got shape ${formatShape(activations.shape)}`);
  }
  assertFinite(op, 'activations', activations);
  const [batch, channels] = activations.shape;
  const positions = activations.rank === 4 ? activations.shape[2] * activations.shape[3] : 1;
  const unitCount = channels * positions;

  // Start with every unit dead and revive it at its first sample above the threshold.
  const deadMask = new Uint8Array(unitCount).fill(1);
  const data = activations.data;
  for (let n = 0; n < batch; n++) {
    const base = n * unitCount;
    for (let u = 0; u < unitCount; u++) {
      if (data[base + u] > threshold) deadMask[u] = 0;
    }
  }

  const perChannel = new Float64Array(channels);
  const alwaysZeroChannels: number[] = [];
  let deadCount = 0;
  for (let c = 0; c < channels; c++) {
    let dead = 0;
    for (let p = 0; p < positions; p++) dead += deadMask[c * positions + p];
    perChannel[c] = dead / positions;
    if (dead === positions) alwaysZeroChannels.push(c);
    deadCount += dead;
  }
  return { fraction: deadCount / unitCount, deadCount, unitCount, deadMask, perChannel, alwaysZeroChannels };
}
