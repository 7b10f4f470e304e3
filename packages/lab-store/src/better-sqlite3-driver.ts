import type BetterSqlite3 from 'better-sqlite3';
import type { SqlStatement, SqliteDriver, SqlValue } from './sqlite-driver.js';

/**
 * The run store on better-sqlite3, a native module: Node 20 (the CLI today), where `node:sqlite`
 * does not exist. The module is passed in, not imported here, so a bundle of this package for
 * Electron's main process never pulls the native module in (see open-sqlite.ts).
 *
 * @example
 * const db = betterSqlite3Driver(new Database('lab.db'));
 */
export function betterSqlite3Driver(db: BetterSqlite3.Database): SqliteDriver {
  return {
    name: 'better-sqlite3',
    exec: (sql) => void db.exec(sql),
    prepare: <Row>(sql: string): SqlStatement<Row> => {
      const statement = db.prepare<SqlValue[], Row>(sql);
      return {
        run: (...params) => statement.run(...params),
        get: (...params) => statement.get(...params),
        all: (...params) => statement.all(...params),
      };
    },
    // Its own helper: BEGIN IMMEDIATE (the write lock taken up front, so a second writer waits at
    // BEGIN instead of failing halfway), SAVEPOINTs when nested, ROLLBACK on a throw or a promise.
    transaction: <T>(work: () => T): T => db.transaction(work).immediate(),
    close: () => void db.close(),
  };
}
