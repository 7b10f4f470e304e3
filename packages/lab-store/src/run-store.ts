import type { EpochMetrics, EpochRecord, FilterClusterReport, IndicatorSnapshot, InvalidVariant, RunCheckpoint, RunResume, RunTestScore, SweepSpec, ValidVariant, Variant } from '@convstudio/core';
import { openSqlite } from './open-sqlite.js';
import { migrate, schema, SCHEMA_VERSION } from './schema.js';
import type { SqliteDriver, SqliteDriverName } from './sqlite-driver.js';

// Every run of every sweep in one SQLite file, through a synchronous driver (node:sqlite or
// better-sqlite3, see open-sqlite.ts), so each write below is one transaction that either lands
// whole or not at all. WAL journal with synchronous=FULL: a process killed at any point (SIGKILL
// included) leaves the last committed epoch and nothing half written; the CLI's
// sweep-kill.test.ts and this package's kill test check it.

/** How a run stands. */
export type RunStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/** The configuration stored with each run: enough to rerun it exactly. */
export interface RunConfig {
  hyperparameters: SweepSpec['training'];
  data: SweepSpec['data'];
  seed: number;
  codeVersion: string;
}

/** A run as listed. */
export interface StoredRun {
  id: number;
  sweepId: number;
  sweepName: string;
  key: string;
  variantId: string;
  label: string;
  pipelineHash: string;
  seed: number;
  status: RunStatus;
  error: string | null;
  testLoss: number | null;
  testAccuracy: number | null;
  /** Segmentation data: mean IoU of the test class maps. */
  testMeanIoU: number | null;
  /** Segmentation data, whole-image model: its accuracy at naming the digit. */
  testImageAccuracy: number | null;
  params: number | null;
  macs: number | null;
  epochs: number;
  startedAt: string | null;
  finishedAt: string | null;
  config: RunConfig;
}

/** A stored sweep. */
export interface StoredSweep {
  id: number;
  name: string;
  specHash: string;
  spec: SweepSpec;
  createdAt: string;
}

type RunRow = {
  id: number; sweep_id: number; sweep_name: string; run_key: string; variant_id: string; label: string; pipeline_hash: string; seed: number; status: RunStatus;
  error: string | null; test_loss: number | null; test_accuracy: number | null; test_mean_iou: number | null; test_image_accuracy: number | null; params: number | null; macs: number | null; epochs: number;
  started_at: string | null; finished_at: string | null; config_json: string;
};

const runSelect = `
SELECT r.*, s.name AS sweep_name, v.label, v.params, v.macs, (SELECT COUNT(*) FROM epochs e WHERE e.run_id = r.id) AS epochs
FROM runs r JOIN sweeps s ON s.id = r.sweep_id JOIN variants v ON v.sweep_id = r.sweep_id AND v.variant_id = r.variant_id`;

function toRun(row: RunRow): StoredRun {
  return {
    id: row.id, sweepId: row.sweep_id, sweepName: row.sweep_name, key: row.run_key, variantId: row.variant_id, label: row.label, pipelineHash: row.pipeline_hash,
    seed: row.seed, status: row.status, error: row.error, testLoss: row.test_loss, testAccuracy: row.test_accuracy, testMeanIoU: row.test_mean_iou, testImageAccuracy: row.test_image_accuracy, params: row.params, macs: row.macs,
    epochs: row.epochs, startedAt: row.started_at, finishedAt: row.finished_at, config: JSON.parse(row.config_json) as RunConfig,
  };
}

const now = () => new Date().toISOString();

/**
 * The lab's database of sweeps, variants, runs, per-epoch metrics with indicator snapshots, and
 * each run's latest weights (CSWB v2). Opening creates the file and its tables when missing and
 * refuses a file from a newer ConvStudio.
 *
 * @example
 * const store = RunStore.open('lab.db');
 * const sweep = store.upsertSweep(spec, hash, variants, configOf);
 */
export class RunStore {
  private constructor(readonly db: SqliteDriver) {}

  /** Opens (creating) `file`; `driver` forces one (tests), else node:sqlite where Node has it, else better-sqlite3. */
  static open(file: string, options: { driver?: SqliteDriverName } = {}): RunStore {
    const db = openSqlite(file, options);
    try {
      // busy_timeout first: setting WAL needs a lock another process (a reader) may hold briefly.
      db.exec('PRAGMA busy_timeout = 5000');
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = FULL');
      db.exec('PRAGMA foreign_keys = ON');
      db.exec(schema);
      const version = db.prepare<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").get();
      if (version && Number(version.value) > SCHEMA_VERSION) throw new Error(`${file}: this run database was written by a newer ConvStudio (schema ${version.value}; this one reads ${SCHEMA_VERSION})`);
      migrate(db);
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
      return new RunStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Which SQLite library this store writes through. */
  get driver(): SqliteDriverName {
    return this.db.name;
  }

  close(): void {
    this.db.close();
  }

  /** `PRAGMA integrity_check`: 'ok' for a sound file. */
  integrity(): string {
    return this.db.prepare<{ integrity_check: string }>('PRAGMA integrity_check').all().map((r) => r.integrity_check).join('; ') || 'no answer';
  }

  /**
   * The sweep with this spec hash, created with its variants and one pending run per valid variant
   * and seed when new; an existing one is returned as it is (its finished runs are kept: resuming).
   */
  upsertSweep(spec: SweepSpec, specHash: string, variants: readonly Variant[], config: (seed: number) => RunConfig): { sweepId: number; resumed: boolean } {
    const existing = this.db.prepare<{ id: number }>('SELECT id FROM sweeps WHERE spec_hash = ?').get(specHash);
    if (existing) return { sweepId: existing.id, resumed: true };
    const sweepId = this.db.transaction(() => {
      const sweepId = Number(this.db.prepare('INSERT INTO sweeps (name, spec_hash, spec_json, created_at) VALUES (?, ?, ?, ?)').run(spec.name, specHash, JSON.stringify(spec), now()).lastInsertRowid);
      const addVariant = this.db.prepare('INSERT INTO variants (sweep_id, variant_id, label, settings_json, valid, pipeline_json, pipeline_hash, params, macs, issues_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const addRun = this.db.prepare("INSERT INTO runs (sweep_id, run_key, variant_id, pipeline_hash, seed, config_json, status) VALUES (?, ?, ?, ?, ?, ?, 'pending')");
      for (const v of variants) {
        if (v.ok) {
          addVariant.run(sweepId, v.id, v.label, JSON.stringify(v.settings), 1, JSON.stringify(v.pipeline), v.hash, v.params, v.macs, null);
          for (const seed of spec.seeds) addRun.run(sweepId, `${v.id}/s${seed}`, v.id, v.hash, seed, JSON.stringify(config(seed)));
        } else {
          addVariant.run(sweepId, v.id, v.label, JSON.stringify(v.settings), 0, null, null, null, null, JSON.stringify((v as InvalidVariant).issues));
        }
      }
      return sweepId;
    });
    return { sweepId, resumed: false };
  }

  /**
   * Marks a run as started, and says where it starts. A run cut short after finished epochs (a
   * kill, Ctrl-C, a crash) continues from its last one: its weights and checkpoint (optimizer
   * state, batch order, dropout) make the rest train exactly as if it never stopped, so at most
   * the epoch in progress is lost. Without a whole checkpoint (an older database) its epochs are
   * deleted in the same transaction and it starts over: every stored run is one training from
   * its seed, so runs compare.
   */
  startRun(runId: number): RunResume | undefined {
    return this.db.transaction(() => {
      const resume = this.resumePoint(runId);
      if (!resume) {
        this.db.prepare('DELETE FROM epochs WHERE run_id = ?').run(runId);
        this.db.prepare('DELETE FROM weights WHERE run_id = ?').run(runId);
      }
      this.db.prepare("UPDATE runs SET status = 'running', error = NULL, started_at = ?, finished_at = NULL, test_loss = NULL, test_accuracy = NULL, test_mean_iou = NULL, test_image_accuracy = NULL, filters_json = NULL WHERE id = ?").run(now(), runId);
      return resume;
    });
  }

  /** The last finished epoch's weights and checkpoint, when the run's stored epochs are 1..k with both for k. */
  private resumePoint(runId: number): RunResume | undefined {
    const row = this.db.prepare<{ epoch: number; cswb: Uint8Array; checkpoint_json: string | null; optimizer: Uint8Array | null }>('SELECT epoch, cswb, checkpoint_json, optimizer FROM weights WHERE run_id = ?').get(runId);
    if (!row?.checkpoint_json || !row.optimizer) return undefined;
    const epochs = this.db.prepare<{ n: number; top: number | null }>('SELECT COUNT(*) AS n, MAX(epoch) AS top FROM epochs WHERE run_id = ?').get(runId);
    const counters = JSON.parse(row.checkpoint_json) as Omit<RunCheckpoint, 'optimizer'>;
    if (!epochs || epochs.n !== row.epoch || epochs.top !== row.epoch || counters.epochsDone !== row.epoch) return undefined;
    const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();
    return { weights: bytes(row.cswb), checkpoint: { ...counters, optimizer: bytes(row.optimizer) } };
  }

  /** One epoch's metrics, indicator snapshot and weights, in one transaction. */
  addEpoch(runId: number, record: EpochRecord): void {
    const m = record.metrics;
    this.db.transaction(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO epochs (run_id, epoch, train_loss, train_accuracy, validation_loss, validation_accuracy, duration_ms, indicators_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(runId, m.epoch, m.trainLoss, m.trainAccuracy, m.validationLoss ?? null, m.validationAccuracy ?? null, m.durationMs, JSON.stringify(record.snapshot));
      const { optimizer, ...counters } = record.checkpoint;
      this.db
        .prepare('INSERT OR REPLACE INTO weights (run_id, epoch, cswb, checkpoint_json, optimizer) VALUES (?, ?, ?, ?, ?)')
        .run(runId, m.epoch, Buffer.from(record.weights.buffer, record.weights.byteOffset, record.weights.byteLength), JSON.stringify(counters), Buffer.from(optimizer.buffer, optimizer.byteOffset, optimizer.byteLength));
    });
  }

  finishRun(runId: number, outcome: { status: 'done'; test: RunTestScore; filters?: FilterClusterReport } | { status: 'failed'; error: string } | { status: 'cancelled' }): void {
    const test = outcome.status === 'done' ? outcome.test : undefined;
    // The review keeps the probe images its peaks point into (a few per group), to three decimals:
    // enough for the report's picture, about a tenth of full float text.
    const filters = outcome.status === 'done' && outcome.filters ? JSON.stringify({ ...outcome.filters, images: outcome.filters.images.map((i) => ({ ...i, values: i.values.map((v) => Math.round(v * 1000) / 1000) })) }) : null;
    this.db
      .prepare('UPDATE runs SET status = ?, error = ?, test_loss = ?, test_accuracy = ?, test_mean_iou = ?, test_image_accuracy = ?, filters_json = ?, finished_at = ? WHERE id = ?')
      .run(outcome.status, outcome.status === 'failed' ? outcome.error : null, test?.loss ?? null, test?.accuracy ?? null, test?.meanIoU ?? null, test?.imageAccuracy ?? null, filters, now(), runId);
  }

  /** A finished run's first-layer filter review (groups, peaks and the probe images they point into), if it had a conv layer. */
  filters(runId: number): FilterClusterReport | undefined {
    const row = this.db.prepare<{ filters_json: string | null }>('SELECT filters_json FROM runs WHERE id = ?').get(runId);
    return row?.filters_json ? (JSON.parse(row.filters_json) as FilterClusterReport) : undefined;
  }

  sweeps(): StoredSweep[] {
    return this.db
      .prepare<{ id: number; name: string; spec_hash: string; spec_json: string; created_at: string }>('SELECT * FROM sweeps ORDER BY id')
      .all()
      .map((r) => ({ id: r.id, name: r.name, specHash: r.spec_hash, spec: JSON.parse(r.spec_json) as SweepSpec, createdAt: r.created_at }));
  }

  runs(filter: { sweepId?: number; status?: RunStatus } = {}): StoredRun[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.sweepId !== undefined) {
      where.push('r.sweep_id = ?');
      args.push(filter.sweepId);
    }
    if (filter.status !== undefined) {
      where.push('r.status = ?');
      args.push(filter.status);
    }
    const sql = `${runSelect}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id`;
    return this.db.prepare<RunRow>(sql).all(...args).map(toRun);
  }

  run(runId: number): StoredRun | undefined {
    const row = this.db.prepare<RunRow>(`${runSelect} WHERE r.id = ?`).get(runId);
    return row && toRun(row);
  }

  history(runId: number): EpochMetrics[] {
    type Row = { epoch: number; train_loss: number; train_accuracy: number; validation_loss: number | null; validation_accuracy: number | null; duration_ms: number };
    return this.db
      .prepare<Row>('SELECT epoch, train_loss, train_accuracy, validation_loss, validation_accuracy, duration_ms FROM epochs WHERE run_id = ? ORDER BY epoch')
      .all(runId)
      .map((r) => ({
        epoch: r.epoch, trainLoss: r.train_loss, trainAccuracy: r.train_accuracy, durationMs: r.duration_ms,
        ...(r.validation_loss === null ? {} : { validationLoss: r.validation_loss }),
        ...(r.validation_accuracy === null ? {} : { validationAccuracy: r.validation_accuracy }),
      }));
  }

  snapshots(runId: number): IndicatorSnapshot[] {
    return this.db
      .prepare<{ indicators_json: string | null }>('SELECT indicators_json FROM epochs WHERE run_id = ? ORDER BY epoch')
      .all(runId)
      .flatMap((r) => (r.indicators_json ? [JSON.parse(r.indicators_json) as IndicatorSnapshot] : []));
  }

  weights(runId: number): { epoch: number; bytes: Uint8Array } | undefined {
    const row = this.db.prepare<{ epoch: number; cswb: Uint8Array }>('SELECT epoch, cswb FROM weights WHERE run_id = ?').get(runId);
    return row && { epoch: row.epoch, bytes: new Uint8Array(row.cswb.buffer, row.cswb.byteOffset, row.cswb.byteLength) };
  }

  /** The sweep's variants as generated (valid ones with pipelines, invalid ones with issues). */
  variants(sweepId: number): Variant[] {
    type Row = { variant_id: string; label: string; settings_json: string; valid: number; pipeline_json: string | null; pipeline_hash: string | null; params: number | null; macs: number | null; issues_json: string | null };
    return this.db
      .prepare<Row>('SELECT * FROM variants WHERE sweep_id = ? ORDER BY rowid')
      .all(sweepId)
      .map((r): Variant => {
        const settings = JSON.parse(r.settings_json) as Record<string, unknown>;
        if (!r.valid) return { ok: false, id: r.variant_id, label: r.label, settings, issues: JSON.parse(r.issues_json ?? '[]') as InvalidVariant['issues'] };
        return { ok: true, id: r.variant_id, label: r.label, settings, pipeline: JSON.parse(r.pipeline_json ?? '{}') as ValidVariant['pipeline'], hash: r.pipeline_hash ?? '', params: r.params ?? 0, macs: r.macs ?? 0, sameAs: [] };
      });
  }
}
