import type { EpochMetrics, FilterClusterReport, IndicatorSnapshot, RunCheckpoint, RunJob, RunResume, RunTestScore, SweepSpec, TrainingProgress } from '@convstudio/core';
import type { RunFailure } from '../run/run-protocol.js';

/** Page to lab worker: train one run of a sweep on the sweep's data, or stop. */
/** `resume`: the run's last finished epoch, when an earlier session stopped it after one. */
export type ToLabWorker = { type: 'run'; job: RunJob; data: SweepSpec['data']; probeSize: number; resume?: RunResume } | { type: 'cancel' };

/** Lab worker to page. */
export type FromLabWorker =
  | { type: 'progress'; key: string; progress: TrainingProgress }
  | { type: 'epoch'; key: string; metrics: EpochMetrics; snapshot: IndicatorSnapshot; weights: Uint8Array; checkpoint: RunCheckpoint }
  | { type: 'done'; key: string; test: RunTestScore; weights: Uint8Array; filters?: FilterClusterReport }
  | { type: 'cancelled'; key: string }
  | { type: 'error'; key: string; failure: RunFailure };
