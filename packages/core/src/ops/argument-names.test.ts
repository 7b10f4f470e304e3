import { describe, expect, it } from 'vitest';
import { ones, rand } from '../tensor.js';
import { leakyRelu } from './activations.js';
import { conv2d, conv2dBackward, conv2dParameterGradients } from './conv2d.js';
import { avgPool2d, avgPool2dBackward, globalAvgPool2d, globalAvgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';

// Every refusal names the op the user called and the argument at fault (not a helper's name,
// not the forward op's name inside a backward one): a table over the pooling and convolution
// entry points, each argument in turn.
const x = rand([1, 2, 4, 4], { seed: 1 });
const w = rand([3, 2, 3, 3], { seed: 2 });
const pool = { kernelSize: 2 };
const notTensor = 'x' as never;

describe('op arguments name the op and the argument', () => {
  it.each([
    ['conv2d', 'input', () => conv2d(notTensor, w)],
    ['conv2d', 'weight', () => conv2d(x, notTensor)],
    ['conv2dBackward', 'dy', () => conv2dBackward(notTensor, x, w)],
    ['conv2dBackward', 'input', () => conv2dBackward(ones([1, 3, 2, 2]), notTensor, w)],
    ['conv2dBackward', 'weight', () => conv2dBackward(ones([1, 3, 2, 2]), x, notTensor)],
    ['conv2dParameterGradients', 'dy', () => conv2dParameterGradients(notTensor, x, w)],
    ['conv2dParameterGradients', 'input', () => conv2dParameterGradients(ones([1, 3, 2, 2]), notTensor, w)],
    ['conv2dParameterGradients', 'weight', () => conv2dParameterGradients(ones([1, 3, 2, 2]), x, notTensor)],
    ['maxPool2d', 'input', () => maxPool2d(notTensor, pool)],
    ['maxPool2dBackward', 'dy', () => maxPool2dBackward(notTensor, x, pool)],
    ['maxPool2dBackward', 'input', () => maxPool2dBackward(ones([1, 2, 2, 2]), notTensor, pool)],
    ['avgPool2d', 'input', () => avgPool2d(notTensor, pool)],
    ['avgPool2dBackward', 'dy', () => avgPool2dBackward(notTensor, x, pool)],
    ['avgPool2dBackward', 'input', () => avgPool2dBackward(ones([1, 2, 2, 2]), notTensor, pool)],
    ['globalAvgPool2d', 'input', () => globalAvgPool2d(notTensor)],
    ['globalAvgPool2dBackward', 'dy', () => globalAvgPool2dBackward(notTensor, x)],
    ['globalAvgPool2dBackward', 'input', () => globalAvgPool2dBackward(ones([1, 2, 1, 1]), notTensor)],
  ])('%s refuses a non-tensor %s', (op, argument, call) => {
    expect(call).toThrow(`${op}: ${argument} must be a Tensor, got string`);
  });

  it('names null as null', () => {
    expect(() => conv2d(null as never, w)).toThrow('conv2d: input must be a Tensor, got null');
  });

  it.each([
    ['conv2dBackward', () => conv2dBackward(ones([1, 3, 3, 3]), x, w), '[1,3,2,2]'],
    ['maxPool2dBackward', () => maxPool2dBackward(ones([1, 2, 3, 3]), x, pool), '[1,2,2,2]'],
    ['avgPool2dBackward', () => avgPool2dBackward(ones([1, 2, 3, 3]), x, pool), '[1,2,2,2]'],
    ['globalAvgPool2dBackward', () => globalAvgPool2dBackward(ones([1, 2, 2, 2]), x), '[1,2,1,1]'],
  ])('%s refuses a dy of the wrong shape, naming the output shape', (op, call, shape) => {
    expect(call).toThrow(new RegExp(`^${op}: dy must have the shape of the output ${shape.replace(/[[\]]/g, '\\$&')}`));
  });

  it('names the backward op for its geometry and bias, and the bias by name', () => {
    expect(() => conv2dBackward(ones([1, 3, 2, 2]), x, w, { stride: 0 })).toThrow(/^conv2dBackward: stride /);
    expect(() => conv2dBackward(ones([1, 3, 2, 2]), x, w, { bias: ones([2]) })).toThrow(/^conv2dBackward: bias must have shape \[3\]/);
    expect(() => conv2dBackward(ones([1, 3, 2, 2]), x, w, 'abc' as never)).toThrow("conv2dBackward: options must be an options object or null, got 'abc'");
    expect(() => maxPool2dBackward(ones([1, 2, 2, 2]), x, { kernelSize: 0 })).toThrow(/^maxPool2dBackward: kernelSize /);
    expect(() => globalAvgPool2dBackward(ones([1, 2, 1, 1]), ones([2, 4, 4]))).toThrow(/^globalAvgPool2dBackward: input must be rank 4 \(N,C,H,W\)/);
    expect(() => conv2d(x, w, { bias: 'b' as never })).toThrow('conv2d: bias must be a Tensor, got string');
    // Rank 2 with the right first dimension: the rank alone is wrong.
    expect(() => conv2d(x, w, { bias: ones([3, 1]) })).toThrow(/^conv2d: bias must have shape \[3\] \(one value per output channel\), got \[3,1\]/);
  });

  it('refuses options that are not an object, and average pooling without options or with dilation', () => {
    expect(() => conv2d(x, w, 'abc' as never)).toThrow("conv2d: options must be an options object or null, got 'abc'");
    expect(() => conv2d(x, w, [1] as never)).toThrow('conv2d: options must be an options object or null, got [1]');
    expect(() => avgPool2d(x, { kernelSize: 2, dilation: 2 } as never)).toThrow('avgPool2d: dilation is not supported by average pooling (max pooling only), got 2');
    expect(() => avgPool2d(x, undefined as never)).toThrow(/^avgPool2d: /);
    expect(() => globalAvgPool2d(ones([2, 4, 4]))).toThrow(/^globalAvgPool2d: input must be rank 4 \(N,C,H,W\)/);
  });

  it('says a scalar beyond float32 must fit in it', () => {
    expect(() => leakyRelu(x, { negativeSlope: 1e39 })).toThrow('leakyRelu: negativeSlope must fit in float32 (magnitude at most 3.4028235e38), got 1e+39');
  });
});
