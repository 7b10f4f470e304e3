import { useEffect, useLayoutEffect, useState } from 'react';
import type { StudioView } from '../projects/projects.js';
import { tourSteps } from './tour-steps.js';

interface Rect { left: number; top: number; width: number; height: number }

const CALLOUT_WIDTH = 320;

/** Where the callout goes: beside the target when there is room, else inside it, always in the window. */
export function calloutPosition(target: Rect, viewport: { width: number; height: number }): { left: number; top: number } {
  const margin = 12;
  const right = target.left + target.width + margin;
  const left = right + CALLOUT_WIDTH <= viewport.width ? right : target.left - CALLOUT_WIDTH - margin >= 0 ? target.left - CALLOUT_WIDTH - margin : target.left + margin;
  const top = Math.min(Math.max(target.top + margin, margin), Math.max(margin, viewport.height - 260));
  return { left: Math.max(margin, Math.min(left, viewport.width - CALLOUT_WIDTH - margin)), top };
}

/**
 * A short guided tour: a callout beside each region in turn, the region outlined, with Back,
 * Next and Close (Escape closes). Each step may open a view or select a layer first.
 */
export function GuidedTour({ onClose, onView, onSelectNode }: { onClose(): void; onView(view: StudioView): void; onSelectNode(id: string): void }) {
  const [index, setIndex] = useState(0);
  const step = tourSteps[index];
  const [rect, setRect] = useState<Rect | undefined>(undefined);
  useEffect(() => {
    if (step.view) onView(step.view);
    if (step.selectNode) onSelectNode(step.selectNode);
  }, [step, onView, onSelectNode]);
  useLayoutEffect(() => {
    const measure = () => {
      const r = document.querySelector(step.target)?.getBoundingClientRect();
      setRect(r ? { left: r.left, top: r.top, width: r.width, height: r.height } : undefined);
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [step]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const at = rect ? calloutPosition(rect, { width: window.innerWidth, height: window.innerHeight }) : { left: 24, top: 80 };
  const last = index === tourSteps.length - 1;
  return (
    <>
      {rect && <div className="studio-tour-ring" style={{ left: rect.left, top: rect.top, width: rect.width, height: rect.height }} aria-hidden />}
      <section className="studio-tour" role="dialog" aria-modal="false" aria-labelledby="tour-title" data-testid="tour" data-step={index} style={{ left: at.left, top: at.top, width: CALLOUT_WIDTH }}>
        <h2 id="tour-title">{step.title}</h2>
        <p>{step.text}</p>
        <footer>
          <span className="studio-muted">{index + 1} of {tourSteps.length}</span>
          <button type="button" onClick={onClose}>Close</button>
          <button type="button" onClick={() => setIndex(index - 1)} disabled={index === 0}>Back</button>
          <button type="button" onClick={() => (last ? onClose() : setIndex(index + 1))} autoFocus>{last ? 'Done' : 'Next'}</button>
        </footer>
      </section>
    </>
  );
}
