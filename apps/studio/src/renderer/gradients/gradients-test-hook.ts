import type { GradientResult } from './gradient-protocol.js';

/** What end-to-end tests read back: the gradients the view shows, as plain arrays. */
export interface GradientsScreenReport {
  target: GradientResult['target'];
  value: number;
  nodes: Record<string, { shape: number[]; data: number[] }>;
  input: { shape: number[]; data: number[] };
  weights: Record<string, { shape: number[]; data: number[] }>;
  /** The input values the gradients were computed at (the input node's output). */
  x?: { shape: number[]; data: number[] };
}

declare global {
  interface Window {
    /** Set by the Gradients view (like the 3D view's hook), read by the e2e tests. */
    __convstudioGradients?: () => GradientsScreenReport | undefined;
  }
}

/** Publishes the shown gradients on `window` for tests; the view calls it on every result. */
export function exposeGradients(result: GradientResult | undefined, x?: { shape: number[]; data: Float32Array }): void {
  if (typeof window === 'undefined') return;
  const plain = (o: { shape: number[]; data: Float32Array }) => ({ shape: o.shape, data: Array.from(o.data) });
  window.__convstudioGradients = () =>
    result && {
      target: result.target,
      value: result.value,
      nodes: Object.fromEntries(result.nodes.map((n) => [n.id, plain(n)])),
      input: plain(result.input),
      weights: Object.fromEntries(result.weights.map((w) => [w.id, plain(w)])),
      ...(x ? { x: plain(x) } : {}),
    };
}
