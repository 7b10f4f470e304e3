import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { RunStore } from '@convstudio/lab-store';

/** The run database a lab command uses unless --db names another. */
export const DEFAULT_DB = 'convstudio-lab.db';

/** Opens (creating) the run database at `file` relative to `cwd`; a file that is not one becomes a one-line error. */
export function openStore(cwd: string, file: string | undefined): RunStore {
  const path = resolve(cwd, file ?? DEFAULT_DB);
  try {
    return RunStore.open(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError([`${file ?? DEFAULT_DB}: cannot open the run database: ${message}`]);
  }
}

/** `--threads`: a positive count, default one per core. */
export const threadsOption = { threads: { type: 'string' as const }, db: { type: 'string' as const } };
