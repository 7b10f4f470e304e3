import { describe, expect, it } from 'vitest';
import { ConvStudioError } from '../errors.js';
import { describe as describeValue } from '../shape.js';
import { ones, rand, tensor } from '../tensor.js';
import { conv2d, conv2dBackward } from './conv2d.js';
import { convTranspose2d } from './conv-transpose2d.js';
import { linear } from './linear.js';
import { avgPool2d, maxPool2d } from './pool.js';
import { upConvolution } from './up-convolution.js';

const x = rand([1, 2, 5, 5], { seed: 1 });
const w = rand([3, 2, 3, 3], { seed: 2 });

describe('op arguments', () => {
  it('take null as "no bias", as PyTorch takes bias=None', () => {
    const plain = conv2d(x, w).toArray();
    expect(conv2d(x, w, null).toArray()).toEqual(plain);
    expect(conv2d(x, w, { bias: null }).toArray()).toEqual(plain);
    expect(conv2dBackward(ones([1, 3, 3, 3]), x, w, null).dbias).toBeUndefined();
    expect(convTranspose2d(x, rand([2, 3, 3, 3]), null).shape).toEqual([1, 3, 7, 7]);
    expect(upConvolution(x, rand([3, 2, 3, 3]), { bias: null }).shape).toEqual([1, 3, 9, 9]);
    expect(linear(rand([2, 4]), rand([3, 4]), null).shape).toEqual([2, 3]);
  });

  it('say what to do when a bias tensor comes where the options go', () => {
    expect(() => conv2d(x, w, ones([3]) as never)).toThrow('conv2d: options must be an options object, got a Tensor [3]; pass a bias as { bias }');
  });

  it('show NaN and Infinity as such, not as null', () => {
    expect(() => conv2d(x, w, { stride: NaN })).toThrow('conv2d: stride must be a positive integer or a pair of them, got NaN');
    expect(() => conv2d(x, w, { dilation: [1, Infinity] })).toThrow('got [1,Infinity]');
    expect(() => maxPool2d(x, { kernelSize: -Infinity })).toThrow('got -Infinity');
    expect(describeValue({ a: NaN, b: [Infinity, 'x'] })).toBe('{"a":NaN,"b":[Infinity,"x"]}');
  });

  it('refuse a flag that is not a boolean', () => {
    expect(() => maxPool2d(x, { kernelSize: 2, ceilMode: 'yes' as never })).toThrow(ConvStudioError);
    expect(() => maxPool2d(x, { kernelSize: 2, ceilMode: 'yes' as never })).toThrow("maxPool2d: ceilMode must be true or false, got 'yes'");
    expect(() => avgPool2d(x, { kernelSize: 2, countIncludePad: 0 as never })).toThrow('avgPool2d: countIncludePad must be true or false, got 0');
    expect(maxPool2d(x, { kernelSize: 2, ceilMode: true }).shape).toEqual([1, 2, 3, 3]);
    expect(tensor([1]).size).toBe(1);
  });
});
