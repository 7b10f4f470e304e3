import { formatShape } from '@convstudio/core';

/** A conv weight's shape, `[Cout, Cin/groups, kH, kW]`, with names. */
export interface KernelDims {
  outChannels: number;
  inChannels: number;
  height: number;
  width: number;
}

/**
 * Checks a weight shape against its values and names its axes.
 *
 * @example
 * kernelDims([8, 3, 5, 5], 600); // { outChannels: 8, inChannels: 3, height: 5, width: 5 }
 */
export function kernelDims(shape: readonly number[], length: number): KernelDims {
  if (shape.length !== 4 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`KernelEditor: shape must be [Cout, Cin/groups, kH, kW] of positive integers, got ${formatShape(shape)}`);
  }
  const size = shape[0] * shape[1] * shape[2] * shape[3];
  if (size !== length) throw new Error(`KernelEditor: value has ${length} weights but shape ${formatShape(shape)} needs ${size}`);
  return { outChannels: shape[0], inChannels: shape[1], height: shape[2], width: shape[3] };
}

/**
 * Index of the first weight of the (output, input) channel pair's kernel, its "slot".
 *
 * @example
 * slotOffset({ outChannels: 2, inChannels: 3, height: 3, width: 3 }, 1, 2); // 45
 */
export function slotOffset(dims: KernelDims, out: number, input: number): number {
  if (!Number.isInteger(out) || out < 0 || out >= dims.outChannels || !Number.isInteger(input) || input < 0 || input >= dims.inChannels) {
    throw new Error(`slotOffset: slot (${out}, ${input}) lies outside ${dims.outChannels} x ${dims.inChannels}`);
  }
  return (out * dims.inChannels + input) * dims.height * dims.width;
}
