import { elementwiseMain } from './common.js';

/** log-probability of class c at line base: log-softmax of logits, or the input itself. */
const logProbability = (fromLogits: boolean): string =>
  fromLogits
    ? /* wgsl */ `
fn lineShift(base: i32) -> f32 {
  var hi = input[base];
  for (var k = 1; k < u.classes; k = k + 1) { hi = max(hi, input[base + k * u.inner]); }
  var sum = 0.0;
  for (var k = 0; k < u.classes; k = k + 1) { sum = sum + exp(input[base + k * u.inner] - hi); }
  return hi + log(sum);
}
`
    : /* wgsl */ `
fn lineShift(base: i32) -> f32 { return 0.0; }
`;

/** One thread per (sample, position): -(1-s)·logp[target] - s/C·Σ logp, into losses[j]. */
export const classLossBody = (fromLogits: boolean): string => `${logProbability(fromLogits)}${elementwiseMain(`  let base = (i / u.inner) * u.classes * u.inner + i % u.inner;
  let shift = lineShift(base);
  var all = 0.0;
  for (var k = 0; k < u.classes; k = k + 1) { all = all + input[base + k * u.inner] - shift; }
  let chosen = input[base + targets[i] * u.inner] - shift;
  losses[i] = -(1.0 - u.smoothing) * chosen - u.smoothing / f32(u.classes) * all;`)}`;

/** One workgroup sums the per-position losses; out[0] = Σ·scale (1/count for mean). */
export const lossSumBody = /* wgsl */ `
var<workgroup> partial: array<f32, 256>;
@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32) {
  var s = 0.0;
  for (var j = i32(lid); j < u.size; j = j + 256) { s = s + losses[j]; }
  partial[lid] = s;
  workgroupBarrier();
  for (var stride = 128u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { partial[lid] = partial[lid] + partial[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) { out[0] = partial[0] * u.scale; }
}
`;

/** Per element: (softmax - (1-s)·onehot - s/C)·w from logits, (-(1-s)·onehot - s/C)·w otherwise; w = dLoss·scale. */
export const classLossBackwardBody = (fromLogits: boolean): string => `${logProbability(fromLogits)}${elementwiseMain(`  let p = i % u.inner;
  let o = i / (u.classes * u.inner);
  let c = (i / u.inner) % u.classes;
  let j = o * u.inner + p;
  let base = o * u.classes * u.inner + p;
  var q = ${fromLogits ? 'exp(input[i] - lineShift(base))' : '0.0'} - u.smoothing / f32(u.classes);
  if (targets[j] == c) { q = q - (1.0 - u.smoothing); }
  let w = dLoss[select(0, j, u.perPosition != 0)] * u.scale;
  dinput[i] = q * w;`)}`;
