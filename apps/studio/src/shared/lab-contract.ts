import type { EpochMetrics, FilterClusterReport, IndicatorSnapshot, RunCheckpoint, RunTestScore } from '@convstudio/core';
import { z } from 'zod';

/** The largest weights or optimizer state one lab message carries (the same bound as every IPC file). */
export const MAX_LAB_BYTES = 256 * 1024 * 1024;

// Typed as core's plain Uint8Array (any buffer), which is what the store and core's records hold.
const bytes = z.custom<Uint8Array>((b) => b instanceof Uint8Array && b.byteLength <= MAX_LAB_BYTES, `expected bytes (a Uint8Array of at most ${MAX_LAB_BYTES} bytes)`);
const count = z.number().int().nonnegative();
const runId = z.number().int().positive();
const failed = z.strictObject({ status: z.literal('error'), message: z.string() });
const saved = z.strictObject({ status: z.literal('saved') });

const metrics = z.strictObject({
  epoch: z.number().int().min(1),
  trainLoss: z.number(),
  trainAccuracy: z.number(),
  validationLoss: z.number().optional(),
  validationAccuracy: z.number().optional(),
  durationMs: z.number().nonnegative(),
}) satisfies z.ZodType<EpochMetrics>;

// The snapshot and the filter review are stored as JSON text and handed back to the page as they
// came: main never reads inside them, so only their outline is checked, and they keep core's types.
const snapshotOutline = z.looseObject({
  epoch: z.number().int().min(1),
  probeSize: count,
  activations: z.array(z.looseObject({ nodeId: z.string() })),
  layers: z.array(z.looseObject({ nodeId: z.string() })),
});
const snapshot = z.custom<IndicatorSnapshot>((v) => snapshotOutline.safeParse(v).success, 'expected an indicator snapshot (epoch, probeSize, activations[], layers[])');
const filtersOutline = z.looseObject({
  nodeId: z.string(),
  threshold: z.number(),
  correlation: z.array(z.array(z.number())),
  clusters: z.array(z.looseObject({})),
  images: z.array(z.looseObject({ index: count, channels: count, height: count, width: count, values: z.array(z.number()) })),
});
const filters = z.custom<FilterClusterReport>((v) => filtersOutline.safeParse(v).success, 'expected a filter review (nodeId, threshold, correlation, clusters[], images[])');
const checkpoint = z.strictObject({ epochsDone: count, forwardCount: count, optimizerStep: count, optimizer: bytes }) satisfies z.ZodType<RunCheckpoint>;
const test = z.strictObject({ loss: z.number(), accuracy: z.number(), meanIoU: z.number().optional(), imageAccuracy: z.number().optional() }) satisfies z.ZodType<RunTestScore>;

/** A finished run as the store gives it back (weights after its last epoch). */
const finishedRun = z.strictObject({
  key: z.string(),
  variantId: z.string(),
  seed: z.number(),
  status: z.literal('done'),
  history: z.array(metrics),
  snapshots: z.array(snapshot),
  test,
  weights: bytes.optional(),
  filters: filters.optional(),
});

/**
 * The lab's run database on the desktop (SQLite in the main process, `<userData>/lab-runs.sqlite`):
 * a sweep is opened by its spec (main parses it with core and derives its variants and key, so
 * the page cannot file runs under a sweep they do not belong to); runs are then addressed by the
 * ids the opening returned. One method per write the lab makes, each one transaction in main.
 */
export const labContract = {
  labOpenSweep: {
    request: z.strictObject({ spec: z.unknown() }),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('opened'), sweepId: runId, runs: z.array(z.strictObject({ id: runId, key: z.string() })), finished: z.array(finishedRun) }),
      failed,
    ]),
  },
  labStartRun: {
    request: z.strictObject({ runId }),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('started'), resume: z.strictObject({ history: z.array(metrics), snapshots: z.array(snapshot), weights: bytes, checkpoint }).optional() }),
      failed,
    ]),
  },
  labAddEpoch: {
    request: z.strictObject({ runId, metrics, snapshot, weights: bytes, checkpoint }),
    response: z.discriminatedUnion('status', [saved, failed]),
  },
  labFinishRun: {
    request: z.strictObject({
      runId,
      outcome: z.discriminatedUnion('status', [
        z.strictObject({ status: z.literal('done'), test, filters: filters.optional() }),
        z.strictObject({ status: z.literal('failed'), error: z.string().max(10_000) }),
        z.strictObject({ status: z.literal('cancelled') }),
      ]),
    }),
    response: z.discriminatedUnion('status', [saved, failed]),
  },
};
