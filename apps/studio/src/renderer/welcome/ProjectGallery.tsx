import { costTable } from '@convstudio/core';
import { useEffect, useMemo, useRef } from 'react';
import type { ProjectPreset } from '../projects/projects.js';
import { architectureThumb } from './architecture-thumb.js';

const THUMB_W = 220;
const THUMB_H = 56;

function formatCount(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(n);
}

function ProjectCard({ project, onOpen }: { project: ProjectPreset; onOpen(): void }) {
  const { blocks, summary } = useMemo(() => {
    const pipeline = project.build();
    const cost = costTable(pipeline);
    const count = pipeline.nodes.length - 1;
    const layers = `${count} ${count === 1 ? 'layer' : 'layers'}`;
    return {
      blocks: architectureThumb(pipeline, THUMB_W, THUMB_H),
      summary: cost.ok ? `${layers} · ${formatCount(cost.table.totals.params)} params · ${formatCount(cost.table.totals.macs)} MACs` : layers,
    };
  }, [project]);
  return (
    <li className="studio-card" data-testid="project-card" data-project={project.id}>
      <button type="button" className="studio-card-button" onClick={onOpen} aria-label={`Open ${project.title}`}>
        <svg width={THUMB_W} height={THUMB_H} viewBox={`0 0 ${THUMB_W} ${THUMB_H}`} role="img" aria-label={`Layers of ${project.title}, input on the left`}>
          {blocks.map((b) => (
            <rect key={b.id} data-group={b.group} className="studio-thumb-block" x={b.x} y={(THUMB_H - b.height) / 2} width={b.width} height={b.height} rx={1.5} />
          ))}
        </svg>
        <strong>{project.title}</strong>
        <span className="studio-muted">{summary}</span>
        <span className="studio-card-description">{project.description}</span>
      </button>
    </li>
  );
}

/**
 * The built-in projects as cards with a thumbnail of their layers (height: map size, width:
 * channels, colour: layer category) and their size; a click opens one. Escape closes.
 */
export function ProjectGallery({ projects, onOpen, onClose, onTour }: { projects: readonly ProjectPreset[]; onOpen(project: ProjectPreset): void; onClose(): void; onTour(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="studio-gallery" aria-labelledby="gallery-title" onClose={onClose} data-testid="project-gallery">
      <header className="studio-gallery-head">
        <h2 id="gallery-title">Open a project</h2>
        <p className="studio-muted">Each one runs live on the image of your choice. The worked example reproduces the document’s figure; the others are the networks it discusses.</p>
        <div className="studio-gallery-actions">
          <button type="button" onClick={onTour}>Take the 1-minute tour</button>
          <button type="button" onClick={() => dialog.current?.close()}>Close</button>
        </div>
      </header>
      <ul className="studio-cards">
        {projects.map((p) => (
          <ProjectCard key={p.id} project={p} onOpen={() => onOpen(p)} />
        ))}
      </ul>
    </dialog>
  );
}
