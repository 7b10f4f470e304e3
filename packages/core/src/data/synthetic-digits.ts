import { Tensor } from '../tensor.js';

/**
 * The source document's hand-drawn "6": 25 rows of 17 pixels placed at rows 1..25 and
 * columns 7..23 of a 28x28 MNIST-like grid, values 0..255.
 */
const SIX_ROWS: readonly (readonly number[])[] = [
  [0, 0, 0, 0, 0, 0, 0, 0, 78, 111, 89, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 101, 199, 199, 66, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 111, 255, 255, 87, 11, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 123, 255, 255, 87, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 144, 255, 255, 87, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 123, 255, 255, 78, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 113, 189, 255, 82, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 189, 255, 255, 82, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 67, 213, 255, 82, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [62, 233, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [82, 255, 255, 82, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [82, 255, 255, 82, 77, 77, 77, 77, 77, 77, 77, 0, 0, 0, 0, 0, 0],
  [82, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 82, 0, 0, 0, 0, 0],
  [82, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 82, 0, 0, 0, 0],
  [82, 255, 255, 77, 43, 0, 0, 0, 0, 177, 255, 255, 82, 82, 0, 0, 0],
  [82, 255, 255, 44, 0, 0, 0, 0, 0, 0, 153, 255, 255, 82, 82, 0, 0],
  [82, 255, 255, 32, 0, 0, 0, 0, 0, 0, 0, 132, 255, 255, 82, 0, 0],
  [82, 255, 255, 11, 0, 0, 0, 0, 0, 0, 0, 92, 255, 255, 82, 0, 0],
  [82, 255, 255, 31, 0, 0, 0, 0, 0, 0, 0, 132, 255, 255, 82, 0, 0],
  [72, 255, 255, 132, 0, 0, 0, 0, 0, 0, 0, 255, 255, 231, 82, 0, 0],
  [75, 255, 255, 211, 112, 0, 0, 0, 0, 0, 201, 255, 255, 82, 0, 0, 0],
  [78, 188, 255, 255, 131, 99, 0, 0, 0, 156, 255, 255, 178, 0, 0, 0, 0],
  [0, 77, 167, 255, 132, 123, 77, 55, 65, 255, 255, 82, 0, 0, 0, 0, 0],
  [0, 0, 82, 255, 255, 255, 255, 255, 255, 255, 82, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 77, 255, 255, 255, 255, 255, 82, 0, 0, 0, 0, 0, 0, 0],
];

const SIZE = 28;
const TOP = 1;
const LEFT = 7;

/**
 * The document's synthetic "6" as a `[1, 1, 28, 28]` tensor with values 0..255.
 * (The document's `apply_noise_and_dim` only dims values above 255, so it changes nothing.)
 *
 * @example
 * const six = syntheticSix(); six.get(0, 0, 13, 10); // 255
 */
export function syntheticSix(): Tensor {
  const data = new Float32Array(SIZE * SIZE);
  SIX_ROWS.forEach((row, r) => row.forEach((value, c) => (data[(TOP + r) * SIZE + LEFT + c] = value)));
  return new Tensor(data, [1, 1, SIZE, SIZE]);
}

/**
 * The document's "9": the 6 rotated by 180 degrees.
 *
 * @example
 * syntheticNine().get(0, 0, 27 - 13, 27 - 10); // 255, the 6's pixel (13, 10)
 */
export function syntheticNine(): Tensor {
  const six = syntheticSix().data;
  const data = new Float32Array(six.length);
  for (let i = 0; i < six.length; i++) data[i] = six[six.length - 1 - i];
  return new Tensor(data, [1, 1, SIZE, SIZE]);
}
