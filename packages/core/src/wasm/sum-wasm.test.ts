import { beforeAll, describe, expect, it } from 'vitest';
import { sumToChannels } from '../cpu/elementwise.js';
import { createRandom } from '../random.js';
import { Tensor } from '../tensor.js';
import { wasmKernelsReady } from './load.js';
import { sumToChannelsWasm } from './sum-wasm.js';

describe('sumToChannelsWasm', () => {
  beforeAll(() => wasmKernelsReady());

  // Planes of every remainder mod 4, a plane of one, and a rank-2 [N, C] tensor (a linear layer's).
  it.each([[[3, 5, 7, 9]], [[2, 4, 28, 28]], [[4, 3, 1, 1]], [[2, 6, 3, 2]], [[32, 64]], [[1, 1, 5, 3]]])('equals the TypeScript sums to the bit on %j', (shape) => {
    const random = createRandom(shape.length * 31 + shape[1]);
    const size = shape.reduce((a, b) => a * b, 1);
    // Values of wildly different magnitudes, so that any other order of the sums would round differently.
    const data = Float32Array.from({ length: size }, () => (random.next() - 0.5) * 10 ** Math.floor(random.next() * 12 - 6));
    const dy = new Tensor(data, shape);
    const wasm = sumToChannelsWasm(dy);
    const js = sumToChannels(dy);
    expect(wasm.shape).toEqual([shape[1]]);
    expect(Array.from(wasm.data)).toEqual(Array.from(js.data));
  });

  // Cancellations where another grouping of the four running sums gives another result.
  it.each([
    [[2 ** 60, -(2 ** 60), 1, 0], 1],
    [[2 ** 60, 1, -(2 ** 60), 0], 0],
    // The tail goes into the first sum: 1 + 2^60 loses the 1.
    [[1, 2 ** 60, 0, -(2 ** 60), 2 ** 60, -(2 ** 60)], 0],
  ])('groups the running sums as the reference does: %j sums to %d', (values, expected) => {
    const dy = new Tensor(Float32Array.from(values), [1, 1, 1, values.length]);
    expect(Array.from(sumToChannels(dy).data)).toEqual([expected]);
    expect(Array.from(sumToChannelsWasm(dy).data)).toEqual([expected]);
  });

  it('keeps NaN and infinities as the reference does', () => {
    const dy = new Tensor(Float32Array.from([1, NaN, 2, 3, Infinity, 1, 2, 3, -Infinity, 0, 0, 0]), [1, 3, 2, 2]);
    expect(Array.from(sumToChannelsWasm(dy).data)).toEqual([NaN, Infinity, -Infinity]);
  });
});
