import type { Tensor } from '@convstudio/core';
import { type NormalizeScope, normalizeGroupSize } from '@convstudio/core/backend';
import { linearWorkgroups, type Program } from '../program.js';
import { common } from '../wgsl/common.js';
import { normalizeApplyBody, normalizeBackwardBody } from '../wgsl/normalize.js';
import { normalizeStatsBody } from '../wgsl/reduce.js';
import type { KernelContext } from './context.js';

const statsPrograms = [false, true].map((gradient): Program => ({
  label: 'normalize.stats', key: gradient ? 'gradient' : '', uniforms: [['group', 'i32']], inputs: gradient ? ['x', 'dy'] : ['x'], outputs: ['stats'], body: normalizeStatsBody(gradient),
}));
const scalars = [['size', 'i32'], ['group', 'i32'], ['minValue', 'f32'], ['maxValue', 'f32']] as const;
const applyProgram: Program = { label: 'normalize', key: '', uniforms: scalars, inputs: ['x', 'stats'], outputs: ['out'], body: common + normalizeApplyBody };
const backwardProgram: Program = { label: 'normalizeBackward', key: '', uniforms: scalars, inputs: ['dy', 'x', 'stats'], outputs: ['dx'], body: common + normalizeBackwardBody };

function withStats(ctx: KernelContext, x: Tensor, dy: Tensor | undefined, min: number, max: number, scope: NormalizeScope, op: string): Tensor {
  const group = normalizeGroupSize(x.shape, scope);
  const groups = x.size / Math.max(group, 1);
  const stats = ctx.scratch(groups * 6, `${op}.stats`);
  const xBuffer = ctx.input(x, op, 'input');
  const dyBuffer = dy ? ctx.input(dy, op, 'dy') : undefined;
  ctx.run({ program: statsPrograms[dy ? 1 : 0], inputs: dyBuffer ? [xBuffer, dyBuffer] : [xBuffer], outputs: [stats], uniforms: { group }, workgroups: [groups, 1, 1] });
  const { tensor, buffer } = ctx.output(x.shape, op);
  const size = x.size;
  ctx.run({
    program: dy ? backwardProgram : applyProgram,
    inputs: dyBuffer ? [dyBuffer, xBuffer, stats] : [xBuffer, stats],
    outputs: [buffer],
    uniforms: { size, group, minValue: min, maxValue: max },
    workgroups: linearWorkgroups(size),
  });
  return tensor;
}

export const normalize = (ctx: KernelContext, x: Tensor, min: number, max: number, scope: NormalizeScope): Tensor => withStats(ctx, x, undefined, min, max, scope, 'normalize');
export const normalizeBackward = (ctx: KernelContext, dy: Tensor, x: Tensor, min: number, max: number, scope: NormalizeScope): Tensor =>
  withStats(ctx, x, dy, min, max, scope, 'normalizeBackward');
