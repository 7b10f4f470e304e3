import type { ImageFit, Pipeline, RgbaImage } from '@convstudio/core';
import type { BackendChoice, FromWorker, InputScale, MatrixInput, NodeOutput, RunFailure, ToWorker } from './run-protocol.js';
import type { GradientRequest, GradientResult } from '../gradients/gradient-protocol.js';
import { packLayerValues } from './layer-values.js';

/** The part of `Worker` the runner uses, so tests can pass a fake. */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** What a finished run gives the studio. */
export type RunOutcome =
  | { status: 'done'; runId: number; backend: BackendChoice; adapter?: string; elapsedMs: number; outputs: NodeOutput[]; weights: NodeOutput[]; biases: NodeOutput[]; gradients?: GradientResult }
  | { status: 'failed'; runId: number; failure: RunFailure }
  | { status: 'superseded'; runId: number };

/** How long a running request may keep the worker before a newer one terminates it. */
export const DEFAULT_PATIENCE_MS = 300;

interface Request {
  runId: number;
  resolve: (outcome: RunOutcome) => void;
  onLeadingOutputs?: (outputs: NodeOutput[]) => void;
  message: ToWorker;
  startedAt: number;
}

/**
 * Runs pipelines on a worker, one at a time. A newer request waits for a running one that is
 * about to finish (most runs take milliseconds: a fresh worker would cost far more, compiling
 * the WebAssembly kernels and starting their threads again); only the newest waits, older
 * waiting ones resolve as superseded. A run that keeps the worker past `patienceMs` is
 * cut short: its worker is terminated and a fresh one started, because a forward pass is one
 * synchronous call the worker cannot be interrupted in, and waiting for AlexNet to finish a
 * result nobody wants would make every edit feel slow.
 *
 * @example
 * const runner = new PipelineRunner(() => new Worker(new URL('./pipeline-worker.ts', import.meta.url), { type: 'module' }));
 * runner.setImage(image);
 * const outcome = await runner.run(pipeline, '0-255', 'cpu');
 */
export class PipelineRunner {
  private worker: WorkerLike | undefined;
  // Per worker: the version of each layer's values it was given (a fresh worker holds none).
  private readonly sent = new WeakMap<WorkerLike, Map<string, string>>();
  private image: RgbaImage | undefined;
  private nextRunId = 1;
  private pending: Request | undefined;
  private queued: Request | undefined;
  private patienceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly options: { patienceMs?: number; now?: () => number; afterPaint?: (then: () => void) => void } = {},
  ) {}

  private afterPaint(then: () => void): void {
    if (this.options.afterPaint) return this.options.afterPaint(then);
    if (typeof requestAnimationFrame === 'undefined') return void setTimeout(then, 0);
    requestAnimationFrame(() => requestAnimationFrame(then));
  }

  private now(): number {
    return (this.options.now ?? (() => performance.now()))();
  }

  /** Sets the image later runs use. The pixels are copied, so the caller keeps its own. */
  setImage(image: RgbaImage): void {
    this.image = image;
    this.ensureWorker().postMessage({ type: 'image', image: copyImage(image) });
  }

  /**
   * Runs `pipeline` on the current image; resolves `superseded` if a newer run replaced it.
   * `onLeadingOutputs` receives a big net's first layers' outputs while the rest is still built.
   */
  run(pipeline: Pipeline, scale: InputScale, backend: BackendChoice, fit?: ImageFit, gradient?: GradientRequest, matrix?: MatrixInput, onLeadingOutputs?: (outputs: NodeOutput[]) => void): Promise<RunOutcome> {
    const runId = this.nextRunId++;
    return new Promise((resolve) => {
      const request: Request = { runId, resolve, ...(onLeadingOutputs ? { onLeadingOutputs } : {}), message: { type: 'run', runId, pipeline, scale, backend, ...(fit ? { fit } : {}), ...(gradient ? { gradient } : {}), ...(matrix ? { matrix } : {}) }, startedAt: this.now() };
      if (!this.pending) return this.start(request);
      this.queued?.resolve({ status: 'superseded', runId: this.queued.runId });
      this.queued = request;
      const patience = this.options.patienceMs ?? DEFAULT_PATIENCE_MS;
      const left = patience - (this.now() - this.pending.startedAt);
      if (left <= 0) this.cutShort();
      else if (this.patienceTimer === undefined) this.patienceTimer = setTimeout(() => this.cutShort(), left);
    });
  }

  /** Stops the worker; a running or waiting run resolves as superseded. */
  dispose(): void {
    for (const request of [this.pending, this.queued]) request?.resolve({ status: 'superseded', runId: request.runId });
    this.pending = undefined;
    this.queued = undefined;
    this.clearPatience();
    this.worker?.terminate();
    this.worker = undefined;
  }

  private start(request: Request): void {
    this.pending = { ...request, startedAt: this.now() };
    if (request.message.type !== 'run') return this.ensureWorker().postMessage(request.message);
    // The layers' values leave the pipeline as Float32Arrays and move to the worker (no number
    // arrays cloned); those this worker already holds are only named (`sent`).
    const worker = this.ensureWorker();
    let sent = this.sent.get(worker);
    if (!sent) this.sent.set(worker, (sent = new Map()));
    const { pipeline, values, transfer } = packLayerValues(request.message.pipeline, sent);
    worker.postMessage({ ...request.message, pipeline, ...(values.length > 0 ? { values } : {}) }, transfer);
  }

  /** The running request took too long: drop it with its worker and start the waiting one afresh. */
  private cutShort(): void {
    this.clearPatience();
    const next = this.queued;
    this.queued = undefined;
    if (!this.pending || !next) return;
    this.pending.resolve({ status: 'superseded', runId: this.pending.runId });
    this.pending = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    if (this.image) this.setImage(this.image);
    this.start(next);
  }

  private clearPatience(): void {
    if (this.patienceTimer !== undefined) clearTimeout(this.patienceTimer);
    this.patienceTimer = undefined;
  }

  /** The running request ended: the newest waiting one (if any) goes next on the same worker. */
  private startQueued(): void {
    this.clearPatience();
    const next = this.queued;
    this.queued = undefined;
    if (next) this.start(next);
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = ({ data }) => this.receive(data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.worker?.terminate();
      this.worker = undefined;
      this.fail(`the pipeline worker stopped: ${event.message || 'unknown error'}`);
      if (this.image) this.setImage(this.image);
      this.startQueued();
    };
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    const pending = this.pending;
    if (!pending || message.runId !== pending.runId) return;
    if (message.type === 'partial') {
      pending.onLeadingOutputs?.(message.outputs);
      // Once they are painted (the frame after the next: React renders them in a task of its
      // own), the worker may go on; until then it leaves the CPU to the page.
      const worker = this.worker;
      this.afterPaint(() => {
        if (this.worker === worker && this.pending?.runId === message.runId) worker?.postMessage({ type: 'shown', runId: message.runId });
      });
      return;
    }
    this.pending = undefined;
    if (message.type === 'error') pending.resolve({ status: 'failed', runId: message.runId, failure: message.failure });
    else {
      const { runId, backend, adapter, elapsedMs, outputs, weights, biases, gradients } = message;
      pending.resolve({ status: 'done', runId, backend, adapter, elapsedMs, outputs, weights, biases, ...(gradients ? { gradients } : {}) });
    }
    this.startQueued();
  }

  private fail(message: string): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve({ status: 'failed', runId: pending.runId, failure: { message, issues: [] } });
  }
}

function copyImage(image: RgbaImage): RgbaImage {
  return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
}
