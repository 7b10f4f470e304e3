import type { Pipeline } from '@convstudio/core';
import { LineChart } from '@convstudio/ui';
import { useState } from 'react';
import type { TrainSettings } from '../train/train-protocol.js';
import type { TrainingState } from '../train/useTraining.js';

const DEFAULTS: TrainSettings = { task: 'digits', samples: 4000, epochs: 3, batchSize: 32, optimizer: 'adam', learningRate: 1.5e-3 };

/** A number field that keeps what is typed and reports a parsed value only when it is valid. */
function NumberField({ label, value, min, max, step, onChange }: { label: string; value: number; min: number; max: number; step?: number | 'any'; onChange(v: number): void }) {
  return (
    <label>
      {label}{' '}
      <input type="number" aria-label={label} value={value} min={min} max={max} step={step ?? 1} onChange={(e) => {
        const v = Number(e.target.value);
        if (Number.isFinite(v) && v >= min && v <= max) onChange(v);
      }} />
    </label>
  );
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * Trains the current pipeline on MNIST in a worker: settings, a progress bar with the time left,
 * Stop, loss and accuracy per epoch, and the document's saturation indicators afterwards. The
 * trained weights go into the pipeline, so every view shows the learned filters.
 */
export function TrainView({ pipeline, training, onStart, onCancel }: { pipeline: Pipeline; training: TrainingState; onStart(settings: TrainSettings): void; onCancel(): void }) {
  const [settings, setSettings] = useState(DEFAULTS);
  const set = <K extends keyof TrainSettings>(key: K) => (value: TrainSettings[K]) => setSettings((s) => ({ ...s, [key]: value }));
  const busy = training.status === 'loading' || training.status === 'training';
  const { progress, history } = training;
  const fraction = progress ? ((progress.epoch - 1) * progress.batches + progress.batch) / (progress.epochs * progress.batches) : 0;
  return (
    <div className="studio-train" data-testid="train-view">
      <form className="studio-train-form" onSubmit={(e) => { e.preventDefault(); onStart(settings); }}>
        <label>
          Task{' '}
          <select aria-label="Task" value={settings.task} onChange={(e) => set('task')(e.target.value as TrainSettings['task'])}>
            <option value="digits">MNIST digits (10 classes)</option>
            <option value="sixVsNine">MNIST 6 vs 9 (2 classes)</option>
          </select>
        </label>
        <NumberField label="Samples" value={settings.samples} min={100} max={10_000} step={100} onChange={set('samples')} />
        <NumberField label="Epochs" value={settings.epochs} min={1} max={50} onChange={set('epochs')} />
        <NumberField label="Batch" value={settings.batchSize} min={1} max={512} onChange={set('batchSize')} />
        <label>
          Optimizer{' '}
          <select aria-label="Optimizer" value={settings.optimizer} onChange={(e) => set('optimizer')(e.target.value as TrainSettings['optimizer'])}>
            <option value="adam">Adam</option>
            <option value="sgd">SGD, momentum 0.9</option>
          </select>
        </label>
        <NumberField label="Learning rate" value={settings.learningRate} min={1e-6} max={1} step="any" onChange={set('learningRate')} />
        <button type="submit" disabled={busy}>Train {pipeline.name ?? 'pipeline'}</button>
        <button type="button" disabled={!busy} onClick={onCancel}>Stop</button>
      </form>
      <p className="studio-muted">
        Trains on the CPU in a worker with the core's trainer (cross-entropy on the output node). A fifth of the samples
        is held out for validation. The trained weights replace the pipeline's; undo in the editor brings the old ones back.
      </p>
      {training.status !== 'idle' && (
        <div data-testid="train-status" data-status={training.status}>
          <progress max={1} value={fraction} aria-label="Training progress" />{' '}
          {training.status === 'loading' && 'loading MNIST…'}
          {progress && busy && `epoch ${progress.epoch}/${progress.epochs}, batch ${progress.batch}/${progress.batches}, loss ${progress.loss.toFixed(4)}, ${seconds(progress.etaMs)} left`}
          {training.status === 'done' && 'done: the trained weights are in the pipeline'}
          {training.status === 'cancelled' && 'stopped: the weights learned so far are in the pipeline'}
          {training.status === 'failed' && <span className="studio-status-error" role="alert">{training.failure?.message}</span>}
        </div>
      )}
      {history.length > 0 && (
        <div className="studio-train-charts">
          <LineChart title="Loss per epoch" xLabel="epoch" series={[
            { name: 'train', values: history.map((m) => m.trainLoss) },
            { name: 'validation', values: history.map((m) => m.validationLoss ?? Number.NaN) },
          ]} />
          <LineChart title="Accuracy per epoch" xLabel="epoch" yDomain={[0, 1]} series={[
            { name: 'train', values: history.map((m) => m.trainAccuracy) },
            { name: 'validation', values: history.map((m) => m.validationAccuracy ?? Number.NaN) },
          ]} />
        </div>
      )}
      {training.diagnosis && (
        <section data-testid="train-diagnosis">
          <h3>Saturation indicators</h3>
          <pre className="studio-diagnosis">{training.diagnosis}</pre>
        </section>
      )}
    </div>
  );
}
