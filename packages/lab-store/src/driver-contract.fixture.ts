import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite, sqliteDrivers } from './open-sqlite.js';
import type { SqliteDriver, SqliteDriverName } from './sqlite-driver.js';

/**
 * Set (by the Node 22 test) when the run must not skip `node:sqlite`: a skip there would pass
 * silently what it was started to check.
 */
export const REQUIRE_DRIVER_ENV = 'LAB_STORE_REQUIRE_DRIVER';

/**
 * `describe` for one driver when this Node has it; otherwise a skipped `describe` whose title says
 * why (printed in the test report), unless {@link REQUIRE_DRIVER_ENV} names it: then it fails.
 */
export function describeDriver(name: SqliteDriverName, body: () => void): void {
  const found = sqliteDrivers().find((d) => d.name === name);
  if (found?.available) {
    describe(name, body);
  } else if (process.env[REQUIRE_DRIVER_ENV] === name) {
    describe(name, () => it('is available (required by the caller)', () => expect.fail(found?.reason ?? `${name}: unknown driver`)));
  } else describe.skip(`${name} (skipped: ${found?.reason})`, body);
}

const folders: string[] = [];
afterAll(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

/** A fresh database file in its own temporary folder. */
export function temporaryDatabase(): string {
  const folder = mkdtempSync(join(tmpdir(), 'lab-store-'));
  folders.push(folder);
  return join(folder, 'test.sqlite');
}

const count = (db: SqliteDriver) => db.prepare<{ n: number }>('SELECT COUNT(*) AS n FROM t').get()?.n;

/**
 * What the run store needs from a driver, checked the same way on each (tinygrad's one suite
 * per device): values round-trip with their types, and `transaction` is all or nothing.
 */
export function driverContract(name: SqliteDriverName): void {
  const open = (file = temporaryDatabase()) => {
    const db = openSqlite(file, { driver: name });
    // No waiting on a lock: the lock tests want the refusal at once.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 0');
    db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, x INTEGER, r REAL, s TEXT, b BLOB, UNIQUE (s))');
    return db;
  };

  it('is the driver asked for', () => {
    const db = open();
    expect(db.name).toBe(name);
    db.close();
  });

  it('round-trips every value type, with run’s row id and change count', () => {
    const db = open();
    const insert = db.prepare('INSERT INTO t (x, r, s, b) VALUES (?, ?, ?, ?)');
    const bytes = new Uint8Array([0, 1, 254, 255]);
    expect(insert.run(42, 0.25, 'ä\u{1F600}', bytes)).toEqual({ changes: 1, lastInsertRowid: 1 });
    expect(Number(insert.run(null, null, null, null).lastInsertRowid)).toBe(2);
    const row = db.prepare<{ x: number; r: number; s: string; b: Uint8Array }>('SELECT x, r, s, b FROM t WHERE id = ?').get(1);
    expect(row?.x).toBe(42);
    expect(row?.r).toBe(0.25);
    expect(row?.s).toBe('ä\u{1F600}');
    expect(row?.b).toBeInstanceOf(Uint8Array);
    expect([...(row?.b ?? [])]).toEqual([0, 1, 254, 255]);
    expect({ ...db.prepare('SELECT x, r, s, b FROM t WHERE id = 2').get() }).toEqual({ x: null, r: null, s: null, b: null });
    expect(db.prepare('SELECT * FROM t WHERE id = ?').get(99)).toBeUndefined();
    expect(db.prepare('SELECT * FROM t WHERE id > ?').all(99)).toEqual([]);
    expect(db.prepare<{ id: number }>('SELECT id FROM t ORDER BY id').all().map((r) => r.id)).toEqual([1, 2]);
    expect(db.prepare('UPDATE t SET x = 0').run().changes).toBe(2);
    db.close();
  });

  it('commits a transaction’s writes and returns its result', () => {
    const db = open();
    const result = db.transaction(() => {
      db.prepare('INSERT INTO t (x) VALUES (?)').run(1);
      db.prepare('INSERT INTO t (x) VALUES (?)').run(2);
      return 'both';
    });
    expect(result).toBe('both');
    expect(count(db)).toBe(2);
    db.close();
  });

  it('rolls back everything a transaction wrote when it throws, and throws that error on', () => {
    const db = open();
    db.prepare("INSERT INTO t (s) VALUES ('kept')").run();
    const failure = new Error('epoch lost');
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO t (x) VALUES (?)').run(1);
        throw failure;
      }),
    ).toThrow(failure);
    // A statement that fails inside: SQLite's own error, and nothing of the transaction kept.
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO t (x) VALUES (?)').run(2);
        db.prepare("INSERT INTO t (s) VALUES ('kept')").run();
      }),
    ).toThrow(/UNIQUE constraint failed/);
    expect(db.prepare<{ s: string | null }>('SELECT s FROM t').all().map((r) => r.s)).toEqual(['kept']);
    // The connection is usable again: no transaction was left open.
    db.transaction(() => db.prepare('INSERT INTO t (x) VALUES (3)').run());
    expect(count(db)).toBe(2);
    db.close();
  });

  it('refuses a transaction body that returns a promise, keeping none of its writes', () => {
    const db = open();
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO t (x) VALUES (1)').run();
        return Promise.resolve();
      }),
    ).toThrow(/promise/);
    expect(count(db)).toBe(0);
    db.close();
  });

  it('nests: an inner transaction that throws undoes only its own writes', () => {
    const db = open();
    db.transaction(() => {
      db.prepare('INSERT INTO t (x) VALUES (1)').run();
      expect(() =>
        db.transaction(() => {
          db.prepare('INSERT INTO t (x) VALUES (2)').run();
          throw new Error('inner');
        }),
      ).toThrow('inner');
      db.transaction(() => db.prepare('INSERT INTO t (x) VALUES (3)').run());
    });
    expect(db.prepare<{ x: number }>('SELECT x FROM t ORDER BY x').all().map((r) => r.x)).toEqual([1, 3]);
    db.close();
  });

  it('takes the write lock at BEGIN (IMMEDIATE): a second connection cannot start one meanwhile', () => {
    const file = temporaryDatabase();
    const a = open(file);
    const b = open(file);
    a.transaction(() => {
      a.prepare('INSERT INTO t (x) VALUES (1)').run();
      // A deferred BEGIN would let b's read-only transaction start; IMMEDIATE refuses it at once.
      expect(() => b.transaction(() => b.prepare('SELECT COUNT(*) FROM t').get())).toThrow(/locked|busy/i);
    });
    // Once a has committed, b sees the row and can write.
    expect(count(b)).toBe(1);
    b.transaction(() => b.prepare('INSERT INTO t (x) VALUES (2)').run());
    expect(count(a)).toBe(2);
    a.close();
    b.close();
  });

  it('keeps committed rows in the file for the next connection', () => {
    const file = temporaryDatabase();
    const first = open(file);
    first.transaction(() => first.prepare('INSERT INTO t (b) VALUES (?)').run(new Uint8Array(1000).fill(7)));
    first.close();
    const second = open(file);
    const blob = second.prepare<{ b: Uint8Array }>('SELECT b FROM t').get()?.b;
    expect(blob?.length).toBe(1000);
    expect(blob?.every((v) => v === 7)).toBe(true);
    second.close();
    expect(() => second.prepare('SELECT 1')).toThrow();
  });
}
