import { describe, expect, it } from 'vitest';
import { ConvStudioError } from '../errors.js';
import { tensor } from '../tensor.js';
import { decodeImage } from './decode-image.js';
import { encodePng, tensorToImage } from './image-from-tensor.js';
import { imageToTensor } from './image-to-tensor.js';
import { centredCrop } from './image-to-tensor.js';
import type { RgbaImage } from './image-to-tensor.js';

/** An RGBA image from gray levels (opaque), row-major. */
function grayImage(width: number, height: number, levels: number[]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  levels.forEach((v, p) => data.set([v, v, v, 255], p * 4));
  return { width, height, data };
}

const close = (actual: ArrayLike<number>, expected: number[], digits = 5) =>
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, digits));

describe('imageToTensor', () => {
  it('converts colours to BT.601 luma', () => {
    const data = Uint8Array.of(255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255);
    const x = imageToTensor({ width: 4, height: 1, data }, { mode: 'grayscale', scale: '0-1' });
    expect(x.shape).toEqual([1, 1, 1, 4]);
    close(x.data, [0.299, 0.587, 0.114, 1]);
    const y = imageToTensor({ width: 4, height: 1, data }, { mode: 'grayscale', scale: '0-255' });
    close(y.data, [76.245, 149.685, 29.07, 255], 3);
  });

  it('composites alpha over black and keeps RGB planes apart', () => {
    const data = Uint8Array.of(255, 255, 255, 0, 200, 100, 50, 255, 255, 255, 255, 51);
    const gray = imageToTensor({ width: 3, height: 1, data }, { mode: 'grayscale', scale: '0-255' });
    close(gray.data, [0, 0.299 * 200 + 0.587 * 100 + 0.114 * 50, 51], 3);
    const rgb = imageToTensor({ width: 3, height: 1, data }, { mode: 'rgb', scale: '0-255' });
    expect(rgb.shape).toEqual([1, 3, 1, 3]);
    close(rgb.data, [0, 200, 51, 0, 100, 51, 0, 50, 51], 3);
  });

  it('averages a 4x4 checkerboard to 2x2 gray 0.5', () => {
    const board = Array.from({ length: 16 }, (_, p) => (((p >> 2) + (p & 3)) % 2) * 255);
    const x = imageToTensor(grayImage(4, 4, board), { mode: 'grayscale', scale: '0-1', size: 2 });
    expect(x.shape).toEqual([1, 1, 2, 2]);
    close(x.data, [0.5, 0.5, 0.5, 0.5]);
  });

  it('shrinks by exact area, also for non-integer ratios', () => {
    const quadrant = [255, 255, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    close(imageToTensor(grayImage(4, 4, quadrant), { mode: 'grayscale', scale: '0-1', size: 2 }).data, [1, 0, 0, 0]);
    // 3 -> 2 columns: [0,1.5) and [1.5,3), as OpenCV's INTER_AREA
    const row = imageToTensor(grayImage(3, 1, [0, 3, 6]), { mode: 'grayscale', scale: '0-255', size: [1, 2] });
    close(row.data, [1, 5], 3);
  });

  it('enlarges bilinearly like PyTorch (align_corners=False), keeping corners', () => {
    const x = imageToTensor(grayImage(2, 2, [0, 1, 2, 3]), { mode: 'grayscale', scale: '0-255', size: 4 });
    close(x.data, [0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3], 4);
    const big = imageToTensor(grayImage(2, 2, [10, 20, 30, 40]), { mode: 'grayscale', scale: '0-255', size: [5, 7] });
    expect([big.get(0, 0, 0, 0), big.get(0, 0, 0, 6), big.get(0, 0, 4, 0), big.get(0, 0, 4, 6)].map(Math.round)).toEqual([10, 20, 30, 40]);
  });

  it('shrinks one axis while enlarging the other', () => {
    const x = imageToTensor(grayImage(4, 1, [0, 255, 255, 0]), { mode: 'grayscale', scale: '0-1', size: [3, 2] });
    expect(x.shape).toEqual([1, 1, 3, 2]);
    close(x.data, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('refuses bad images and options with the values given', () => {
    const bad = { width: 2, height: 2, data: new Uint8Array(15) };
    expect(() => imageToTensor(bad, { mode: 'grayscale', scale: '0-1' })).toThrow('must hold 16 RGBA bytes for 2x2, got 15');
    const ok = grayImage(2, 2, [0, 0, 0, 0]);
    expect(() => imageToTensor(ok, { mode: 'grayscale', scale: '0-1', size: [0, 3] })).toThrow(ConvStudioError);
    expect(() => imageToTensor(ok, { mode: 'hsv' as 'rgb', scale: '0-1' })).toThrow("options.mode must be 'grayscale' or 'rgb', got hsv");
  });
});

describe('tensorToImage and encodePng', () => {
  it('round-trips a gray image through a tensor and a PNG file', () => {
    const levels = [0, 17, 128, 200, 255, 3];
    const x = imageToTensor(grayImage(3, 2, levels), { mode: 'grayscale', scale: '0-1' });
    const image = tensorToImage(x, { range: [0, 1] });
    expect(image).toMatchObject({ width: 3, height: 2 });
    expect(Array.from(image.data)).toEqual(Array.from(grayImage(3, 2, levels).data));
    const decoded = decodeImage(encodePng(image));
    expect(Array.from(decoded.data)).toEqual(Array.from(image.data));
  });

  it('round-trips RGB', () => {
    const data = Uint8Array.of(255, 0, 0, 255, 1, 2, 3, 255);
    const image = tensorToImage(imageToTensor({ width: 2, height: 1, data }, { mode: 'rgb', scale: '0-255' }), { range: [0, 255] });
    expect(Array.from(image.data)).toEqual(Array.from(data));
  });

  it('scales min-max by default; constants go black and NaN to 0', () => {
    expect(Array.from(tensorToImage(tensor([[-1, 0], [1, 3]])).data.filter((_, i) => i % 4 === 0))).toEqual([0, 64, 128, 255]);
    expect(Array.from(tensorToImage(tensor([[2, 2]])).data)).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
    const withNaN = tensorToImage(tensor([[NaN, 0, 1, Infinity]]));
    expect(Array.from(withNaN.data.filter((_, i) => i % 4 === 0))).toEqual([0, 0, 255, 255]);
  });

  it('refuses shapes it cannot show', () => {
    expect(() => tensorToImage(tensor(new Float32Array(18), [2, 1, 3, 3]))).toThrow('must have shape [H,W], [1,1,H,W] or [1,3,H,W], got [2,1,3,3]');
    expect(() => tensorToImage(tensor([[1]]), { range: [1, 1] })).toThrow('options.range');
  });
});

describe('imageToTensor fit', () => {
  // A 2x4 grey image whose columns are 10, 20, 30, 40 (0-255 scale), as RGBA.
  const wide = { width: 4, height: 2, data: new Uint8ClampedArray([10, 20, 30, 40, 10, 20, 30, 40].flatMap((v) => [v, v, v, 255])) };

  it("'crop' keeps the centre with the output's ratio", () => {
    expect(centredCrop(300, 400, 224, 224)).toEqual({ top: 0, left: 50, height: 300, width: 300 });
    expect(centredCrop(400, 300, 224, 224)).toEqual({ top: 50, left: 0, height: 300, width: 300 });
    const x = imageToTensor(wide, { mode: 'grayscale', scale: '0-255', size: [2, 2], fit: 'crop' });
    expect(Array.from(x.data).map((v) => Math.round(v))).toEqual([20, 30, 20, 30]);
  });

  it("'pad' fits the whole image inside and fills the rest with 0", () => {
    const x = imageToTensor(wide, { mode: 'grayscale', scale: '0-255', size: [4, 4], fit: 'pad' });
    const rows = [0, 1, 2, 3].map((r) => Array.from(x.data.slice(r * 4, r * 4 + 4)).map((v) => Math.round(v)));
    expect(rows).toEqual([[0, 0, 0, 0], [10, 20, 30, 40], [10, 20, 30, 40], [0, 0, 0, 0]]);
  });

  it("'stretch' ignores the ratio, and an unknown fit is refused with the option named", () => {
    const x = imageToTensor(wide, { mode: 'grayscale', scale: '0-255', size: [2, 2], fit: 'stretch' });
    expect(Array.from(x.data).map((v) => Math.round(v))).toEqual([15, 35, 15, 35]);
    expect(() => imageToTensor(wide, { mode: 'grayscale', scale: '0-255', size: [2, 2], fit: 'zoom' as never })).toThrow(/options\.fit.*'stretch', 'crop' or 'pad', got zoom/);
  });
});
