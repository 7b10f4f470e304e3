import { useEffect } from 'react';
import type { LiveRun } from './useLiveRun.js';

/** One node's output of the shown run, as plain numbers. */
export interface RunNodeReport {
  shape: number[];
  data: number[];
}

declare global {
  interface Window {
    /** The latest finished run's outputs of the asked nodes, for end-to-end tests (like the Gradients view's hook). */
    __convstudioRun?: (nodeIds: string[]) => { status: LiveRun['status']; backend?: string; nodes: Record<string, RunNodeReport> };
  }
}

/**
 * Publishes the run the views show on `window`, so end-to-end tests read the very values the
 * feature maps draw (and compare them with core's own run) rather than colours.
 */
export function useRunTestHook(run: LiveRun): void {
  useEffect(() => {
    window.__convstudioRun = (nodeIds) => ({
      status: run.status,
      ...(run.backend ? { backend: run.backend } : {}),
      nodes: Object.fromEntries(nodeIds.flatMap((id) => {
        const t = run.outputs.get(id);
        return t ? [[id, { shape: [...t.shape], data: Array.from(t.data) }]] : [];
      })),
    });
  }, [run]);
}
