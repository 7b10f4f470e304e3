import { describe, expect, it } from 'vitest';
import { decodeWeights, encodeWeights, type WeightsByNode } from './weights-binary.js';

const sample = (): WeightsByNode => new Map([
  ['conv1', { weight: [0.5, -0.25, 3], bias: [0] }],
  ['__proto__', { weight: [0.1, 1e-300] }], // not float32-exact: stored as float64, unchanged
  ['constructor', { bias: [-0, 7] }],
]);

describe('binary weights', () => {
  it('round-trips every layer exactly, whatever its id', () => {
    const bytes = encodeWeights(sample());
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('CSWB');
    expect(bytes.length % 8).toBe(0);
    expect(decodeWeights(bytes)).toEqual(sample());
    expect(Object.is(decodeWeights(bytes).get('constructor')!.bias![0], -0)).toBe(true);
  });

  it('stores float32-exact values in 4 bytes each', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.fround(i / 7));
    expect(encodeWeights(new Map([['a', { weight: values }]])).length).toBeLessThan(4000 + 200);
    expect(encodeWeights(new Map([['a', { weight: values.map((v) => v + 1e-12) }]])).length).toBeGreaterThan(8000);
  });

  it('refuses other files, newer versions, truncation and non-finite values, saying which', () => {
    const bytes = encodeWeights(sample());
    expect(() => decodeWeights(new TextEncoder().encode('{"format":"convstudio-weights"}'))).toThrow(/not a ConvStudio weights file: expected it to start with "CSWB"/);
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(4, 2, true);
    expect(() => decodeWeights(newer)).toThrow(/version: expected weights file version 1, got 2 \(saved by a newer ConvStudio\)/);
    expect(() => decodeWeights(bytes.subarray(0, bytes.length - 8))).toThrow(/the file is truncated/);
    expect(() => decodeWeights(bytes.subarray(0, 20))).toThrow(/header: .*truncated/);
    const nan = encodeWeights(new Map([['conv1', { weight: [1, 2] }]]));
    new DataView(nan.buffer).setFloat32(nan.length - 8 + 4, Number.NaN, true);
    expect(() => decodeWeights(nan)).toThrow(/conv1\.weight\[1\]: expected a finite number, got NaN/);
  });
});
