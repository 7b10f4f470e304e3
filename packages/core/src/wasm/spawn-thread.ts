/**
 * Starting a worker thread from JavaScript text on whichever host the core runs in, without
 * importing any host module (the core's main entry must load unchanged in Node, browsers, workers
 * and Electron): a Web Worker from a Blob URL where the host has `Worker` (browsers, their
 * workers, Electron's renderer), else Node's worker_threads, reached through
 * `process.getBuiltinModule` (Node 20.16+, 22.3+) at run time rather than through an import that
 * bundlers would try to resolve for the browser.
 */

/** A started thread, whatever the host's API. */
export interface ThreadHandle {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onError(listener: (error: unknown) => void): void;
  /** The thread is up and idles between jobs: it must not keep a Node process alive from now on. */
  idle(): void;
  terminate(): void;
}

/**
 * Starts a thread that runs `body`, which must define `start(init, post)`: the thread calls it
 * with the first message it receives and a function that posts messages back.
 */
export type SpawnThread = (body: string) => ThreadHandle;

interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message' | 'error', listener: (event: { data?: unknown; message?: string }) => void): void;
}
interface NodeWorker {
  postMessage(message: unknown): void;
  terminate(): Promise<number>;
  unref(): void;
  on(event: 'message' | 'error', listener: (value: unknown) => void): void;
}
interface Host {
  Worker?: new (url: string) => WebWorker;
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
  process?: { getBuiltinModule?: (name: string) => unknown };
  navigator?: { hardwareConcurrency?: number };
}
const host = globalThis as unknown as Host;

const WEB_PRELUDE = 'self.onmessage = (event) => { self.onmessage = null; start(event.data, (m) => self.postMessage(m)); };\n';
const NODE_PRELUDE =
  "const { parentPort } = process.getBuiltinModule('node:worker_threads');\n" +
  'parentPort.once(\'message\', (init) => start(init, (m) => parentPort.postMessage(m)));\n';

function spawnWeb(body: string): ThreadHandle {
  const url = host.URL!.createObjectURL(new host.Blob!([WEB_PRELUDE, body], { type: 'text/javascript' }));
  const worker = new host.Worker!(url);
  // The worker has fetched its script once it answers; the URL is not needed after that.
  let revoked = false;
  const revoke = () => {
    if (!revoked) host.URL!.revokeObjectURL(url);
    revoked = true;
  };
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.addEventListener('message', (event) => { revoke(); listener(event.data); }),
    onError: (listener) => worker.addEventListener('error', (event) => { revoke(); listener(event.message ?? event); }),
    idle: () => {},
    terminate: () => { revoke(); worker.terminate(); },
  };
}

function spawnNode(body: string): ThreadHandle {
  const { Worker } = host.process!.getBuiltinModule!('node:worker_threads') as { Worker: new (code: string, options: { eval: true }) => NodeWorker };
  const worker = new Worker(NODE_PRELUDE + body, { eval: true });
  // Until it says it is ready the worker keeps the process alive (whoever awaits the start needs
  // the answer); once idle it must not keep a Node process alive after its work is done. A
  // listener added later would ref it again, so listeners are added before `idle`.
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    onError: (listener) => worker.on('error', listener),
    idle: () => worker.unref(),
    terminate: () => void worker.terminate(),
  };
}

/** How this host starts threads, or undefined where it cannot. */
export function hostSpawner(): SpawnThread | undefined {
  if (host.Worker && host.Blob && host.URL?.createObjectURL) return spawnWeb;
  if (typeof host.process?.getBuiltinModule === 'function' && host.process.getBuiltinModule('node:worker_threads')) return spawnNode;
  return undefined;
}

/** Logical cores of this host (1 where it does not say). */
export function hostCores(): number {
  const fromNavigator = host.navigator?.hardwareConcurrency;
  if (fromNavigator) return fromNavigator;
  const os = host.process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  return os?.availableParallelism?.() ?? 1;
}
