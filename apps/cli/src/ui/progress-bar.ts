import type { TrainingProgress } from '@convstudio/core';

/**
 * A duration as `m:ss` or `h:mm:ss`, rounded up to whole seconds so an ETA never reads 0:00
 * while work is left.
 *
 * @example
 * formatDuration(83_200); // '1:24'
 * formatDuration(3_725_000); // '1:02:05'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--:--';
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * One line of training progress, at most `width` characters: the bar shrinks to fit.
 *
 * @example
 * formatProgress({ epoch: 1, epochs: 3, batch: 50, batches: 200, loss: 0.4321, elapsedMs: 5000, etaMs: 55000 }, 80);
 * // 'epoch 1/3 [#####...............] 50/200  loss 0.4321  ETA 0:55'
 */
export function formatProgress(p: TrainingProgress, width = 80): string {
  const head = `epoch ${p.epoch}/${p.epochs} `;
  const tail = ` ${p.batch}/${p.batches}  loss ${p.loss.toFixed(4)}  ETA ${formatDuration(p.etaMs)}`;
  const barWidth = Math.min(30, width - head.length - tail.length - 2);
  if (barWidth < 5) return `${head.trimEnd()}${tail}`.slice(0, width);
  const filled = Math.round((barWidth * p.batch) / Math.max(1, p.batches));
  return `${head}[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${tail}`;
}

/** Where a {@link ProgressBar} draws. */
export interface ProgressOutput {
  write(text: string): void;
  /** A terminal: redraw one line in place. Otherwise the bar draws nothing and the caller prints a line per epoch. */
  isTTY: boolean;
  columns?: number;
}

/**
 * Training progress on a terminal, redrawn in place at most every `intervalMs`; silent when the
 * output is not a terminal (a log file gets the per-epoch lines instead).
 *
 * @example
 * const bar = new ProgressBar({ write: (s) => process.stderr.write(s), isTTY: process.stderr.isTTY });
 * await train(model, data, { ...options, onProgress: (p) => bar.update(p) });
 * bar.clear();
 */
export class ProgressBar {
  private lastDraw = -Infinity;
  private visible = false;

  constructor(
    private readonly output: ProgressOutput,
    private readonly intervalMs = 100,
    private readonly clock: () => number = Date.now,
  ) {}

  update(progress: TrainingProgress): void {
    if (!this.output.isTTY) return;
    const time = this.clock();
    const last = progress.batch === progress.batches;
    if (!last && time - this.lastDraw < this.intervalMs) return;
    this.lastDraw = time;
    // Leave the last column free: writing into it makes some terminals wrap.
    const width = Math.max(20, (this.output.columns || 80) - 1);
    this.output.write(`\r${formatProgress(progress, width)}\x1b[K`);
    this.visible = true;
  }

  /** Erases the bar so the next line prints on a clean line. */
  clear(): void {
    if (!this.visible) return;
    this.output.write('\r\x1b[K');
    this.visible = false;
  }
}
