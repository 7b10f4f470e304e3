/**
 * The forward and filter-gradient convolution GEMMs as operand functions for {@link gemm}'s
 * paired form (wgsl/gemm.ts), and matMul's: forward (M = output channels of a group, N =
 * samples x output pixels, K = input channels x kernel taps) and filter gradient (M = output
 * channels, N = input channels x taps, K = samples x output pixels). The batch axis `z` of the
 * GEMM is the group. Geometry arrives in uniforms named as core's Conv2dInfo. (The input
 * gradient's are in conv2d-input-grad.ts.)
 *
 * Paired, a thread's row and column are decomposed once before the K loop (`prepare`), and k
 * once for both operands of a load (`loadPair`), so no operand load divides its column or row:
 * the im2col of the old form did 8 integer divisions a load of B (a scalar divide per lane on
 * SwiftShader).
 */

import type { Vec4Layout } from './gemm.js';

/** Which index math the forward GEMM needs; a pipeline each (attributes, never shapes). */
export type ForwardVariant = 'tapMajor' | 'channelMajor';

// What a thread's row m (output channel) and column n (sample, output pixel) fix for the whole
// K loop: the weight row, the x offset of (sample, group), the pixel's first input row and
// column, whether m and n lie inside C, and the steps of one input channel.
const forwardPrepare = /* wgsl */ `
struct Prep { w: i32, x: i32, ih: i32, iw: i32, mOk: bool, nOk: bool, taps: i32, xStep: i32, kTap: i32 }
fn prepare(m: i32, n: i32, z: i32) -> Prep {
  let plane = u.outH * u.outW;
  let nb = n / plane;
  let p = n - nb * plane;
  let oh = p / u.outW;
  let cinG = u.inC / u.groups;
  let x = (nb * u.inC + z * cinG) * u.inH * u.inW;
  return Prep((z * (u.outC / u.groups) + m) * u.K, x, oh * u.sH - u.padT, (p - oh * u.outW) * u.sW - u.padL, m < u.M, n < u.N, u.kH * u.kW, u.inH * u.inW, 0);
}
`;

// K ordered tap-major, k = tap · Cin/g + input channel, when Cin/g is a multiple of 16: a whole
// 16-deep step lies in one tap, so the tap's division and bounds test are done once a step and a
// load is one multiply-add of the channel per operand. (The weight stays [co][ci][tap]: only the
// order of the sum changes.)
const forwardTapMajor = /* wgsl */ `
fn stepOf(k0: i32, q: Prep) -> Prep {
  let cinG = u.inC / u.groups;
  let tap = k0 / cinG;
  let kh = tap / u.kW;
  let ih = q.ih + kh * u.dH;
  let iw = q.iw + (tap - kh * u.kW) * u.dW;
  let inTap = tap < q.taps;
  var s = q;
  s.kTap = tap * cinG;
  s.w = q.w + tap;
  s.x = q.x + ih * u.inW + iw;
  s.mOk = q.mOk && inTap;
  s.nOk = q.nOk && inTap && ih >= 0 && iw >= 0 && ih < u.inH && iw < u.inW;
  return s;
}
fn loadPair(k: i32, s: Prep) -> vec2<f32> {
  var ab = vec2<f32>(0.0);
  let ci = k - s.kTap;
  if (s.mOk) { ab.x = weight[s.w + ci * s.taps]; }
  if (s.nOk) { ab.y = x[s.x + ci * s.xStep]; }
  return ab;
}
`;

// k = (input channel, kh, kw), for any Cin/g: two divisions per pair of loads.
const forwardChannelMajor = /* wgsl */ `
fn stepOf(k0: i32, q: Prep) -> Prep { return q; }
fn loadPair(k: i32, q: Prep) -> vec2<f32> {
  var ab = vec2<f32>(0.0);
  if (k >= u.K) { return ab; }
  if (q.mOk) { ab.x = weight[q.w + k]; }
  let ci = k / q.taps;
  let r = k - ci * q.taps;
  let kh = r / u.kW;
  let ih = q.ih + kh * u.dH;
  let iw = q.iw + (r - kh * u.kW) * u.dW;
  if (q.nOk && ih >= 0 && iw >= 0 && ih < u.inH && iw < u.inW) { ab.y = x[q.x + ci * q.xStep + ih * u.inW + iw]; }
  return ab;
}
`;

const forwardStore = (bias: boolean): string => /* wgsl */ `
fn colOf(n: i32, z: i32) -> i32 {
  let plane = u.outH * u.outW;
  let nb = n / plane;
  return (nb * u.outC + z * (u.outC / u.groups)) * plane + n - nb * plane;
}
fn storeAt(m: i32, col: i32, z: i32, v: f32) {
  y[col + m * u.outH * u.outW] = v${bias ? ' + bias[z * (u.outC / u.groups) + m]' : ''};
}
`;

/** Operands of the forward GEMM (paired form). */
export const conv2dForwardOperands = (bias: boolean, variant: ForwardVariant): string =>
  forwardPrepare + (variant === 'tapMajor' ? forwardTapMajor : forwardChannelMajor) + forwardStore(bias);

// Row m (output channel) fixes dy's channel offset; column n = (input channel, kh, kw) fixes x's
// channel offset and the tap's offset from the output pixel. A load decomposes k = (sample,
// output pixel) once for both operands: two divisions per pair (the old form did ten).
export const conv2dBackwardFilterOperands = /* wgsl */ `
struct Prep { dy: i32, x: i32, offH: i32, offW: i32, mOk: bool, nOk: bool, outPlane: i32, dyStep: i32, xStep: i32 }
fn prepare(m: i32, n: i32, z: i32) -> Prep {
  let taps = u.kH * u.kW;
  let ci = n / taps;
  let r = n - ci * taps;
  let kh = r / u.kW;
  let outPlane = u.outH * u.outW;
  let inPlane = u.inH * u.inW;
  let cinG = u.inC / u.groups;
  return Prep((z * (u.outC / u.groups) + m) * outPlane, (z * cinG + ci) * inPlane, kh * u.dH - u.padT, (r - kh * u.kW) * u.dW - u.padL,
    m < u.M, n < u.N, outPlane, u.outC * outPlane, u.inC * inPlane);
}
fn stepOf(k0: i32, q: Prep) -> Prep { return q; }
fn loadPair(k: i32, q: Prep) -> vec2<f32> {
  var ab = vec2<f32>(0.0);
  if (k >= u.K) { return ab; }
  let nb = k / q.outPlane;
  let p = k - nb * q.outPlane;
  if (q.mOk) { ab.x = dy[nb * q.dyStep + q.dy + p]; }
  let oh = p / u.outW;
  let ih = oh * u.sH + q.offH;
  let iw = (p - oh * u.outW) * u.sW + q.offW;
  if (q.nOk && ih >= 0 && iw >= 0 && ih < u.inH && iw < u.inW) { ab.y = x[nb * q.xStep + q.x + ih * u.inW + iw]; }
  return ab;
}
fn colOf(n: i32, z: i32) -> i32 { return n; }
fn storeAt(m: i32, col: i32, z: i32, v: f32) {
  dw[(z * (u.outC / u.groups) + m) * u.N + col] = v;
}
`;

/**
 * op(a)[M,K] · op(b)[K,N]; a transposed operand is read as stored, with swapped indices. With
 * `vec4`, an operand is bound as `array<vec4<f32>>` and read four floats along its storage's
 * inner axis (k of a plain A, m of a transposed one; n of a plain B, k of a transposed one),
 * and C is written four n at a time; kernels/conv2d.ts sets each only when that axis is a
 * multiple of 4.
 */
export const matMulOperands = (transposeA: boolean, transposeB: boolean, vec4: Vec4Layout = {}): string => /* wgsl */ `
${vec4.a ? `fn loadA4(m: i32, k: i32, z: i32) -> vec4<f32> {
  if (m >= u.M || k >= u.K) { return vec4<f32>(0.0); }
  return a[(${transposeA ? 'k * u.M + m' : 'm * u.K + k'}) / 4];
}` : `fn loadA(m: i32, k: i32, z: i32) -> f32 {
  if (m >= u.M || k >= u.K) { return 0.0; }
  return a[${transposeA ? 'k * u.M + m' : 'm * u.K + k'}];
}`}
${vec4.b ? `fn loadB4(k: i32, n: i32, z: i32) -> vec4<f32> {
  if (k >= u.K || n >= u.N) { return vec4<f32>(0.0); }
  return b[(${transposeB ? 'n * u.K + k' : 'k * u.N + n'}) / 4];
}` : `fn loadB(k: i32, n: i32, z: i32) -> f32 {
  if (k >= u.K || n >= u.N) { return 0.0; }
  return b[${transposeB ? 'n * u.K + k' : 'k * u.N + n'}];
}`}
${vec4.c ? `fn store4(m: i32, n: i32, z: i32, v: vec4<f32>) {
  c[(m * u.N + n) / 4] = v;
}` : `fn store(m: i32, n: i32, z: i32, v: f32) {
  c[m * u.N + n] = v;
}`}
`;
