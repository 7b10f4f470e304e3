import type { UpsamplingSteps } from '@convstudio/core';

type Plain = { shape: number[]; data: number[] };

/** What end-to-end tests read back: both readings the explorer shows, as plain arrays. */
export interface UpsamplingScreenReport {
  nodeId: string;
  input: Plain;
  inserted: Plain;
  kernel: Plain;
  bias: number[];
  output: Plain;
  transposed: { stride: number[]; padding: number[]; outputPadding: number[]; dilation: number[]; groups: number; weight: Plain } | { unavailable: string };
  transposedOutput?: Plain;
  maxDifference?: number;
}

declare global {
  interface Window {
    /** Set by the up-convolution explorer, read by the e2e tests (pictures of large maps hold no numbers). */
    __convstudioUpsampling?: () => UpsamplingScreenReport | undefined;
  }
}

const plain = (t: { shape: readonly number[]; data: Float32Array }): Plain => ({ shape: [...t.shape], data: Array.from(t.data) });

/** Publishes the explorer's numbers on `window` for tests; the view calls it whenever they change. */
export function exposeUpsampling(nodeId: string | undefined, steps: UpsamplingSteps | undefined): void {
  if (typeof window === 'undefined') return;
  window.__convstudioUpsampling = () =>
    nodeId && steps
      ? {
          nodeId,
          input: plain(steps.input),
          inserted: plain(steps.inserted),
          kernel: plain(steps.kernel),
          bias: Array.from(steps.bias),
          output: plain(steps.output),
          transposed: 'weight' in steps.transposed ? { ...steps.transposed, weight: plain(steps.transposed.weight) } : steps.transposed,
          ...(steps.transposedOutput ? { transposedOutput: plain(steps.transposedOutput) } : {}),
          ...(steps.maxDifference !== undefined ? { maxDifference: steps.maxDifference } : {}),
        }
      : undefined;
}
