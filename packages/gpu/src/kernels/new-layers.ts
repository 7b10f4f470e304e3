import { type ChannelNormalizeGradients, type ClassLossOptions, dropoutScale, dropoutThreshold, type LocalResponseNormParams, type Tensor } from '@convstudio/core';
import { linearWorkgroups, type Program } from '../program.js';
import { classLossBackwardBody, classLossBody, lossSumBody } from '../wgsl/class-loss.js';
import { common } from '../wgsl/common.js';
import {
  channelMomentsBody, channelNormalizeBackwardBody, channelNormalizeBody, channelNormalizeSumsBody, dropoutBody, localResponseNormBackwardBody, localResponseNormBody, scaleAddBody,
} from '../wgsl/new-layers.js';
import { type KernelContext, sizeOf } from './context.js';

const channelUniforms = [['size', 'i32'], ['batch', 'i32'], ['channels', 'i32'], ['inner', 'i32'], ['eps', 'f32']] as const;
const momentsProgram: Program = { label: 'channelMoments', key: '', uniforms: channelUniforms, inputs: ['x'], outputs: ['mean', 'variance'], body: channelMomentsBody };
const normalizePrograms = [false, true].map((affine): Program => ({
  label: 'channelNormalize', key: affine ? 'affine' : '', uniforms: channelUniforms, inputs: affine ? ['x', 'mean', 'variance', 'gamma', 'beta'] : ['x', 'mean', 'variance'], outputs: ['out'], body: common + channelNormalizeBody(affine),
}));
const sumsProgram: Program = { label: 'channelNormalize.sums', key: '', uniforms: channelUniforms, inputs: ['dy', 'x', 'mean', 'variance'], outputs: ['dgamma', 'dbeta'], body: channelNormalizeSumsBody };
const normalizeBackwardProgram = (affine: boolean, through: boolean): Program => ({
  label: 'channelNormalizeBackward',
  key: `${affine ? 'affine' : ''}|${through ? 'batch' : 'running'}`,
  uniforms: channelUniforms,
  inputs: ['dy', 'x', 'mean', 'variance', 'sumGX', 'sumG', ...(affine ? ['gamma'] : [])],
  outputs: ['dx'],
  body: common + channelNormalizeBackwardBody(affine, through),
});
const normalizeBackwardPrograms = new Map<string, Program>();
const scaleAddProgram: Program = { label: 'scaleAdd', key: '', uniforms: [['size', 'i32'], ['alpha', 'f32'], ['beta', 'f32']], inputs: ['a', 'b'], outputs: ['out'], body: common + scaleAddBody };
const dropoutProgram: Program = { label: 'dropout', key: '', uniforms: [['size', 'i32'], ['seed', 'u32'], ['threshold', 'u32'], ['scale', 'f32'], ['zero', 'f32']], inputs: ['x'], outputs: ['out'], body: common + dropoutBody };
const lrnUniforms = [['size', 'i32'], ['window', 'i32'], ['channels', 'i32'], ['inner', 'i32'], ['alpha', 'f32'], ['beta', 'f32'], ['k', 'f32']] as const;
const lrnProgram: Program = { label: 'localResponseNorm', key: '', uniforms: lrnUniforms, inputs: ['x'], outputs: ['out'], body: common + localResponseNormBody };
const lrnBackwardProgram: Program = { label: 'localResponseNormBackward', key: '', uniforms: lrnUniforms, inputs: ['dy', 'x'], outputs: ['dx'], body: common + localResponseNormBackwardBody };
const lossUniforms = [['size', 'i32'], ['classes', 'i32'], ['inner', 'i32'], ['smoothing', 'f32']] as const;
const lossPrograms = [false, true].map((fromLogits): Program => ({
  label: 'classLoss', key: fromLogits ? 'logits' : 'logp', uniforms: lossUniforms, inputs: ['input', ['targets', 'i32']], outputs: ['losses'], body: common + classLossBody(fromLogits),
}));
const lossSumProgram: Program = { label: 'classLoss.sum', key: '', uniforms: [['size', 'i32'], ['scale', 'f32']], inputs: ['losses'], outputs: ['out'], body: lossSumBody };
const lossBackwardPrograms = [false, true].map((fromLogits): Program => ({
  label: 'classLossBackward', key: fromLogits ? 'logits' : 'logp',
  uniforms: [...lossUniforms, ['scale', 'f32'], ['perPosition', 'i32']], inputs: ['input', ['targets', 'i32'], 'dLoss'], outputs: ['dinput'], body: common + classLossBackwardBody(fromLogits),
}));

function channelShape(x: Tensor) {
  const [batch, channels] = x.shape;
  return { size: x.size, batch, channels, inner: x.size / Math.max(batch * channels, 1) };
}

export function channelMoments(ctx: KernelContext, x: Tensor): { mean: Tensor; variance: Tensor } {
  const shape = channelShape(x);
  const mean = ctx.output([shape.channels], 'channelMoments.mean');
  const variance = ctx.output([shape.channels], 'channelMoments.variance');
  ctx.run({ program: momentsProgram, inputs: [ctx.input(x, 'channelMoments', 'input')], outputs: [mean.buffer, variance.buffer], uniforms: { ...shape, eps: 0 }, workgroups: [shape.channels, 1, 1] });
  return { mean: mean.tensor, variance: variance.tensor };
}

export function channelNormalize(ctx: KernelContext, x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor | undefined, beta: Tensor | undefined, eps: number): Tensor {
  const shape = channelShape(x);
  const op = 'channelNormalize';
  const affine = gamma !== undefined || beta !== undefined;
  const inputs = [ctx.input(x, op, 'input'), ctx.input(mean, op, 'mean'), ctx.input(variance, op, 'variance')];
  if (affine) {
    // One program reads both: a missing half is its identity (gamma 1, beta 0).
    inputs.push(gamma ? ctx.input(gamma, op, 'gamma') : ctx.temporary(new Float32Array(shape.channels).fill(1), `${op}.ones`));
    inputs.push(beta ? ctx.input(beta, op, 'beta') : ctx.temporary(new Float32Array(shape.channels), `${op}.zeros`));
  }
  const { tensor, buffer } = ctx.output(x.shape, op);
  ctx.run({ program: normalizePrograms[affine ? 1 : 0], inputs, outputs: [buffer], uniforms: { ...shape, eps }, workgroups: linearWorkgroups(shape.size) });
  return tensor;
}

export function channelNormalizeBackward(
  ctx: KernelContext, dy: Tensor, x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor | undefined, eps: number, throughStatistics: boolean,
): ChannelNormalizeGradients {
  const shape = channelShape(x);
  const op = 'channelNormalizeBackward';
  const uniforms = { ...shape, eps };
  const common4 = [ctx.input(dy, op, 'dy'), ctx.input(x, op, 'input'), ctx.input(mean, op, 'mean'), ctx.input(variance, op, 'variance')];
  const dgamma = ctx.output([shape.channels], `${op}.dgamma`);
  const dbeta = ctx.output([shape.channels], `${op}.dbeta`);
  ctx.run({ program: sumsProgram, inputs: common4, outputs: [dgamma.buffer, dbeta.buffer], uniforms, workgroups: [shape.channels, 1, 1] });
  const key = `${gamma !== undefined}|${throughStatistics}`;
  let program = normalizeBackwardPrograms.get(key);
  if (!program) {
    program = normalizeBackwardProgram(gamma !== undefined, throughStatistics);
    normalizeBackwardPrograms.set(key, program);
  }
  const dx = ctx.output(x.shape, op);
  const inputs = [...common4, dgamma.buffer, dbeta.buffer, ...(gamma ? [ctx.input(gamma, op, 'gamma')] : [])];
  ctx.run({ program, inputs, outputs: [dx.buffer], uniforms, workgroups: linearWorkgroups(shape.size) });
  return { dx: dx.tensor, dgamma: dgamma.tensor, dbeta: dbeta.tensor };
}

export function scaleAdd(ctx: KernelContext, a: Tensor, b: Tensor, alpha: number, beta: number): Tensor {
  const { tensor, buffer } = ctx.output(a.shape, 'scaleAdd');
  ctx.run({ program: scaleAddProgram, inputs: [ctx.input(a, 'scaleAdd', 'a'), ctx.input(b, 'scaleAdd', 'b')], outputs: [buffer], uniforms: { size: a.size, alpha, beta }, workgroups: linearWorkgroups(a.size) });
  return tensor;
}

export function dropout(ctx: KernelContext, x: Tensor, p: number, seed: number): Tensor {
  const { tensor, buffer } = ctx.output(x.shape, 'dropout');
  // Threshold and scale come from core, so the CPU and the GPU compare against the same u32.
  ctx.run({
    program: dropoutProgram, inputs: [ctx.input(x, 'dropout', 'input')], outputs: [buffer],
    uniforms: { size: x.size, seed: seed >>> 0, threshold: dropoutThreshold(p), scale: dropoutScale(p), zero: 0 }, workgroups: linearWorkgroups(x.size),
  });
  return tensor;
}

function lrnUniformValues(x: Tensor, params: LocalResponseNormParams) {
  const channels = x.shape[1];
  return { size: x.size, window: params.size, channels, inner: sizeOf(x.shape.slice(2)), alpha: params.alpha, beta: params.beta, k: params.k };
}

export function localResponseNorm(ctx: KernelContext, x: Tensor, params: LocalResponseNormParams): Tensor {
  const { tensor, buffer } = ctx.output(x.shape, 'localResponseNorm');
  ctx.run({ program: lrnProgram, inputs: [ctx.input(x, 'localResponseNorm', 'input')], outputs: [buffer], uniforms: lrnUniformValues(x, params), workgroups: linearWorkgroups(x.size) });
  return tensor;
}

export function localResponseNormBackward(ctx: KernelContext, dy: Tensor, x: Tensor, params: LocalResponseNormParams): Tensor {
  const op = 'localResponseNormBackward';
  const { tensor, buffer } = ctx.output(x.shape, op);
  ctx.run({ program: lrnBackwardProgram, inputs: [ctx.input(dy, op, 'dy'), ctx.input(x, op, 'input')], outputs: [buffer], uniforms: lrnUniformValues(x, params), workgroups: linearWorkgroups(x.size) });
  return tensor;
}

function lossLines(input: Tensor) {
  const inner = sizeOf(input.shape.slice(2));
  return { positions: input.shape[0] * inner, classes: input.shape[1], inner };
}

export function classLoss(ctx: KernelContext, input: Tensor, targets: Int32Array, options: ClassLossOptions): Tensor {
  const { positions, classes, inner } = lossLines(input);
  const perPosition = [input.shape[0], ...input.shape.slice(2)];
  const reduced = options.reduction !== 'none';
  const losses = reduced ? { tensor: undefined, buffer: ctx.scratch(Math.max(positions, 1), 'classLoss.losses') } : ctx.output(perPosition, 'classLoss');
  ctx.run({
    program: lossPrograms[options.fromLogits ? 1 : 0],
    inputs: [ctx.input(input, 'classLoss', 'input'), ctx.temporary(targets, 'classLoss.targets')],
    outputs: [losses.buffer],
    uniforms: { size: positions, classes, inner, smoothing: options.labelSmoothing },
    workgroups: linearWorkgroups(positions),
  });
  if (losses.tensor) return losses.tensor;
  const { tensor, buffer } = ctx.output([], 'classLoss');
  ctx.run({ program: lossSumProgram, inputs: [losses.buffer], outputs: [buffer], uniforms: { size: positions, scale: options.reduction === 'mean' ? 1 / positions : 1 }, workgroups: [1, 1, 1] });
  return tensor;
}

export function classLossBackward(ctx: KernelContext, input: Tensor, targets: Int32Array, dLoss: Tensor, options: ClassLossOptions): Tensor {
  const { positions, classes, inner } = lossLines(input);
  const op = 'classLossBackward';
  const { tensor, buffer } = ctx.output(input.shape, op);
  ctx.run({
    program: lossBackwardPrograms[options.fromLogits ? 1 : 0],
    inputs: [ctx.input(input, op, 'input'), ctx.temporary(targets, `${op}.targets`), ctx.input(dLoss, op, 'dLoss')],
    outputs: [buffer],
    uniforms: { size: input.size, classes, inner, smoothing: options.labelSmoothing, scale: options.reduction === 'mean' ? 1 / positions : 1, perPosition: options.reduction === 'none' ? 1 : 0 },
    workgroups: linearWorkgroups(input.size),
  });
  return tensor;
}
