import { describe, expect, it } from 'vitest';
import { ConvStudioError } from '../errors.js';
import { rand, tensor, zeros } from '../tensor.js';
import { badInputCases } from '../testing/bad-input-cases.js';
import { relu } from './activations.js';
import { conv2d } from './conv2d.js';

const x = zeros([1, 3, 8, 8]);
const w = zeros([4, 3, 3, 3]);

describe('bad input is refused with the op, the argument and the actual values', () => {
  for (const { label, call, op, argument, detail } of badInputCases) {
    it(label, () => {
      let error: unknown;
      try {
        call();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConvStudioError);
      const e = error as ConvStudioError;
      expect({ op: e.op, argument: e.argument }).toEqual({ op, argument });
      expect(e.message).toContain(`${op}: ${argument}`);
      expect(e.detail).toContain(detail);
    });
  }

  it('keeps working after refusing input (no state is left half-changed)', () => {
    expect(() => conv2d(x, zeros([4, 2, 3, 3]))).toThrow(ConvStudioError);
    expect(relu(tensor([-1, 2])).toArray()).toEqual([0, 2]);
    expect(conv2d(rand([1, 3, 8, 8]), w).shape).toEqual([1, 4, 6, 6]);
  });
});
