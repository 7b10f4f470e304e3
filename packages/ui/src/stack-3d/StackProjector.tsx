import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, type RefObject } from 'react';
import { Matrix4 } from 'three';
import { placeLabels } from './label-placement.js';
import { projectBoxes } from './screen-boxes.js';
import { screenReport, type StackScreen } from './stack-screen.js';

/** Props of {@link StackProjector}. */
export interface StackProjectorProps {
  screen: StackScreen;
  /** Element that gets the `data-stack-boxes` test hook (the component's wrapper). */
  host: RefObject<HTMLElement | null>;
  /** Element whose text says how many labels are hidden. */
  status: RefObject<HTMLElement | null>;
  /** The stack under the pointer (-1: none), whose label wins any overlap (else the selected stack's does). */
  hovered: RefObject<number>;
}

// Reporting waits for the camera to rest: the hook is for tests, not worth a string every frame.
const REPORT_DELAY_MS = 80;

/**
 * Every frame (and only then: rendering is on demand), projects each stack's box to the screen,
 * places the labels that fit without overlapping (see placeLabels) and moves the DOM labels
 * there through their elements, never through React state. Once the camera rests it writes the
 * boxes to the host's `data-stack-boxes` attribute (see screenReport) for tests.
 *
 * @example
 * <Canvas><StackProjector screen={screen} host={wrapperRef} status={statusRef} hovered={hoveredRef} /></Canvas>
 */
export function StackProjector({ screen, host, status, hovered }: StackProjectorProps) {
  const matrix = useMemo(() => new Matrix4(), []);
  const report = useMemo(() => {
    let timer = 0;
    const write = () => {
      timer = 0;
      host.current?.setAttribute('data-stack-boxes', JSON.stringify(screenReport(screen)));
      // The canvas size the boxes were projected for: a test waits for it to match the canvas after a resize.
      host.current?.setAttribute('data-stack-size', `${Math.round(screen.width)}x${Math.round(screen.height)}`);
    };
    return {
      schedule: () => {
        if (timer === 0) timer = window.setTimeout(write, REPORT_DELAY_MS);
      },
      cancel: () => window.clearTimeout(timer),
    };
  }, [screen, host]);
  useEffect(() => report.cancel, [report]);

  useFrame(({ camera, size }) => {
    // The renderer updates the camera's matrices when it draws, after this: update them now.
    camera.updateMatrixWorld();
    matrix.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
    const { width, height } = size;
    screen.width = width;
    screen.height = height;
    projectBoxes(screen.corners, matrix.elements, width, height, screen.boxes, screen.outlines);
    projectBoxes(screen.fieldCorners, matrix.elements, width, height, screen.fieldBoxes);
    const { labels, sizes, positions, visible, drawn } = screen;
    for (let i = 0; i < labels.length; i++) {
      const element = labels[i];
      // Measured once: a label's text changes only with the layout, which makes a new screen.
      if (element && sizes[2 * i] === 0) {
        sizes[2 * i] = element.offsetWidth;
        sizes[2 * i + 1] = element.offsetHeight;
      }
    }
    // The stack under the pointer, else the selected one, is always named.
    const first = hovered.current >= 0 ? hovered.current : screen.selected;
    placeLabels(screen, screen, first);
    let hidden = 0;
    for (let i = 0; i < labels.length; i++) {
      const element = labels[i];
      if (!element) continue;
      const shown = visible[i];
      hidden += 1 - shown;
      if (drawn[3 * i] !== shown) element.style.visibility = shown ? 'visible' : 'hidden';
      drawn[3 * i] = shown;
      const x = Math.round(positions[2 * i]);
      const y = Math.round(positions[2 * i + 1]);
      if (shown && (drawn[3 * i + 1] !== x || drawn[3 * i + 2] !== y)) {
        element.style.transform = `translate(${x}px, ${y}px)`;
        drawn[3 * i + 1] = x;
        drawn[3 * i + 2] = y;
      }
    }
    const line = status.current;
    if (line && Number(line.dataset.hidden) !== hidden) {
      line.dataset.hidden = String(hidden);
      line.textContent = hidden > 0 ? `${hidden} of ${labels.length} labels hidden where they would overlap: point at a stack or zoom in.` : '';
    }
    report.schedule();
  });
  return null;
}
