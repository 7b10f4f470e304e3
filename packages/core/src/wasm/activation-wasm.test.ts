import { describe, expect, it } from 'vitest';
import { activation, activationBackward } from '../cpu/activation.js';
import { Tensor, randn } from '../tensor.js';
import { activationBackwardWasm, activationWasm } from './activation-wasm.js';

/** Random values with the cases the rules are about: NaN, ±0, ±Infinity; 4099 of them, so the scalar tail runs too. */
function awkward(seed: number): Tensor {
  const x = randn([4099], { seed });
  const specials = [Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  specials.forEach((v, i) => {
    x.data[i * 7] = v;
    x.data[4098 - i] = v;
  });
  return x;
}

/** Each value as text, -0 told apart from 0 (toEqual on numbers would not). */
function exactly(t: Tensor): string[] {
  return [...t.data].map((v) => (Object.is(v, -0) ? '-0' : String(v)));
}

describe('ReLU and leaky ReLU in WebAssembly', () => {
  for (const kind of ['relu', 'leakyRelu'] as const) {
    it(`${kind} forward and backward equal the TypeScript reference bit for bit (NaN, ±0 and ±Infinity included)`, () => {
      // 0.25 is exact in float32, so x·alpha rounds the same in both.
      const alpha = kind === 'leakyRelu' ? 0.25 : 0;
      const x = awkward(1);
      const dy = awkward(2);
      const y = activationWasm(kind, x, alpha);
      const expected = activation(kind, x, alpha);
      expect(exactly(y)).toEqual(exactly(expected));
      const dx = activationBackwardWasm(kind, dy, x, alpha);
      const dxExpected = activationBackward(kind, dy, x, expected, alpha);
      expect(exactly(dx)).toEqual(exactly(dxExpected));
      expect(y.shape).toEqual(x.shape);
    });
  }
});
