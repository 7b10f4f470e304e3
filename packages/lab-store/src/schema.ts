import type { SqliteDriver } from './sqlite-driver.js';

// 2: runs gained test_mean_iou, test_image_accuracy (segmentation) and filters_json (the first-layer
// review, without its images); a version 1 file gets them on open.
export const SCHEMA_VERSION = 2;

export const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sweeps (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  spec_hash TEXT NOT NULL UNIQUE,
  spec_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS variants (
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  variant_id TEXT NOT NULL,
  label TEXT NOT NULL,
  settings_json TEXT NOT NULL,
  valid INTEGER NOT NULL,
  pipeline_json TEXT,
  pipeline_hash TEXT,
  params INTEGER,
  macs INTEGER,
  issues_json TEXT,
  PRIMARY KEY (sweep_id, variant_id)
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  run_key TEXT NOT NULL,
  variant_id TEXT NOT NULL,
  pipeline_hash TEXT NOT NULL,
  seed INTEGER NOT NULL,
  config_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  error TEXT,
  test_loss REAL,
  test_accuracy REAL,
  test_mean_iou REAL,
  test_image_accuracy REAL,
  filters_json TEXT,
  started_at TEXT,
  finished_at TEXT,
  UNIQUE (sweep_id, run_key)
);
CREATE TABLE IF NOT EXISTS epochs (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  train_loss REAL NOT NULL,
  train_accuracy REAL NOT NULL,
  validation_loss REAL,
  validation_accuracy REAL,
  duration_ms REAL NOT NULL,
  indicators_json TEXT,
  PRIMARY KEY (run_id, epoch)
);
CREATE TABLE IF NOT EXISTS weights (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  cswb BLOB NOT NULL,
  checkpoint_json TEXT,
  optimizer BLOB
);
`;

/** Brings an older file's tables up to this schema (CREATE TABLE IF NOT EXISTS leaves old tables as they were). */
export function migrate(db: SqliteDriver): void {
  const columnsOf = (table: string) => new Set(db.prepare<{ name: string }>(`PRAGMA table_info(${table})`).all().map((c) => c.name));
  const columns = columnsOf('runs');
  db.transaction(() => {
    if (!columns.has('test_mean_iou')) db.exec('ALTER TABLE runs ADD COLUMN test_mean_iou REAL');
    if (!columns.has('test_image_accuracy')) db.exec('ALTER TABLE runs ADD COLUMN test_image_accuracy REAL');
    if (!columns.has('filters_json')) db.exec('ALTER TABLE runs ADD COLUMN filters_json TEXT');
    const weightColumns = columnsOf('weights');
    if (!weightColumns.has('checkpoint_json')) db.exec('ALTER TABLE weights ADD COLUMN checkpoint_json TEXT');
    if (!weightColumns.has('optimizer')) db.exec('ALTER TABLE weights ADD COLUMN optimizer BLOB');
  });
}
