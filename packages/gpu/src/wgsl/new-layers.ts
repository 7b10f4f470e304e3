import { elementwiseMain } from './common.js';

/** Tree reduction of `partial` over 256 threads; the result ends in partial[0]. */
const treeSum = /* wgsl */ `
  workgroupBarrier();
  for (var stride = 128u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { partial[lid] = partial[lid] + partial[lid + stride]; }
    workgroupBarrier();
  }
`;

/** Index of element j (of batch x inner) of channel c in [N, C, inner]. */
const channelIndex = /* wgsl */ `
fn channelAt(c: i32, j: i32) -> i32 { return ((j / u.inner) * u.channels + c) * u.inner + j % u.inner; }
`;

/** One workgroup per channel: the mean, then Σ(x - mean)² (two passes, as core's CPU kernel). */
export const channelMomentsBody = /* wgsl */ `${channelIndex}
var<workgroup> partial: array<f32, 256>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = i32(wid.x);
  let count = u.batch * u.inner;
  var s = 0.0;
  for (var j = i32(lid); j < count; j = j + 256) { s = s + x[channelAt(c, j)]; }
  partial[lid] = s;
${treeSum}
  let m = partial[0] / f32(count);
  workgroupBarrier();
  var q = 0.0;
  for (var j = i32(lid); j < count; j = j + 256) { let d = x[channelAt(c, j)] - m; q = q + d * d; }
  partial[lid] = q;
${treeSum}
  if (lid == 0u) { mean[c] = m; variance[c] = partial[0] / f32(count); }
}
`;

/** (x - mean) / sqrt(var + eps) · gamma + beta; `affine` reads gamma and beta. */
export const channelNormalizeBody = (affine: boolean): string =>
  elementwiseMain(`  let c = (i / u.inner) % u.channels;
  let v = (x[i] - mean[c]) / sqrt(variance[c] + u.eps);
  out[i] = ${affine ? 'v * gamma[c] + beta[c]' : 'v'};`);

/** One workgroup per channel: dbeta = Σ dy, dgamma = Σ dy·x̂. */
export const channelNormalizeSumsBody = /* wgsl */ `${channelIndex}
var<workgroup> partial: array<f32, 256>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = i32(wid.x);
  let count = u.batch * u.inner;
  let m = mean[c];
  let invStd = 1.0 / sqrt(variance[c] + u.eps);
  var s = 0.0;
  for (var j = i32(lid); j < count; j = j + 256) { s = s + dy[channelAt(c, j)]; }
  partial[lid] = s;
${treeSum}
  let sumG = partial[0];
  workgroupBarrier();
  var t = 0.0;
  for (var j = i32(lid); j < count; j = j + 256) { let at = channelAt(c, j); t = t + dy[at] * (x[at] - m) * invStd; }
  partial[lid] = t;
${treeSum}
  if (lid == 0u) { dbeta[c] = sumG; dgamma[c] = partial[0]; }
}
`;

/** dx = gamma·invStd·(dy - mean(dy) - x̂·mean(dy·x̂)) through batch statistics, gamma·invStd·dy otherwise. */
export const channelNormalizeBackwardBody = (affine: boolean, throughStatistics: boolean): string =>
  elementwiseMain(`  let c = (i / u.inner) % u.channels;
  let invStd = 1.0 / sqrt(variance[c] + u.eps);
  let factor = ${affine ? 'gamma[c] * invStd' : 'invStd'};
  ${
    throughStatistics
      ? `let count = f32(u.batch * u.inner);
  let xhat = (x[i] - mean[c]) * invStd;
  dx[i] = factor * (dy[i] - sumG[c] / count - xhat * sumGX[c] / count);`
      : 'dx[i] = factor * dy[i];'
  }`);

export const scaleAddBody = elementwiseMain('  out[i] = u.alpha * a[i] + u.beta * b[i];');

/**
 * Keeps element i when pcgHash(seed ^ pcgHash(i)) >= threshold: the same u32 arithmetic as
 * core's cpu/dropout.ts (dropoutHash), so both backends drop the same elements.
 */
export const dropoutBody = /* wgsl */ `
fn pcgHash(value: u32) -> u32 {
  let state = value * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}
${elementwiseMain(`  let h = pcgHash(u.seed ^ pcgHash(u32(i)));
  // A runtime factor, not 'x * 0.0', which a compiler may fold to +0 (PyTorch and the CPU keep -0 and NaN).
  out[i] = x[i] * select(u.zero, u.scale, h >= u.threshold);`)}`;

/** The LRN denominator base k + alpha/size·Σx² of channel c at (sample o, position p). */
const lrnScale = /* wgsl */ `
fn lrnScale(base: i32, c: i32) -> f32 {
  let lo = max(0, c - u.window / 2);
  let hi = min(u.channels - 1, c + (u.window - 1) / 2);
  var s = 0.0;
  for (var j = lo; j <= hi; j = j + 1) { let v = x[base + j * u.inner]; s = s + v * v; }
  return u.k + u.alpha / f32(u.window) * s;
}
`;

const lrnIndex = `  let p = i % u.inner;
  let c = (i / u.inner) % u.channels;
  let base = (i / (u.inner * u.channels)) * u.channels * u.inner + p;`;

export const localResponseNormBody = `${lrnScale}${elementwiseMain(`${lrnIndex}
  out[i] = x[i] * pow(lrnScale(base, c), -u.beta);`)}`;

/** dx_c = dy_c·s_c^-beta - 2·alpha·beta/size·x_c·Σ_j dy_j·x_j·s_j^(-beta-1), j over the windows holding c. */
export const localResponseNormBackwardBody = `${lrnScale}${elementwiseMain(`${lrnIndex}
  let lo = max(0, c - (u.window - 1) / 2);
  let hi = min(u.channels - 1, c + u.window / 2);
  var t = 0.0;
  for (var j = lo; j <= hi; j = j + 1) {
    let at = base + j * u.inner;
    t = t + dy[at] * x[at] * pow(lrnScale(base, j), -u.beta - 1.0);
  }
  dx[i] = dy[i] * pow(lrnScale(base, c), -u.beta) - 2.0 * u.alpha * u.beta / f32(u.window) * x[i] * t;`)}`;
