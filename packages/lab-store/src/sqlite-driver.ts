/**
 * A value SQLite binds and returns through both drivers. BLOBs come back as `Uint8Array`
 * (better-sqlite3 gives a `Buffer`, which is one); integers as numbers.
 */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** A prepared statement: the three calls the run store makes. */
export interface SqlStatement<Row> {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  /** The first row, or `undefined` when there is none. */
  get(...params: SqlValue[]): Row | undefined;
  all(...params: SqlValue[]): Row[];
}

/** Which SQLite library is underneath. */
export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';

/**
 * The seam between the run store and a synchronous SQLite library: exactly what the store uses.
 * `transaction` runs `work` at once inside BEGIN IMMEDIATE … COMMIT (a nested call inside a
 * SAVEPOINT) and keeps its all-or-nothing meaning on both drivers: when `work` throws, or
 * returns a promise (whose work would land after COMMIT), everything it wrote is rolled back and
 * the error is thrown on.
 *
 * @example
 * const db = openSqlite('lab.db');
 * db.transaction(() => db.prepare('INSERT INTO t (x) VALUES (?)').run(1));
 */
export interface SqliteDriver {
  readonly name: SqliteDriverName;
  exec(sql: string): void;
  prepare<Row = Record<string, SqlValue>>(sql: string): SqlStatement<Row>;
  transaction<T>(work: () => T): T;
  close(): void;
}

/** `work`'s result was a promise: a transaction body must be synchronous. */
export function refusePromise(result: unknown): void {
  if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof (result as { then?: unknown }).then === 'function') {
    throw new TypeError('transaction: the work returned a promise; a transaction body must be synchronous (its writes would land after COMMIT)');
  }
}
