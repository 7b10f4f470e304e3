import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { compilePipeline, generateVariants, runDataPlan, runJobsOf, Tensor, type RunDataInfo, type SweepSpec, type ValidVariant } from '@convstudio/core';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { formatDuration } from '../ui/progress-bar.js';
import type { RunConfig, RunStore } from '@convstudio/lab-store';
import { loadSweepData } from './sweep-data.js';
import type { SerializedSet } from './sweep-messages.js';
import { runPool, type SweepProgress } from './sweep-pool.js';

/** Threads a sweep uses by default: one per core. */
export const defaultThreads = (): number => availableParallelism();

/** The code that trains: the core's version and, in a checkout, its git commit. */
export function codeVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: new URL('.', import.meta.url), stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return `${manifest.version}+${commit}`;
  } catch {
    return manifest.version;
  }
}

/** A sweep's identity: its parsed spec and resolved base pipeline. The same spec run again resumes. */
export function sweepHash(spec: SweepSpec, base: unknown): string {
  return createHash('sha256').update(JSON.stringify({ spec: { ...spec, base: undefined }, base })).digest('hex').slice(0, 16);
}

/** `sweep [#######.............] 5/16 runs, 2 running  elapsed 1:02  ETA 2:10` */
export function formatSweepProgress(p: SweepProgress, width = 80): string {
  const tail = ` ${p.finished}/${p.total} runs, ${p.running} running${p.failed ? `, ${p.failed} failed` : ''}  elapsed ${formatDuration(p.elapsedMs)}  ETA ${formatDuration(p.etaMs)}`;
  const barWidth = Math.max(5, Math.min(30, width - tail.length - 9));
  const filled = Math.round(barWidth * Math.min(1, p.fraction));
  return `sweep [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${tail}`.slice(0, width);
}

/**
 * Every variant must take the data set's images, as core's runDataPlan fits them (resized or
 * padded, grayscale replicated for RGB), and score its classes; otherwise one line per problem.
 * Returns the notices (what fitting changes), each once, naming the variants it applies to.
 */
function checkFits(variants: ValidVariant[], sample: SerializedSet, info: RunDataInfo): string[] {
  const problems: string[] = [];
  const notices = new Map<string, string[]>();
  const data = { images: new Tensor(sample.images.subarray(0, sample.shape.slice(1).reduce((a, b) => a * b, 1)), [1, ...sample.shape.slice(1)]), labels: sample.labels.subarray(0, sample.labels.length / sample.shape[0]) };
  for (const v of variants) {
    const plan = compilePipeline(v.pipeline);
    if (!plan.ok) continue;
    const feeds = new Set(plan.pipeline.edges.map((e) => e.source));
    const output = plan.report.nodes.find((n) => !feeds.has(n.node.id));
    const logitsId = output?.node.kind === 'softmax' ? output.inputIds[0] : (output?.node.id ?? '');
    const fit = runDataPlan(plan.report, logitsId, data, info);
    if (!fit.ok) problems.push(...fit.issues.map((i) => `variant ${v.id} (${v.label}): ${i.message}`));
    else for (const n of fit.plan.notices) notices.set(n, [...(notices.get(n) ?? []), v.id]);
  }
  if (problems.length) throw new UserError(problems);
  return [...notices].map(([text, ids]) => `notice: ${text}${ids.length === variants.length ? '' : ` (variants ${ids.join(', ')})`}`);
}

export interface SweepRun {
  sweepId: number;
  resumed: boolean;
  counts: { done: number; failed: number; cancelled: number };
  /** Runs that had finished before this call (resumed sweeps). */
  skipped: number;
  cancelled: boolean;
}

/**
 * Runs a sweep into the store: variants generated and validated (invalid ones reported and
 * stored, never run), the data loaded once, every run not yet done trained on `threads` worker
 * threads with a progress line, Ctrl-C cancelling after the current batches. Running the same
 * spec again resumes: finished runs are kept, the others start over.
 */
export async function runSweep(options: { spec: SweepSpec; base: unknown; store: RunStore; threads: number; io: Io }): Promise<SweepRun> {
  const { spec, base, store, io } = options;
  const variants = generateVariants(base, spec);
  const valid = variants.filter((v): v is ValidVariant => v.ok);
  for (const v of variants) if (!v.ok) io.stderr(`skipping variant ${v.id} (${v.label}): ${v.issues.map((i) => i.message).join('; ')}\n`);
  if (!valid.length) throw new UserError(['the sweep has no valid variant to run']);
  const loaded = await loadSweepData(spec);
  const notices = checkFits(valid, loaded.data.train, loaded.data.info);
  const version = codeVersion();
  const config = (seed: number): RunConfig => ({ hyperparameters: spec.training, data: spec.data, seed, codeVersion: version });
  const { sweepId, resumed } = store.upsertSweep(spec, sweepHash(spec, base), variants, config);
  const jobsByKey = new Map(runJobsOf(valid, spec).map((j) => [j.key, j]));
  const stored = store.runs({ sweepId });
  const macs = new Map(valid.map((v) => [v.id, v.macs]));
  const todo = stored.filter((r) => r.status !== 'done').flatMap((r) => {
    const job = jobsByKey.get(r.key);
    return job ? [{ runId: r.id, job, cost: macs.get(r.variantId) ?? 0 }] : [];
  });
  const skipped = stored.length - todo.length;
  io.stdout(
    `sweep "${spec.name}" (#${sweepId}${resumed ? ', resumed' : ''}): ${valid.length} variant${valid.length === 1 ? '' : 's'} x ${spec.seeds.length} seed${spec.seeds.length === 1 ? '' : 's'}, ` +
      `${todo.length} run${todo.length === 1 ? '' : 's'} to train${skipped ? `, ${skipped} already done` : ''}; ${loaded.summary}; ${Math.min(options.threads, Math.max(1, todo.length))} thread(s)\n`,
  );
  for (const notice of notices) io.stderr(`${notice}\n`);
  const controller = new AbortController();
  const uninstall = io.onInterrupt(() => {
    controller.abort();
    io.stderr('\nstopping the running runs after this batch; finished runs are saved (Ctrl-C again quits at once)\n');
  });
  let lastDraw = 0;
  const labels = new Map(stored.map((r) => [r.id, `${r.label} seed ${r.seed}`]));
  try {
    const counts = todo.length
      ? await runPool({
          jobs: todo,
          data: loaded.data,
          store,
          threads: options.threads,
          signal: io.abortController?.signal ?? controller.signal,
          onProgress: (p) => {
            if (!io.stderrIsTTY || Date.now() - lastDraw < 200) return;
            lastDraw = Date.now();
            io.stderr(`\r${formatSweepProgress(p, Math.max(40, (io.columns ?? 80) - 1))}\x1b[K`);
          },
          onRunEnd: (runId, reply) => {
            if (io.stderrIsTTY) io.stderr('\r\x1b[K');
            const what = reply.type === 'done' ? `test accuracy ${(100 * reply.test.accuracy).toFixed(2)}%` : reply.type === 'failed' ? `failed: ${reply.error}` : 'cancelled';
            io.stdout(`run ${runId} ${labels.get(runId) ?? ''}: ${what}\n`);
          },
        })
      : { done: 0, failed: 0, cancelled: 0 };
    return { sweepId, resumed, counts, skipped, cancelled: (io.abortController?.signal ?? controller.signal).aborted };
  } finally {
    uninstall();
  }
}
