import { describe, expect, it } from 'vitest';
import { randn, tensorVersion, zeros } from '../tensor.js';
import { adamStep } from './optimizers.js';

/** Adam as written in the paper (and PyTorch's docs), one element at a time, stored as float32. */
function textbookAdam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, b1: number, b2: number, eps: number, wd: number, t: number): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] + wd * p[i];
    m[i] = b1 * m[i] + (1 - b1) * gi;
    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
    p[i] -= (lr * (m[i] / (1 - b1 ** t))) / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps);
  }
}

describe('adamStep', () => {
  it('gives the textbook update to the last bit over many steps, weight decay included, and marks what it changed', () => {
    const param = randn([257], { seed: 1 });
    const m = zeros([257]);
    const v = zeros([257]);
    const [p2, m2, v2] = [param.data.slice(), new Float32Array(257), new Float32Array(257)];
    for (let step = 1; step <= 40; step++) {
      const grad = randn([257], { seed: 100 + step, std: step % 3 === 0 ? 1e-4 : 3 });
      const before = tensorVersion(param);
      adamStep(param, grad, m, v, { learningRate: 0.0015, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, step });
      textbookAdam(p2, grad.data, m2, v2, 0.0015, 0.9, 0.999, 1e-8, 0.01, step);
      expect(tensorVersion(param)).toBe(before + 1);
    }
    expect(Array.from(param.data)).toEqual(Array.from(p2));
    expect(Array.from(m.data)).toEqual(Array.from(m2));
    expect(Array.from(v.data)).toEqual(Array.from(v2));
  });
});
