import { describe, expect, it } from 'vitest';
import { fillNormal } from '../random.js';
import { wasmKernels, wasmKernelsReady } from './load.js';
import { fillNormalFast } from './random-wasm.js';

/** The index and both values of the first place two fills differ, or undefined. */
function firstDifference(a: Float32Array, b: Float32Array): { index: number; reference: number; fast: number } | undefined {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return { index: i, reference: a[i], fast: b[i] };
  return undefined;
}

describe('fillNormalFast (the ziggurat in WebAssembly)', () => {
  it('gives fillNormal its values bit for bit, across seeds, sizes, standard deviations and chunk edges', async () => {
    expect(await wasmKernelsReady()).toBe(true);
    expect(wasmKernels()?.exports.zigguratFill).toBeTypeOf('function');
    // Below the threshold (JavaScript), odd sizes (the module's scalar tail), and more than one
    // 65,536-value pass through the module's memory.
    const sizes = [1, 7, 4095, 4096, 4099, 65_536, 65_537, 200_003];
    for (const size of sizes) {
      for (const [seed, std] of [[0, 1], [42, 0.05], [123_456_789, Math.sqrt(2 / 363)], [-7.9, 3]] as const) {
        const reference = new Float32Array(size);
        const fast = new Float32Array(size);
        fillNormal(reference, seed, std);
        fillNormalFast(fast, seed, std);
        expect(firstDifference(reference, fast), `size ${size}, seed ${seed}, std ${std}`).toBeUndefined();
      }
    }
  });

  it('agrees when the module hands every wedge test back to the reference (margin 1)', async () => {
    await wasmKernelsReady();
    for (const size of [4096, 70_001]) {
      const reference = new Float32Array(size);
      const handedBack = new Float32Array(size);
      fillNormal(reference, 5, 0.3);
      fillNormalFast(handedBack, 5, 0.3, 1);
      expect(firstDifference(reference, handedBack), `size ${size}`).toBeUndefined();
    }
  });

  it('reaches the rare path, tail draws included, and still agrees', async () => {
    await wasmKernelsReady();
    const size = 1_000_000;
    const reference = new Float32Array(size);
    const fast = new Float32Array(size);
    fillNormal(reference, 99);
    fillNormalFast(fast, 99);
    // Values beyond the ziggurat's base (3.4426) come only from the tail, the rarest path: a
    // million standard normals hold about 580 of them.
    const tail = reference.filter((v) => Math.abs(v) > 3.442619855899).length;
    expect(tail).toBeGreaterThan(300);
    expect(firstDifference(reference, fast)).toBeUndefined();
    // And they are normal: mean near 0, variance near 1.
    const mean = fast.reduce((a, b) => a + b, 0) / size;
    const variance = fast.reduce((a, b) => a + (b - mean) ** 2, 0) / size;
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
  });
});
