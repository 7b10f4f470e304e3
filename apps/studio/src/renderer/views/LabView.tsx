import { experiments, type ExperimentBudget, type IndicatorSnapshot, type Pipeline } from '@convstudio/core';
import { LineChart, ParetoChart } from '@convstudio/ui';
import { useMemo, useState } from 'react';
import type { TrainedSummary } from '../components/weights-origin.js';
import { FilterClusters, type FirstLayerKernels } from '../lab/FilterClusters.js';
import { downloadText, labReportHtml, reviewedKernels, runAsPipeline } from '../lab/lab-export.js';
import type { LabRun } from '../lab/lab-runs.js';
import type { LabState } from '../lab/useLab.js';
import { duration } from '../train/duration.js';
import { useElementWidth } from './useElementWidth.js';
import './train-view.css';
import './lab-view.css';

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

interface Budget {
  limit: number;
  epochs: number;
  seeds: number;
}

function NumberField({ label, hint, value, min, max, onChange }: { label: string; hint: string; value: number; min: number; max: number; onChange(v: number): void }) {
  return (
    <label className="studio-train-field" title={hint}>
      <span>{label}</span>
      <input type="number" aria-label={label} value={value} min={min} max={max} onChange={(e) => {
        const v = Number(e.target.value);
        if (Number.isInteger(v) && v >= min && v <= max) onChange(v);
      }} />
    </label>
  );
}

function StatusLine({ lab, onCancel }: { lab: LabState; onCancel(): void }) {
  const p = lab.progress;
  const busy = lab.status === 'running';
  return (
    <div className="studio-train-status" data-testid="lab-status" data-status={lab.status}>
      <div className="studio-train-bar" role="progressbar" aria-label="Sweep progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(100 * (lab.status === 'done' ? 1 : p?.fraction ?? 0))}>
        <span style={{ width: `${100 * (lab.status === 'done' ? 1 : p?.fraction ?? 0)}%` }} />
      </div>
      <p aria-live="polite">
        {busy && !p && <>Loading the data…</>}
        {busy && p && (
          <>
            <b>{p.finished} of {p.total} runs</b> · {p.running} running on {lab.threads} thread{lab.threads === 1 ? '' : 's'} ·{' '}
            <span data-testid="lab-eta">{Number.isFinite(p.etaMs) ? `about ${duration(p.etaMs)} left` : 'estimating the time left'}</span>
          </>
        )}
        {lab.status === 'done' && <>Done: {lab.runs.filter((r) => r.status === 'done').length} runs{lab.resumed ? ` (${lab.resumed} kept from an earlier, stopped sweep)` : ''}{lab.continued ? `; ${lab.continued} continued from their last finished epoch` : ''}.</>}
        {lab.status === 'cancelled' && <>Stopped: {lab.runs.length} runs finished and kept, and the runs in progress up to their last finished epoch. Run again to resume where it stopped.</>}
        {lab.status === 'failed' && <span className="studio-status-error" role="alert">The sweep could not run: {lab.failure}</span>}
      </p>
      {lab.storeError && <p className="studio-status-error" role="alert" data-testid="lab-store-error">Some runs could not be kept (they will train again next time): {lab.storeError}</p>}
      {busy && <button type="button" onClick={onCancel}>Stop</button>}
    </div>
  );
}

/** Per-layer indicators of one run over its epochs. */
function RunIndicators({ run, label, width }: { run: LabRun; label: string; width: number }) {
  const snapshots: IndicatorSnapshot[] = run.snapshots;
  const last = snapshots[snapshots.length - 1];
  if (!last) return null;
  const layers = last.layers.filter((l) => l.singularValues.length);
  return (
    <div className="studio-train-charts" data-testid="lab-indicators">
      <LineChart title={`Singular values after epoch ${last.epoch}`} subtitle={`${label}: each layer's weight as a matrix, largest first (log10); condition number in the legend`} xLabel="Index" yLabel="log10 σ" width={width} height={200}
        format={(v) => v.toFixed(2)}
        series={layers.map((l) => ({ name: `${l.nodeId} (cond ${l.conditionNumber === null ? '∞' : l.conditionNumber.toPrecision(3)})`, values: l.singularValues.map((v) => Math.log10(Math.max(v, 1e-12))) }))} />
      <LineChart title="Dead ReLU units per epoch" subtitle="Units zero for every probe image: wasted capacity" xLabel="Epoch" yLabel="Dead units (%)" width={width} height={200} yDomain={[0, 1]} format={pct}
        series={last.activations.map((a) => ({ name: a.nodeId, values: snapshots.map((s) => s.activations.find((x) => x.nodeId === a.nodeId)?.deadFraction ?? Number.NaN) }))} />
      <LineChart title="Very large activations per epoch" subtitle="Values above 10x the layer's mean positive activation: the other half of ReLU saturation" xLabel="Epoch" yLabel="Share of values (%)" width={width} height={200} format={(v) => `${(100 * v).toFixed(2)}%`}
        series={last.activations.map((a) => ({ name: a.nodeId, values: snapshots.map((s) => s.activations.find((x) => x.nodeId === a.nodeId)?.largeFraction ?? Number.NaN) }))} />
      <LineChart title="Gradient norm per layer" subtitle="|dL/dW| on the probe batch: gradient instability shows as spikes or vanishing values" xLabel="Epoch" yLabel="log10 |dL/dW|" width={width} height={200} format={(v) => v.toFixed(2)}
        series={last.layers.map((l) => ({ name: l.nodeId, values: snapshots.map((s) => Math.log10(Math.max(1e-12, s.layers.find((x) => x.nodeId === l.nodeId)?.gradientNorm ?? Number.NaN))) }))} />
    </div>
  );
}

/**
 * The saturation lab: pick one of the document's experiments and a budget, run its sweep on one
 * worker per core (progress, time left, Stop, resume), and read the evidence: the conclusion
 * computed from the numbers, overlaid learning curves with plateau marks, accuracy against
 * parameters and MACs with the Pareto front, and per-layer indicators of any run.
 */
/** The run's first-layer kernels from its CSWB weights, for the filter review. */
function firstLayerKernels(run: LabRun): FirstLayerKernels | undefined {
  const weight = reviewedKernels(run);
  return weight && { values: Float32Array.from(weight.data), inChannels: weight.shape[1], size: weight.shape[2] };
}

/** A run's filter review with its first-layer kernels, decoded once per run. */
function RunFilterReview({ run }: { run: LabRun }) {
  const kernels = useMemo(() => firstLayerKernels(run), [run]);
  return run.filters ? <FilterClusters report={run.filters} kernels={kernels} /> : null;
}

export function LabView({ lab, onStart, onCancel, onOpenRun }: { lab: LabState; onStart(experimentId: string, budget: ExperimentBudget): void; onCancel(): void; onOpenRun(pipeline: Pipeline, summary: TrainedSummary): void }) {
  const [experimentId, setExperimentId] = useState(experiments[0].id);
  const [budget, setBudget] = useState<Budget>({ limit: 2000, epochs: 3, seeds: 2 });
  const [selectedRun, setSelectedRun] = useState<string | undefined>(undefined);
  const [element, setElement] = useState<HTMLElement | null>(null);
  const inner = (useElementWidth(element) ?? 900) - 34;
  const width = Math.max(240, Math.min(520, inner >= 524 ? Math.floor((inner - 24) / 2) : inner));
  const busy = lab.status === 'running';
  const experiment = experiments.find((e) => e.id === experimentId) ?? experiments[0];
  const summary = useMemo(() => new Map((lab.evidence?.summaries ?? []).map((s) => [s.variantId, s])), [lab.evidence]);
  const label = new Map(lab.variants.map((v) => [v.id, v.label]));
  const done = lab.runs.filter((r) => r.status === 'done');
  const shown = done.find((r) => r.key === selectedRun) ?? done[0];
  const shownVariant = shown && lab.variants.find((v) => v.id === shown.variantId);
  const [exportError, setExportError] = useState<string | undefined>(undefined);
  const ran = experiments.find((e) => e.id === lab.experimentId);
  const exportReport = () => {
    if (!ran || !lab.spec || !lab.evidence || !lab.conclusion) return;
    try {
      downloadText(`${ran.id}-report.html`, labReportHtml({ title: ran.title, claim: ran.claim, spec: lab.spec, evidence: lab.evidence, conclusion: lab.conclusion, runs: lab.runs }));
      setExportError(undefined);
    } catch (error) {
      setExportError(`The report could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const openRun = () => {
    if (!shown || !shownVariant) return;
    try {
      onOpenRun(runAsPipeline(shownVariant, shown), { task: `lab: ${ran?.title ?? 'sweep'}, ${shownVariant.label}, seed ${shown.seed}`, epochs: shown.history.length });
      setExportError(undefined);
    } catch (error) {
      setExportError(`The run could not be opened: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const finished = lab.variants.filter((v) => summary.has(v.id));
  // Segmentation sweeps score every pixel: accuracy is per pixel, and mean IoU is the fairer number.
  const dense = (lab.evidence?.summaries ?? []).some((s) => s.meanIoU);
  const points = (cost: 'params' | 'macs', front: Set<string> | undefined) =>
    finished.map((v) => ({ id: v.id, label: v.label, cost: v[cost], accuracy: summary.get(v.id)?.accuracy.mean ?? Number.NaN, onFront: front?.has(v.id) ?? false }));
  return (
    <div className="studio-train studio-lab" data-testid="lab-view" ref={setElement}>
      <section className="studio-train-card" aria-labelledby="lab-setup-title">
        <h3 id="lab-setup-title">Saturation lab</h3>
        <p className="studio-muted">
          Each experiment trains variants of a network (the MNIST CNN; the CNN and the FCN on per-pixel digit masks for dense prediction) with the
          same data, seeds, optimizer and budget, one run per core, and answers the document's question from the numbers. Finished runs are kept
          in this browser, so a stopped sweep resumes.
        </p>
        <form className="studio-train-form" onSubmit={(e) => { e.preventDefault(); onStart(experimentId, { limit: budget.limit, epochs: budget.epochs, seeds: Array.from({ length: budget.seeds }, (_, i) => i) }); }}>
          <label className="studio-train-field">
            <span>Experiment</span>
            <select aria-label="Experiment" value={experimentId} onChange={(e) => setExperimentId(e.target.value)}>
              {experiments.map((e) => <option key={e.id} value={e.id}>{e.title}</option>)}
            </select>
          </label>
          <NumberField label="Samples" hint="Images in all (train and test), 100 to 10,000" value={budget.limit} min={100} max={10_000} onChange={(limit) => setBudget((b) => ({ ...b, limit }))} />
          <NumberField label="Epochs" hint="Epochs per run, 1 to 30" value={budget.epochs} min={1} max={30} onChange={(epochs) => setBudget((b) => ({ ...b, epochs }))} />
          <NumberField label="Seeds" hint="Runs per variant (seeds 0, 1, …): the spread over seeds decides what counts as a real difference" value={budget.seeds} min={1} max={5} onChange={(seeds) => setBudget((b) => ({ ...b, seeds }))} />
          <button type="submit" className="studio-train-start" disabled={busy} title={busy ? 'A sweep is running: stop it first' : undefined}>{busy ? 'Running…' : 'Run experiment'}</button>
        </form>
        <blockquote className="studio-lab-claim">“{experiment.claim}”</blockquote>
        {lab.status !== 'idle' && <StatusLine lab={lab} onCancel={onCancel} />}
        {lab.invalid.length > 0 && <p className="studio-muted">Skipped {lab.invalid.length} variant(s) whose shapes do not work: {lab.invalid.map((v) => `${v.label} (${v.issues[0]?.message})`).join('; ')}</p>}
      </section>

      {lab.status === 'idle' && <p className="studio-train-empty">Choose an experiment and press <b>Run experiment</b>; the conclusion, the curves and the cost plots appear as runs finish.</p>}

      {lab.conclusion && (
        <section className="studio-train-card" data-testid="lab-conclusion" data-verdict={lab.conclusion.verdict} aria-labelledby="lab-conclusion-title">
          <h3 id="lab-conclusion-title">{experiments.find((e) => e.id === lab.experimentId)?.title}</h3>
          <p className="studio-lab-answer">{lab.conclusion.answer}</p>
          <ul className="studio-lab-details">{lab.conclusion.details.map((d) => <li key={d}>{d}</li>)}</ul>
          <div className="studio-lab-actions">
            <button type="button" onClick={exportReport} disabled={!lab.spec || busy} title="A self-contained HTML file: the claim, this answer, the table, curves, Pareto plots and indicators (the same report as convstudio lab --report)">Export report (HTML)</button>
            {exportError && <span className="studio-status-error" role="alert">{exportError}</span>}
          </div>
        </section>
      )}

      {lab.variants.length > 0 && (
        <section className="studio-train-card" aria-labelledby="lab-evidence-title">
          <h3 id="lab-evidence-title">Evidence</h3>
          <div className="studio-train-charts" data-testid="lab-charts">
            <LineChart title="Validation accuracy per epoch" subtitle="Mean over seeds; a ring marks where the validation loss stopped improving" xLabel="Epoch" yLabel="Accuracy (%)" width={width} height={220} format={pct}
              series={finished.map((v, i) => {
                const s = summary.get(v.id);
                // The theme has four series colours: the next four repeat them dashed.
                return { name: v.label, values: s?.meanCurve ?? [], dashed: i % 8 >= 4, ...(s?.plateauEpoch ? { mark: s.plateauEpoch - 1, markLabel: `plateau from epoch ${s.plateauEpoch}` } : {}) };
              })} />
            <ParetoChart title="Accuracy vs parameters" subtitle="Filled dots: the Pareto front (nothing cheaper is better)" costLabel="Parameters" width={width} points={points('params', lab.evidence?.paretoParams)} />
            <ParetoChart title="Accuracy vs MACs" subtitle="Multiply-accumulates per image, as the cost table counts them" costLabel="MACs" width={width} points={points('macs', lab.evidence?.paretoMacs)} />
          </div>
          <table className="studio-lab-table" data-testid="lab-table">
            <thead><tr><th>Variant</th><th>{dense ? 'Pixel accuracy' : 'Test accuracy'}</th>{dense && <th>Mean IoU</th>}<th>Seeds</th><th>Parameters</th><th>MACs</th><th>Plateau</th></tr></thead>
            <tbody>
              {lab.variants.map((v) => {
                const s = summary.get(v.id);
                return (
                  <tr key={v.id}>
                    <td>{v.label}</td>
                    <td>{s ? `${pct(s.accuracy.mean)}${s.accuracy.n > 1 ? ` ± ${(100 * s.accuracy.std).toFixed(1)}` : ''}` : '—'}</td>
                    {dense && <td>{s?.meanIoU ? `${s.meanIoU.mean.toFixed(3)}${s.meanIoU.n > 1 ? ` ± ${s.meanIoU.std.toFixed(3)}` : ''}` : '—'}</td>}
                    <td>{s?.accuracy.n ?? 0}</td>
                    <td>{v.params.toLocaleString('en-US')}</td>
                    <td>{v.macs.toLocaleString('en-US')}</td>
                    <td>{s?.plateauEpoch ? `epoch ${s.plateauEpoch}` : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}

      {shown && (
        <section className="studio-train-card" aria-labelledby="lab-run-title">
          <div className="studio-train-card-head">
            <h3 id="lab-run-title">Indicators over training</h3>
            <div className="studio-lab-actions">
              <label className="studio-train-field">
                <span>Run</span>
                <select aria-label="Run" value={shown.key} onChange={(e) => setSelectedRun(e.target.value)}>
                  {done.map((r) => <option key={r.key} value={r.key}>{`${label.get(r.variantId) ?? r.variantId}, seed ${r.seed}`}</option>)}
                </select>
              </label>
              <button type="button" onClick={openRun} disabled={!shown.weights} title="Replace the editor's pipeline with this variant and its final weights">Open in editor</button>
            </div>
          </div>
          <RunIndicators run={shown} label={`${label.get(shown.variantId) ?? shown.variantId}, seed ${shown.seed}`} width={width} />
        </section>
      )}

      {shown?.filters && (
        <section className="studio-train-card" aria-labelledby="lab-filters-title">
          <h3 id="lab-filters-title">First-layer filters by what they respond to</h3>
          <p className="studio-muted">
            {`${label.get(shown.variantId) ?? shown.variantId}, seed ${shown.seed}: the document's review of receptive fields, "first-layer filters that look at the same thing", measured on the probe images.`}
          </p>
          <RunFilterReview run={shown} />
        </section>
      )}
    </div>
  );
}
