import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '@convstudio/lab-store';

/** The desktop lab's run database, in the user-data folder beside the autosave. */
export const LAB_STORE_FILE = 'lab-runs.sqlite';

/**
 * Opens `<userData>/lab-runs.sqlite`. In Electron this is node:sqlite (Electron 45's Node 22 has
 * it); lab-store falls back to better-sqlite3 only where node:sqlite is missing, which is how the
 * handlers' tests run on Node 20.
 *
 * @example
 * const store = openLabStore(app.getPath('userData'));
 */
export function openLabStore(userData: string): RunStore {
  // SQLite creates the file, not its folder: a first run may ask before anything else wrote there.
  mkdirSync(userData, { recursive: true });
  return RunStore.open(join(userData, LAB_STORE_FILE));
}
