import type { EpochMetrics, FilterClusterReport, IndicatorSnapshot, RunCheckpoint, RunDataInfo, RunJob, RunResume, RunTestScore } from '@convstudio/core';

/** A labelled set as it crosses to a worker thread (structured clone copies the typed arrays). */
export interface SerializedSet {
  images: Float32Array;
  shape: number[];
  labels: Int32Array;
}

/** The sweep's data, sent once to every worker when it starts. */
export interface SerializedData {
  train: SerializedSet;
  validation: SerializedSet;
  test: SerializedSet;
  probe: SerializedSet;
  /** Name and classes, for core's fitting of the data to each run's model. */
  info: RunDataInfo;
}

/** Pool to worker. */
/** `resume`: the run's last finished epoch, when it was cut short after one. */
export type PoolRequest = { type: 'run'; runId: number; job: RunJob; resume?: RunResume } | { type: 'cancel' };

/** Worker to pool. */
export type PoolReply =
  | { type: 'progress'; runId: number; fraction: number }
  | { type: 'epoch'; runId: number; metrics: EpochMetrics; snapshot: IndicatorSnapshot; weights: Uint8Array; checkpoint: RunCheckpoint }
  | { type: 'done'; runId: number; test: RunTestScore; filters?: FilterClusterReport }
  | { type: 'cancelled'; runId: number }
  | { type: 'failed'; runId: number; error: string };
