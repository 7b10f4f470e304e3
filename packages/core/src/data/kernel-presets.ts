import { fail } from '../errors.js';

/** Named 2D kernels a user can drop into a convolution. The document's two come first. */
export const kernelPresetNames = [
  'diagonalEdge',
  'rotatedDiagonalEdge',
  'sobelX',
  'sobelY',
  'laplacian',
  'gaussianBlur',
  'sharpen',
  'emboss',
  'identity',
  'boxBlur',
] as const;
export type KernelPresetName = (typeof kernelPresetNames)[number];

/** A preset's values (row-major), its size and a one-line description for the studio. */
export interface KernelPreset {
  name: KernelPresetName;
  size: number;
  values: number[];
  description: string;
}

const DIAGONAL = [3, 1, 0, -1, -3, 1, 3, 1, 0, -1, 0, 1, 3, 1, 0, -1, 0, 1, 3, 1, -3, -1, 0, 1, 3];

/** numpy's rot90 of a square row-major kernel (counter-clockwise). */
function rot90(values: number[], size: number): number[] {
  return values.map((_, index) => {
    const row = Math.floor(index / size);
    const col = index % size;
    return values[col * size + (size - 1 - row)];
  });
}

const bySum = (values: number[]): number[] => {
  const sum = values.reduce((a, b) => a + b, 0);
  return values.map((v) => v / sum);
};

const presets: Record<KernelPresetName, Omit<KernelPreset, 'name'>> = {
  diagonalEdge: { size: 5, values: bySum(DIAGONAL), description: "The document's diagonal edge kernel, divided by its sum (13)" },
  rotatedDiagonalEdge: { size: 5, values: bySum(rot90(DIAGONAL, 5)), description: 'The diagonal edge kernel rotated 90 degrees, divided by its sum' },
  sobelX: { size: 3, values: [-1, 0, 1, -2, 0, 2, -1, 0, 1], description: 'Horizontal gradient: responds to vertical edges' },
  sobelY: { size: 3, values: [-1, -2, -1, 0, 0, 0, 1, 2, 1], description: 'Vertical gradient: responds to horizontal edges' },
  laplacian: { size: 3, values: [0, 1, 0, 1, -4, 1, 0, 1, 0], description: 'Second derivative: edges in every direction' },
  gaussianBlur: { size: 3, values: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16), description: 'Smoothing weighted towards the centre' },
  sharpen: { size: 3, values: [0, -1, 0, -1, 5, -1, 0, -1, 0], description: 'Boosts the centre against its neighbours' },
  emboss: { size: 3, values: [-2, -1, 0, -1, 1, 1, 0, 1, 2], description: 'Relief shading along the diagonal' },
  identity: { size: 3, values: [0, 0, 0, 0, 1, 0, 0, 0, 0], description: 'Copies the input' },
  boxBlur: { size: 3, values: Array(9).fill(1 / 9), description: 'The mean of each 3x3 window' },
};

/**
 * Looks up a kernel preset.
 *
 * @example
 * kernelPreset('sobelX').values; // [-1, 0, 1, -2, 0, 2, -1, 0, 1]
 */
export function kernelPreset(name: KernelPresetName): KernelPreset {
  const preset = presets[name];
  if (!preset) fail('kernelPreset', 'name', `must be one of ${kernelPresetNames.join(', ')}, got '${String(name)}'`);
  return { name, ...preset, values: [...preset.values] };
}
