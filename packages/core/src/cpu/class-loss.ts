import type { ClassLossOptions } from '../backend.js';
import { Tensor } from '../tensor.js';
import { axisExtent } from './elementwise.js';
import { softmax } from './softmax.js';

/** Log-probabilities of the input: log-softmax along the class axis for logits, the input itself otherwise. */
function logProbabilities(input: Tensor, fromLogits: boolean): Float32Array {
  return fromLogits ? softmax(input, 1, true).data : input.data;
}

/**
 * Per position j: -(1 - s)·logp[target_j] - s/C·Σ_c logp[c] (PyTorch's label smoothing puts
 * s/C on every class, the target included), summed in float64 and reduced as asked.
 */
export function classLoss(input: Tensor, targets: Int32Array, options: ClassLossOptions): Tensor {
  const { reduction, labelSmoothing: s, fromLogits } = options;
  const logp = logProbabilities(input, fromLogits);
  const { outer, size: classes, inner } = axisExtent(input.shape, 1);
  const losses = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * classes * inner + i;
      let loss = -(1 - s) * logp[base + targets[o * inner + i] * inner];
      if (s !== 0) {
        let all = 0;
        for (let c = 0; c < classes; c++) all += logp[base + c * inner];
        loss -= (s / classes) * all;
      }
      losses[o * inner + i] = loss;
    }
  }
  if (reduction === 'none') return new Tensor(Float32Array.from(losses), [input.shape[0], ...input.shape.slice(2)]);
  let total = 0;
  for (const v of losses) total += v;
  return new Tensor(Float32Array.of(reduction === 'mean' ? total / losses.length : total), []);
}

/** dL/dinput of {@link classLoss}: (softmax - target distribution)·w from logits, -(target distribution)·w from log-probabilities. */
export function classLossBackward(input: Tensor, targets: Int32Array, dLoss: Tensor, options: ClassLossOptions): Tensor {
  const { reduction, labelSmoothing: s, fromLogits } = options;
  const { outer, size: classes, inner } = axisExtent(input.shape, 1);
  const out = fromLogits ? softmax(input, 1, false).data : new Float32Array(input.size);
  const g = dLoss.data;
  const perPosition = reduction === 'none';
  const scale = reduction === 'mean' ? 1 / (outer * inner) : 1;
  const spread = s / classes;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const j = o * inner + i;
      const w = (perPosition ? g[j] : g[0]) * scale;
      const base = o * classes * inner + i;
      const target = targets[j];
      for (let c = 0; c < classes; c++) {
        const at = base + c * inner;
        out[at] = (out[at] - spread - (c === target ? 1 - s : 0)) * w;
      }
    }
  }
  return new Tensor(out, input.shape);
}
