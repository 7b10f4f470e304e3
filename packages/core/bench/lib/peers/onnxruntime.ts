/**
 * onnxruntime-node peers: one session per call site, on one intra-op thread ('ort-1t') or ORT's
 * default thread count ('ort-default').
 */
import * as ort from 'onnxruntime-node';

import type { Tensor } from '../../../src/index.ts';
import type { Impl, PeerRun } from '../types.ts';

export function ortPeer(impl: Impl, model: Uint8Array, feeds: Record<string, Tensor>): () => Promise<PeerRun> {
  return async () => {
    const options: ort.InferenceSession.SessionOptions =
      impl === 'ort-1t'
        ? { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' }
        : { executionMode: 'sequential', graphOptimizationLevel: 'all' };
    const session = await ort.InferenceSession.create(model, options);
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, [...t.shape]);
    const run = async () => (await session.run(ortFeeds)).Y.data as Float32Array;
    return { run, toOurs: (raw) => raw as Float32Array, dispose: () => void session.release() };
  };
}
