/**
 * onnxruntime-web peers: the WebAssembly execution provider (the one binary onnxruntime-web ships
 * for it, ort-wasm-simd-threaded.wasm: SIMD128, pthreads), loaded from this package's
 * node_modules, on the same one-node ONNX models as onnxruntime-node.
 *
 * - 'ortweb-1t': `env.wasm.numThreads = 1`, in this thread, like every other peer.
 * - 'ortweb-2t': `env.wasm.numThreads = 2`, in a worker thread (onnxruntime-web-worker.ts), since
 *   numThreads is fixed for the life of a module instance (read once at its instantiation; a
 *   session's intraOpNumThreads does not change it) and both ESM copies of onnxruntime-web share
 *   onnxruntime-common's env and backend registry. Each timed call is a message round trip to the
 *   worker (the output buffer is transferred, not copied); `workerRoundTripMs` measures that
 *   overhead on an empty message.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

import * as ort from 'onnxruntime-web';

import type { Tensor } from '../../../src/index.ts';
import { median } from '@convstudio/bench-meta/timing';
import type { Impl, PeerRun } from '../types.ts';

const require = createRequire(import.meta.url);

/** Messages to and from onnxruntime-web-worker.mjs. */
type Request =
  | { type: 'init'; wasmPaths: string; numThreads: number }
  | { type: 'create'; id: number; model: Uint8Array; feeds: Record<string, { data: Float32Array; dims: number[] }> }
  | { type: 'run'; id: number }
  | { type: 'release'; id: number }
  | { type: 'ping' };
type Reply = { ok: true; data?: Float32Array } | { ok: false; error: string };

/**
 * onnxruntime-web's dist folder (its package.json is not exported, its .wasm is), with a trailing
 * slash: a plain file path, which onnxruntime-web's Node build accepts (a file:// URL works too).
 */
export const ORT_WEB_DIST = dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm')) + '/';

export const ORT_WEB_VERSION = (JSON.parse(readFileSync(join(ORT_WEB_DIST, '..', 'package.json'), 'utf8')) as { version: string }).version;

ort.env.wasm.wasmPaths = ORT_WEB_DIST;
ort.env.wasm.numThreads = 1;

let worker: Worker | undefined;
let pending: Promise<unknown> = Promise.resolve();
let nextId = 1;

/** One request to the two-thread worker; requests are serialized, one in flight at a time. */
function call(req: Request, transfer: ArrayBuffer[] = []): Promise<Float32Array | undefined> {
  if (!worker) {
    worker = new Worker(new URL('./onnxruntime-web-worker.mjs', import.meta.url));
    const w = worker;
    pending = new Promise<void>((resolve, reject) => {
      w.once('message', (r: Reply) => (r.ok ? resolve() : reject(new Error(r.error))));
      w.once('error', reject);
      w.postMessage({ type: 'init', wasmPaths: ORT_WEB_DIST, numThreads: 2 } satisfies Request);
    });
  }
  const w = worker;
  const result = pending.then(
    () =>
      new Promise<Float32Array | undefined>((resolve, reject) => {
        w.once('message', (r: Reply) => (r.ok ? resolve(r.data) : reject(new Error(r.error))));
        w.postMessage(req, transfer);
      }),
  );
  pending = result.catch(() => undefined);
  return result;
}

/** Median time of an empty request to the two-thread worker and back, ms. */
export async function workerRoundTripMs(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await call({ type: 'ping' });
    samples.push(performance.now() - t);
  }
  return median(samples.slice(50));
}

/** Stops the two-thread worker (and onnxruntime-web's pthread workers inside it); the process does not exit while it runs. */
export async function stopOrtWebWorker(): Promise<void> {
  await worker?.terminate();
  worker = undefined;
}

export function ortWebPeer(impl: Impl, model: Uint8Array, feeds: Record<string, Tensor>): () => Promise<PeerRun> {
  if (impl === 'ortweb-2t') {
    return async () => {
      const id = nextId++;
      const wfeeds: Record<string, { data: Float32Array; dims: number[] }> = {};
      for (const [name, t] of Object.entries(feeds)) wfeeds[name] = { data: t.data, dims: [...t.shape] };
      await call({ type: 'create', id, model, feeds: wfeeds });
      return {
        run: () => call({ type: 'run', id }),
        toOurs: (raw) => raw as Float32Array,
        dispose: () => void call({ type: 'release', id }),
      };
    };
  }
  return async () => {
    const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, [...t.shape]);
    const run = async () => (await session.run(ortFeeds)).Y.data as Float32Array;
    return { run, toOurs: (raw) => raw as Float32Array, dispose: () => void session.release() };
  };
}
