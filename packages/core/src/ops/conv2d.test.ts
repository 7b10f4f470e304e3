import { describe, expect, it } from 'vitest';
import { computeConv2dInfo } from '../conv-info.js';
import { ones, rand, tensor } from '../tensor.js';
import { conv2d, conv2dBackward } from './conv2d.js';

const grid = (rows: number[][]) => tensor(rows).reshape([1, 1, rows.length, rows[0].length]);
const X = grid([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
const F = grid([[10, 20], [30, 40]]);

describe('conv2d: the source document', () => {
  it('unfolds O = X ⊗ F exactly as the document writes O11..O22', () => {
    const [x11, x12, x13, x21, x22, x23, x31, x32, x33] = X.data;
    const [f11, f12, f21, f22] = F.data;
    expect(Array.from(conv2d(X, F).data)).toEqual([
      x11 * f11 + x12 * f12 + x21 * f21 + x22 * f22,
      x12 * f11 + x13 * f12 + x22 * f21 + x23 * f22,
      x21 * f11 + x22 * f12 + x31 * f21 + x32 * f22,
      x22 * f11 + x23 * f12 + x32 * f21 + x33 * f22,
    ]);
  });

  it('gives dL/dF11 = Σ dL/dO_ij · X_ij over the positions F11 touched', () => {
    const dy = grid([[0.5, -1], [2, 3]]);
    const { dweight } = conv2dBackward(dy, X, F);
    const [d11, d12, d21, d22] = dy.data;
    const [x11, x12, , x21, x22] = X.data;
    expect(dweight.get(0, 0, 0, 0)).toBeCloseTo(d11 * x11 + d12 * x12 + d21 * x21 + d22 * x22, 5);
  });

  it("pads the document's 3x3 input to 5x5: a 2x2 kernel then gives 4x4, not 3x3", () => {
    expect(conv2d(X, F, { padding: 1 }).shape).toEqual([1, 1, 4, 4]);
  });

  it("keeps 3x3 with padding 'same' by putting the extra zero row and column at the bottom/right", () => {
    const info = computeConv2dInfo('conv2d', X.shape, F.shape, { padding: 'same' });
    expect(info.pad).toEqual({ top: 0, bottom: 1, left: 0, right: 1 });
    const y = conv2d(X, F, { padding: 'same' });
    expect(y.shape).toEqual([1, 1, 3, 3]);
    // Bottom-right output sees X33 at F11 and zeros elsewhere.
    expect(y.get(0, 0, 2, 2)).toBe(9 * 10);
    // Top-left output is the unpadded O11.
    expect(y.get(0, 0, 0, 0)).toBe(conv2d(X, F).get(0, 0, 0, 0));
  });

  it("'same' with a stride keeps ceil(input / stride), as TensorFlow does", () => {
    const y = conv2d(rand([1, 2, 7, 8], { seed: 1 }), rand([3, 2, 3, 3], { seed: 2 }), { padding: 'same', stride: 2 });
    expect(y.shape).toEqual([1, 3, 4, 4]);
  });

  it('counts K_M x K_N x C_in parameters per feature map and adds the bias per channel', () => {
    const x = rand([1, 3, 5, 5], { seed: 3 });
    const w = ones([2, 3, 2, 2]);
    const bias = tensor([1, -1]);
    const y = conv2d(x, w, { bias });
    let window = 0;
    for (let c = 0; c < 3; c++) for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) window += x.get(0, c, i, j);
    expect(y.get(0, 0, 0, 0)).toBeCloseTo(window + 1, 5);
    expect(y.get(0, 1, 0, 0)).toBeCloseTo(window - 1, 5);
  });

  it('gives the same result in bands as in one piece (large images are unfolded a band at a time)', () => {
    // 1 x 600 x 600 with a 7x7 kernel exceeds one band of the column buffer.
    const x = rand([1, 1, 600, 600], { seed: 5 });
    const w = rand([1, 1, 7, 7], { seed: 6 });
    const y = conv2d(x, w, { padding: 3 });
    let expected = 0;
    for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) expected += x.get(0, 0, 500 - 3 + i, 300 - 3 + j) * w.get(0, 0, i, j);
    expect(y.get(0, 0, 500, 300)).toBeCloseTo(expected, 4);
  });
});
