import type { ReactNode } from 'react';
import type { ProjectPreset } from '../projects/projects.js';
import type { BackendChoice, InputScale } from '../run/run-protocol.js';
import type { LiveRun } from '../run/useLiveRun.js';
import type { Sample } from '../samples/samples.js';

export interface ToolbarProps {
  /** The File menu, shown first (it belongs to the host: see FileMenu). */
  fileMenu?: ReactNode;
  /** Opens the gallery of built-in projects and the tour. */
  onShowGallery?(): void;
  onShowTour?(): void;
  projects: readonly ProjectPreset[];
  projectId: string;
  /** The open document's title, listed when it is not a built-in project (an imported model, a file). */
  projectTitle?: string;
  onOpenProject(project: ProjectPreset): void;
  samples: readonly Sample[];
  onPickSample(sample: Sample): void;
  onOpenImage(): void;
  scale: InputScale;
  onScale(scale: InputScale): void;
  backend: BackendChoice;
  onBackend(backend: BackendChoice): void;
  gpuAvailable: boolean;
  run: LiveRun;
}


/** The studio's top bar: project, image, input scale, and the backend with the time per run (the views have their own tabs). */
export function Toolbar(props: ToolbarProps) {
  const { run } = props;
  return (
    <header className="studio-toolbar">
      <strong className="studio-brand">ConvStudio</strong>
      {props.fileMenu}
      <label>
        Project{' '}
        <select aria-label="Project" value={props.projectId} onChange={(e) => props.onOpenProject(props.projects.find((p) => p.id === e.target.value) ?? props.projects[0])}>
          {!props.projects.some((p) => p.id === props.projectId) && <option value={props.projectId} disabled>{props.projectTitle ?? props.projectId}</option>}
          {props.projects.map((p) => <option key={p.id} value={p.id} title={p.description}>{p.title}</option>)}
        </select>
      </label>
      {props.onShowGallery && <button type="button" onClick={props.onShowGallery} title="All built-in projects, with pictures of their layers">Projects…</button>}
      {props.onShowTour && <button type="button" onClick={props.onShowTour} title="A one-minute tour of the studio">Tour</button>}
      <button type="button" onClick={props.onOpenImage} title="Open a PNG, JPEG, WebP, BMP or GIF (or drop or paste one)">Open image…</button>
      <label>
        Sample{' '}
        <select aria-label="Sample" value="" onChange={(e) => { const s = props.samples.find((x) => x.id === e.target.value); if (s) props.onPickSample(s); }}>
          <option value="" disabled>choose…</option>
          {props.samples.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
        </select>
      </label>
      <label>
        Pixels as{' '}
        <select aria-label="Input scale" value={props.scale} onChange={(e) => props.onScale(e.target.value as InputScale)}>
          <option value="0-1">0 to 1</option>
          <option value="0-255">0 to 255</option>
        </select>
      </label>
      <label>
        Backend{' '}
        <select aria-label="Backend" value={props.backend} onChange={(e) => props.onBackend(e.target.value as BackendChoice)}>
          <option value="cpu">CPU (worker)</option>
          <option value="webgpu" disabled={!props.gpuAvailable}>WebGPU{props.gpuAvailable ? '' : ' (unavailable)'}</option>
        </select>
      </label>
      <span className="studio-run-status" data-testid="run-status" data-status={run.status} data-backend={run.backend ?? ''}>
        {run.status === 'running' ? 'running…' : run.waitMs !== undefined ? runSummary(run) : ''}
      </span>
    </header>
  );
}

/** "Updated in 48 ms · CPU (WebAssembly SIMD, 2 threads), 12 ms compute": what the user waited first. */
function runSummary(run: LiveRun): string {
  const where = run.backend === 'webgpu' ? `WebGPU (${run.adapter ?? 'adapter'})` : `CPU (${run.adapter ?? 'worker'})`;
  return `Updated in ${Math.round(run.waitMs ?? 0)} ms · ${where}, ${(run.elapsedMs ?? 0).toFixed(1)} ms compute`;
}
