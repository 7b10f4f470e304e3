import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labBridge } from '../../main/testing/lab-bridge.js';
import { memoryStore } from '../host/kv-store.js';
import { desktopLabStore } from './desktop-lab-store.js';
import type { LabRun, PartialLabRun } from './lab-runs.js';
import { keyValueLabStore, type LabStore } from './lab-store.js';
import { labEpoch, strideSweep } from './lab-store.fixture.js';

const folders: string[] = [];
const closers: (() => void)[] = [];
afterAll(() => {
  closers.splice(0).forEach((close) => close());
  folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true }));
});

/** Run `key` after epochs 1..k, as useLab hands it to saveEpoch. */
const partial = (key: string, k: number): PartialLabRun => ({
  key,
  history: Array.from({ length: k }, (_, i) => labEpoch(i + 1).metrics),
  snapshots: Array.from({ length: k }, (_, i) => labEpoch(i + 1).snapshot),
  weights: labEpoch(k).weights,
  checkpoint: labEpoch(k).checkpoint,
});
const doneRun = (key: string, k: number): LabRun => {
  const { history, snapshots, weights } = partial(key, k);
  return { key, variantId: key.split('/')[0], seed: Number(key.split('/s')[1]), status: 'done', history, snapshots, test: { loss: 0.5, accuracy: 0.75 }, weights };
};

/**
 * One suite for both hosts' lab stores (what useLab relies on): the web's IndexedDB one on an
 * in-memory key-value store, the desktop's through the real main-process handlers and a SQLite
 * file. `session()` is a new page session on the same storage.
 */
function labStoreContract(name: string, storage: () => { session(): LabStore }) {
  describe(`the lab store (${name})`, () => {
    it('opens a new sweep with nothing finished and nothing to continue', async () => {
      const sweep = await storage().session().openSweep(strideSweep());
      expect(sweep.finished).toEqual([]);
      expect(await sweep.startRun('v0/s0')).toBeUndefined();
    });

    it('continues a stopped run from its last saved epoch in the next session (resume per epoch)', async () => {
      const kept = storage();
      const sweep = await kept.session().openSweep(strideSweep());
      await sweep.startRun('v1/s0');
      await sweep.saveEpoch(partial('v1/s0', 1));
      await sweep.saveEpoch(partial('v1/s0', 2));
      await sweep.cancelRun('v1/s0');
      const next = await kept.session().openSweep(strideSweep());
      expect(next.finished).toEqual([]);
      expect(await next.startRun('v1/s0')).toEqual(partial('v1/s0', 2));
      expect(await next.startRun('v0/s0')).toBeUndefined();
    });

    it('gives finished runs back in the next session, and not failed ones', async () => {
      const kept = storage();
      const sweep = await kept.session().openSweep(strideSweep());
      for (const key of ['v0/s0', 'v0/s1']) {
        await sweep.startRun(key);
        for (const k of [1, 2, 3]) await sweep.saveEpoch(partial(key, k));
      }
      await sweep.finishRun(doneRun('v0/s0', 3));
      await sweep.finishRun({ ...doneRun('v0/s1', 3), status: 'failed', test: undefined, weights: undefined, error: 'diverged' });
      const next = await kept.session().openSweep(strideSweep());
      expect(next.finished).toEqual([doneRun('v0/s0', 3)]);
    });
  });
}

labStoreContract('web: IndexedDB', () => {
  const kv = memoryStore();
  return { session: () => keyValueLabStore(kv) };
});

labStoreContract('desktop: SQLite in main', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-lab-store-'));
  folders.push(dir);
  return {
    session() {
      // Each session is a new connection to the same file, as after a restart.
      const { bridge, close } = labBridge(join(dir, 'lab-runs.sqlite'));
      closers.push(close);
      return desktopLabStore(bridge);
    },
  };
});
