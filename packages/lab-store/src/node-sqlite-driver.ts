import { refusePromise, type SqlStatement, type SqliteDriver, type SqlValue } from './sqlite-driver.js';

/**
 * The part of `node:sqlite`'s DatabaseSync used here. Declared locally: the repository's
 * @types/node is Node 20's, which has no `node:sqlite`.
 */
export interface DatabaseSyncLike {
  exec(sql: string): void;
  prepare(sql: string): {
    run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
    get(...params: SqlValue[]): unknown;
    all(...params: SqlValue[]): unknown[];
  };
  close(): void;
  /** Node ≥ 22.16; older 22.x lack it. */
  readonly isTransaction?: boolean;
}

/** `node:sqlite` as `process.getBuiltinModule` gives it. */
export interface NodeSqliteModule {
  DatabaseSync: new (file: string, options?: Record<string, unknown>) => DatabaseSyncLike;
}

/**
 * The run store on Node's built-in SQLite (`node:sqlite`, Node ≥ 22.13 and Electron 45's main
 * process): no native module to build. DatabaseSync has no transaction helper, so this one
 * writes BEGIN IMMEDIATE / COMMIT / ROLLBACK itself, as better-sqlite3's helper does: nested
 * calls use SAVEPOINTs, a throw or a returned promise rolls everything back.
 *
 * @example
 * const db = nodeSqliteDriver(new (process.getBuiltinModule('node:sqlite').DatabaseSync)('lab.db'));
 */
export function nodeSqliteDriver(db: DatabaseSyncLike): SqliteDriver {
  let depth = 0;
  const undo = (savepoint: string | undefined) => {
    // Some errors (a full disk, an interrupted I/O) make SQLite roll the transaction back itself;
    // then there is nothing left to undo, and ROLLBACK would only fail with "no transaction is active".
    if (db.isTransaction === false) return;
    try {
      db.exec(savepoint ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : 'ROLLBACK');
    } catch (rollbackError) {
      // Only reached on a Node without isTransaction after SQLite already rolled back: the
      // caller's error, thrown on below, is the one that says what went wrong.
      void rollbackError;
    }
  };
  return {
    name: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    prepare: <Row>(sql: string): SqlStatement<Row> => {
      const statement = db.prepare(sql);
      return {
        run: (...params) => statement.run(...params),
        get: (...params) => statement.get(...params) as Row | undefined,
        all: (...params) => statement.all(...params) as Row[],
      };
    },
    transaction<T>(work: () => T): T {
      const savepoint = depth > 0 ? `lab_store_${depth}` : undefined;
      db.exec(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN IMMEDIATE');
      depth++;
      try {
        const result = work();
        refusePromise(result);
        db.exec(savepoint ? `RELEASE ${savepoint}` : 'COMMIT');
        return result;
      } catch (error) {
        undo(savepoint);
        throw error;
      } finally {
        depth--;
      }
    },
    close: () => db.close(),
  };
}
