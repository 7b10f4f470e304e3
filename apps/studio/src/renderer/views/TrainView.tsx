import type { EpochMetrics, Pipeline, TrainingProgress } from '@convstudio/core';
import { LineChart, SaturationReport } from '@convstudio/ui';
import { useState } from 'react';
import { duration } from '../train/duration.js';
import type { BackendChoice } from '../run/run-protocol.js';
import type { TrainedOn, TrainSettings } from '../train/train-protocol.js';
import type { TrainingState } from '../train/useTraining.js';
import type { WebGpuAvailability } from '../train/useWebGpuAvailability.js';
import { useElementWidth } from './useElementWidth.js';
import './train-view.css';

const DEFAULTS: TrainSettings = { task: 'digits', samples: 4000, epochs: 3, batchSize: 32, optimizer: 'adam', learningRate: 1.5e-3 };

/** A number field that keeps what is typed and reports a parsed value only when it is valid. */
function NumberField({ label, hint, value, min, max, step, onChange }: { label: string; hint: string; value: number; min: number; max: number; step?: number | 'any'; onChange(v: number): void }) {
  return (
    <label className="studio-train-field" title={hint}>
      <span>{label}</span>
      <input type="number" aria-label={label} value={value} min={min} max={max} step={step ?? 1} onChange={(e) => {
        const v = Number(e.target.value);
        if (Number.isFinite(v) && v >= min && v <= max) onChange(v);
      }} />
    </label>
  );
}

/** Losses to three significant digits: 0.937, 1.5 (ticks stay short, the legend stays readable). */
const lossText = (v: number) => String(Number(v.toPrecision(3)));
const pct = (v: number | undefined) => (v === undefined ? '—' : `${(100 * v).toFixed(1)}%`);

/** `WebGPU (SwiftShader Device (Subzero))` or `the CPU`: where a run trained, for the status line. */
const onText = (on: TrainedOn) => (on.backend === 'webgpu' ? `WebGPU (${on.adapter ?? 'adapter'})` : 'the CPU');

/** Share of the run done, from the last batch report. */
function doneFraction(p: TrainingProgress | undefined): number {
  return p ? ((p.epoch - 1) * p.batches + p.batch) / (p.epochs * p.batches) : 0;
}

function StatusLine({ training, onCancel }: { training: TrainingState; onCancel(): void }) {
  const { status, progress, history, on } = training;
  const where = on ? <span data-testid="train-backend" data-backend={on.backend}>{onText(on)}</span> : undefined;
  const busy = status === 'loading' || status === 'training';
  const fraction = status === 'done' ? 1 : doneFraction(progress);
  const last: EpochMetrics | undefined = history[history.length - 1];
  const total = history.reduce((t, m) => t + m.durationMs, 0);
  return (
    <div className="studio-train-status" data-testid="train-status" data-status={status}>
      <div className="studio-train-bar" role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(100 * fraction)}>
        <span style={{ width: `${100 * fraction}%` }} />
      </div>
      <p aria-live="polite">
        {status === 'loading' && 'Loading MNIST…'}
        {status === 'training' && progress && (
          <>
            <b>Epoch {progress.epoch} of {progress.epochs}</b> · batch {progress.batch} of {progress.batches} · loss {progress.loss.toFixed(3)} ·{' '}
            <span data-testid="train-eta">about {duration(progress.etaMs)} left</span>
            {where && <> · on {where}</>}
          </>
        )}
        {status === 'done' && <>Done in {duration(total)}{where && <> on {where}</>}: validation accuracy {pct(last?.validationAccuracy)}. The trained weights are in the pipeline.</>}
        {status === 'cancelled' && <>Stopped after {history.length} epoch{history.length === 1 ? '' : 's'}{where && <> on {where}</>}: the weights learned so far are in the pipeline.</>}
        {status === 'failed' && <span className="studio-status-error" role="alert">Training could not start: {training.failure?.message}</span>}
      </p>
      {busy && <button type="button" onClick={onCancel}>Stop</button>}
    </div>
  );
}

/** Chart width for the card's inner width: two side by side when each gets 250 px or more, at most 560 each. */
function chartWidth(width: number | undefined): number {
  const w = (width ?? 640) - 34; // the card's padding and border
  return Math.max(240, Math.min(560, w >= 524 ? Math.floor((w - 24) / 2) : w));
}

/**
 * Trains the current pipeline on MNIST in a worker: settings, a progress bar with the time left,
 * Stop, loss and accuracy per epoch (train and validation), and core's saturation report on the
 * trained model as a table with verdicts and plots. The trained weights go into the pipeline, so
 * every view shows the learned filters.
 */
export function TrainView({ pipeline, training, gpu, onStart, onCancel }: {
  pipeline: Pipeline;
  training: TrainingState;
  /** Whether this page has a WebGPU adapter; WebGPU is offered only then, with the reason when not. */
  gpu: WebGpuAvailability;
  onStart(settings: TrainSettings, backend: BackendChoice): void;
  onCancel(): void;
}) {
  const [settings, setSettings] = useState(DEFAULTS);
  const [chosen, setBackend] = useState<BackendChoice>('cpu');
  // A choice made while an adapter was there does not outlive it.
  const backend: BackendChoice = gpu.status === 'available' ? chosen : 'cpu';
  const [element, setElement] = useState<HTMLElement | null>(null);
  const width = chartWidth(useElementWidth(element));
  const set = <K extends keyof TrainSettings>(key: K) => (value: TrainSettings[K]) => setSettings((s) => ({ ...s, [key]: value }));
  const busy = training.status === 'loading' || training.status === 'training';
  const { history, diagnosis } = training;
  return (
    <div className="studio-train" data-testid="train-view" ref={setElement}>
      <section className="studio-train-card" aria-labelledby="train-setup-title">
        <h3 id="train-setup-title">Train {pipeline.name ?? 'the pipeline'} on MNIST</h3>
        <p className="studio-muted">
          Runs in a background worker, on the CPU or on WebGPU (the same numbers within float rounding); a fifth of the samples is held out for validation. The trained weights replace the
          pipeline's, and Undo in the editor brings the old ones back.
        </p>
        <form className="studio-train-form" onSubmit={(e) => { e.preventDefault(); onStart(settings, backend); }}>
          <label className="studio-train-field">
            <span>Task</span>
            <select aria-label="Task" value={settings.task} onChange={(e) => set('task')(e.target.value as TrainSettings['task'])}>
              <option value="digits">Digits 0–9 (10 classes)</option>
              <option value="sixVsNine">6 vs 9 (2 classes)</option>
            </select>
          </label>
          <NumberField label="Samples" hint="MNIST images used in all, 100 to 10,000" value={settings.samples} min={100} max={10_000} step={100} onChange={set('samples')} />
          <NumberField label="Epochs" hint="Passes over the training samples, 1 to 50" value={settings.epochs} min={1} max={50} onChange={set('epochs')} />
          <NumberField label="Batch" hint="Samples per weight update, 1 to 512" value={settings.batchSize} min={1} max={512} onChange={set('batchSize')} />
          <label className="studio-train-field">
            <span>Optimizer</span>
            <select aria-label="Optimizer" value={settings.optimizer} onChange={(e) => set('optimizer')(e.target.value as TrainSettings['optimizer'])}>
              <option value="adam">Adam</option>
              <option value="sgd">SGD, momentum 0.9</option>
            </select>
          </label>
          <NumberField label="Learning rate" hint="Step size, between 0.000001 and 1" value={settings.learningRate} min={1e-6} max={1} step="any" onChange={set('learningRate')} />
          <label className="studio-train-field" title={gpu.status === 'available' ? `WebGPU trains on ${gpu.adapter}` : gpu.status === 'unavailable' ? `WebGPU is unavailable: ${gpu.reason}` : 'Looking for a WebGPU adapter…'}>
            <span>Train on</span>
            <select aria-label="Train on" value={backend} onChange={(e) => setBackend(e.target.value as BackendChoice)}>
              <option value="cpu">CPU (worker)</option>
              <option value="webgpu" disabled={gpu.status !== 'available'}>
                {gpu.status === 'available' ? 'WebGPU' : gpu.status === 'checking' ? 'WebGPU (checking…)' : 'WebGPU (unavailable)'}
              </option>
            </select>
          </label>
          <button type="submit" className="studio-train-start" disabled={busy} title={busy ? 'A run is in progress: stop it first' : undefined}>
            {busy ? 'Training…' : 'Train'}
          </button>
        </form>
        {gpu.status === 'unavailable' && <p className="studio-muted studio-train-note" data-testid="train-gpu-unavailable">WebGPU is unavailable: {gpu.reason}.</p>}
        {training.status !== 'idle' && <StatusLine training={training} onCancel={onCancel} />}
      </section>

      {history.length === 0 && training.status === 'idle' && (
        <p className="studio-train-empty">Press <b>Train</b> to see loss and accuracy for every epoch and a saturation report of the trained layers.</p>
      )}

      {history.length > 0 && (
        <section className="studio-train-card" aria-labelledby="train-curves-title">
          <h3 id="train-curves-title">Learning curves</h3>
          <div className="studio-train-charts" data-testid="train-charts">
            <LineChart title="Loss per epoch" subtitle="Lower is better" xLabel="Epoch" yLabel="Cross-entropy (nats)" width={width} height={200} format={lossText} series={[
              { name: 'train', values: history.map((m) => m.trainLoss) },
              { name: 'validation', values: history.map((m) => m.validationLoss ?? Number.NaN), dashed: true },
            ]} />
            <LineChart title="Accuracy per epoch" subtitle="Share of digits classified correctly" xLabel="Epoch" yLabel="Accuracy (%)" width={width} height={200} yDomain={[0, 1]}
              format={(v) => `${Math.round(100 * v)}%`} series={[
                { name: 'train', values: history.map((m) => m.trainAccuracy) },
                { name: 'validation', values: history.map((m) => m.validationAccuracy ?? Number.NaN), dashed: true },
              ]} />
          </div>
        </section>
      )}

      {diagnosis && (
        <section className="studio-train-card" data-testid="train-diagnosis" aria-labelledby="train-diagnosis-title">
          <div className="studio-train-card-head">
            <h3 id="train-diagnosis-title">Saturation report</h3>
            {training.diagnosisText && (
              <button type="button" onClick={() => void navigator.clipboard?.writeText(training.diagnosisText ?? '')} title="Copy the report as plain text">
                Copy as text
              </button>
            )}
          </div>
          {training.notices?.length ? <p className="studio-muted" data-testid="train-notices">Data: {training.notices.join('; ')}.</p> : null}
          <SaturationReport diagnosis={diagnosis} layers={pipeline.nodes} plotWidth={width} />
        </section>
      )}
    </div>
  );
}
