/**
 * The benchmark's vocabulary: a case (one op on one shape), the implementations timed on it, and
 * the row each implementation leaves in the report.
 */
import type { Timing } from '@convstudio/bench-meta/timing';

export type Op = 'forward' | 'input grad' | 'weight grad' | 'max pool';
export type Impl = 'ours' | 'ours-2t' | 'ours-js' | 'tfjs-cpu' | 'tfjs-wasm' | 'ortweb-1t' | 'ortweb-2t' | 'ort-1t' | 'ort-default';
const ALL_PEERS: Impl[] = ['ours-2t', 'ours-js', 'tfjs-cpu', 'tfjs-wasm', 'ortweb-1t', 'ortweb-2t', 'ort-1t', 'ort-default'];

/** Peers that run on two threads (ORT's default is one thread per core: 2 here); they are compared with ours on two. */
export const TWO_THREAD_PEERS: readonly Impl[] = ['ortweb-2t', 'ort-default'];

/** Which of our rows a peer is compared with: ours on the same number of threads. */
export function baselineFor(impl: Impl): Impl {
  return TWO_THREAD_PEERS.includes(impl) ? 'ours-2t' : 'ours';
}

/**
 * Everything timed beside `ours` (one thread); `ours-2t` is ours on two threads, `ours-js` our
 * own TypeScript reference kernels. BENCH_PEERS
 * (a comma-separated list of these names) restricts the run to some of them.
 */
export const PEERS: Impl[] = process.env.BENCH_PEERS
  ? ALL_PEERS.filter((p) => process.env.BENCH_PEERS!.split(',').map((s) => s.trim()).includes(p))
  : ALL_PEERS;

export const IMPL_TITLE: Record<Impl, string> = {
  ours: 'ours',
  'ours-2t': 'ours, 2 threads',
  'ours-js': 'ours, TypeScript',
  'tfjs-cpu': 'tfjs-cpu',
  'tfjs-wasm': 'tfjs-wasm',
  'ortweb-1t': 'ORT-web wasm 1 thread',
  'ortweb-2t': 'ORT-web wasm 2 threads',
  'ort-1t': 'ORT 1 thread',
  'ort-default': 'ORT default threads',
};

/** Agreement: max |ours - peer| / max |ours| below this. */
export const TOLERANCE = 1e-3;

export interface Case {
  op: Op;
  shape: string;
  note?: string;
  /** FLOPs (2 x MACs) for convolutions, comparisons for max pooling. */
  work: number;
  unit: 'GFLOP/s' | 'Gcmp/s';
  /** Ours: the result (NCHW / OIHW) and a call to time. */
  ours: { result: Float32Array; run: () => unknown };
  /** A peer, set up: a call to time, or a reason why it cannot run (it lacks the kernel). */
  peers: Partial<Record<Impl, () => Promise<PeerRun | string>>>;
}

export interface PeerRun {
  /** One call, returning the peer's raw result. */
  run: () => unknown;
  /** The raw result in our layout (NCHW, OIHW), outside the timed call. */
  toOurs: (raw: unknown) => Float32Array;
  dispose: () => void;
}

export interface Row {
  op: Op;
  shape: string;
  note?: string;
  impl: Impl;
  work: number;
  unit: string;
  timing?: Timing;
  diff?: number;
  ok: boolean;
  /** Why there is no number: the peer lacks the kernel, or it failed. */
  na?: string;
}
