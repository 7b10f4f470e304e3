/**
 * The input gradient dL/dX of conv2d (and a transposed convolution's forward pass), in two
 * forms picked per shape by kernels/conv2d.ts:
 *
 * - an implicit GEMM in gemm's paired form (wgsl/gemm.ts; M = input channels of a group, N =
 *   samples x input pixels, K = output channels x taps), for wide channels at stride 1;
 * - a direct kernel (one thread per input pixel and 4 input channels, looping over the taps and
 *   skipping those that reach no output position), for strides above 1 and narrow inputs, where
 *   the GEMM would multiply mostly zeros or mostly padding rows of its 32-row tile.
 *
 * Geometry arrives in uniforms named as core's Conv2dInfo; `z` of the GEMM is the group.
 */

import { directMain } from './conv2d-small.js';

/** Which index math the GEMM form needs; a pipeline each (attributes, never shapes). */
export type InputGradVariant = 'pointwise' | 'stride1' | 'tapMajor';

// Tap-major K order, k = tap · Cout/g + output channel, at stride 1 with Cout/g a multiple of 16:
// a whole 16-deep step then lies in one tap, so the tap's division, bounds test and offsets are
// done once a step and a load is one multiply-add of the channel.
const tapStep = /* wgsl */ `
fn stepOf(k0: i32, q: Prep) -> Prep {
  let coutG = u.outC / u.groups;
  let tap = k0 / coutG;
  let kh = tap / u.kW;
  let oh = q.th - kh * u.dH;
  let ow = q.tw - (tap - kh * u.kW) * u.dW;
  var s = q;
  s.kTap = tap * coutG;
  s.w = q.w + tap;
  s.dy = q.dy + oh * u.outW + ow;
  s.nOk = q.nOk && tap < u.kH * u.kW && oh >= 0 && ow >= 0 && oh < u.outH && ow < u.outW;
  return s;
}
`;

// What a thread's row m (input channel) and column n (sample, input pixel) fix for the whole K
// loop: the weight offset of (group, m), the dy offset of (sample, group), the pixel's padded
// position, whether m and n lie inside C, and the weight and dy steps of one output channel
// (kept here so that no load re-reads and divides uniforms).
const prepare = (variant: InputGradVariant): string => /* wgsl */ `
struct Prep { w: i32, dy: i32, th: i32, tw: i32, mOk: bool, nOk: bool, kTap: i32, wStep: i32, dyStep: i32 }
fn prepare(m: i32, n: i32, z: i32) -> Prep {
  let plane = u.inH * u.inW;
  let nb = n / plane;
  let p = n % plane;
  let coutG = u.outC / u.groups;
  let cinG = u.inC / u.groups;
  let w = (z * coutG * cinG + m) * u.kH * u.kW;
  let dy = (nb * u.outC + z * coutG) * u.outH * u.outW${variant === 'pointwise' ? ' + p' : ''};
  return Prep(w, dy, p / u.inW + u.padT, p % u.inW + u.padL, m < u.M, n < u.N, 0, cinG * u.kH * u.kW, u.outH * u.outW);
}
${variant === 'tapMajor' ? tapStep : 'fn stepOf(k0: i32, q: Prep) -> Prep { return q; }'}
`;

// A 1x1 kernel at stride 1 without padding: input pixel = output pixel, K = output channels, a
// plain matrix product with no tap math at all.
const pointwiseLoad = /* wgsl */ `
fn loadPair(k: i32, q: Prep) -> vec2<f32> {
  var ab = vec2<f32>(0.0);
  if (k >= u.K) { return ab; }
  if (q.mOk) { ab.x = weight[q.w + k * q.wStep]; }
  if (q.nOk) { ab.y = dy[q.dy + k * q.dyStep]; }
  return ab;
}
`;

// k = (output channel, kh, kw), for any Cout/g: two divisions per pair of loads; at stride 1 the
// output position is the padded pixel minus the tap's offset, with no stride test.
const tapLoad = /* wgsl */ `
fn loadPair(k: i32, q: Prep) -> vec2<f32> {
  var ab = vec2<f32>(0.0);
  if (k >= u.K) { return ab; }
  let taps = u.kH * u.kW;
  let co = k / taps;
  let r = k - co * taps;
  if (q.mOk) { ab.x = weight[q.w + co * (u.inC / u.groups) * taps + r]; }
  let kh = r / u.kW;
  let oh = q.th - kh * u.dH;
  let ow = q.tw - (r - kh * u.kW) * u.dW;
  if (q.nOk && oh >= 0 && ow >= 0 && oh < u.outH && ow < u.outW) { ab.y = dy[q.dy + (co * u.outH + oh) * u.outW + ow]; }
  return ab;
}
`;

const tapMajorLoad = /* wgsl */ `
fn loadPair(k: i32, s: Prep) -> vec2<f32> {
  var ab = vec2<f32>(0.0);
  let co = k - s.kTap;
  if (s.mOk) { ab.x = weight[s.w + co * s.wStep]; }
  if (s.nOk) { ab.y = dy[s.dy + co * s.dyStep]; }
  return ab;
}
`;

const store = /* wgsl */ `
fn colOf(n: i32, z: i32) -> i32 {
  let plane = u.inH * u.inW;
  let nb = n / plane;
  return (nb * u.inC + z * (u.inC / u.groups)) * plane + n - nb * plane;
}
fn storeAt(m: i32, col: i32, z: i32, v: f32) {
  dx[col + m * u.inH * u.inW] = v;
}
`;

/** Operands of the paired GEMM form. */
export const inputGradGemmOperands = (variant: InputGradVariant): string =>
  prepare(variant) + { pointwise: pointwiseLoad, tapMajor: tapMajorLoad, stride1: tapLoad }[variant] + store;

/**
 * The direct form (as tfjs-webgpu's Conv2DDerInputProgram): no workgroup memory or barriers,
 * and a tap is tested once for all output channels. With `lanes` 4 (or 3), four (three) input
 * channels a thread share each dy read (channels past the group's end read a clamped weight and
 * are not stored); with 1 (one or two channels a group) a thread reads no weight it does not
 * use. Three lanes serve Cin/g = 3 (an RGB input layer) with no idle lane.
 *
 * Strided (`stride1` false), a thread visits only the taps that land on the stride grid: with
 * dilation d and stride s they are every s / gcd(s, d)-th tap row (column), from the first that
 * does, and each moves the output row (column) back by d / gcd(s, d) (uniforms `khStep`,
 * `ohStep`, `kwStep`, `owStep`). The first is found once a thread (at most s tests; none found
 * sets it past the kernel), so the tap loops hold no division: stride 4 visits the ~k²/16 taps
 * that reach the pixel, not k².
 */
export const inputGradDirectBody = (lanes: 1 | 3 | 4, stride1: boolean): string => /* wgsl */ `
${directMain}
  let plane = u.inH * u.inW;
  let cinG = u.inC / u.groups;
  let coutG = u.outC / u.groups;
  let blocks = (cinG + ${lanes - 1}) / ${lanes};
  if (i >= u.batch * u.groups * blocks * plane) { return; }
  let p = i % plane;
  let cb = (i / plane) % blocks;
  let g = (i / (plane * blocks)) % u.groups;
  let nb = i / (plane * blocks * u.groups);
  let ci = cb * ${lanes};
  let taps = u.kH * u.kW;
  let last = cinG - 1 - ci;
${laneSetup(lanes)}
  let outPlane = u.outH * u.outW;
  let th = p / u.inW + u.padT;
  let tw = p % u.inW + u.padL;
  let dBase = (nb * u.outC + g * coutG) * outPlane;
  let wBase = (g * coutG * cinG + ci) * taps;
  let wCo = cinG * taps;
${(stride1 ? unitStrideTaps : stridedTaps).replace('WEIGHTS', laneWeights(lanes))}
  let base = ((nb * u.inC + g * cinG + ci) * u.inH) * u.inW + p;
${laneStores(lanes)}
}
`;

const laneSetup = (lanes: 1 | 3 | 4): string => lanes === 1
  ? '  var acc = 0.0;'
  : `  let o1 = min(1, last) * taps;\n  let o2 = min(2, last) * taps;\n${lanes === 4 ? '  let o3 = min(3, last) * taps;\n' : ''}  var acc = vec${lanes}<f32>(0.0);`;

const laneWeights = (lanes: 1 | 3 | 4): string => ({
  1: 'weight[w]',
  3: 'vec3<f32>(weight[w], weight[w + o1], weight[w + o2])',
  4: 'vec4<f32>(weight[w], weight[w + o1], weight[w + o2], weight[w + o3])',
})[lanes];

const laneStores = (lanes: 1 | 3 | 4): string => lanes === 1 ? '  dx[base] = acc;' : `  dx[base] = acc.x;
  if (last >= 1) { dx[base + plane] = acc.y; }
  if (last >= 2) { dx[base + 2 * plane] = acc.z; }${lanes === 4 ? '\n  if (last >= 3) { dx[base + 3 * plane] = acc.w; }' : ''}`;

// The sum over output channels of one tap (oh, ow; kh, kw in scope).
const channelLoop = /* wgsl */ `
      var d = dBase + oh * u.outW + ow;
      var w = wBase + kh * u.kW + kw;
      for (var co = 0; co < coutG; co = co + 1) {
        acc = acc + dy[d] * WEIGHTS;
        d = d + outPlane;
        w = w + wCo;
      }`;

const unitStrideTaps = /* wgsl */ `
  for (var kh = 0; kh < u.kH; kh = kh + 1) {
    let oh = th - kh * u.dH;
    if (oh < 0 || oh >= u.outH) { continue; }
    for (var kw = 0; kw < u.kW; kw = kw + 1) {
      let ow = tw - kw * u.dW;
      if (ow < 0 || ow >= u.outW) { continue; }${channelLoop}
    }
  }`;

const stridedTaps = /* wgsl */ `
  var kh0 = 0;
  while (kh0 < min(u.kH, u.khStep) && (th - kh0 * u.dH) % u.sH != 0) { kh0 = kh0 + 1; }
  if ((th - kh0 * u.dH) % u.sH != 0) { kh0 = u.kH; }
  var kw0 = 0;
  while (kw0 < min(u.kW, u.kwStep) && (tw - kw0 * u.dW) % u.sW != 0) { kw0 = kw0 + 1; }
  if ((tw - kw0 * u.dW) % u.sW != 0) { kw0 = u.kW; }
  let oh0 = (th - kh0 * u.dH) / u.sH;
  let ow0 = (tw - kw0 * u.dW) / u.sW;
  var oh = oh0;
  for (var kh = kh0; kh < u.kH && oh >= 0; kh = kh + u.khStep) {
    if (oh < u.outH) {
      var ow = ow0;
      for (var kw = kw0; kw < u.kW && ow >= 0; kw = kw + u.kwStep) {
        if (ow < u.outW) {${channelLoop.replace(/\n/g, '\n    ')}
        }
        ow = ow - u.owStep;
      }
    }
    oh = oh - u.ohStep;
  }`;
