import { add, concat, flatten } from '../ops/combine.js';
import { conv2d, conv2dBackward } from '../ops/conv2d.js';
import { convTranspose2d } from '../ops/conv-transpose2d.js';
import { batchNorm2d, batchNorm2dBackward } from '../ops/batch-norm.js';
import { crossEntropy, crossEntropyBackward, nllLoss } from '../ops/cross-entropy.js';
import { dropout } from '../ops/dropout.js';
import { localResponseNorm, localResponseNormBackward } from '../ops/local-response-norm.js';
import { leakyRelu, reluBackward, sigmoid } from '../ops/activations.js';
import { linear } from '../ops/linear.js';
import { normalize } from '../ops/normalize.js';
import { avgPool2d, globalAvgPool2d, maxPool2d } from '../ops/pool.js';
import { softmax } from '../ops/softmax.js';
import { upConvolution } from '../ops/up-convolution.js';
import { type Tensor, zeros } from '../tensor.js';

/**
 * One refused call: what is wrong, the call, and the op, argument and a fragment of the detail
 * (with the actual values) that its ConvStudioError must carry.
 */
export interface BadInputCase {
  label: string;
  call: () => unknown;
  op: string;
  argument: string;
  detail: string;
}

const x = zeros([1, 3, 8, 8]);
const w = zeros([4, 3, 3, 3]);

const table: [string, () => unknown, string, string, string][] = [
  ['conv2d input of rank 3', () => conv2d(zeros([3, 28, 28]), w), 'conv2d', 'input', 'must be rank 4 (N,C,H,W), got shape [3,28,28]'],
  ['conv2d weight of rank 2', () => conv2d(x, zeros([3, 3])), 'conv2d', 'weight', 'must be rank 4 (Cout,Cin/groups,kH,kW), got shape [3,3]'],
  ['conv2d channel mismatch', () => conv2d(x, zeros([4, 2, 3, 3])), 'conv2d', 'weight', 'shape [4,2,3,3] expects 2 input channels'],
  ['conv2d groups not dividing Cin', () => conv2d(x, zeros([4, 1, 3, 3]), { groups: 2 }), 'conv2d', 'groups', '(2) must divide the input channels (3)'],
  ['conv2d groups not dividing Cout', () => conv2d(zeros([1, 4, 8, 8]), zeros([3, 2, 3, 3]), { groups: 2 }), 'conv2d', 'groups', '(2) must divide the output channels (3)'],
  ['conv2d zero stride', () => conv2d(x, w, { stride: 0 }), 'conv2d', 'stride', 'must be a positive integer or a pair of them, got 0'],
  ['conv2d negative dilation', () => conv2d(x, w, { dilation: [1, -2] }), 'conv2d', 'dilation', 'got [1,-2]'],
  ['conv2d fractional stride', () => conv2d(x, w, { stride: 1.5 }), 'conv2d', 'stride', 'got 1.5'],
  ['conv2d kernel larger than padded input', () => conv2d(zeros([1, 3, 4, 4]), zeros([1, 3, 7, 7]), { padding: 1 }), 'conv2d', 'weight', 'kernel 7x7 (dilated to 7x7) is larger than the padded input 6x6 (input [1,3,4,4])'],
  ['conv2d dilated kernel larger than input', () => conv2d(zeros([1, 3, 4, 4]), w, { dilation: 2 }), 'conv2d', 'weight', 'dilated to 5x5'],
  ['conv2d negative padding', () => conv2d(x, w, { padding: -1 }), 'conv2d', 'padding', 'got -1'],
  ['conv2d unknown padding mode', () => conv2d(x, w, { padding: 'full' as 'same' }), 'conv2d', 'padding', "got 'full'"],
  ['conv2d bias of wrong length', () => conv2d(x, w, { bias: zeros([3]) }), 'conv2d', 'bias', 'must have shape [4] (one value per output channel), got [3]'],
  ['conv2d not a tensor', () => conv2d([1, 2] as unknown as Tensor, w), 'conv2d', 'input', 'must be a Tensor, got object'],
  ['conv2dBackward dy of wrong shape', () => conv2dBackward(zeros([1, 4, 5, 5]), x, w), 'conv2dBackward', 'dy', 'must have the shape of the output [1,4,6,6], got [1,4,5,5]'],
  ['convTranspose2d channel mismatch', () => convTranspose2d(x, zeros([4, 2, 3, 3])), 'convTranspose2d', 'weight', 'shape [4,2,3,3] expects 4 input channels, but the input [1,3,8,8] has 3'],
  ['convTranspose2d outputPadding too large', () => convTranspose2d(x, zeros([3, 2, 3, 3]), { stride: 2, outputPadding: 2 }), 'convTranspose2d', 'outputPadding', 'must be smaller than stride or dilation'],
  ['convTranspose2d zero stride', () => convTranspose2d(x, zeros([3, 2, 3, 3]), { stride: 0 }), 'convTranspose2d', 'stride', 'got 0'],
  ['upConvolution zero factor', () => upConvolution(zeros([1, 1, 2, 2]), zeros([3, 3]), { factor: 0 }), 'upConvolution', 'factor', 'must be a positive integer, got 0'],
  ['upConvolution input of rank 2', () => upConvolution(zeros([2, 2]), zeros([3, 3])), 'upConvolution', 'input', 'must be rank 4 (N,C,H,W), got shape [2,2]'],
  ['maxPool2d input of rank 3', () => maxPool2d(zeros([3, 8, 8]), { kernelSize: 2 }), 'maxPool2d', 'input', 'got shape [3,8,8]'],
  ['maxPool2d kernel larger than input', () => maxPool2d(zeros([1, 1, 2, 2]), { kernelSize: 3 }), 'maxPool2d', 'kernelSize', 'of input [1,1,2,2]'],
  ['maxPool2d padding above half the kernel', () => maxPool2d(x, { kernelSize: 2, padding: 2 }), 'maxPool2d', 'padding', 'must be at most half the kernel size'],
  ['maxPool2d zero stride', () => maxPool2d(x, { kernelSize: 2, stride: 0 }), 'maxPool2d', 'stride', 'got 0'],
  ['maxPool2d missing kernel', () => maxPool2d(x, {} as { kernelSize: number }), 'maxPool2d', 'kernelSize', 'is required'],
  ['avgPool2d with dilation', () => avgPool2d(x, { kernelSize: 2, dilation: 2 }), 'avgPool2d', 'dilation', ''],
  ['globalAvgPool2d input of rank 2', () => globalAvgPool2d(zeros([2, 3])), 'globalAvgPool2d', 'input', 'got shape [2,3]'],
  ['leakyRelu NaN slope', () => leakyRelu(x, { negativeSlope: Number.NaN }), 'leakyRelu', 'negativeSlope', 'must be a finite number, got NaN'],
  ['reluBackward dy of wrong shape', () => reluBackward(zeros([2]), zeros([3])), 'reluBackward', 'dy', 'got [2]'],
  ['sigmoid not a tensor', () => sigmoid(undefined as unknown as Tensor), 'sigmoid', 'input', 'must be a Tensor, got undefined'],
  ['linear on an unflattened image', () => linear(x, zeros([10, 192])), 'linear', 'input', 'must be rank 2 (N,features; flatten images first), got shape [1,3,8,8]'],
  ['linear feature mismatch', () => linear(flatten(x), zeros([10, 100])), 'linear', 'weight', 'expects 100 input features, but the input [1,192] has 192'],
  ['softmax dim out of range', () => softmax(zeros([2, 3]), { dim: 2 }), 'softmax', 'dim', 'must be an integer in [-2, 1] for shape [2,3], got 2'],
  ['crossEntropy target out of range', () => crossEntropy(zeros([2, 3]), [0, 3]), 'crossEntropy', 'targets', 'must be integers in [0, 2], got 3 at index 1'],
  ['crossEntropy wrong target count', () => crossEntropy(zeros([2, 3]), [0]), 'crossEntropy', 'targets', 'must hold 2 class indices for logits [2,3], got 1'],
  ['crossEntropy unknown reduction', () => crossEntropy(zeros([2, 3]), [0, 1], { reduction: 'avg' as 'mean' }), 'crossEntropy', 'reduction', "must be 'mean', 'sum' or 'none', got 'avg'"],
  ['crossEntropy label smoothing above 1', () => crossEntropy(zeros([2, 3]), [0, 1], { labelSmoothing: 1.5 }), 'crossEntropy', 'labelSmoothing', 'must be a number in [0, 1], got 1.5'],
  ['crossEntropyBackward number dLoss for reduction none', () => crossEntropyBackward(zeros([2, 3]), [0, 1], 1, { reduction: 'none' }), 'crossEntropyBackward', 'dLoss', "must be a Tensor of shape [2] for reduction 'none', got the number 1"],
  ['crossEntropyBackward dLoss of wrong shape', () => crossEntropyBackward(zeros([2, 3, 2, 2]), zeros([2, 2, 2]), zeros([2]), { reduction: 'none' }), 'crossEntropyBackward', 'dLoss', 'must have the shape of the loss [2,2,2], got [2]'],
  ['nllLoss with label smoothing', () => nllLoss(zeros([2, 3]), [0, 1], { labelSmoothing: 0.1 } as object), 'nllLoss', 'labelSmoothing', 'is not an option of nllLoss'],
  ['nllLoss target out of range', () => nllLoss(zeros([2, 3]), [0, 5]), 'nllLoss', 'targets', 'must be integers in [0, 2], got 5 at index 1'],
  ['nllLoss input of rank 1', () => nllLoss(zeros([3]), [0]), 'nllLoss', 'input', 'must be [N, C] or [N, C, ...], got shape [3]'],
  ['batchNorm2d weight of wrong length', () => batchNorm2d(x, { weight: zeros([4]) }), 'batchNorm2d', 'weight', 'must have shape [3] (one value per channel), got [4]'],
  ['batchNorm2d eval without running statistics', () => batchNorm2d(x, { training: false }), 'batchNorm2d', 'runningMean', 'is required in eval mode'],
  ['batchNorm2d one value per channel in training', () => batchNorm2d(zeros([1, 3, 1, 1])), 'batchNorm2d', 'input', 'needs more than 1 value per channel in training, got shape [1,3,1,1]'],
  ['batchNorm2d running mean without variance', () => batchNorm2d(x, { runningMean: zeros([3]) }), 'batchNorm2d', 'runningVar', 'must be given together'],
  ['batchNorm2d momentum above 1', () => batchNorm2d(x, { momentum: 2 }), 'batchNorm2d', 'momentum', 'must lie in [0, 1], got 2'],
  ['batchNorm2d zero eps', () => batchNorm2d(x, { eps: 0 }), 'batchNorm2d', 'eps', 'must be positive'],
  ['batchNorm2d input of rank 1', () => batchNorm2d(zeros([3])), 'batchNorm2d', 'input', 'got shape [3]'],
  ['batchNorm2dBackward dy of wrong shape', () => batchNorm2dBackward(zeros([1, 3, 8, 7]), x), 'batchNorm2dBackward', 'dy', 'must have the shape of the input [1,3,8,8], got [1,3,8,7]'],
  ['dropout p above 1', () => dropout(x, { p: 1.5 }), 'dropout', 'p', 'must be a probability in [0, 1], got 1.5'],
  ['dropout negative seed', () => dropout(x, { seed: -1 }), 'dropout', 'seed', 'must be an integer in [0, 2^32 - 1], got -1'],
  ['dropout non-boolean training', () => dropout(x, { training: 'yes' as unknown as boolean }), 'dropout', 'training', "must be true or false, got 'yes'"],
  ['localResponseNorm without size', () => localResponseNorm(x, {} as { size: number }), 'localResponseNorm', 'size', 'is required'],
  ['localResponseNorm zero size', () => localResponseNorm(x, { size: 0 }), 'localResponseNorm', 'size', 'must be a positive integer, got 0'],
  ['localResponseNorm input of rank 2', () => localResponseNorm(zeros([2, 3]), { size: 3 }), 'localResponseNorm', 'input', 'got shape [2,3]'],
  ['localResponseNorm non-positive k', () => localResponseNorm(x, { size: 3, k: 0 }), 'localResponseNorm', 'k', 'got k 0'],
  ['localResponseNormBackward dy of wrong shape', () => localResponseNormBackward(zeros([1, 3]), x, { size: 3 }), 'localResponseNormBackward', 'dy', 'got [1,3]'],
  ['normalize unknown scope', () => normalize(x, { scope: 'row' as 'map' }), 'normalize', 'scope', "got 'row'"],
  ['normalize infinite max', () => normalize(x, { max: Number.POSITIVE_INFINITY }), 'normalize', 'max', 'got Infinity'],
  ['add shape mismatch', () => add(zeros([1, 2]), zeros([2, 1])), 'add', 'b', 'must have the shape of a [1,2], got [2,1]'],
  ['concat mismatch off the axis', () => concat([zeros([1, 2, 4, 4]), zeros([1, 2, 5, 4])]), 'concat', 'inputs[1]', 'shape [1,2,5,4] must match [1,2,4,4] on every axis but 1'],
  ['concat of nothing', () => concat([]), 'concat', 'inputs', 'must be a non-empty array'],
];

/**
 * Bad input for every public op. Validation is core's, done before any kernel runs, so every
 * backend must refuse these with the same error: run them with the backend active.
 *
 * @example
 * for (const c of badInputCases) it(c.label, () => withBackend(gpu, () => expect(c.call).toThrow(ConvStudioError)));
 */
export const badInputCases: readonly BadInputCase[] = table.map(([label, call, op, argument, detail]) => ({ label, call, op, argument, detail }));
