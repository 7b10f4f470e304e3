import { summarizeRuns, paretoFront, type EpochMetrics, type ExperimentEvidence, type FilterClusterReport, type IndicatorSnapshot, type RunCheckpoint, type RunOutcome, type RunTestScore, type ValidVariant, type VariantSummary } from '@convstudio/core';
import type { KeyValueStore } from '../host/kv-store.js';

/** A run as the studio keeps it (in IndexedDB, under its sweep's key). */
export interface LabRun {
  key: string;
  variantId: string;
  seed: number;
  status: 'done' | 'failed';
  history: EpochMetrics[];
  snapshots: IndicatorSnapshot[];
  test?: RunTestScore;
  error?: string;
  /** Final weights, CSWB v2. */
  weights?: Uint8Array;
  /** The first conv layer's filters grouped by their maps on the probe images (core's clusterFilters). */
  filters?: FilterClusterReport;
}

const storeKey = (sweep: string) => `lab:${sweep}`;

/**
 * Finished runs of a sweep in the host's key-value store (IndexedDB on the web), so a stopped or
 * reloaded sweep resumes: runs found here are not trained again. A store that cannot be read
 * gives no runs (the sweep then trains them all) rather than an error.
 */
export const labRunStore = {
  async load(kv: KeyValueStore, sweep: string): Promise<LabRun[]> {
    try {
      return (await kv.get<LabRun[]>(storeKey(sweep))) ?? [];
    } catch {
      return [];
    }
  },
  async save(kv: KeyValueStore, sweep: string, runs: readonly LabRun[]): Promise<void> {
    await kv.set(storeKey(sweep), runs);
  },
};

/** A run cut short after finished epochs: what it had, and what continues it exactly (core's runVariant resume). */
export interface PartialLabRun {
  key: string;
  history: EpochMetrics[];
  snapshots: IndicatorSnapshot[];
  /** The weights and checkpoint after the last finished epoch. */
  weights: Uint8Array;
  checkpoint: RunCheckpoint;
}

const partialKey = (sweep: string, run: string) => `lab:${sweep}:partial:${run}`;

/**
 * Runs in progress, one entry each, rewritten after every epoch: a stopped or reloaded sweep
 * continues them from their last finished epoch (at most the epoch in progress is lost). An
 * entry that cannot be read, or does not match its run, is none: the run starts over.
 */
export const partialRunStore = {
  async load(kv: KeyValueStore, sweep: string, run: string): Promise<PartialLabRun | undefined> {
    try {
      const found = await kv.get<PartialLabRun>(partialKey(sweep, run));
      const whole = found && found.key === run && found.history.length === found.checkpoint.epochsDone && found.snapshots.length === found.history.length && found.weights instanceof Uint8Array;
      return whole ? found : undefined;
    } catch {
      return undefined;
    }
  },
  save: (kv: KeyValueStore, sweep: string, partial: PartialLabRun): Promise<void> => kv.set(partialKey(sweep, partial.key), partial),
  remove: (kv: KeyValueStore, sweep: string, run: string): Promise<void> => kv.del(partialKey(sweep, run)),
};

/** What the lab view plots: per-variant summaries, the Pareto fronts and the evidence for conclusions. */
export interface LabEvidence extends ExperimentEvidence {
  variants: ValidVariant[];
  summaries: VariantSummary[];
  paretoParams: Set<string>;
  paretoMacs: Set<string>;
}

/** ReLUs fed by a linear layer: where the document sees dense-layer ReLU saturation. */
function denseRelus(variant: ValidVariant): Set<string> {
  const kinds = new Map(variant.pipeline.nodes.map((n) => [n.id, n.kind]));
  return new Set(variant.pipeline.edges.filter((e) => kinds.get(e.target) === 'relu' && kinds.get(e.source) === 'linear').map((e) => e.target));
}

/**
 * The evidence of finished runs: summaries over seeds, Pareto fronts of accuracy against
 * parameters and MACs, and the mean dead-ReLU fraction of the dense layers at each run's end.
 */
export function labEvidence(variants: readonly ValidVariant[], runs: readonly LabRun[]): LabEvidence {
  const done = runs.filter((r) => r.status === 'done');
  const outcomes: RunOutcome[] = done.map((r) => ({ variantId: r.variantId, seed: r.seed, history: r.history, ...(r.test ? { test: r.test } : {}) }));
  const summaries = summarizeRuns(outcomes);
  const accuracy = new Map(summaries.map((s) => [s.variantId, s.accuracy.mean]));
  const finished = variants.filter((v) => accuracy.has(v.id));
  const front = (cost: (v: ValidVariant) => number) => new Set(paretoFront(finished.map((v) => ({ id: v.id, accuracy: accuracy.get(v.id) as number, cost: cost(v) }))).map((p) => p.id));
  const deadFractions = new Map<string, number>();
  for (const v of finished) {
    const ids = denseRelus(v);
    const fractions = done
      .filter((r) => r.variantId === v.id)
      .flatMap((r) => r.snapshots.at(-1)?.activations.filter((a) => ids.has(a.nodeId)).map((a) => a.deadFraction) ?? []);
    if (fractions.length) deadFractions.set(v.id, fractions.reduce((a, b) => a + b, 0) / fractions.length);
  }
  return { variants: [...variants], summaries, paretoParams: front((v) => v.params), paretoMacs: front((v) => v.macs), deadFractions };
}
