/**
 * Worker side of the two-thread onnxruntime-web peer (see onnxruntime-web.ts; plain JavaScript
 * because tsx's loader does not reach worker threads). onnxruntime-web reads `env.wasm.numThreads`
 * once, when its WebAssembly module is first instantiated, and a session's `intraOpNumThreads`
 * does not change it (the module's thread pool is global), so a second thread count needs a
 * second instance of the module, i.e. another isolate: this worker. It owns its sessions and
 * inputs; a run returns only the output (transferred). Messages: `Request` / `Reply` in
 * onnxruntime-web.ts.
 */
import { parentPort } from 'node:worker_threads';

import * as ort from 'onnxruntime-web';

const sessions = new Map();

async function handle(req) {
  switch (req.type) {
    case 'init':
      ort.env.wasm.wasmPaths = req.wasmPaths;
      ort.env.wasm.numThreads = req.numThreads;
      return { ok: true };
    case 'create': {
      const session = await ort.InferenceSession.create(req.model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      const feeds = {};
      for (const [name, t] of Object.entries(req.feeds)) feeds[name] = new ort.Tensor('float32', t.data, t.dims);
      sessions.set(req.id, { session, feeds });
      return { ok: true };
    }
    case 'run': {
      const s = sessions.get(req.id);
      return { ok: true, data: (await s.session.run(s.feeds)).Y.data };
    }
    case 'release':
      await sessions.get(req.id)?.session.release();
      sessions.delete(req.id);
      return { ok: true };
    case 'ping':
      return { ok: true };
    default:
      throw new Error(`unknown request ${req.type}`);
  }
}

parentPort.on('message', (req) => {
  handle(req).then(
    (reply) => parentPort.postMessage(reply, reply.data ? [reply.data.buffer] : []),
    (error) => parentPort.postMessage({ ok: false, error: error.message }),
  );
});
