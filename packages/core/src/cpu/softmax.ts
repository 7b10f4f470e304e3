import { Tensor } from '../tensor.js';
import { axisExtent } from './elementwise.js';

/** Softmax or log-softmax along `axis`, max-shifted so that large logits do not overflow. */
export function softmax(x: Tensor, axis: number, log: boolean): Tensor {
  const { outer, size, inner } = axisExtent(x.shape, axis);
  const src = x.data;
  const out = new Float32Array(x.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let max = -Infinity;
      for (let c = 0; c < size; c++) max = Math.max(max, src[base + c * inner]);
      let sum = 0;
      for (let c = 0; c < size; c++) sum += Math.exp(src[base + c * inner] - max);
      if (log) {
        const logSum = Math.log(sum) + max;
        for (let c = 0; c < size; c++) out[base + c * inner] = src[base + c * inner] - logSum;
      } else {
        for (let c = 0; c < size; c++) out[base + c * inner] = Math.exp(src[base + c * inner] - max) / sum;
      }
    }
  }
  return new Tensor(out, x.shape);
}

/**
 * softmax: dx = y * (dy - Σ dy·y); log-softmax: dx = dy - exp(y) * Σ dy, both along `axis`.
 */
export function softmaxBackward(dy: Tensor, y: Tensor, axis: number, log: boolean): Tensor {
  const { outer, size, inner } = axisExtent(y.shape, axis);
  const g = dy.data;
  const v = y.data;
  const out = new Float32Array(y.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let dot = 0;
      for (let c = 0; c < size; c++) {
        const at = base + c * inner;
        dot += log ? g[at] : g[at] * v[at];
      }
      for (let c = 0; c < size; c++) {
        const at = base + c * inner;
        out[at] = log ? g[at] - Math.exp(v[at]) * dot : v[at] * (g[at] - dot);
      }
    }
  }
  return new Tensor(out, y.shape);
}

/** Mean negative log-likelihood over every (sample, position): logits [N, C, ...], targets [N, ...]. */
export function crossEntropy(logits: Tensor, targets: Int32Array): Tensor {
  const logp = softmax(logits, 1, true);
  const { outer, size, inner } = axisExtent(logits.shape, 1);
  let total = 0;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) total -= logp.data[(o * size + targets[o * inner + i]) * inner + i];
  }
  return new Tensor(Float32Array.of(total / (outer * inner)), []);
}

/** (softmax(logits) - onehot(targets)) · dLoss / count. */
export function crossEntropyBackward(logits: Tensor, targets: Int32Array, dLoss: number): Tensor {
  const probabilities = softmax(logits, 1, false);
  const { outer, size, inner } = axisExtent(logits.shape, 1);
  const scale = dLoss / (outer * inner);
  const out = probabilities.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) out[(o * size + targets[o * inner + i]) * inner + i] -= 1;
  }
  for (let i = 0; i < out.length; i++) out[i] *= scale;
  return new Tensor(out, logits.shape);
}
