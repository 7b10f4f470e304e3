/**
 * tfjs peers: backend selection (tfjs-backend-cpu, tfjs-backend-wasm loaded from this package's
 * node_modules) and a one-op peer that runs a tfjs computation and reads its result back.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';

import type { Impl, PeerRun } from '../types.ts';

const require = createRequire(import.meta.url);

export type TfBackendName = 'cpu' | 'wasm';

export async function useTfBackend(name: TfBackendName): Promise<void> {
  if (tf.getBackend() !== name) {
    if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed to initialize`);
  }
  await tf.ready();
}

export interface WasmInfo {
  binary: string;
  simd: boolean;
  threadsSupported: boolean;
  /** XNNPACK threads (tfWasm.getThreadsCount()). */
  threads: number;
}

/**
 * Points tfjs-backend-wasm at its .wasm files, initializes it and reports which binary it chose;
 * leaves tfjs on the cpu backend.
 */
export async function initTfWasm(): Promise<WasmInfo> {
  tfWasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  tf.env().set('DEBUG', false);
  await useTfBackend('wasm');
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  const threadsSupported = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
  const binary = simd && threadsSupported ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  const threads = tfWasm.getThreadsCount();
  await useTfBackend('cpu');
  return { binary, simd, threadsSupported, threads };
}

/** Explicit NHWC padding of p on both spatial axes. */
export const EXPLICIT = (p: number): [[number, number], [number, number], [number, number], [number, number]] => [[0, 0], [p, p], [p, p], [0, 0]];

function tfBackendOf(impl: Impl): TfBackendName {
  return impl === 'tfjs-cpu' ? 'cpu' : 'wasm';
}

/** Runs a tfjs computation, reads its result back and frees it. */
function tfRun(compute: () => tf.Tensor): Float32Array {
  const y = compute();
  const data = y.dataSync() as Float32Array;
  y.dispose();
  return data;
}

export interface TfSetup {
  inputs: tf.Tensor[];
  compute: () => tf.Tensor;
  toOurs: (d: Float32Array) => Float32Array;
}

/**
 * A tfjs peer on the backend `impl` names, or the reason it cannot run when that backend lacks
 * `kernel`. `setup` runs once the backend is active.
 */
export function tfPeer(impl: Impl, kernel: string | null, setup: () => TfSetup): () => Promise<PeerRun | string> {
  return async () => {
    const backend = tfBackendOf(impl);
    await useTfBackend(backend);
    if (kernel && !tf.getKernel(kernel, backend)) return `n/a (no ${kernel} kernel)`;
    const { inputs, compute, toOurs } = setup();
    return {
      run: () => tfRun(compute),
      toOurs: (raw) => toOurs(raw as Float32Array),
      dispose: () => inputs.forEach((t) => t.dispose()),
    };
  };
}
