// Child process of kill.test.ts: writes epochs of one run as fast as it can, printing each
// epoch's number once its transaction has committed, until it is killed.
import { writeSync } from 'node:fs';
import { RunStore } from './run-store.js';
import { epochRecord, smallSweep } from './run-store.fixture.js';
import type { SqliteDriverName } from './sqlite-driver.js';

const [file, driver] = process.argv.slice(2) as [string, SqliteDriverName];
const store = RunStore.open(file, { driver });
const { spec, variants, config } = smallSweep();
const { sweepId } = store.upsertSweep(spec, 'kill', variants, config);
const id = store.runs({ sweepId })[0].id;
store.startRun(id);
for (let epoch = 1; ; epoch++) {
  store.addEpoch(id, epochRecord(epoch, 2_000_000));
  writeSync(1, `${epoch}\n`);
}
