import type { Pool2dInfo, Tensor } from '@convstudio/core';
import { linearWorkgroups, type Program } from '../program.js';
import { common } from '../wgsl/common.js';
import { avgPoolBackwardBody, avgPoolBody, maxPoolBackwardBody, maxPoolBody } from '../wgsl/pool.js';
import type { KernelContext } from './context.js';

const names = ['size', 'inH', 'inW', 'outH', 'outW', 'kH', 'kW', 'sH', 'sW', 'padH', 'padW', 'dH', 'dW', 'countIncludePad'] as const;
const uniforms = names.map((name) => [name, 'i32'] as const);

const program = (label: string, inputs: string[], output: string, body: string): Program => ({ label, key: '', uniforms, inputs, outputs: [output], body: common + body });
const maxForward = program('maxPool2d', ['x'], 'out', maxPoolBody);
const maxBackward = program('maxPool2dBackward', ['dy', 'x'], 'dx', maxPoolBackwardBody);
const avgForward = program('avgPool2d', ['x'], 'out', avgPoolBody);
const avgBackward = program('avgPool2dBackward', ['dy'], 'dx', avgPoolBackwardBody);

function values(info: Pool2dInfo, size: number): Record<string, number> {
  return {
    size, inH: info.inHeight, inW: info.inWidth, outH: info.outHeight, outW: info.outWidth, kH: info.kernelHeight, kW: info.kernelWidth,
    sH: info.strideHeight, sW: info.strideWidth, padH: info.padHeight, padW: info.padWidth, dH: info.dilationHeight, dW: info.dilationWidth,
    countIncludePad: info.countIncludePad ? 1 : 0,
  };
}

function run(ctx: KernelContext, p: Program, inputs: GPUBuffer[], shape: number[], info: Pool2dInfo): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const { tensor, buffer } = ctx.output(shape, p.label);
  ctx.run({ program: p, inputs, outputs: [buffer], uniforms: values(info, size), workgroups: linearWorkgroups(size) });
  return tensor;
}

const outShape = (i: Pool2dInfo) => [i.batch, i.channels, i.outHeight, i.outWidth];
const inShape = (i: Pool2dInfo) => [i.batch, i.channels, i.inHeight, i.inWidth];

export const maxPool2d = (ctx: KernelContext, x: Tensor, info: Pool2dInfo): Tensor => run(ctx, maxForward, [ctx.input(x, 'maxPool2d', 'input')], outShape(info), info);
export const maxPool2dBackward = (ctx: KernelContext, dy: Tensor, x: Tensor, info: Pool2dInfo): Tensor =>
  run(ctx, maxBackward, [ctx.input(dy, 'maxPool2dBackward', 'dy'), ctx.input(x, 'maxPool2dBackward', 'input')], inShape(info), info);
export const avgPool2d = (ctx: KernelContext, x: Tensor, info: Pool2dInfo): Tensor => run(ctx, avgForward, [ctx.input(x, 'avgPool2d', 'input')], outShape(info), info);
export const avgPool2dBackward = (ctx: KernelContext, dy: Tensor, info: Pool2dInfo): Tensor => run(ctx, avgBackward, [ctx.input(dy, 'avgPool2dBackward', 'dy')], inShape(info), info);
