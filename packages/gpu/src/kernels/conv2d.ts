import type { Conv2dInfo, Tensor } from '@convstudio/core';
import { linearWorkgroups, type Program } from '../program.js';
import { common } from '../wgsl/common.js';
import { conv2dBackwardFilterOperands, conv2dForwardOperands, type ForwardVariant, matMulOperands } from '../wgsl/conv2d.js';
import { inputGradDirectBody, inputGradGemmOperands, type InputGradVariant } from '../wgsl/conv2d-input-grad.js';
import { DIRECT_WG, filterDirectBody, forwardDirectBody } from '../wgsl/conv2d-small.js';
import type { KernelContext } from './context.js';
import { type GemmOp, runGemm } from './gemm.js';
import type { Vec4Layout } from '../wgsl/gemm.js';

const geometry = ['batch', 'inC', 'inH', 'inW', 'outC', 'outH', 'outW', 'kH', 'kW', 'sH', 'sW', 'dH', 'dW', 'padT', 'padL', 'groups'];

// Keyed by bias and K order: four pipelines at most, whatever the shapes.
const forwardOps = new Map<string, GemmOp>();
function forwardOp(bias: boolean, variant: ForwardVariant): GemmOp {
  const key = [variant, bias ? 'bias' : ''].filter(Boolean).join(',');
  let op = forwardOps.get(key);
  if (!op) {
    op = {
      label: 'conv2d.forward', key, geometry, inputs: bias ? ['x', 'weight', 'bias'] : ['x', 'weight'], output: 'y',
      operands: conv2dForwardOperands(bias, variant), rowMajorOutput: false, paired: true,
    };
    forwardOps.set(key, op);
  }
  return op;
}
const backwardInputOps = new Map((['pointwise', 'stride1', 'tapMajor'] as const).map((variant): [InputGradVariant, GemmOp] => [variant, {
  label: 'conv2d.backwardInput', key: variant, geometry, inputs: ['dy', 'weight'], output: 'dx',
  operands: inputGradGemmOperands(variant), rowMajorOutput: false, paired: true,
}]));
const directOf = (label: string, inputs: string[], output: string, body: string): Program => ({
  label, key: '', uniforms: geometry.map((name) => [name, 'i32']), inputs, outputs: [output], body: common + body,
});
// Keyed by channels a thread (1, 3 or 4) and stride 1: six pipelines at most, whatever the shapes.
const backwardInputDirect = new Map<string, Program>();
const tapSteps = ['khStep', 'ohStep', 'kwStep', 'owStep'].map((name) => [name, 'i32'] as const);
function inputGradDirect(lanes: 1 | 3 | 4, stride1: boolean): Program {
  const key = `c${lanes}${stride1 ? ',s1' : ''}`;
  let program = backwardInputDirect.get(key);
  if (!program) {
    const base = directOf('conv2d.backwardInputDirect', ['dy', 'weight'], 'dx', inputGradDirectBody(lanes, stride1));
    program = { ...base, key, uniforms: stride1 ? base.uniforms : [...base.uniforms, ...tapSteps] };
    backwardInputDirect.set(key, program);
  }
  return program;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The direct input gradient's strided tap walk (wgsl/conv2d-input-grad.ts): taps that land on the
 * stride grid are every s / gcd(s, d)-th, and each moves the output position back by d / gcd(s, d).
 */
function tapStepsOf(info: Conv2dInfo): Record<string, number> {
  const gh = gcd(info.strideHeight, info.dilationHeight);
  const gw = gcd(info.strideWidth, info.dilationWidth);
  return { khStep: info.strideHeight / gh, ohStep: info.dilationHeight / gh, kwStep: info.strideWidth / gw, owStep: info.dilationWidth / gw };
}

/**
 * Input channels a thread of the direct input gradient: 4 shares each dy read most, 3 fits an
 * RGB layer (Cin/g = 3, 6, 9, ...) with no idle lane, 1 when a group has 1 or 2 channels.
 */
function directLanes(cinG: number): 1 | 3 | 4 {
  if (cinG <= 2) return 1;
  return cinG % 4 !== 0 && cinG % 3 === 0 ? 3 : 4;
}
const forwardDirect = [false, true].map((bias) => ({ ...directOf('conv2d.forwardDirect', bias ? ['x', 'weight', 'bias'] : ['x', 'weight'], 'y', forwardDirectBody(bias)), key: bias ? 'bias' : '' }));
const filterDirect = directOf('conv2d.backwardFilterDirect', ['x', 'dy'], 'dw', filterDirectBody);
const backwardFilterOp: GemmOp = {
  label: 'conv2d.backwardFilter', key: '', geometry, inputs: ['x', 'dy'], output: 'dw', operands: conv2dBackwardFilterOperands, rowMajorOutput: true, paired: true,
};

/**
 * Below this many channels on a GEMM's M side (output channels forward, input channels for the
 * input gradient, a group's), its 32-row tiles are mostly padding: direct kernels run instead.
 */
const MIN_GEMM_CHANNELS = 16;
/**
 * The direct filter gradient (one thread per weight) sums samples x output pixels alone; past
 * this it has too few threads for a long sum, and the split-K GEMM runs.
 */
const MAX_DIRECT_FILTER_SUM = 4096;

function geometryOf(info: Conv2dInfo): Record<string, number> {
  return {
    batch: info.batch, inC: info.inChannels, inH: info.inHeight, inW: info.inWidth,
    outC: info.outChannels, outH: info.outHeight, outW: info.outWidth, kH: info.kernelHeight, kW: info.kernelWidth,
    sH: info.strideHeight, sW: info.strideWidth, dH: info.dilationHeight, dW: info.dilationWidth,
    padT: info.pad.top, padL: info.pad.left, groups: info.groups,
  };
}

/**
 * The forward pass's form for a shape: the direct kernel (few output channels a group), or the
 * GEMM with K ordered tap-major (Cin/g a multiple of 16: a 16-deep K step lies in one tap) or
 * channel-major (see wgsl/conv2d.ts).
 */
export function forwardForm(info: Conv2dInfo): ForwardVariant | 'direct' {
  if (info.outChannels / info.groups < MIN_GEMM_CHANNELS) return 'direct';
  return (info.inChannels / info.groups) % 16 === 0 ? 'tapMajor' : 'channelMajor';
}

/** y = x ⊗ weight (+ bias): an implicit GEMM per group, M = Cout/g, N = samples x pixels, K = Cin/g x taps (direct when Cout/g is small). */
export function conv2d(ctx: KernelContext, x: Tensor, weight: Tensor, bias: Tensor | undefined, info: Conv2dInfo): Tensor {
  const { tensor, buffer } = ctx.output([info.batch, info.outChannels, info.outHeight, info.outWidth], 'conv2d.y');
  const inputs = [ctx.input(x, 'conv2d', 'input'), ctx.input(weight, 'conv2d', 'weight')];
  if (bias) inputs.push(ctx.input(bias, 'conv2d', 'bias'));
  const form = forwardForm(info);
  if (form === 'direct') {
    const threads = info.batch * info.groups * Math.ceil(info.outChannels / info.groups / 4) * info.outHeight * info.outWidth;
    ctx.run({ program: forwardDirect[bias ? 1 : 0], inputs, outputs: [buffer], uniforms: geometryOf(info), workgroups: linearWorkgroups(threads, DIRECT_WG) });
    return tensor;
  }
  const m = info.outChannels / info.groups;
  const n = info.batch * info.outHeight * info.outWidth;
  const k = (info.inChannels / info.groups) * info.kernelHeight * info.kernelWidth;
  runGemm(ctx, forwardOp(!!bias, form), inputs, buffer, geometryOf(info), m, n, k, info.groups);
  return tensor;
}

/**
 * The input gradient's form for a shape: the direct kernel, or which GEMM variant (a bounded
 * set of pipelines, picked from sizes as split-K is; the shapes stay uniforms).
 */
export function inputGradForm(info: Conv2dInfo): InputGradVariant | 'direct' {
  const strided = info.strideHeight > 1 || info.strideWidth > 1;
  if (strided || info.inChannels / info.groups < MIN_GEMM_CHANNELS) return 'direct';
  const pointwise = info.kernelHeight === 1 && info.kernelWidth === 1 && info.pad.top === 0 && info.pad.left === 0 &&
    info.outHeight === info.inHeight && info.outWidth === info.inWidth;
  if (pointwise) return 'pointwise';
  return (info.outChannels / info.groups) % 16 === 0 ? 'tapMajor' : 'stride1';
}

/** dL/dX (and a transposed convolution's forward pass): M = Cin/g, N = samples x input pixels, K = Cout/g x taps. */
export function conv2dBackwardInput(ctx: KernelContext, dy: Tensor, weight: Tensor, info: Conv2dInfo): Tensor {
  const { tensor, buffer } = ctx.output([info.batch, info.inChannels, info.inHeight, info.inWidth], 'conv2d.dx');
  const inputs = [ctx.input(dy, 'conv2dBackwardInput', 'dy'), ctx.input(weight, 'conv2dBackwardInput', 'weight')];
  const form = inputGradForm(info);
  if (form === 'direct') {
    const lanes = directLanes(info.inChannels / info.groups);
    const stride1 = info.strideHeight === 1 && info.strideWidth === 1;
    const threads = info.batch * info.groups * Math.ceil(info.inChannels / info.groups / lanes) * info.inHeight * info.inWidth;
    const uniforms = stride1 ? geometryOf(info) : { ...geometryOf(info), ...tapStepsOf(info) };
    ctx.run({ program: inputGradDirect(lanes, stride1), inputs, outputs: [buffer], uniforms, workgroups: linearWorkgroups(threads, DIRECT_WG) });
    return tensor;
  }
  const m = info.inChannels / info.groups;
  const n = info.batch * info.inHeight * info.inWidth;
  const k = (info.outChannels / info.groups) * info.kernelHeight * info.kernelWidth;
  runGemm(ctx, backwardInputOps.get(form)!, inputs, buffer, geometryOf(info), m, n, k, info.groups);
  return tensor;
}

/** dL/dF[Cout, Cin/groups, kH, kW]: M = Cout/g, N = Cin/g x taps, K = samples x output pixels (split when long). */
export function conv2dBackwardFilter(ctx: KernelContext, x: Tensor, dy: Tensor, info: Conv2dInfo): Tensor {
  const { tensor, buffer } = ctx.output([info.outChannels, info.inChannels / info.groups, info.kernelHeight, info.kernelWidth], 'conv2d.dw');
  const inputs = [ctx.input(x, 'conv2dBackwardFilter', 'input'), ctx.input(dy, 'conv2dBackwardFilter', 'dy')];
  if (info.batch * info.outHeight * info.outWidth <= MAX_DIRECT_FILTER_SUM && info.outChannels / info.groups < MIN_GEMM_CHANNELS) {
    ctx.run({ program: filterDirect, inputs, outputs: [buffer], uniforms: geometryOf(info), workgroups: linearWorkgroups(tensor.size, DIRECT_WG) });
    return tensor;
  }
  const m = info.outChannels / info.groups;
  const n = (info.inChannels / info.groups) * info.kernelHeight * info.kernelWidth;
  const k = info.batch * info.outHeight * info.outWidth;
  runGemm(ctx, backwardFilterOp, inputs, buffer, geometryOf(info), m, n, k, info.groups);
  return tensor;
}

const matMulOps = new Map<string, GemmOp>();

/**
 * Which operands of a matMul move four floats a load or store: each along its storage's inner
 * axis (k of a plain A, m of a transposed one; n of a plain B, k of a transposed one; n of C),
 * where that axis is a multiple of 4 (a vec4 then lies wholly inside or outside the matrix).
 */
export function matMulVec4(m: number, n: number, k: number, transposeA: boolean, transposeB: boolean): Vec4Layout {
  return {
    ...(((transposeA ? m : k) % 4 === 0) ? { a: transposeA ? 'm' : 'k' } : {}),
    ...(((transposeB ? k : n) % 4 === 0) ? { b: transposeB ? 'k' : 'n' } : {}),
    ...(n % 4 === 0 ? { c: true } : {}),
  } as Vec4Layout;
}

/** op(a)[M,K] · op(b)[K,N] on the same tiled GEMM, four floats a load where the sizes allow. */
export function matMul(ctx: KernelContext, a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const n = transposeB ? b.shape[0] : b.shape[1];
  const vec4 = matMulVec4(m, n, k, transposeA, transposeB);
  const key = [transposeA ? 'aT' : 'a', transposeB ? 'bT' : 'b', vec4.a ? 'a4' : '', vec4.b ? 'b4' : '', vec4.c ? 'c4' : ''].filter(Boolean).join(',');
  let op = matMulOps.get(key);
  if (!op) {
    op = {
      label: 'matMul', key, geometry: [], inputs: [vec4.a ? ['a', 'vec4<f32>'] : 'a', vec4.b ? ['b', 'vec4<f32>'] : 'b'], output: 'c',
      operands: (layout) => matMulOperands(transposeA, transposeB, layout), rowMajorOutput: true, vec4,
    };
    matMulOps.set(key, op);
  }
  const { tensor, buffer } = ctx.output([m, n], 'matMul.c');
  runGemm(ctx, op, [ctx.input(a, 'matMul', 'a'), ctx.input(b, 'matMul', 'b')], buffer, {}, m, n, k, 1);
  return tensor;
}
