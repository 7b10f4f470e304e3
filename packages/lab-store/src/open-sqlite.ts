import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { betterSqlite3Driver } from './better-sqlite3-driver.js';
import { nodeSqliteDriver, type NodeSqliteModule } from './node-sqlite-driver.js';
import type { SqliteDriver, SqliteDriverName } from './sqlite-driver.js';

/**
 * `node:sqlite` when this Node has it (≥ 22.13 unflagged, and Electron 45's main process since
 * electron/electron#47706), else `undefined`. `process.getBuiltinModule` is synchronous (so
 * opening a store stays synchronous) and invisible to bundlers. Loading the module prints an
 * ExperimentalWarning on Node 22; the CLI's stderr is its interface (and a test asserts it is
 * empty), so that one warning is dropped while the module loads, and every other one passes.
 */
export function loadNodeSqlite(): NodeSqliteModule | undefined {
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (!getBuiltinModule) return undefined;
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type ?? (warning instanceof Error ? warning.name : undefined);
    if (type === 'ExperimentalWarning' && /sqlite/i.test(text)) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return (getBuiltinModule.call(process, 'node:sqlite') as NodeSqliteModule | undefined) ?? undefined;
  } catch {
    // Node 22.5–22.12 know the name but refuse it without --experimental-sqlite: not available.
    return undefined;
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * better-sqlite3, when installed and built for this Node; else `undefined`. Required through
 * `createRequire` at call time, never imported: a bundler (electron-vite, for the studio's main
 * process) then leaves the native module out, and Electron never tries to load it.
 */
export function loadBetterSqlite3(): typeof BetterSqlite3 | undefined {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  } catch {
    return undefined;
  }
}

/** Why a driver asked for by name cannot be had here, in one sentence. */
function unavailable(name: SqliteDriverName): string {
  return name === 'node:sqlite'
    ? `node:sqlite is not available in Node ${process.version} (it needs Node 22.13 or later, or Electron 45)`
    : `better-sqlite3 is not installed or not built for Node ${process.version} (module version ${process.versions.modules})`;
}

/**
 * Opens (creating) a SQLite file through a driver. Without `driver` it picks `node:sqlite` when
 * this Node has it, else better-sqlite3: the built-in one needs no native module, which is what
 * lets Electron's main process keep runs in SQLite at all (better-sqlite3 there would need a
 * rebuild against Electron's headers); better-sqlite3 remains for Node 20, which has no
 * `node:sqlite`. Both write the same file format, so a database moves freely between them.
 *
 * @example
 * const db = openSqlite('lab.db'); // node:sqlite on Node 22, better-sqlite3 on Node 20
 */
export function openSqlite(file: string, options: { driver?: SqliteDriverName } = {}): SqliteDriver {
  if (options.driver !== 'better-sqlite3') {
    const sqlite = loadNodeSqlite();
    if (sqlite) return nodeSqliteDriver(new sqlite.DatabaseSync(file));
    if (options.driver === 'node:sqlite') throw new Error(`lab-store: ${unavailable('node:sqlite')}`);
  }
  const Database = loadBetterSqlite3();
  if (Database) return betterSqlite3Driver(new Database(file));
  if (options.driver === 'better-sqlite3') throw new Error(`lab-store: ${unavailable('better-sqlite3')}`);
  throw new Error(`lab-store: no SQLite driver here: ${unavailable('node:sqlite')}, and ${unavailable('better-sqlite3')}`);
}

/** The drivers this Node can open, and for each one it cannot, the reason (tests print it when they skip). */
export function sqliteDrivers(): { name: SqliteDriverName; available: boolean; reason?: string }[] {
  return (['node:sqlite', 'better-sqlite3'] as const).map((name) => {
    const loaded = name === 'node:sqlite' ? loadNodeSqlite() : loadBetterSqlite3();
    if (!loaded) return { name, available: false, reason: unavailable(name) };
    if (name === 'better-sqlite3') {
      // Installed for another Node (another module version): it fails only when opening a file.
      try {
        openSqlite(':memory:', { driver: name }).close();
      } catch (error) {
        return { name, available: false, reason: `${unavailable(name)}: ${(error as Error).message.split('\n')[0]}` };
      }
    }
    return { name, available: true };
  });
}
