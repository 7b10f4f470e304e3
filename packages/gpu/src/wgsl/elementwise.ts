import type { ActivationKind } from '@convstudio/core';
import { elementwiseMain } from './common.js';

// The same comparisons as core's CPU kernels, so NaN behaves alike: relu keeps NaN
// (`x < 0` is false for NaN), the derivative at exactly 0 is 0.
const forward: Record<ActivationKind, string> = {
  relu: 'select(v, 0.0, v < 0.0)',
  leakyRelu: 'select(v, v * u.alpha, v < 0.0)',
  // Two branches keep exp() from overflowing for large |v|.
  sigmoid: 'select(exp(v) / (1.0 + exp(v)), 1.0 / (1.0 + exp(-v)), v >= 0.0)',
  // tanh from exp(-2|v|) never overflows (some drivers' tanh returns NaN beyond |v| ≈ 44).
  tanh: 'sign(v) * (1.0 - exp(-2.0 * abs(v))) / (1.0 + exp(-2.0 * abs(v)))',
};

const backward: Record<ActivationKind, string> = {
  relu: 'select(0.0, g, x[i] > 0.0)',
  leakyRelu: 'select(g * u.alpha, g, x[i] > 0.0)',
  sigmoid: 'g * y[i] * (1.0 - y[i])',
  tanh: 'g * (1.0 - y[i] * y[i])',
};

export const activationBody = (kind: ActivationKind): string => elementwiseMain(`  let v = x[i];\n  out[i] = ${forward[kind]};`);
export const activationBackwardBody = (kind: ActivationKind): string => elementwiseMain(`  let g = dy[i];\n  dx[i] = ${backward[kind]};`);

export const addBody = elementwiseMain('  out[i] = a[i] + b[i];');

/** Adds bias[c] along axis 1 of [N, C, inner]. */
export const addChannelBiasBody = elementwiseMain('  out[i] = x[i] + bias[(i / u.inner) % u.channels];');

/** PyTorch's SGD, in place on param and velocity. */
export const sgdBody = elementwiseMain(`  let g = grad[i] + u.weightDecay * param[i];
  let v = u.momentum * velocity[i] + g;
  velocity[i] = v;
  param[i] = param[i] - u.learningRate * v;`);

/** PyTorch's Adam with bias corrections c1 = 1 - β1^t, c2 = 1 - β2^t (computed on the host in float64). */
export const adamBody = elementwiseMain(`  let g = grad[i] + u.weightDecay * param[i];
  let mi = u.beta1 * m[i] + (1.0 - u.beta1) * g;
  let vi = u.beta2 * v[i] + (1.0 - u.beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  param[i] = param[i] - (u.learningRate * (mi / u.c1)) / (sqrt(vi / u.c2) + u.epsilon);`);

/**
 * Copies a block along one axis: `outer` rows of `extent * inner` values in the source land at
 * `offset * inner` within rows of `total * inner` in the target. Concat copies each input in;
 * split copies each piece out (the roles of source and target swap).
 */
export const copyAxisBody = (into: boolean): string =>
  elementwiseMain(`  let row = u.extent * u.inner;
  let o = i / row;
  let within = i % row;
  let at = o * u.total * u.inner + u.offset * u.inner + within;
  ${into ? 'dst[at] = src[i];' : 'dst[i] = src[at];'}`);
