import type { ActivationKind } from '../backend.js';
import { Tensor } from '../tensor.js';

/** Pointwise activations in one pass. `alpha` is leakyRelu's negative slope. */
export function activation(kind: ActivationKind, x: Tensor, alpha: number): Tensor {
  const src = x.data;
  const out = new Float32Array(src.length);
  switch (kind) {
    case 'relu':
      // `v > 0 ? v : 0` would turn NaN into 0; PyTorch keeps NaN visible.
      for (let i = 0; i < src.length; i++) out[i] = src[i] < 0 ? 0 : src[i];
      break;
    case 'leakyRelu':
      for (let i = 0; i < src.length; i++) out[i] = src[i] < 0 ? src[i] * alpha : src[i];
      break;
    case 'sigmoid':
      for (let i = 0; i < src.length; i++) {
        // Two branches keep exp() from overflowing for large |v|.
        const v = src[i];
        if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          out[i] = e / (1 + e);
        }
      }
      break;
    case 'tanh':
      for (let i = 0; i < src.length; i++) out[i] = Math.tanh(src[i]);
      break;
  }
  return new Tensor(out, x.shape);
}

/** dL/dX of an activation. ReLU's derivative at exactly 0 is 0, as in PyTorch. */
export function activationBackward(kind: ActivationKind, dy: Tensor, x: Tensor, y: Tensor, alpha: number): Tensor {
  const g = dy.data;
  const out = new Float32Array(g.length);
  switch (kind) {
    case 'relu': {
      const v = x.data;
      for (let i = 0; i < g.length; i++) out[i] = v[i] > 0 ? g[i] : 0;
      break;
    }
    case 'leakyRelu': {
      const v = x.data;
      for (let i = 0; i < g.length; i++) out[i] = v[i] > 0 ? g[i] : g[i] * alpha;
      break;
    }
    case 'sigmoid': {
      const s = y.data;
      for (let i = 0; i < g.length; i++) out[i] = g[i] * s[i] * (1 - s[i]);
      break;
    }
    case 'tanh': {
      const t = y.data;
      for (let i = 0; i < g.length; i++) out[i] = g[i] * (1 - t[i] * t[i]);
      break;
    }
  }
  return new Tensor(out, x.shape);
}
