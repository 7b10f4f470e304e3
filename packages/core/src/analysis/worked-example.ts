import { diagonalEdgeKernel, rotatedDiagonalEdgeKernel } from '../data/diagonal-kernels.js';
import { syntheticNine, syntheticSix } from '../data/synthetic-digits.js';
import { relu } from '../ops/activations.js';
import { conv2d } from '../ops/conv2d.js';
import { normalize } from '../ops/normalize.js';
import { maxPool2d } from '../ops/pool.js';
import type { Tensor } from '../tensor.js';

/** One branch of the worked example: a kernel and what it does to the 6. */
export interface WorkedExampleBranch {
  kernel: Tensor;
  /** Valid convolution, 24x24. */
  convolution: Tensor;
  /** Min-max scaled to [0, 255]. */
  normalized: Tensor;
  /** ReLU of the normalised map (a no-op here: normalised values are already >= 0, as in the document). */
  relu: Tensor;
  /** 3x3 max pooling with stride 3: 8x8. */
  pooled: Tensor;
}

/** Every array the document's example computes, in its order. */
export interface WorkedExample {
  six: Tensor;
  nine: Tensor;
  diagonal: WorkedExampleBranch;
  rotatedDiagonal: WorkedExampleBranch;
}

function branch(image: Tensor, kernel: Tensor): WorkedExampleBranch {
  const convolution = conv2d(image, kernel);
  const normalized = normalize(convolution, { min: 0, max: 255 });
  const activated = relu(normalized);
  return { kernel, convolution, normalized, relu: activated, pooled: maxPool2d(activated, { kernelSize: 3, stride: 3 }) };
}

/**
 * Runs the source document's "Convolution Example": the synthetic 6, both diagonal edge
 * kernels, convolution, min-max normalisation to [0, 255], ReLU and 3x3 max pooling.
 *
 * @example
 * const { diagonal } = runWorkedExample();
 * diagonal.pooled.shape; // [1, 1, 8, 8]
 */
export function runWorkedExample(): WorkedExample {
  const six = syntheticSix();
  return {
    six,
    nine: syntheticNine(),
    diagonal: branch(six, diagonalEdgeKernel()),
    rotatedDiagonal: branch(six, rotatedDiagonalEdgeKernel()),
  };
}
