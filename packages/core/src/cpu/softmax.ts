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
