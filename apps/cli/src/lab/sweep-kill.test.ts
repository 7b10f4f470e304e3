import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporaryDirectories, temporaryDirectory } from '../test-io.fixture.js';
import { RunStore } from '@convstudio/lab-store';

afterAll(removeTemporaryDirectories);

const launcher = fileURLToPath(new URL('../../bin/convstudio.js', import.meta.url));

// 4 variants x 2 seeds on a few hundred digits, one thread: about a second a run, so the kill
// lands while runs are still to come.
const spec = {
  format: 'convstudio-sweep',
  version: 1,
  name: 'kill test',
  base: 'mnist-cnn',
  axes: [{ axis: 'denseWidth', values: [0.25, 0.5, 1, 2], mode: 'scale' }],
  seeds: [0, 1],
  data: { dataset: 'mnist', limit: 300 },
  training: { epochs: 2, batchSize: 32 },
};

function sweep(cwd: string, onStarted?: (pid: number) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Its own process group, so SIGKILL takes the launcher and the sweep process (and its threads) at once.
    const child = spawn(process.execPath, [launcher, 'sweep', 'spec.json', '--db', 'lab.db', '--threads', '1'], { cwd, detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onStarted?.(child.pid ?? 0);
  });
}

/** Polls the database (read-only, as another process may) until `ready` holds. */
async function waitFor(file: string, ready: (db: Database.Database) => boolean): Promise<void> {
  for (let i = 0; i < 4000; i++) {
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        if (ready(db)) return;
      } finally {
        db.close();
      }
    } catch {
      // Not created yet, or its tables not yet: try again.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the sweep never reached the awaited state');
}

describe('a sweep killed with SIGKILL', () => {
  it('leaves an intact database, and running it again finishes only what was left', async () => {
    const cwd = temporaryDirectory();
    await writeFile(join(cwd, 'spec.json'), JSON.stringify(spec));
    const file = join(cwd, 'lab.db');
    let pid = 0;
    const killed = sweep(cwd, (p) => (pid = p));
    // Kill once a run has finished and the next has committed an epoch: mid-sweep, mid-run.
    await waitFor(file, (db) => {
      const done = db.prepare("SELECT COUNT(*) AS n FROM runs WHERE status = 'done'").get() as { n: number };
      const partial = db.prepare("SELECT COUNT(*) AS n FROM epochs e JOIN runs r ON r.id = e.run_id WHERE r.status = 'running'").get() as { n: number };
      return done.n >= 1 && partial.n >= 1;
    });
    process.kill(-pid, 'SIGKILL');
    const first = await killed;
    expect(first.signal ?? first.code).toBeTruthy();

    const store = RunStore.open(file);
    let doneBefore: { id: number; finishedAt: string | null }[];
    let cutShort: { id: number; epochs: ReturnType<RunStore['history']> }[];
    try {
      expect(store.integrity()).toBe('ok');
      const runs = store.runs();
      expect(runs).toHaveLength(8);
      doneBefore = runs.filter((r) => r.status === 'done').map((r) => ({ id: r.id, finishedAt: r.finishedAt }));
      expect(doneBefore.length).toBeGreaterThanOrEqual(1);
      expect(doneBefore.length).toBeLessThan(8);
      for (const run of runs) {
        // Every committed epoch is whole: numbered 1..k, with the weights of epoch k beside it.
        const epochs = store.history(run.id).map((m) => m.epoch);
        expect(epochs).toEqual(epochs.map((_, i) => i + 1));
        expect(store.snapshots(run.id)).toHaveLength(epochs.length);
        expect(store.weights(run.id)?.epoch).toBe(epochs.length ? epochs.length : undefined);
        if (run.status === 'done') expect(epochs).toHaveLength(2);
      }
      expect(runs.some((r) => r.status === 'running')).toBe(true);
      cutShort = runs.filter((r) => r.status === 'running' && store.history(r.id).length > 0).map((r) => ({ id: r.id, epochs: store.history(r.id) }));
      expect(cutShort.length).toBeGreaterThanOrEqual(1);
    } finally {
      store.close();
    }

    const second = await sweep(cwd);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`(#1, resumed)`);
    expect(second.stdout).toContain(`${8 - doneBefore.length} runs to train, ${doneBefore.length} already done`);
    const after = RunStore.open(file);
    try {
      expect(after.integrity()).toBe('ok');
      const runs = after.runs();
      expect(runs.map((r) => r.status)).toEqual(Array(8).fill('done'));
      for (const run of runs) expect(after.history(run.id)).toHaveLength(2);
      // The runs finished before the kill were kept, not trained again.
      for (const d of doneBefore) expect(after.run(d.id)?.finishedAt).toBe(d.finishedAt);
      // A run killed mid-run lost at most its epoch in progress: its finished epochs were kept as they were.
      for (const c of cutShort) expect(after.history(c.id).slice(0, c.epochs.length)).toEqual(c.epochs);
    } finally {
      after.close();
    }
  }, 400_000); // a loaded CI machine starts the sweep process slowly: no speed is asserted, only states
});
