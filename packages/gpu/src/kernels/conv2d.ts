import type { Conv2dInfo, Tensor } from '@convstudio/core';
import type { Program } from '../program.js';
import { conv2dBackwardFilterOperands, conv2dBackwardInputOperands, conv2dForwardOperands, matMulOperands } from '../wgsl/conv2d.js';
import { common } from '../wgsl/common.js';
import { gemm } from '../wgsl/gemm.js';
import type { KernelContext } from './context.js';

const geometry = ['batch', 'inC', 'inH', 'inW', 'outC', 'outH', 'outW', 'kH', 'kW', 'sH', 'sW', 'dH', 'dW', 'padT', 'padL', 'groups', 'M', 'N', 'K'] as const;
const convUniforms = geometry.map((name) => [name, 'i32'] as const);

const forwardPrograms = new Map<boolean, Program>(
  [false, true].map((bias) => [
    bias,
    {
      label: 'conv2d.forward',
      key: bias ? 'bias' : '',
      uniforms: convUniforms,
      inputs: bias ? ['x', 'weight', 'bias'] : ['x', 'weight'],
      outputs: ['y'],
      body: common + gemm(conv2dForwardOperands(bias)),
    },
  ]),
);

const backwardInputProgram: Program = {
  label: 'conv2d.backwardInput',
  key: '',
  uniforms: convUniforms,
  inputs: ['dy', 'weight'],
  outputs: ['dx'],
  body: common + gemm(conv2dBackwardInputOperands),
};

const backwardFilterProgram: Program = {
  label: 'conv2d.backwardFilter',
  key: '',
  uniforms: convUniforms,
  inputs: ['x', 'dy'],
  outputs: ['dw'],
  body: common + gemm(conv2dBackwardFilterOperands),
};

function uniformsOf(info: Conv2dInfo, m: number, n: number, k: number): Record<string, number> {
  return {
    batch: info.batch, inC: info.inChannels, inH: info.inHeight, inW: info.inWidth,
    outC: info.outChannels, outH: info.outHeight, outW: info.outWidth, kH: info.kernelHeight, kW: info.kernelWidth,
    sH: info.strideHeight, sW: info.strideWidth, dH: info.dilationHeight, dW: info.dilationWidth,
    padT: info.pad.top, padL: info.pad.left, groups: info.groups, M: m, N: n, K: k,
  };
}

/** Workgroups of the tiled GEMM (32x32 tiles of C) for C[M,N] over `batch` matrices. */
export function gemmWorkgroups(m: number, n: number, batch: number): [number, number, number] {
  return [Math.ceil(n / 32), Math.ceil(m / 32), batch];
}

/** y = x ⊗ weight (+ bias), an implicit GEMM per group. */
export function conv2d(ctx: KernelContext, x: Tensor, weight: Tensor, bias: Tensor | undefined, info: Conv2dInfo): Tensor {
  const taps = info.kernelHeight * info.kernelWidth;
  const m = info.outChannels / info.groups;
  const n = info.batch * info.outHeight * info.outWidth;
  const k = (info.inChannels / info.groups) * taps;
  const { tensor, buffer } = ctx.output([info.batch, info.outChannels, info.outHeight, info.outWidth], 'conv2d.y');
  const inputs = [ctx.input(x, 'conv2d', 'input'), ctx.input(weight, 'conv2d', 'weight')];
  if (bias) inputs.push(ctx.input(bias, 'conv2d', 'bias'));
  ctx.run({ program: forwardPrograms.get(bias !== undefined) as Program, inputs, outputs: [buffer], uniforms: uniformsOf(info, m, n, k), workgroups: gemmWorkgroups(m, n, info.groups) });
  return tensor;
}

/** dL/dX (and a transposed convolution's forward pass). */
export function conv2dBackwardInput(ctx: KernelContext, dy: Tensor, weight: Tensor, info: Conv2dInfo): Tensor {
  const m = info.inChannels / info.groups;
  const n = info.batch * info.inHeight * info.inWidth;
  const k = (info.outChannels / info.groups) * info.kernelHeight * info.kernelWidth;
  const { tensor, buffer } = ctx.output([info.batch, info.inChannels, info.inHeight, info.inWidth], 'conv2d.dx');
  const inputs = [ctx.input(dy, 'conv2dBackwardInput', 'dy'), ctx.input(weight, 'conv2dBackwardInput', 'weight')];
  ctx.run({ program: backwardInputProgram, inputs, outputs: [buffer], uniforms: uniformsOf(info, m, n, k), workgroups: gemmWorkgroups(m, n, info.groups) });
  return tensor;
}

/** dL/dF[Cout, Cin/groups, kH, kW]. */
export function conv2dBackwardFilter(ctx: KernelContext, x: Tensor, dy: Tensor, info: Conv2dInfo): Tensor {
  const m = info.outChannels / info.groups;
  const n = (info.inChannels / info.groups) * info.kernelHeight * info.kernelWidth;
  const k = info.batch * info.outHeight * info.outWidth;
  const { tensor, buffer } = ctx.output([info.outChannels, info.inChannels / info.groups, info.kernelHeight, info.kernelWidth], 'conv2d.dw');
  const inputs = [ctx.input(x, 'conv2dBackwardFilter', 'input'), ctx.input(dy, 'conv2dBackwardFilter', 'dy')];
  ctx.run({ program: backwardFilterProgram, inputs, outputs: [buffer], uniforms: uniformsOf(info, m, n, k), workgroups: gemmWorkgroups(m, n, info.groups) });
  return tensor;
}

const matMulPrograms = new Map<string, Program>();

/** op(a)[M,K] · op(b)[K,N] on the same tiled GEMM. */
export function matMul(ctx: KernelContext, a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  const key = `${transposeA ? 'aT' : 'a'},${transposeB ? 'bT' : 'b'}`;
  let program = matMulPrograms.get(key);
  if (!program) {
    program = { label: 'matMul', key, uniforms: [['M', 'i32'], ['N', 'i32'], ['K', 'i32']], inputs: ['a', 'b'], outputs: ['c'], body: common + gemm(matMulOperands(transposeA, transposeB)) };
    matMulPrograms.set(key, program);
  }
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const n = transposeB ? b.shape[0] : b.shape[1];
  const { tensor, buffer } = ctx.output([m, n], 'matMul.c');
  ctx.run({ program, inputs: [ctx.input(a, 'matMul', 'a'), ctx.input(b, 'matMul', 'b')], outputs: [buffer], uniforms: { M: m, N: n, K: k }, workgroups: gemmWorkgroups(m, n, 1) });
  return tensor;
}
