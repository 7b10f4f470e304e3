import { deadUnitFraction } from '../analysis/dead-units.js';
import { spectrumReport } from '../analysis/saturation-spectrum.js';
import type { Model } from '../nn/model.js';
import { logitsNodeOf, type LabelledData } from '../nn/train.js';
import { crossEntropyBackward } from '../ops/cross-entropy.js';
import type { Tensor } from '../tensor.js';

/** One ReLU layer's activations over the probe batch: both halves of the document's ReLU saturation. */
export interface ActivationIndicator {
  nodeId: string;
  /** Units that are zero for every probe image (dead). */
  deadFraction: number;
  /** Activation values above {@link LARGE_ACTIVATION_FACTOR} times the layer's mean positive activation. */
  largeFraction: number;
}

/** One learnable layer: its weight's spectrum and its gradient on the probe batch. */
export interface LayerIndicator {
  nodeId: string;
  kind: string;
  /** Descending singular values of the weight as a matrix (at most {@link MAX_STORED_SINGULAR_VALUES}: the largest, then the smallest). */
  singularValues: number[];
  conditionNumber: number | null;
  /** Why the spectrum was skipped (a matrix too large to decompose cheaply). */
  spectrumSkipped?: string;
  /** L2 norm of the weight's gradient of the mean cross-entropy on the probe batch. */
  gradientNorm: number;
  /** L2 norm of the weight, for reading the gradient norm relatively. */
  weightNorm: number;
}

/** Every per-layer indicator at one epoch. */
export interface IndicatorSnapshot {
  epoch: number;
  probeSize: number;
  activations: ActivationIndicator[];
  layers: LayerIndicator[];
}

/** "Very large" activation: this many times the layer's mean positive activation. */
export const LARGE_ACTIVATION_FACTOR = 10;
/** Singular values kept per layer and snapshot (the largest half and the smallest half). */
export const MAX_STORED_SINGULAR_VALUES = 64;
/** Larger weight matrices (min side) are not decomposed at every epoch. */
const MAX_SPECTRUM_SIDE = 512;

function largeFraction(values: Float32Array): number {
  let sum = 0;
  let positive = 0;
  for (const v of values) {
    if (v > 0) {
      sum += v;
      positive++;
    }
  }
  if (positive === 0) return 0;
  const limit = (LARGE_ACTIVATION_FACTOR * sum) / positive;
  let large = 0;
  for (const v of values) if (v > limit) large++;
  return large / values.length;
}

function norm(t: Tensor | undefined): number {
  if (!t) return 0;
  let s = 0;
  for (const v of t.data) s += v * v;
  return Math.sqrt(s);
}

function keepEnds(values: Float64Array): number[] {
  const all = Array.from(values);
  if (all.length <= MAX_STORED_SINGULAR_VALUES) return all;
  const half = MAX_STORED_SINGULAR_VALUES / 2;
  return [...all.slice(0, half), ...all.slice(all.length - half)];
}

/**
 * Measures the saturation indicators of a CPU model on a probe batch: per ReLU layer the dead and
 * the very large activations, per learnable layer the weight's singular values (condition number)
 * and the gradient norm of the mean cross-entropy. One forward and one backward pass in eval mode;
 * the model's weights are not changed. The model's parameters must be on the CPU (train() moves
 * them back before its epoch callback).
 *
 * @example
 * const snapshot = indicatorSnapshot(model, probe, 3);
 * snapshot.layers.find((l) => l.nodeId === 'fc1')?.gradientNorm;
 */
export function indicatorSnapshot(model: Model, probe: LabelledData, epoch: number): IndicatorSnapshot {
  const logitsId = logitsNodeOf(model);
  const outputs = model.forward(probe.images, { mode: 'eval' });
  const logits = outputs.get(logitsId) as Tensor;
  const grads = model.backward(outputs, crossEntropyBackward(logits, probe.labels), logitsId).parameters;
  const activations: ActivationIndicator[] = [];
  const layers: LayerIndicator[] = [];
  for (const { node } of model.shapes.nodes) {
    if (node.kind === 'relu') {
      const out = outputs.get(node.id) as Tensor;
      activations.push({ nodeId: node.id, deadFraction: deadUnitFraction(out).fraction, largeFraction: largeFraction(out.data) });
    }
    const weight = model.parameters.get(node.id)?.weight;
    if (!weight) continue;
    const rows = weight.shape[0];
    const cols = weight.size / rows;
    const layer: LayerIndicator = { nodeId: node.id, kind: node.kind, singularValues: [], conditionNumber: null, gradientNorm: norm(grads.get(node.id)?.weight), weightNorm: norm(weight) };
    if (Math.min(rows, cols) > MAX_SPECTRUM_SIDE) {
      layer.spectrumSkipped = `its ${rows}x${cols} matrix is larger than ${MAX_SPECTRUM_SIDE} on its short side`;
    } else {
      const report = spectrumReport(weight, { maxSide: MAX_SPECTRUM_SIDE });
      layer.singularValues = keepEnds(report.singularValues);
      layer.conditionNumber = Number.isFinite(report.conditionNumber) ? report.conditionNumber : null;
    }
    layers.push(layer);
  }
  return { epoch, probeSize: probe.images.shape[0], activations, layers };
}
