import type { ActivationKind, AdamStepOptions, SgdStepOptions, Tensor } from '@convstudio/core';
import { linearWorkgroups, type Program, type Scalar } from '../program.js';
import { common } from '../wgsl/common.js';
import { activationBackwardBody, activationBody, adamBody, addBody, addChannelBiasBody, copyAxisBody, sgdBody } from '../wgsl/elementwise.js';
import { sumToChannelsBody } from '../wgsl/reduce.js';
import { type KernelContext, sizeOf } from './context.js';

type Uniforms = readonly (readonly [string, Scalar])[];
const sized = (...more: Uniforms): Uniforms => [['size', 'i32'], ...more];

function memo<K, V>(make: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make(key);
      cache.set(key, value);
    }
    return value;
  };
}

const activationProgram = memo((kind: ActivationKind): Program => ({
  label: 'activation', key: kind, uniforms: sized(['alpha', 'f32']), inputs: ['x'], outputs: ['out'], body: common + activationBody(kind),
}));
const activationBackwardProgram = memo((kind: ActivationKind): Program => ({
  label: 'activationBackward', key: kind, uniforms: sized(['alpha', 'f32']), inputs: ['dy', 'x', 'y'], outputs: ['dx'], body: common + activationBackwardBody(kind),
}));
const addProgram: Program = { label: 'add', key: '', uniforms: sized(), inputs: ['a', 'b'], outputs: ['out'], body: common + addBody };
const biasProgram: Program = {
  label: 'addChannelBias', key: '', uniforms: sized(['channels', 'i32'], ['inner', 'i32']), inputs: ['x', 'bias'], outputs: ['out'], body: common + addChannelBiasBody,
};
const sumToChannelsProgram: Program = {
  label: 'sumToChannels', key: '', uniforms: [['batch', 'i32'], ['channels', 'i32'], ['inner', 'i32']], inputs: ['dy'], outputs: ['out'], body: sumToChannelsBody,
};
const sgdProgram: Program = {
  label: 'sgdStep', key: '', uniforms: sized(['learningRate', 'f32'], ['momentum', 'f32'], ['weightDecay', 'f32']), inputs: ['grad'], outputs: ['param', 'velocity'], body: common + sgdBody,
};
const adamProgram: Program = {
  label: 'adamStep', key: '',
  uniforms: sized(['learningRate', 'f32'], ['beta1', 'f32'], ['beta2', 'f32'], ['epsilon', 'f32'], ['weightDecay', 'f32'], ['c1', 'f32'], ['c2', 'f32']),
  inputs: ['grad'], outputs: ['param', 'm', 'v'], body: common + adamBody,
};
const copyAxisProgram = memo((into: boolean): Program => ({
  label: into ? 'concat.copyIn' : 'split.copyOut', key: '', uniforms: sized(['extent', 'i32'], ['inner', 'i32'], ['total', 'i32'], ['offset', 'i32']), inputs: ['src'], outputs: ['dst'], body: common + copyAxisBody(into),
}));

function unary(ctx: KernelContext, program: Program, shape: readonly number[], inputs: GPUBuffer[], uniforms: Record<string, number>): Tensor {
  const size = sizeOf(shape);
  const { tensor, buffer } = ctx.output(shape, program.label);
  ctx.run({ program, inputs, outputs: [buffer], uniforms: { size, ...uniforms }, workgroups: linearWorkgroups(size) });
  return tensor;
}

export function activation(ctx: KernelContext, kind: ActivationKind, x: Tensor, alpha: number): Tensor {
  return unary(ctx, activationProgram(kind), x.shape, [ctx.input(x, kind, 'input')], { alpha });
}

export function activationBackward(ctx: KernelContext, kind: ActivationKind, dy: Tensor, x: Tensor, y: Tensor, alpha: number): Tensor {
  const op = `${kind}Backward`;
  return unary(ctx, activationBackwardProgram(kind), x.shape, [ctx.input(dy, op, 'dy'), ctx.input(x, op, 'input'), ctx.input(y, op, 'output')], { alpha });
}

export function add(ctx: KernelContext, a: Tensor, b: Tensor): Tensor {
  return unary(ctx, addProgram, a.shape, [ctx.input(a, 'add', 'a'), ctx.input(b, 'add', 'b')], {});
}

export function addChannelBias(ctx: KernelContext, x: Tensor, bias: Tensor): Tensor {
  const [batch, channels] = x.shape;
  const inner = x.size / Math.max(batch * channels, 1);
  return unary(ctx, biasProgram, x.shape, [ctx.input(x, 'addChannelBias', 'input'), ctx.input(bias, 'addChannelBias', 'bias')], { channels, inner });
}

export function sumToChannels(ctx: KernelContext, dy: Tensor): Tensor {
  const [batch, channels] = dy.shape;
  const inner = dy.size / Math.max(batch * channels, 1);
  const { tensor, buffer } = ctx.output([channels], 'sumToChannels');
  ctx.run({ program: sumToChannelsProgram, inputs: [ctx.input(dy, 'sumToChannels', 'dy')], outputs: [buffer], uniforms: { batch, channels, inner }, workgroups: [channels, 1, 1] });
  return tensor;
}

export function sgdStep(ctx: KernelContext, param: Tensor, grad: Tensor, velocity: Tensor, options: SgdStepOptions): void {
  ctx.run({
    program: sgdProgram,
    inputs: [ctx.input(grad, 'sgdStep', 'grad')],
    outputs: [ctx.inPlace(param, 'sgdStep', 'param'), ctx.inPlace(velocity, 'sgdStep', 'velocity')],
    uniforms: { size: param.size, ...options },
    workgroups: linearWorkgroups(param.size),
  });
}

export function adamStep(ctx: KernelContext, param: Tensor, grad: Tensor, m: Tensor, v: Tensor, options: AdamStepOptions): void {
  const { step, ...rest } = options;
  ctx.run({
    program: adamProgram,
    inputs: [ctx.input(grad, 'adamStep', 'grad')],
    outputs: [ctx.inPlace(param, 'adamStep', 'param'), ctx.inPlace(m, 'adamStep', 'm'), ctx.inPlace(v, 'adamStep', 'v')],
    // Bias corrections in float64 on the host, as the CPU computes them.
    uniforms: { size: param.size, ...rest, c1: 1 - options.beta1 ** step, c2: 1 - options.beta2 ** step },
    workgroups: linearWorkgroups(param.size),
  });
}

function extent(shape: readonly number[], axis: number): { outer: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), inner: sizeOf(shape.slice(axis + 1)) };
}

export function concat(ctx: KernelContext, xs: readonly Tensor[], axis: number): Tensor {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((sum, t) => sum + t.shape[axis], 0);
  const { inner } = extent(shape, axis);
  const { tensor, buffer } = ctx.output(shape, 'concat');
  let offset = 0;
  xs.forEach((x, i) => {
    const size = x.size;
    ctx.run({ program: copyAxisProgram(true), inputs: [ctx.input(x, 'concat', `inputs[${i}]`)], outputs: [buffer], uniforms: { size, extent: x.shape[axis], inner, total: shape[axis], offset }, workgroups: linearWorkgroups(size) });
    offset += x.shape[axis];
  });
  return tensor;
}

export function split(ctx: KernelContext, x: Tensor, sizes: readonly number[], axis: number): Tensor[] {
  const { inner } = extent(x.shape, axis);
  const source = ctx.input(x, 'split', 'input');
  let offset = 0;
  return sizes.map((extentSize) => {
    const shape = [...x.shape];
    shape[axis] = extentSize;
    const size = sizeOf(shape);
    const { tensor, buffer } = ctx.output(shape, 'split');
    ctx.run({ program: copyAxisProgram(false), inputs: [source], outputs: [buffer], uniforms: { size, extent: extentSize, inner, total: x.shape[axis], offset }, workgroups: linearWorkgroups(size) });
    offset += extentSize;
    return tensor;
  });
}
