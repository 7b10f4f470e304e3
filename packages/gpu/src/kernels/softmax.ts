import type { Tensor } from '@convstudio/core';
import { linearWorkgroups, type Program } from '../program.js';
import { common } from '../wgsl/common.js';
import { softmaxBackwardBody, softmaxBody } from '../wgsl/softmax.js';
import { type KernelContext, sizeOf } from './context.js';

const lineUniforms = [['size', 'i32'], ['classes', 'i32'], ['inner', 'i32']] as const;
const forward = [false, true].map((log): Program => ({ label: 'softmax', key: log ? 'log' : '', uniforms: lineUniforms, inputs: ['x'], outputs: ['out'], body: common + softmaxBody(log) }));
const backward = [false, true].map((log): Program => ({ label: 'softmaxBackward', key: log ? 'log' : '', uniforms: lineUniforms, inputs: ['dy', 'y'], outputs: ['dx'], body: common + softmaxBackwardBody(log) }));
function lines(shape: readonly number[], axis: number) {
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  return { outer, classes: shape[axis], inner };
}

export function softmax(ctx: KernelContext, x: Tensor, axis: number, log: boolean): Tensor {
  const { outer, classes, inner } = lines(x.shape, axis);
  const { tensor, buffer } = ctx.output(x.shape, log ? 'logSoftmax' : 'softmax');
  const size = outer * inner;
  ctx.run({ program: forward[log ? 1 : 0], inputs: [ctx.input(x, log ? 'logSoftmax' : 'softmax', 'input')], outputs: [buffer], uniforms: { size, classes, inner }, workgroups: linearWorkgroups(size) });
  return tensor;
}

export function softmaxBackward(ctx: KernelContext, dy: Tensor, y: Tensor, axis: number, log: boolean): Tensor {
  const { outer, classes, inner } = lines(y.shape, axis);
  const op = log ? 'logSoftmaxBackward' : 'softmaxBackward';
  const { tensor, buffer } = ctx.output(y.shape, op);
  const size = outer * inner;
  ctx.run({ program: backward[log ? 1 : 0], inputs: [ctx.input(dy, op, 'dy'), ctx.input(y, op, 'output')], outputs: [buffer], uniforms: { size, classes, inner }, workgroups: linearWorkgroups(size) });
  return tensor;
}
