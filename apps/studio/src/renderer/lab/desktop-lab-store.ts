import type { ConvStudioBridge } from '../../shared/ipc-contract.js';
import type { LabStore } from './lab-store.js';

/** The bridge methods the desktop lab store calls. */
export type LabBridge = Pick<ConvStudioBridge, 'labOpenSweep' | 'labStartRun' | 'labAddEpoch' | 'labFinishRun'>;

/** Main's failure result as a rejection; an invoke main refused (a contract error) rejects already. */
function check<T extends { status: string }>(result: T): Exclude<T, { status: 'error' }> {
  if (result.status === 'error') throw new Error((result as unknown as { message: string }).message);
  return result as Exclude<T, { status: 'error' }>;
}

/**
 * The desktop's lab store: the run database in the main process (SQLite, `<userData>/lab-runs.sqlite`,
 * the CLI's schema) through the preload bridge. Runs are addressed by the ids main gave when the
 * sweep opened; each epoch sends only that epoch (main appends it in one transaction).
 *
 * @example
 * const store = window.convstudio ? desktopLabStore(window.convstudio) : keyValueLabStore(indexedDbStore());
 */
export function desktopLabStore(bridge: LabBridge): LabStore {
  return {
    async openSweep({ spec }) {
      const opened = check(await bridge.labOpenSweep({ spec }));
      const ids = new Map(opened.runs.map((r) => [r.key, r.id]));
      const idOf = (runKey: string) => {
        const id = ids.get(runKey);
        if (id === undefined) throw new Error(`the lab's database has no run ${runKey} in this sweep`);
        return id;
      };
      return {
        finished: opened.finished,
        async startRun(runKey) {
          const started = check(await bridge.labStartRun({ runId: idOf(runKey) }));
          return started.resume && { key: runKey, ...started.resume };
        },
        async saveEpoch(run) {
          const metrics = run.history.at(-1);
          const snapshot = run.snapshots.at(-1);
          if (!metrics || !snapshot) throw new Error(`lab run ${run.key}: an epoch was saved with no metrics`);
          check(await bridge.labAddEpoch({ runId: idOf(run.key), metrics, snapshot, weights: run.weights, checkpoint: run.checkpoint }));
        },
        async finishRun(run) {
          const outcome =
            run.status === 'done' && run.test
              ? { status: 'done' as const, test: run.test, ...(run.filters ? { filters: run.filters } : {}) }
              : { status: 'failed' as const, error: run.error ?? 'failed with no message' };
          check(await bridge.labFinishRun({ runId: idOf(run.key), outcome }));
        },
        async cancelRun(runKey) {
          check(await bridge.labFinishRun({ runId: idOf(runKey), outcome: { status: 'cancelled' } }));
        },
      };
    },
  };
}
