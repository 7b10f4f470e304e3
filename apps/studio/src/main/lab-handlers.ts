import { generateVariants, parseSweepSpec, sweepKey, type Variant } from '@convstudio/core';
import type { RunConfig, RunStore, StoredRun } from '@convstudio/lab-store';
import type { LabMethod, ValidRequest } from './ipc-handlers.js';
import type { Response } from '../shared/ipc-contract.js';

/** The lab's methods of the IPC contract. */
export type LabHandlers = { [M in LabMethod]: (request: ValidRequest<M>) => Response<M> };

/** What the lab handlers need, given by index.ts; tests give a temporary file. */
export interface LabDeps {
  /** Opens the run database (`<userData>/lab-runs.sqlite` in the app). Called on first use, and again after it failed. */
  openStore(): RunStore;
  /** Stored with every run, as the CLI stores its version and commit. */
  codeVersion: string;
}

type Failure = { status: 'error'; message: string };

/**
 * The desktop lab's run database behind IPC: the same store, schema and transactions as the
 * CLI's (`@convstudio/lab-store`), so `convstudio runs list --db <userData>/lab-runs.sqlite`
 * reads the studio's runs. Thin on purpose: each handler is one store call. The database opens
 * on the first lab message, not at startup, and a failure to open or write comes back as a
 * result whose message the lab shows; nothing throws across IPC.
 *
 * @example
 * const lab = createLabHandlers({ openStore: () => RunStore.open(join(userData, 'lab-runs.sqlite')), codeVersion: app.getVersion() });
 * registerIpcHandlers(ipcMain, { ...studio.handlers, ...lab.handlers }, trusted);
 */
export function createLabHandlers(deps: LabDeps) {
  let store: RunStore | undefined;
  const opened = () => (store ??= deps.openStore());
  // Ids the page may address: the runs of the sweeps it opened in this session.
  const known = new Set<number>();
  const attempt = <T>(method: LabMethod, work: (store: RunStore) => T): T | Failure => {
    try {
      return work(opened());
    } catch (error) {
      return { status: 'error', message: `${method}: ${(error as Error).message}` };
    }
  };
  const runOf = (s: RunStore, runId: number): StoredRun => {
    const run = known.has(runId) ? s.run(runId) : undefined;
    if (!run) throw new Error(`no run #${runId} in a sweep opened by this window`);
    return run;
  };

  const handlers: LabHandlers = {
    labOpenSweep: ({ spec: raw }) =>
      attempt('labOpenSweep', (s) => {
        const parsed = parseSweepSpec(raw);
        if (!parsed.ok) throw new Error(`spec: ${parsed.issues.map((i) => i.message).join('; ')}`);
        const { spec, base } = parsed;
        const variants: Variant[] = generateVariants(base, spec);
        const config = (seed: number): RunConfig => ({ hyperparameters: spec.training, data: spec.data, seed, codeVersion: deps.codeVersion });
        const { sweepId } = s.upsertSweep(spec, sweepKey(spec, base), variants, config);
        const runs = s.runs({ sweepId });
        for (const r of runs) known.add(r.id);
        const finished = runs
          .filter((r) => r.status === 'done')
          .map((r) => {
            const weights = s.weights(r.id);
            const filters = s.filters(r.id);
            return {
              key: r.key, variantId: r.variantId, seed: r.seed, status: 'done' as const,
              history: s.history(r.id), snapshots: s.snapshots(r.id),
              test: { loss: r.testLoss ?? NaN, accuracy: r.testAccuracy ?? NaN, ...(r.testMeanIoU === null ? {} : { meanIoU: r.testMeanIoU }), ...(r.testImageAccuracy === null ? {} : { imageAccuracy: r.testImageAccuracy }) },
              // A copy: the driver's row may share a larger buffer, and all of it would cross IPC.
              ...(weights ? { weights: weights.bytes.slice() } : {}),
              ...(filters ? { filters } : {}),
            };
          });
        return { status: 'opened' as const, sweepId, runs: runs.map((r) => ({ id: r.id, key: r.key })), finished };
      }),
    labStartRun: ({ runId }) =>
      attempt('labStartRun', (s) => {
        runOf(s, runId);
        const resume = s.startRun(runId);
        return { status: 'started' as const, ...(resume ? { resume: { ...resume, history: s.history(runId), snapshots: s.snapshots(runId) } } : {}) };
      }),
    labAddEpoch: ({ runId, metrics, snapshot, weights, checkpoint }) =>
      attempt('labAddEpoch', (s) => {
        runOf(s, runId);
        s.addEpoch(runId, { metrics, snapshot, weights, checkpoint });
        return { status: 'saved' as const };
      }),
    // A finished run's weights are those of its last epoch, already stored by labAddEpoch.
    labFinishRun: ({ runId, outcome }) =>
      attempt('labFinishRun', (s) => {
        runOf(s, runId);
        s.finishRun(runId, outcome);
        return { status: 'saved' as const };
      }),
  };

  return {
    handlers,
    /** Closes the database, if it was opened (at quit). */
    close(): void {
      store?.close();
      store = undefined;
    },
  };
}
