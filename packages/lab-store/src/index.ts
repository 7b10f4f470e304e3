// @convstudio/lab-store: the saturation lab's run database for Node (the CLI, and the desktop
// studio's main process). Never imported by browser code: it needs a SQLite driver.
export { RunStore, type RunConfig, type RunStatus, type StoredRun, type StoredSweep } from './run-store.js';
export { SCHEMA_VERSION } from './schema.js';
export { openSqlite, sqliteDrivers } from './open-sqlite.js';
export type { SqlStatement, SqliteDriver, SqliteDriverName, SqlValue } from './sqlite-driver.js';
