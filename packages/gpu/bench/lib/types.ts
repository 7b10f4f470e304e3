/**
 * The benchmark's vocabulary: a case (one direction of conv2d on one shape), an implementation
 * set up for it, and the row it leaves in the report.
 */
import type { Conv2dInfo, Tensor } from '@convstudio/core';

export type Op = 'forward' | 'input grad' | 'weight grad';
export type Impl = 'ours' | 'tfjs-webgpu' | 'ort-webgpu';
export const IMPLS: Impl[] = ['ours', 'tfjs-webgpu', 'ort-webgpu'];
export const PEERS: Impl[] = ['tfjs-webgpu', 'ort-webgpu'];
export const IMPL_TITLE: Record<Impl, string> = { ours: 'ours', 'tfjs-webgpu': 'tfjs-webgpu', 'ort-webgpu': 'ORT-web WebGPU' };

/** Agreement with ours: max |ours - peer| / max |ours| below this (float32 sums in other orders). */
export const TOLERANCE = 1e-3;

/** One direction on one shape: CPU operands (NCHW, OIHW) and the CPU backend's answer. */
export interface ConvCase {
  op: Op;
  shape: string;
  note?: string;
  info: Conv2dInfo;
  x: Tensor;
  w: Tensor;
  dy: Tensor;
  /** FLOPs: 2 x MACs, the same for the three directions. */
  work: number;
  /** core's CPU result, NCHW / OIHW: every implementation is checked against it. */
  expected: Float32Array;
  stride: number;
  pad: number;
}

/**
 * One implementation set up for one case: operands already on the GPU. `run` enqueues one call
 * (and gives its output back); `sync` waits until the GPU has finished all of it.
 */
export interface GpuRun {
  run: () => void | Promise<void>;
  sync: () => Promise<void>;
  /** Runs once and reads the result back in our layout (NCHW, OIHW), outside timing. */
  result: () => Promise<Float32Array>;
  dispose: () => void;
  /** What the implementation ran, when it is not the obvious kernel (e.g. ConvTranspose). */
  via?: string;
}

/** A factory per implementation; a string means the peer cannot run this case, and why. */
export type Setup = (c: ConvCase) => Promise<GpuRun | string>;

export interface Timing {
  /** Median time of one call, GPU work included. */
  ms: number;
  /** Calls timed, warm-up excluded. */
  calls: number;
}

export interface Row {
  op: Op;
  shape: string;
  note?: string;
  impl: Impl;
  work: number;
  timing?: Timing;
  /** Max relative difference from core's CPU result. */
  diff?: number;
  ok: boolean;
  na?: string;
  via?: string;
}
