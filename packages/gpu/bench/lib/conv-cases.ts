/**
 * The shapes of core's benchmark (packages/core/bench/conv-bench.ts), every one in the three
 * directions, with core's CPU backend as the reference every implementation must agree with.
 */
import { computeConv2dInfo, cpuBackend, randn } from '@convstudio/core';

import type { ConvShape } from '@convstudio/bench-meta/conv-shape';
import type { ConvCase, Op } from './types.ts';

/**
 * core's SHAPES (not exported there: its module runs the benchmark when imported). Keep the two
 * lists equal so the CPU and GPU reports speak of the same convolutions.
 */
export const SHAPES: ConvShape[] = [
  { cin: 3, h: 224, w: 224, cout: 64, k: 11, stride: 4, pad: 2, note: 'AlexNet conv1' },
  { cin: 64, h: 56, w: 56, cout: 64, k: 3, stride: 1, pad: 1 },
  { cin: 256, h: 14, w: 14, cout: 256, k: 3, stride: 1, pad: 1 },
  { cin: 1, h: 28, w: 28, cout: 2, k: 5, stride: 1, pad: 0, note: 'worked example' },
  { cin: 128, h: 28, w: 28, cout: 128, k: 1, stride: 1, pad: 0 },
];

export const OPS: Op[] = ['forward', 'input grad', 'weight grad'];

export function shapeLabel(s: ConvShape): string {
  return `${s.cin}x${s.h}x${s.w} → ${s.cout}, k${s.k} s${s.stride} p${s.pad}`;
}

/** The three directions of one shape (batch 1, as in core's benchmark). */
export function convCases(s: ConvShape, seed: number): ConvCase[] {
  const x = randn([1, s.cin, s.h, s.w], { seed });
  const w = randn([s.cout, s.cin, s.k, s.k], { seed: seed + 1, std: 1 / Math.sqrt(s.cin * s.k * s.k) });
  const info = computeConv2dInfo('bench', x.shape, w.shape, { stride: s.stride, padding: s.pad });
  const dy = randn([1, s.cout, info.outHeight, info.outWidth], { seed: seed + 2 });
  const macs = s.cout * info.outHeight * info.outWidth * s.cin * s.k * s.k;
  const base = { shape: shapeLabel(s), note: s.note, info, x, w, dy, work: 2 * macs, stride: s.stride, pad: s.pad };
  return [
    { ...base, op: 'forward', expected: cpuBackend.conv2d(x, w, undefined, info).data },
    { ...base, op: 'input grad', expected: cpuBackend.conv2dBackwardInput(dy, w, info).data },
    { ...base, op: 'weight grad', expected: cpuBackend.conv2dBackwardFilter(x, dy, info).data },
  ];
}
