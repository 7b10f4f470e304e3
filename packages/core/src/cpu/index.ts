import type { Backend } from '../backend.js';
import { fail, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import type { Conv2dInfo } from '../shape.js';
import type { Pool2dInfo } from '../pool-info.js';
import { WASM_MAX_FLOATS, conv2dBackwardFilterWasm, conv2dBackwardInputWasm, conv2dDirectWasm, conv2dForwardWasm, convWasmFloats } from '../wasm/conv2d-wasm.js';
import { activationBackwardWasm, activationWasm, hasWasmActivation } from '../wasm/activation-wasm.js';
import { gemmWasm } from '../wasm/gemm-wasm.js';
import { maxPool2dBackwardWasm, maxPool2dWasm } from '../wasm/pool-wasm.js';
import { sumToChannelsWasm } from '../wasm/sum-wasm.js';
import { adamStepWasm } from '../wasm/adam-wasm.js';
import { wasmKernels } from '../wasm/load.js';
import { readyThreads, startThreadsLazily } from '../wasm/thread-pool.js';
import { activation, activationBackward } from './activation.js';
import { type ConvStrategy, conv2dBackwardFilter, conv2dBackwardInput, conv2dForward } from './conv2d.js';
import { prefersDirect } from '../conv-plan.js';
import { type Gemm, gemm } from './gemm.js';
import { add, addChannelBias, concat, scaleAdd, split, sumToChannels } from './elementwise.js';
import { channelMoments, channelNormalize, channelNormalizeBackward } from './batch-norm.js';
import { classLoss, classLossBackward } from './class-loss.js';
import { dropout } from './dropout.js';
import { localResponseNorm, localResponseNormBackward } from './local-response-norm.js';
import { matMul } from './matmul.js';
import { normalize, normalizeBackward } from './normalize.js';
import { adamStep, sgdStep } from './optimizers.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { softmax, softmaxBackward } from './softmax.js';

/**
 * Which kernels run conv2d (forward and both gradients, hence transposed convolution), linear,
 * max pooling, ReLU / leaky ReLU, the bias gradient (`sumToChannels`) and Adam's step (every other op, batch norm, dropout, local response norm and
 * the losses included, runs its TypeScript kernel in every mode): WebAssembly SIMD (`wasm`; throws where the module is not loaded), the TypeScript
 * reference (`js`), or `auto`: WebAssembly once it has loaded, TypeScript until then and where
 * the host has no WebAssembly SIMD.
 */
export type CpuKernels = 'auto' | 'wasm' | 'js';

/** Options of {@link createCpuBackend}. */
export interface CpuBackendOptions {
  /** Forward convolution: per shape (`auto`, the default), or always im2col + GEMM, or always direct. */
  convStrategy?: ConvStrategy;
  /** The kernels: `auto` (the default), or forced to WebAssembly SIMD or TypeScript. */
  kernels?: CpuKernels;
  /**
   * Most threads one WebAssembly conv2d or max pooling call may use, the calling thread included:
   * `auto` (the default) starts the host's logical cores' worth (at most 8) in the background on
   * the first call big enough, and uses those that are up; 1 keeps every call on the calling
   * thread. More than one needs a shared WebAssembly memory (Node; browsers only on cross-origin
   * isolated pages) and worker threads; elsewhere calls run on one thread. See `startCpuThreads`.
   */
  threads?: number | 'auto';
  /** Multiply-adds (or pooling comparisons) below which a call stays on one thread: waking threads costs tens of µs. */
  minParallelWork?: number;
}

/**
 * Work below which a call stays on one thread: 1M multiply-adds take about 80 µs at the kernels'
 * 25 GFLOP/s, a few times what waking a sleeping thread costs. The MNIST CNN's training epoch on
 * two threads took 2.94–2.95 s with 2M and 2.76–2.78 s with 1M (`npm run bench:profile --
 * --threads 2 --min-parallel-work N` in bench/).
 */
const PARALLEL_MIN_WORK = 1 << 20;

/**
 * A CPU backend on Float32Array. Its heavy kernels run in WebAssembly SIMD where the host has
 * it and in plain TypeScript otherwise, so it runs anywhere JavaScript runs. Forcing a strategy
 * or a kernel set lets the conformance suite check every path.
 *
 * @example
 * const reference = createCpuBackend({ convStrategy: 'gemm', kernels: 'js' });
 */
export function createCpuBackend(options: CpuBackendOptions = {}): Backend {
  const strategy = options.convStrategy ?? 'auto';
  const choice = options.kernels ?? 'auto';
  const mm = gemmFor(choice);
  const threads = options.threads ?? 'auto';
  const suffix = [strategy, choice, threads === 'auto' ? 'auto' : `${threads}thread${threads === 1 ? '' : 's'}`].filter((s) => s !== 'auto');
  // Whole convolutions run in WebAssembly (im2col, GEMM and col2im there, or the direct loop for
  // small problems; one copy in and out).
  const wasmConv = (info: Conv2dInfo) => choice !== 'js' && convWasmFloats(info) <= WASM_MAX_FLOATS && (choice === 'wasm' || wasmKernels() !== undefined);
  const wasmPool = (inputSize: number) => choice !== 'js' && 3 * inputSize <= WASM_MAX_FLOATS && (choice === 'wasm' || wasmKernels() !== undefined);
  // Elementwise ops pay for the copy into WebAssembly memory only where the scalar loop branches
  // on data (ReLU's sign), and only past a few thousand elements.
  const wasmElementwise = (size: number) => choice !== 'js' && 3 * size <= WASM_MAX_FLOATS && (choice === 'wasm' || (size >= WASM_MIN_ELEMENTS && wasmKernels() !== undefined));
  const direct = (info: Conv2dInfo) => strategy === 'direct' || (strategy === 'auto' && prefersDirect(info));
  const threadsFor = threadPolicy(threads, options.minParallelWork ?? PARALLEL_MIN_WORK);
  const convThreads = (info: Conv2dInfo) => threadsFor(convMacs(info));
  return {
    ...kernels,
    name: ['cpu', ...suffix].join('-'),
    conv2d: (x, weight, bias, info) => {
      if (!wasmConv(info)) return conv2dForward(x, weight, bias, info, strategy, mm);
      const count = convThreads(info);
      return direct(info) ? conv2dDirectWasm(x, weight, bias, info, count) : conv2dForwardWasm(x, weight, bias, info, count);
    },
    conv2dBackwardInput: (dy, weight, info) => (wasmConv(info) ? conv2dBackwardInputWasm(dy, weight, info, convThreads(info)) : conv2dBackwardInput(dy, weight, info, mm)),
    conv2dBackwardFilter: (x, dy, info) => (wasmConv(info) ? conv2dBackwardFilterWasm(x, dy, info, convThreads(info)) : conv2dBackwardFilter(x, dy, info, mm)),
    matMul: (a, b, transposeA, transposeB) => matMul(a, b, transposeA, transposeB, mm),
    activation: (kind, x, alpha) => (hasWasmActivation(kind) && wasmElementwise(x.size) ? activationWasm(kind, x, alpha) : activation(kind, x, alpha)),
    activationBackward: (kind, dy, x, y, alpha) =>
      hasWasmActivation(kind) && wasmElementwise(x.size) ? activationBackwardWasm(kind, dy, x, alpha) : activationBackward(kind, dy, x, y, alpha),
    // A bias gradient: the float64 sums vectorise in WebAssembly (same order, same values).
    sumToChannels: (dy) => (wasmElementwise(dy.size) ? sumToChannelsWasm(dy) : sumToChannels(dy)),
    // Adam's divisions and square root run two to a vector there; same float64 steps, same values.
    adamStep: (param, grad, m, v, options) => (wasmElementwise(param.size) ? adamStepWasm(param, grad, m, v, options) : adamStep(param, grad, m, v, options)),
    maxPool2d: (x, info) => (wasmPool(x.size) ? maxPool2dWasm(x, info, threadsFor(poolWork(info))) : maxPool2d(x, info)),
    maxPool2dBackward: (dy, x, info) => (wasmPool(x.size) ? maxPool2dBackwardWasm(dy, x, info, threadsFor(poolWork(info))) : maxPool2dBackward(dy, x, info)),
  };
}

/** How many threads a call with `work` multiply-adds (or comparisons) may use, at most `limit`. */
function threadPolicy(limit: number | 'auto', minWork: number): (work: number) => number {
  if (limit !== 'auto' && !(Number.isInteger(limit) && limit >= 1)) {
    fail('createCpuBackend', 'threads', `must be 'auto' or a whole number ≥ 1, got ${String(limit)}`);
  }
  return (work) => {
    if (limit === 1 || work < minWork) return 1;
    startThreadsLazily(limit === 'auto' ? undefined : limit);
    return limit === 'auto' ? readyThreads() : Math.min(limit, readyThreads());
  };
}

function convMacs(info: Conv2dInfo): number {
  return info.batch * info.outChannels * info.outHeight * info.outWidth * (info.inChannels / info.groups) * info.kernelHeight * info.kernelWidth;
}

function poolWork(info: Pool2dInfo): number {
  return info.batch * info.channels * info.outHeight * info.outWidth * info.kernelHeight * info.kernelWidth;
}

// Tiny products (linear on a few features) stay in TypeScript, where copying the operands into
// WebAssembly memory would be most of the work. 16x16x16 is a cautious guess, not a measured
// crossover.
const WASM_MIN_MACS = 4096;
/** Elements below which an elementwise op stays in TypeScript (a guess at where the copies stop paying). */
const WASM_MIN_ELEMENTS = 4096;

function gemmFor(choice: CpuKernels): Gemm {
  if (choice === 'js') return gemm;
  if (choice === 'wasm') return gemmWasm;
  return (M, N, K, A, B, C, cOffset, ldc, accumulate) => {
    const mm = M * N * K >= WASM_MIN_MACS && wasmKernels() ? gemmWasm : gemm;
    mm(M, N, K, A, B, C, cOffset, ldc, accumulate);
  };
}

const kernels: Omit<Backend, 'name' | 'sumToChannels' | 'adamStep' | 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardFilter' | 'matMul' | 'maxPool2d' | 'maxPool2dBackward' | 'activation' | 'activationBackward'> = {
  addChannelBias,
  avgPool2d,
  avgPool2dBackward,
  softmax,
  softmaxBackward,
  classLoss,
  classLossBackward,
  channelMoments,
  channelNormalize,
  channelNormalizeBackward,
  scaleAdd,
  dropout,
  localResponseNorm,
  localResponseNormBackward,
  normalize,
  normalizeBackward,
  add,
  concat,
  split,
  sgdStep,
  upload,
  read: (x) => x.read(),
};

/** CPU tensors are already here; a device tensor cannot be read synchronously. */
function upload(x: Tensor): Tensor {
  if (x.isOnDevice) fail('upload', 'tensor', `${formatShape(x.shape)} lives on ${x.device}; copy it with \`await tensor.read()\` first`);
  return x;
}

/**
 * The default CPU backend: convolution path chosen per shape, WebAssembly SIMD where it loads.
 *
 * @example
 * import { cpuBackend, setBackend } from '@convstudio/core';
 * setBackend(cpuBackend);
 */
export const cpuBackend: Backend = createCpuBackend();
