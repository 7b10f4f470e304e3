import { kernelPreset, type KernelPresetName, kernelPresetNames } from '@convstudio/core';
import { type KernelDims, slotOffset } from './kernel-shape.js';

/** The new weights after an edit, or why the edit was refused. Inputs are never modified. */
export type KernelEdit = { ok: true; values: Float32Array } | { ok: false; reason: string };

/**
 * The presets in the order a picker lists them: core's order, which puts the document's two
 * diagonal edge kernels first.
 *
 * @example
 * presetOrder()[0]; // 'diagonalEdge'
 */
export function presetOrder(): readonly KernelPresetName[] {
  return kernelPresetNames;
}

/**
 * Whether a preset fits a kernel: it must not be larger than kH x kW (a smaller one is centred).
 *
 * @example
 * presetFits('diagonalEdge', { outChannels: 1, inChannels: 1, height: 3, width: 3 }); // false (5x5)
 */
export function presetFits(name: KernelPresetName, dims: KernelDims): boolean {
  const { size } = kernelPreset(name);
  return size <= dims.height && size <= dims.width;
}

/**
 * Writes a preset into one (output, input) slot. A smaller preset is centred with zeros around it,
 * which convolves identically apart from the border; a larger one is refused.
 *
 * @example
 * applyPreset(new Float32Array(9), { outChannels: 1, inChannels: 1, height: 3, width: 3 }, 0, 0, 'sobelX');
 * // { ok: true, values: [-1, 0, 1, -2, 0, 2, -1, 0, 1] }
 */
export function applyPreset(values: Float32Array, dims: KernelDims, out: number, input: number, name: KernelPresetName): KernelEdit {
  const preset = kernelPreset(name);
  if (!presetFits(name, dims)) {
    return { ok: false, reason: `${name} is ${preset.size}x${preset.size}; this kernel is only ${dims.height}x${dims.width}` };
  }
  const next = values.slice();
  const offset = slotOffset(dims, out, input);
  next.fill(0, offset, offset + dims.height * dims.width);
  const top = Math.floor((dims.height - preset.size) / 2);
  const left = Math.floor((dims.width - preset.size) / 2);
  for (let r = 0; r < preset.size; r++) {
    for (let c = 0; c < preset.size; c++) next[offset + (top + r) * dims.width + left + c] = preset.values[r * preset.size + c];
  }
  return { ok: true, values: next };
}

/**
 * Divides one slot's weights by their sum, as the document's `1/np.sum(kernel) * kernel`, so a
 * flat region keeps its brightness. A sum of zero (within float32 rounding of the weights'
 * magnitude), as every edge detector has, is refused with the reason.
 *
 * @example
 * normaliseBySum(Float32Array.of(1, 2, 1), { outChannels: 1, inChannels: 1, height: 1, width: 3 }, 0, 0);
 * // { ok: true, values: [0.25, 0.5, 0.25] }
 */
export function normaliseBySum(values: Float32Array, dims: KernelDims, out: number, input: number): KernelEdit {
  const offset = slotOffset(dims, out, input);
  const end = offset + dims.height * dims.width;
  let sum = 0;
  let magnitude = 0;
  for (let i = offset; i < end; i++) {
    sum += values[i];
    magnitude += Math.abs(values[i]);
  }
  if (!Number.isFinite(sum)) return { ok: false, reason: `The weights sum to ${sum}: fix the non-finite weights first.` };
  // Relative test: a sum that is zero up to rounding would otherwise blow the weights up by ~1e7.
  if (Math.abs(sum) <= 1e-6 * magnitude || magnitude === 0) {
    return { ok: false, reason: 'The weights sum to 0 (as for an edge detector), so dividing by the sum is undefined; the weights are left unchanged.' };
  }
  const next = values.slice();
  for (let i = offset; i < end; i++) next[i] = values[i] / sum;
  return { ok: true, values: next };
}

/**
 * A copy of the weights with one value replaced.
 *
 * @example
 * setWeight(Float32Array.of(0, 0), 1, 0.5); // [0, 0.5]
 */
export function setWeight(values: Float32Array, index: number, value: number): Float32Array {
  if (!Number.isInteger(index) || index < 0 || index >= values.length) throw new Error(`setWeight: index must be in [0, ${values.length - 1}], got ${index}`);
  if (!Number.isFinite(value)) throw new Error(`setWeight: value must be finite, got ${value}`);
  const next = values.slice();
  next[index] = value;
  return next;
}
