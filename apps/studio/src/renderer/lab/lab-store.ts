import type { KeyValueStore } from '../host/kv-store.js';
import { labRunStore, partialRunStore, type LabRun, type PartialLabRun } from './lab-runs.js';

/**
 * Where the lab keeps a sweep's runs, one interface for both hosts (Netron's Host pattern): the
 * desktop keeps them in SQLite in the main process (desktop-lab-store.ts), the web host in
 * IndexedDB (below). Either way a stopped or reloaded sweep resumes: finished runs are not
 * trained again, and a run stopped after finished epochs continues from the last one.
 */
export interface LabStore {
  /** Opens a sweep, creating it when new. `spec` is the sweep document as written (the desktop parses it again in main). */
  openSweep(sweep: { key: string; spec: unknown }): Promise<LabSweepStore>;
}

/** One opened sweep. Every method rejects with a sentence when the store cannot do it. */
export interface LabSweepStore {
  /** The sweep's runs finished in earlier sessions, with their weights. */
  readonly finished: LabRun[];
  /** A run is handed to a worker: what it had if it was stopped after finished epochs, else `undefined` (it starts over). */
  startRun(runKey: string): Promise<PartialLabRun | undefined>;
  /**
   * A run finished an epoch: `run` is the run so far, its history ending with that epoch, with
   * the weights and checkpoint after it. Stored as one unit (IndexedDB rewrites the entry,
   * SQLite appends the epoch in one transaction).
   */
  saveEpoch(run: PartialLabRun): Promise<void>;
  /** A run ended: done runs are kept for good; a failed one is recorded (desktop) or dropped (web), and trains again next time. */
  finishRun(run: LabRun): Promise<void>;
  /** A run was stopped mid-way: its finished epochs stay for the next start to continue. */
  cancelRun(runKey: string): Promise<void>;
}

/**
 * The web host's lab store: IndexedDB through the key-value store, under the keys the studio has
 * always used (`lab:<sweep>` for finished runs, `lab:<sweep>:partial:<run>` for runs in progress),
 * so runs kept by an earlier version resume too.
 *
 * @example
 * const store = keyValueLabStore(indexedDbStore());
 */
export function keyValueLabStore(kv: KeyValueStore): LabStore {
  return {
    async openSweep({ key }) {
      const finished = (await labRunStore.load(kv, key)).filter((r) => r.status === 'done');
      const kept = [...finished];
      return {
        finished,
        startRun: (runKey) => partialRunStore.load(kv, key, runKey),
        saveEpoch: (run) => partialRunStore.save(kv, key, run),
        async finishRun(run) {
          if (run.status !== 'done') return;
          kept.push(run);
          await labRunStore.save(kv, key, [...kept]);
          await partialRunStore.remove(kv, key, run.key);
        },
        cancelRun: async () => undefined,
      };
    },
  };
}
