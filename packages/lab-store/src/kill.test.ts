import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeDriver, temporaryDatabase } from './driver-contract.fixture.js';
import { RunStore } from './run-store.js';
import type { SqliteDriverName } from './sqlite-driver.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const writer = fileURLToPath(new URL('./write-epochs.fixture.ts', import.meta.url));
const WEIGHT_BYTES = 2_000_000;

/**
 * Starts the writer on `file` and SIGKILLs it once it has committed `epochs` epochs. Resolves
 * with the last epoch it reported, counting what reached the pipe after the kill was sent.
 */
function writeThenKill(file: string, driver: SqliteDriverName, epochs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@convstudio/source', '--import', 'tsx', writer, file, driver], { cwd: packageRoot });
    let out = '';
    let err = '';
    const reported = () => Math.max(0, ...out.split('\n').filter(Boolean).map(Number));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (reported() >= epochs) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve(reported()) : reject(new Error(`the writer ended by itself (${_code}): ${err}`))));
  });
}

// What the CLI's sweep-kill test shows for a whole sweep on better-sqlite3, here for each driver
// on its own: a process killed while it writes 2 MB epochs leaves a sound file whose last epoch
// is whole (metrics, snapshot, weights and checkpoint of the same epoch) and keeps every epoch
// it had reported committed.
function killSuite(driver: SqliteDriverName): void {
  it('a writer killed mid-epoch leaves every committed epoch whole and the run resumable', async () => {
    const file = temporaryDatabase();
    const reported = await writeThenKill(file, driver, 4);
    const store = RunStore.open(file, { driver });
    try {
      expect(store.integrity()).toBe('ok');
      const id = store.runs()[0].id;
      const epochs = store.history(id).map((m) => m.epoch);
      // Every reported epoch is there; at most one more committed before the kill landed.
      expect(epochs.length === reported || epochs.length === reported + 1).toBe(true);
      expect(epochs).toEqual(epochs.map((_, i) => i + 1));
      expect(store.snapshots(id)).toHaveLength(epochs.length);
      const last = epochs.length;
      const weights = store.weights(id);
      expect(weights?.epoch).toBe(last);
      expect(weights?.bytes.length).toBe(WEIGHT_BYTES);
      expect(weights?.bytes.every((b) => b === last % 256)).toBe(true);
      const resume = store.startRun(id);
      expect(resume?.checkpoint.epochsDone).toBe(last);
    } finally {
      store.close();
    }
  }, 120_000);
}

describeDriver('better-sqlite3', () => killSuite('better-sqlite3'));
describeDriver('node:sqlite', () => killSuite('node:sqlite'));
