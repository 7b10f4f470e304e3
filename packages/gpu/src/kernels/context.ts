import type { Tensor } from '@convstudio/core';
import type { Dispatch } from '../program.js';

/** What a kernel needs from the backend: buffers for its tensors and a way to dispatch. */
export interface KernelContext {
  /** The buffer of an input: this backend's device tensor, or a (cached) upload of a CPU tensor. */
  input(t: Tensor, op: string, argument: string): GPUBuffer;
  /** The buffer of a tensor updated in place (optimizer state): must already live on this backend. */
  inPlace(t: Tensor, op: string, argument: string): GPUBuffer;
  /** A new device tensor of `shape` and its buffer. */
  output(shape: readonly number[], label: string): { tensor: Tensor; buffer: GPUBuffer };
  /** A buffer with these values (e.g. class targets) that lives until the backend method returns. */
  temporary(values: Int32Array | Float32Array, label: string): GPUBuffer;
  /** A buffer of `count` floats, not cleared, that lives until the backend method returns. */
  scratch(count: number, label: string): GPUBuffer;
  run(dispatch: Dispatch): void;
}

/** Elements of a shape. */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
