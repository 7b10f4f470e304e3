import {
  experimentById, generateVariants, parseSweepSpec, runJobsOf, sweepKey,
  type Conclusion, type EpochMetrics, type ExperimentBudget, type IndicatorSnapshot, type InvalidVariant, type RunJob, type SweepSpec, type ValidVariant,
} from '@convstudio/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FromLabWorker } from './lab-protocol.js';
import { labEvidence, type LabEvidence, type LabRun } from './lab-runs.js';
import type { LabStore, LabSweepStore } from './lab-store.js';

/** Where a sweep stands. */
export interface LabProgress {
  total: number;
  finished: number;
  running: number;
  /** 0..1, counting the running runs' batches. */
  fraction: number;
  elapsedMs: number;
  etaMs: number;
}

/** What the lab view shows. */
export interface LabState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  experimentId?: string;
  /** The sweep being run (for the report). */
  spec?: SweepSpec;
  variants: ValidVariant[];
  invalid: InvalidVariant[];
  runs: LabRun[];
  /** Runs found finished in the store when the sweep started (resumed). */
  resumed: number;
  /** Runs continued from their last finished epoch (stopped mid-run in an earlier session). */
  continued: number;
  progress?: LabProgress;
  evidence?: LabEvidence;
  conclusion?: Conclusion;
  failure?: string;
  /** The run store refused a write (the sweep goes on; what was not kept trains again next time). */
  storeError?: string;
  threads: number;
}

const idle: LabState = { status: 'idle', variants: [], invalid: [], runs: [], resumed: 0, continued: 0, threads: 0 };

/**
 * Runs a built-in experiment's sweep on web workers (one per core), with progress, time left and
 * Stop; every finished epoch and run goes to the host's lab store (SQLite on the desktop,
 * IndexedDB on the web) as it ends, so starting the same experiment with the same budget again
 * resumes. Ends with the evidence and the computed conclusion.
 */
export function useLab(store: LabStore) {
  const [state, setState] = useState<LabState>(idle);
  const workers = useRef<Worker[]>([]);
  const stop = () => {
    for (const w of workers.current) w.terminate();
    workers.current = [];
  };
  useEffect(() => stop, []);
  const cancelRef = useRef<() => void>(() => undefined);

  const start = useCallback(
    async (experimentId: string, budget: ExperimentBudget) => {
      stop();
      const experiment = experimentById(experimentId);
      const specDocument = experiment?.spec(budget);
      const parsed = experiment && parseSweepSpec(specDocument);
      if (!experiment || !parsed?.ok) {
        setState({ ...idle, status: 'failed', experimentId, failure: parsed && !parsed.ok ? parsed.issues.map((i) => i.message).join('; ') : `no experiment "${experimentId}"` });
        return;
      }
      const spec: SweepSpec = parsed.spec;
      const all = generateVariants(parsed.base, spec);
      const variants = all.filter((v): v is ValidVariant => v.ok);
      const invalid = all.filter((v): v is InvalidVariant => !v.ok);
      const key = sweepKey(spec, parsed.base);
      let sweep: LabSweepStore;
      try {
        sweep = await store.openSweep({ key, spec: specDocument });
      } catch (error) {
        setState({ ...idle, status: 'failed', experimentId, failure: `the run database could not be opened: ${(error as Error).message}` });
        return;
      }
      // A write the store refused: shown once, the sweep goes on (those runs train again next time).
      const storeFailed = (error: unknown) => setState((s) => (s.storeError ? s : { ...s, storeError: (error as Error).message }));
      const stored = sweep.finished;
      const doneKeys = new Set(stored.map((r) => r.key));
      const queue: RunJob[] = runJobsOf(variants, spec).filter((j) => !doneKeys.has(j.key));
      const runs: LabRun[] = [...stored];
      const total = runs.length + queue.length;
      const partial = new Map<string, { fraction: number; history: EpochMetrics[]; snapshots: IndicatorSnapshot[] }>();
      const started = performance.now();
      const threads = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, queue.length));
      let cancelled = false;
      const finish = (status: LabState['status']) => {
        stop();
        const evidence = labEvidence(variants, runs);
        setState((s) => ({ ...s, status, runs: [...runs], evidence, conclusion: experiment.conclude(evidence), progress: s.progress && { ...s.progress, running: 0 } }));
      };
      const report = () => {
        const running = [...partial.values()];
        const fraction = total ? (runs.length + running.reduce((a, r) => a + r.fraction, 0)) / total : 1;
        const elapsedMs = performance.now() - started;
        setState((s) => ({ ...s, runs: [...runs], progress: { total, finished: runs.length, running: running.length, fraction, elapsedMs, etaMs: fraction > 0 ? (elapsedMs * (1 - fraction)) / fraction : Infinity } }));
      };
      setState({ ...idle, status: 'running', experimentId, spec, variants, invalid, runs: [...runs], resumed: stored.length, threads: queue.length ? threads : 0 });
      if (!queue.length) return finish('done');
      let active = threads;
      const next = (worker: Worker) => {
        const job = cancelled ? undefined : queue.shift();
        if (!job) {
          active -= 1;
          if (active === 0) finish(cancelled ? 'cancelled' : 'done');
          return;
        }
        // A run stopped after finished epochs continues from the last one.
        const resumed = sweep.startRun(job.key).catch((error: unknown) => {
          storeFailed(error);
          return undefined;
        });
        void resumed.then((saved) => {
          partial.set(job.key, { fraction: 0, history: saved ? [...saved.history] : [], snapshots: saved ? [...saved.snapshots] : [] });
          if (saved) setState((s) => ({ ...s, continued: s.continued + 1 }));
          worker.postMessage({ type: 'run', job, data: spec.data, probeSize: spec.probeSize, ...(saved ? { resume: { weights: saved.weights, checkpoint: saved.checkpoint } } : {}) });
        });
      };
      for (let t = 0; t < threads; t++) {
        const worker = new Worker(new URL('./lab-worker.ts', import.meta.url), { type: 'module', name: 'convstudio-lab' });
        workers.current.push(worker);
        worker.onmessage = ({ data: m }: MessageEvent<FromLabWorker>) => {
          const run = partial.get(m.key);
          const job = m.key.split('/');
          if (m.type === 'progress' && run) {
            const p = m.progress;
            run.fraction = ((p.epoch - 1) * p.batches + p.batch) / (p.epochs * p.batches);
            return report();
          }
          if (m.type === 'epoch' && run) {
            run.history.push(m.metrics);
            run.snapshots.push(m.snapshot);
            void sweep.saveEpoch({ key: m.key, history: [...run.history], snapshots: [...run.snapshots], weights: m.weights, checkpoint: m.checkpoint }).catch(storeFailed);
            return report();
          }
          partial.delete(m.key);
          const base = { key: m.key, variantId: job[0], seed: Number(job[1]?.slice(1)), history: run?.history ?? [], snapshots: run?.snapshots ?? [] };
          if (m.type === 'cancelled') void sweep.cancelRun(m.key).catch(storeFailed);
          else if (m.type === 'done' || m.type === 'error') {
            const ended: LabRun = m.type === 'done' ? { ...base, status: 'done', test: m.test, weights: m.weights, ...(m.filters ? { filters: m.filters } : {}) } : { ...base, status: 'failed', error: m.failure.message };
            runs.push(ended);
            void sweep.finishRun(ended).catch(storeFailed);
          }
          report();
          next(worker);
        };
        worker.onerror = (event) => {
          cancelled = true;
          setState((s) => ({ ...s, status: 'failed', failure: `a lab worker stopped: ${event.message}` }));
          stop();
        };
        next(worker);
      }
      // Stop: each worker ends its run after the current batch and reports 'cancelled'.
      cancelRef.current = () => {
        cancelled = true;
        for (const w of workers.current) w.postMessage({ type: 'cancel' });
      };
    },
    [store],
  );
  const cancel = useCallback(() => cancelRef.current(), []);
  return { state, start, cancel };
}
