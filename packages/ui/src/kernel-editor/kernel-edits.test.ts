import { diagonalEdgeKernel, kernelPreset, rotatedDiagonalEdgeKernel } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { applyPreset, normaliseBySum, presetFits, presetOrder, setWeight } from './kernel-edits.js';
import { kernelDims, slotOffset } from './kernel-shape.js';

const dims = (out: number, input: number, h: number, w = h) => kernelDims([out, input, h, w], out * input * h * w);

describe('kernel shape', () => {
  it('names the axes and finds slots', () => {
    expect(dims(2, 3, 3)).toEqual({ outChannels: 2, inChannels: 3, height: 3, width: 3 });
    expect(slotOffset(dims(2, 3, 3), 1, 2)).toBe(45);
    expect(() => slotOffset(dims(2, 3, 3), 2, 0)).toThrow('slotOffset: slot (2, 0) lies outside 2 x 3');
  });

  it('rejects shapes that do not fit the values', () => {
    expect(() => kernelDims([1, 1, 3], 9)).toThrow(/got \[1,1,3\]/);
    expect(() => kernelDims([1, 1, 3, 3], 8)).toThrow('KernelEditor: value has 8 weights but shape [1,1,3,3] needs 9');
  });
});

describe('presets', () => {
  it("lists the document's diagonal kernels first", () => {
    expect(presetOrder().slice(0, 2)).toEqual(['diagonalEdge', 'rotatedDiagonalEdge']);
  });

  it('writes a preset into one slot only, matching core (the document kernels)', () => {
    const d = dims(2, 1, 5);
    const before = new Float32Array(50).fill(7);
    const result = applyPreset(before, d, 1, 0, 'rotatedDiagonalEdge');
    if (!result.ok) throw new Error(result.reason);
    expect([...result.values.subarray(0, 25)]).toEqual(Array(25).fill(7));
    expect([...result.values.subarray(25)]).toEqual([...rotatedDiagonalEdgeKernel().data]);
    expect(before[30]).toBe(7); // input untouched
    const diagonal = applyPreset(before, d, 0, 0, 'diagonalEdge');
    expect(diagonal.ok && [...diagonal.values.subarray(0, 25)]).toEqual([...diagonalEdgeKernel().data]);
  });

  it('centres a smaller preset with zeros and refuses a larger one', () => {
    const result = applyPreset(new Float32Array(25).fill(1), dims(1, 1, 5), 0, 0, 'identity');
    expect(result.ok && [...result.values].map((v, i) => (v !== 0 ? i : -1)).filter((i) => i >= 0)).toEqual([12]);
    const sobel = applyPreset(new Float32Array(25), dims(1, 1, 5), 0, 0, 'sobelX');
    expect(sobel.ok && [...sobel.values.subarray(6, 9)]).toEqual(kernelPreset('sobelX').values.slice(0, 3));
    expect(presetFits('diagonalEdge', dims(1, 1, 3))).toBe(false);
    expect(applyPreset(new Float32Array(9), dims(1, 1, 3), 0, 0, 'diagonalEdge')).toEqual({ ok: false, reason: 'diagonalEdge is 5x5; this kernel is only 3x3' });
  });
});

describe('normaliseBySum', () => {
  it("divides a slot by its sum, as the document's 1/np.sum(kernel) * kernel", () => {
    const raw = Float32Array.of(0, 0, 3, 1, 0, -1, -3, 1, 3, 1, 0, -1, 0, 1, 3, 1, 0, -1, 0, 1, 3, 1, -3, -1, 0, 1, 3);
    // Slot 0 of a [1, 1, 5, 5] weight after two leading values of another array view.
    const d = dims(1, 1, 5);
    const result = normaliseBySum(raw.subarray(2), d, 0, 0);
    if (!result.ok) throw new Error(result.reason);
    expect([...result.values]).toEqual([...diagonalEdgeKernel().data]);
    expect(result.values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('only touches the chosen slot', () => {
    const result = normaliseBySum(Float32Array.of(1, 1, 2, 2), dims(2, 1, 1, 2), 1, 0);
    expect(result.ok && [...result.values]).toEqual([1, 1, 0.5, 0.5]);
  });

  it('explains a zero sum instead of dividing by it, also within rounding', () => {
    const sobel = Float32Array.from(kernelPreset('sobelX').values);
    const result = normaliseBySum(sobel, dims(1, 1, 3), 0, 0);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/sum to 0/);
    const nearly = Float32Array.of(0.1, 0.2, -0.3);
    expect(normaliseBySum(nearly, dims(1, 1, 1, 3), 0, 0).ok).toBe(false);
    expect(normaliseBySum(new Float32Array(3), dims(1, 1, 1, 3), 0, 0).ok).toBe(false);
    expect(normaliseBySum(Float32Array.of(NaN, 1, 1), dims(1, 1, 1, 3), 0, 0)).toEqual({ ok: false, reason: 'The weights sum to NaN: fix the non-finite weights first.' });
  });
});

describe('setWeight', () => {
  it('copies with one value replaced and refuses NaN', () => {
    const values = Float32Array.of(0, 0);
    expect([...setWeight(values, 1, 0.5)]).toEqual([0, 0.5]);
    expect(values[1]).toBe(0);
    expect(() => setWeight(values, 0, NaN)).toThrow('setWeight: value must be finite, got NaN');
    expect(() => setWeight(values, 2, 1)).toThrow(/got 2/);
  });
});
