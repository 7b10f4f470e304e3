import type { AdamStepOptions, SgdStepOptions } from '../backend.js';
import { markChanged, type Tensor } from '../tensor.js';

/** One SGD (momentum, weight decay) update of `param` and `velocity`, in place. */
export function sgdStep(param: Tensor, grad: Tensor, velocity: Tensor, options: SgdStepOptions): void {
  const { learningRate: lr, momentum, weightDecay } = options;
  const p = param.data;
  const g = grad.data;
  const v = velocity.data;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] + weightDecay * p[i];
    v[i] = momentum * v[i] + gi;
    p[i] -= lr * v[i];
  }
  markChanged(param);
  markChanged(velocity);
}

/** One bias-corrected Adam update of `param` and its moments `m` and `v`, in place. */
export function adamStep(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, options: AdamStepOptions): void {
  const { learningRate: lr, beta1, beta2, epsilon, weightDecay, step } = options;
  const c1 = 1 - beta1 ** step;
  const c2 = 1 - beta2 ** step;
  const p = param.data;
  const g = grad.data;
  const mm = m.data;
  const vv = v.data;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] + weightDecay * p[i];
    mm[i] = beta1 * mm[i] + (1 - beta1) * gi;
    vv[i] = beta2 * vv[i] + (1 - beta2) * gi * gi;
    p[i] -= (lr * (mm[i] / c1)) / (Math.sqrt(vv[i] / c2) + epsilon);
  }
  markChanged(param);
  markChanged(m);
  markChanged(v);
}
