import { gridSourceOf, upsamplingWindow, type Pipeline, type UpsamplingSteps } from '@convstudio/core';
import { ChevronLeft, ChevronRight, Pause, Play } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LiveRun } from '../run/useLiveRun.js';
import { StepWindow } from './StepWindow.js';
import { TransposedReading } from './TransposedReading.js';
import { exposeUpsampling } from './upconv-test-hook.js';
import { stepsOfNode, upsamplingNodes } from './upconv-source.js';
import { ValueGrid, type CellLook } from './ValueGrid.js';
import './upconv.css';

/** Input channels drawn side by side; the sum always covers all of them. */
const MAX_SHOWN_CHANNELS = 4;
const STEP_MS = 900;

const plane = (t: { data: Float32Array; shape: readonly number[] }, c: number): Float32Array => {
  const [, , h, w] = t.shape;
  return t.data.subarray(c * h * w, (c + 1) * h * w);
};

export interface UpConvViewProps {
  pipeline: Pipeline;
  run: LiveRun;
  selectedNodeId?: string;
  onSelectNode(id: string): void;
  onOpenExample(): void;
}

/**
 * The up-convolution explorer: the document's reading of an upsampling layer (A → zero-inserted,
 * padded P → K ⊗ P, one output unit at a time, its window outlined on P and on A) beside the same
 * layer as a transposed convolution with its own kernel, each computed by core's op, and how far
 * the two outputs differ.
 */
export function UpConvView({ pipeline, run, selectedNodeId, onSelectNode, onOpenExample }: UpConvViewProps) {
  const candidates = useMemo(() => upsamplingNodes(pipeline), [pipeline]);
  const node = candidates.find((n) => n.id === selectedNodeId) ?? candidates[0];
  const nodeId = node?.id;
  const { outputs, weights, biases } = run;
  const result = useMemo(() => (nodeId ? stepsOfNode(pipeline, nodeId, outputs, weights, biases) : undefined), [pipeline, nodeId, outputs, weights, biases]);
  const steps = result?.ok ? result.steps : undefined;
  useEffect(() => exposeUpsampling(nodeId, steps), [nodeId, steps]);

  if (!node) {
    return (
      <div className="studio-upconv studio-empty" data-testid="upconv-view" data-state="empty">
        <p>This pipeline has no up-convolution or transposed convolution. Add one from the palette (Convolution group), or open the document's example.</p>
        <button type="button" className="cs-button" onClick={onOpenExample}>Open “Document: up-convolution”</button>
      </div>
    );
  }
  return (
    <div className="studio-upconv" data-testid="upconv-view" data-node-id={node.id} data-status={run.status}>
      <section className="studio-grad-card">
        <h3>
          Up-convolution of{' '}
          <select className="cs-select" value={node.id} onChange={(e) => onSelectNode(e.target.value)} aria-label="Layer to spell out">
            {candidates.map((n) => <option key={n.id} value={n.id}>{n.id} ({n.kind})</option>)}
          </select>
        </h3>
        <p className="studio-muted">
          “Up-convolution typically surrounds entries with zeros and apply a typical convolution operation.” (the document, Up-Convolution). Below, the zeros are inserted and the convolution slides one output unit at a time; beside it, the same layer written as a transposed convolution gives the same numbers.
        </p>
      </section>
      {result && !result.ok && <p className="studio-muted" role="status">{result.message}</p>}
      {steps && <Explorer key={node.id} steps={steps} nodeId={node.id} />}
    </div>
  );
}

function Explorer({ steps, nodeId }: { steps: UpsamplingSteps; nodeId: string }) {
  const [, cout, oh, ow] = steps.output.shape;
  const [, cin, ah, aw] = steps.input.shape;
  const [, , ph, pw] = steps.inserted.shape;
  const [, perGroupIn, kh, kw] = steps.kernel.shape;
  const [channel, setChannel] = useState(0);
  const [step, setStep] = useState(Math.floor(oh / 2) * ow + Math.floor(ow / 2));
  const [playing, setPlaying] = useState(false);
  const count = oh * ow;
  const o = Math.min(channel, cout - 1);
  const at = Math.min(step, count - 1);
  const [row, col] = [Math.floor(at / ow), at % ow];
  const unit = useMemo(() => upsamplingWindow(steps, o, row, col), [steps, o, row, col]);
  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => setStep((s) => (s + 1 >= count ? (setPlaying(false), s) : s + 1)), STEP_MS);
    return () => window.clearInterval(timer);
  }, [playing, count]);
  const read = useMemo(() => new Set(unit.terms.map((t) => `${t.channel}:${t.row}:${t.col}`)), [unit]);
  const readInput = useMemo(() => new Set(unit.terms.flatMap((t) => (t.source.kind === 'input' ? [`${t.channel}:${t.source.row}:${t.source.col}`] : []))), [unit]);
  const group = Math.floor(o / (cout / steps.groups));
  const shownChannels = Array.from({ length: Math.min(perGroupIn, MAX_SHOWN_CHANNELS) }, (_, i) => group * perGroupIn + i);
  const sourceLook = useCallback((c: number) => (r: number, q: number): CellLook => {
    return { role: gridSourceOf(steps, r, q).kind, marked: read.has(`${c}:${r}:${q}`) };
  }, [steps, read]);
  const inputLook = useCallback((c: number) => (r: number, q: number): CellLook => ({ marked: readInput.has(`${c}:${r}:${q}`) }), [readInput]);
  const outputLook = useCallback((r: number, q: number): CellLook => ({ active: r === row && q === col }), [row, col]);
  const { top, bottom, left, right } = steps.pad;
  return (
    <>
      <section className="studio-grad-card" aria-labelledby="upconv-insert-title">
        <h3 id="upconv-insert-title">1. Zero insertion and padding: A → P</h3>
        <p>
          {insertWords(steps.factor)}, then {padWords(top, bottom, left, right)}: A ({ah}×{aw}) becomes P ({ph}×{pw}).
          <span className="studio-legend-chips"> <span className="studio-vgrid-chip studio-vgrid-input">from A</span> <span className="studio-vgrid-chip studio-vgrid-inserted">inserted zero</span> <span className="studio-vgrid-chip studio-vgrid-padding">padding</span> <span className="studio-vgrid-chip studio-vgrid-marked">read by the step</span></span>
        </p>
        <div className="studio-upconv-row">
          {shownChannels.map((c) => <ValueGrid key={`a${c}`} label={`A, channel ${c}`} testId="upconv-a" data={{ channel: c }} values={plane(steps.input, c)} shape={[ah, aw]} lookOf={inputLook(c)} />)}
          <span className="studio-upconv-arrow" aria-hidden>→</span>
          {shownChannels.map((c) => <ValueGrid key={`p${c}`} label={`P, channel ${c}`} testId="upconv-p" data={{ channel: c }} values={plane(steps.inserted, c)} shape={[ph, pw]} lookOf={sourceLook(c)} />)}
        </div>
        {perGroupIn > shownChannels.length && <p className="studio-muted">Showing input channels {shownChannels[0]}–{shownChannels[shownChannels.length - 1]} of the {perGroupIn} this output channel reads; the sums use all of them.</p>}
      </section>
      <section className="studio-grad-card" aria-labelledby="upconv-conv-title">
        <h3 id="upconv-conv-title">
          2. K ⊗ P, step by step{' '}
          {cout > 1 && (
            <select className="cs-select" value={o} onChange={(e) => setChannel(Number(e.target.value))} aria-label="Output channel">
              {Array.from({ length: cout }, (_, k) => <option key={k} value={k}>output channel {k}</option>)}
            </select>
          )}
        </h3>
        <div className="studio-upconv-controls" role="group" aria-label="Steps">
          <button type="button" onClick={() => setStep(Math.max(0, at - 1))} disabled={at === 0}><ChevronLeft size={14} aria-hidden /> Previous</button>
          <button type="button" onClick={() => setPlaying((p) => !p)} aria-pressed={playing}>{playing ? <Pause size={14} aria-hidden /> : <Play size={14} aria-hidden />} {playing ? 'Pause' : 'Play'}</button>
          <button type="button" onClick={() => setStep(Math.min(count - 1, at + 1))} disabled={at === count - 1}>Next <ChevronRight size={14} aria-hidden /></button>
          <span className="studio-muted" data-testid="upconv-step-count">Step {at + 1} of {count}: output row {row}, col {col}. Click any output number to jump there.</span>
        </div>
        <div className="studio-upconv-row">
          {shownChannels.map((c) => <ValueGrid key={`k${c}`} label={`K[${o}, ${c - group * perGroupIn}] (${kh}×${kw})`} testId="upconv-k" data={{ channel: c }} values={steps.kernel.data.subarray(((o * perGroupIn) + c - group * perGroupIn) * kh * kw, ((o * perGroupIn) + c - group * perGroupIn + 1) * kh * kw)} shape={[kh, kw]} />)}
          <span className="studio-upconv-arrow" aria-hidden>⊗ P =</span>
          <ValueGrid label={`K ⊗ P + b, channel ${o} (conv2d)`} testId="upconv-output" data={{ channel: o, node: nodeId }} values={plane(steps.output, o)} shape={[oh, ow]} lookOf={outputLook} onCell={(r, q) => { setPlaying(false); setStep(r * ow + q); }} />
        </div>
        <StepWindow unit={unit} channel={o} row={row} col={col} />
      </section>
      <TransposedReading steps={steps} channel={o} />
      <p className="studio-muted">{cin} input channel{cin === 1 ? '' : 's'}, {cout} output channel{cout === 1 ? '' : 's'}{steps.groups > 1 ? `, ${steps.groups} groups` : ''}; values of the first image, from the last run.</p>
    </>
  );
}

function insertWords([fh, fw]: [number, number]): string {
  const zeros = (n: number) => `${n} zero${n === 1 ? '' : 's'}`;
  if (fh === fw) return fh === 1 ? 'No zeros go between neighbours (factor 1)' : `${zeros(fh - 1)} go${fh === 2 ? 'es' : ''} between neighbours (factor ${fh})`;
  return `${zeros(fh - 1)} between rows and ${zeros(fw - 1)} between columns (factors ${fh}×${fw})`;
}

function padWords(top: number, bottom: number, left: number, right: number): string {
  if (top === bottom && left === right && top === left) return top >= 0 ? `${top} ring${top === 1 ? '' : 's'} of zeros around it` : `${-top} row${top === -1 ? '' : 's'} and column${top === -1 ? '' : 's'} cut from each side`;
  const side = (n: number, name: string) => (n >= 0 ? `${n} ${name}` : `${-n} cut ${name}`);
  return `zeros around it (${side(top, 'above')}, ${side(bottom, 'below')}, ${side(left, 'left')}, ${side(right, 'right')})`;
}
