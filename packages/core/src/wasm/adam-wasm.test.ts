import { beforeAll, describe, expect, it } from 'vitest';
import { adamStep } from '../cpu/optimizers.js';
import { createRandom } from '../random.js';
import { Tensor, tensorVersion } from '../tensor.js';
import { adamStepWasm } from './adam-wasm.js';
import { wasmKernelsReady } from './load.js';

const bits = (t: Tensor) => Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.size));

describe('adamStepWasm', () => {
  beforeAll(() => wasmKernelsReady());

  // Odd sizes leave a scalar tail; weight decay on and off; early steps (strong bias correction) and late ones.
  it.each([
    [5001, 0, 0.0015],
    [7, 0.01, 0.1],
    [4096, 0.001, 1e-4],
  ])('gives the same parameters and moments as the TypeScript step, to the bit, on %i weights (decay %f, lr %f)', (n, weightDecay, learningRate) => {
    const random = createRandom(n);
    const values = () => Float32Array.from({ length: n }, () => (random.next() - 0.5) * 10 ** Math.floor(random.next() * 8 - 5));
    const make = (data: Float32Array) => [new Tensor(data.slice(), [n]), new Tensor(data.slice(), [n])];
    const [p1, p2] = make(values());
    const [m1, m2] = make(new Float32Array(n));
    const [v1, v2] = make(new Float32Array(n));
    for (let step = 1; step <= 400; step += step < 5 ? 1 : 97) {
      const grad = new Tensor(values(), [n]);
      const options = { learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay, step };
      adamStep(p1, grad, m1, v1, options);
      const version = tensorVersion(p2);
      adamStepWasm(p2, grad, m2, v2, options);
      expect(tensorVersion(p2)).toBe(version + 1);
      expect(bits(p2)).toEqual(bits(p1));
      expect(bits(m2)).toEqual(bits(m1));
      expect(bits(v2)).toEqual(bits(v1));
    }
  });
});
