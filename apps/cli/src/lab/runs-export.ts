import type { RunStore, StoredRun } from '@convstudio/lab-store';

const columns = [
  'run_id', 'sweep_id', 'sweep', 'variant_id', 'variant', 'seed', 'status', 'pipeline_hash', 'params', 'macs', 'test_loss', 'test_accuracy', 'test_mean_iou', 'test_image_accuracy',
  'epoch', 'train_loss', 'train_accuracy', 'validation_loss', 'validation_accuracy', 'epoch_ms', 'dataset', 'optimizer', 'learning_rate', 'batch_size', 'code_version',
] as const;

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Runs as CSV, one row per run and epoch (a run without epochs gets one row with empty epoch
 * columns), so a spreadsheet or pandas can plot learning curves straight from it.
 */
export function runsToCsv(store: RunStore, runs: readonly StoredRun[]): string {
  const rows: string[] = [columns.join(',')];
  for (const r of runs) {
    const common = [r.id, r.sweepId, r.sweepName, r.variantId, r.label, r.seed, r.status, r.pipelineHash, r.params, r.macs, r.testLoss, r.testAccuracy, r.testMeanIoU, r.testImageAccuracy];
    const config = [r.config.data.dataset, r.config.hyperparameters.optimizer.kind, r.config.hyperparameters.optimizer.learningRate ?? 0.001, r.config.hyperparameters.batchSize, r.config.codeVersion];
    const history = store.history(r.id);
    const epochs = history.length ? history.map((m) => [m.epoch, m.trainLoss, m.trainAccuracy, m.validationLoss, m.validationAccuracy, m.durationMs]) : [[null, null, null, null, null, null]];
    for (const e of epochs) rows.push([...common, ...e, ...config].map(csvField).join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** Runs as JSON: each with its configuration, per-epoch history and indicator snapshots. */
export function runsToJson(store: RunStore, runs: readonly StoredRun[]): string {
  const body = runs.map((r) => ({ ...r, history: store.history(r.id), indicators: store.snapshots(r.id) }));
  return `${JSON.stringify({ format: 'convstudio-runs', version: 1, runs: body }, null, 2)}\n`;
}
