import { describe, expect, it } from 'vitest';
import { StepBuffers, copyOut, outputFloats } from './step-buffers.js';

describe('StepBuffers', () => {
  it('hands out new arrays outside a step, so nothing a caller holds is ever reused', () => {
    const buffers = new StepBuffers();
    const inside = buffers.run(() => outputFloats(8));
    buffers.recycle([]);
    const a = outputFloats(8);
    const b = outputFloats(8);
    expect(a).not.toBe(inside);
    expect(b).not.toBe(a);
    expect(Array.from(a)).toEqual(new Array(8).fill(0));
  });

  it('reuses an array of the same length in the next step, never twice within one step', () => {
    const buffers = new StepBuffers();
    const [a, b] = buffers.run(() => [outputFloats(8), outputFloats(8)]);
    expect(b).not.toBe(a);
    buffers.recycle([]);
    expect(buffers.freeCount).toBe(2);
    const [c, d, e] = buffers.run(() => [outputFloats(8), outputFloats(8), outputFloats(4)]);
    expect(new Set([c, d])).toEqual(new Set([a, b]));
    expect(e).not.toBe(a);
    expect(e).not.toBe(b);
  });

  it('keeps the arrays survivors hold, views included', () => {
    const buffers = new StepBuffers();
    const [a, b] = buffers.run(() => [outputFloats(8), outputFloats(8)]);
    buffers.recycle([a.subarray(2, 4)]);
    expect(buffers.freeCount).toBe(1);
    const [c, d] = buffers.run(() => [outputFloats(8), outputFloats(8)]);
    expect(c).toBe(b);
    expect(d).not.toBe(a);
  });

  it('copies a range out and restores the outer step after a nested one or a throw', () => {
    const outer = new StepBuffers();
    const inner = new StepBuffers();
    const source = Float32Array.from([1, 2, 3, 4, 5]);
    outer.run(() => {
      expect(() => inner.run(() => { copyOut(source, 1, 3); throw new Error('stop'); })).toThrow('stop');
      expect(Array.from(copyOut(source, 1, 3))).toEqual([2, 3, 4]);
    });
    inner.recycle([]);
    outer.recycle([]);
    expect(inner.freeCount).toBe(1);
    expect(outer.freeCount).toBe(1);
  });
});
