import type { Pipeline, RgbaImage } from '@convstudio/core';
import type { BackendChoice, FromWorker, InputScale, NodeOutput, RunFailure, ToWorker } from './run-protocol.js';

/** The part of `Worker` the runner uses, so tests can pass a fake. */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** What a finished run gives the studio. */
export type RunOutcome =
  | { status: 'done'; runId: number; backend: BackendChoice; adapter?: string; elapsedMs: number; outputs: NodeOutput[]; weights: NodeOutput[] }
  | { status: 'failed'; runId: number; failure: RunFailure }
  | { status: 'superseded'; runId: number };

/**
 * Runs pipelines on a worker, one at a time. A newer request supersedes a running one: the
 * worker computing the stale result is terminated and a fresh one started, because a forward
 * pass is one synchronous call the worker cannot be interrupted in, and waiting for AlexNet to
 * finish a result nobody wants would make every edit feel slow.
 *
 * @example
 * const runner = new PipelineRunner(() => new Worker(new URL('./pipeline-worker.ts', import.meta.url), { type: 'module' }));
 * runner.setImage(image);
 * const outcome = await runner.run(pipeline, '0-255', 'cpu');
 */
export class PipelineRunner {
  private worker: WorkerLike | undefined;
  private image: RgbaImage | undefined;
  private nextRunId = 1;
  private pending: { runId: number; resolve: (outcome: RunOutcome) => void } | undefined;

  constructor(private readonly createWorker: () => WorkerLike) {}

  /** Sets the image later runs use. The pixels are copied, so the caller keeps its own. */
  setImage(image: RgbaImage): void {
    this.image = image;
    this.ensureWorker().postMessage({ type: 'image', image: copyImage(image) });
  }

  /** Runs `pipeline` on the current image; resolves `superseded` if a newer run replaced it. */
  run(pipeline: Pipeline, scale: InputScale, backend: BackendChoice): Promise<RunOutcome> {
    if (this.pending) this.supersede();
    const runId = this.nextRunId++;
    return new Promise((resolve) => {
      this.pending = { runId, resolve };
      this.ensureWorker().postMessage({ type: 'run', runId, pipeline, scale, backend });
    });
  }

  /** Stops the worker; a pending run resolves as superseded. */
  dispose(): void {
    if (this.pending) this.pending.resolve({ status: 'superseded', runId: this.pending.runId });
    this.pending = undefined;
    this.worker?.terminate();
    this.worker = undefined;
  }

  private supersede(): void {
    this.dispose();
    if (this.image) this.setImage(this.image);
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = ({ data }) => this.receive(data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.fail(`the pipeline worker stopped: ${event.message || 'unknown error'}`);
      this.worker?.terminate();
      this.worker = undefined;
    };
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    const pending = this.pending;
    if (!pending || message.runId !== pending.runId) return;
    this.pending = undefined;
    if (message.type === 'error') pending.resolve({ status: 'failed', runId: message.runId, failure: message.failure });
    else {
      const { runId, backend, adapter, elapsedMs, outputs, weights } = message;
      pending.resolve({ status: 'done', runId, backend, adapter, elapsedMs, outputs, weights });
    }
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
