/**
 * What the single-library probes share: our backend on Node's WebGPU, the BENCH_SHAPES filter,
 * and a timing run for one of our calls (its result disposed; the queue drained to sync).
 */
import type { Tensor } from '@convstudio/core';
import { createGpuBackend } from '@convstudio/gpu';
import { SHAPES } from './conv-cases.ts';
import type { GpuRun } from './types.ts';
import { installNodeWebGpu } from './webgpu-node.ts';

const { gpu } = installNodeWebGpu();
export const backend = await createGpuBackend({ gpu });

const only = process.env.BENCH_SHAPES?.split(',').map(Number);
/** The shapes BENCH_SHAPES picks (all when unset), with their index in SHAPES. */
export const probedShapes = [...SHAPES.entries()].filter(([i]) => !only || only.includes(i));

export const runOf = (call: () => Tensor): GpuRun => ({
  run: () => call().dispose(),
  sync: () => backend.device.queue.onSubmittedWorkDone(),
  result: async () => new Float32Array(0),
  dispose: () => undefined,
});
