import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeDriver, temporaryDatabase } from './driver-contract.fixture.js';
import { RunStore } from './run-store.js';
import { epochRecord, smallSweep } from './run-store.fixture.js';
import { SCHEMA_VERSION } from './schema.js';
import type { SqliteDriverName } from './sqlite-driver.js';

function runStoreSuite(driver: SqliteDriverName): void {
  const open = (file: string) => RunStore.open(file, { driver });

  it('stores a sweep’s runs, their epochs, weights, scores and filter review, and reads them back after reopening', () => {
    const file = temporaryDatabase();
    const { spec, variants, config } = smallSweep();
    const store = open(file);
    expect(store.driver).toBe(driver);
    const { sweepId, resumed } = store.upsertSweep(spec, 'hash-a', variants, config);
    expect(resumed).toBe(false);
    const runs = store.runs({ sweepId });
    expect(runs.map((r) => [r.key, r.status, r.seed])).toEqual([['v0/s0', 'pending', 0], ['v0/s1', 'pending', 1], ['v1/s0', 'pending', 0], ['v1/s1', 'pending', 1]]);
    const id = runs[0].id;
    expect(store.startRun(id)).toBeUndefined();
    store.addEpoch(id, epochRecord(1));
    store.addEpoch(id, epochRecord(2));
    const filters = { nodeId: 'conv1', threshold: 0.7, correlation: [[1]], clusters: [], images: [{ index: 0, channels: 1, height: 1, width: 2, values: [0.12345, 1] }] };
    store.finishRun(id, { status: 'done', test: { loss: 0.3, accuracy: 0.9 }, filters });
    store.finishRun(runs[1].id, { status: 'failed', error: 'out of memory' });
    store.close();

    const again = open(file);
    expect(again.upsertSweep(spec, 'hash-a', variants, config)).toEqual({ sweepId, resumed: true });
    const done = again.run(id);
    expect(done).toMatchObject({ status: 'done', testLoss: 0.3, testAccuracy: 0.9, testMeanIoU: null, epochs: 2, label: variants[0].label, config: config(0) });
    expect(again.run(runs[1].id)).toMatchObject({ status: 'failed', error: 'out of memory' });
    expect(again.history(id)).toEqual([epochRecord(1).metrics, epochRecord(2).metrics]);
    expect(again.snapshots(id)).toEqual([epochRecord(1).snapshot, epochRecord(2).snapshot]);
    const weights = again.weights(id);
    expect(weights?.epoch).toBe(2);
    expect([...(weights?.bytes ?? [])]).toEqual([...epochRecord(2).weights]);
    // The review's probe images are kept to three decimals.
    expect(again.filters(id)?.images[0].values).toEqual([0.123, 1]);
    expect(again.variants(sweepId).map((v) => v.id)).toEqual(variants.map((v) => v.id));
    expect(again.integrity()).toBe('ok');
    again.close();
  });

  it('resumes a run cut short from its last finished epoch, with that epoch’s weights and checkpoint', () => {
    const { spec, variants, config } = smallSweep();
    const store = open(temporaryDatabase());
    const { sweepId } = store.upsertSweep(spec, 'h', variants, config);
    const id = store.runs({ sweepId })[0].id;
    store.startRun(id);
    store.addEpoch(id, epochRecord(1));
    store.addEpoch(id, epochRecord(2));
    // Stopped here (a kill, Stop); the next start continues it.
    const resume = store.startRun(id);
    expect(resume?.checkpoint).toMatchObject({ epochsDone: 2, forwardCount: 20, optimizerStep: 10 });
    expect([...(resume?.weights ?? [])]).toEqual([...epochRecord(2).weights]);
    expect([...(resume?.checkpoint.optimizer ?? [])]).toEqual([...epochRecord(2).checkpoint.optimizer]);
    expect(store.history(id).map((m) => m.epoch)).toEqual([1, 2]);
    expect(store.run(id)?.status).toBe('running');
    store.close();
  });

  it('starts a run over when its stored epochs do not match its checkpoint', () => {
    const { spec, variants, config } = smallSweep();
    const store = open(temporaryDatabase());
    const { sweepId } = store.upsertSweep(spec, 'h', variants, config);
    const id = store.runs({ sweepId })[0].id;
    store.addEpoch(id, epochRecord(1));
    store.addEpoch(id, { ...epochRecord(2), checkpoint: { ...epochRecord(2).checkpoint, epochsDone: 1 } });
    expect(store.startRun(id)).toBeUndefined();
    expect(store.history(id)).toEqual([]);
    expect(store.weights(id)).toBeUndefined();
    store.close();
  });

  it('refuses a database from a newer ConvStudio, and a file that is not a database', () => {
    const newer = temporaryDatabase();
    const store = open(newer);
    store.db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1));
    store.close();
    expect(() => open(newer)).toThrow(`this run database was written by a newer ConvStudio (schema ${SCHEMA_VERSION + 1}; this one reads ${SCHEMA_VERSION})`);
    const text = temporaryDatabase();
    writeFileSync(text, 'not a database, just text that is long enough to fill a header page '.repeat(20));
    expect(() => open(text)).toThrow(/not a database|file is not a database/);
  });
}

describeDriver('better-sqlite3', () => runStoreSuite('better-sqlite3'));
describeDriver('node:sqlite', () => runStoreSuite('node:sqlite'));
