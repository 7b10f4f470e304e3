import type { LayerKind } from '@convstudio/core';
import { Activity, ArrowDownToLine, ArrowUpFromLine, Combine, Grid2x2, Layers, Minimize2, Plus, Rows3, Scaling, Shuffle, Sigma, AudioWaveform, ChartColumn, type LucideIcon } from 'lucide-react';

/**
 * One icon per layer kind (the only per-kind table left in the ui: icons are the ui's own
 * dependency). The group's hue comes from CSS (`data-group`), as on the canvas. A kind added to
 * the core's registry without an icon fails the typecheck and layer-icons.test.ts.
 */
export const layerIcons: Record<LayerKind, LucideIcon> = {
  conv2d: Grid2x2, convTranspose2d: ArrowUpFromLine, upConvolution: Scaling,
  maxPool2d: Minimize2, avgPool2d: ArrowDownToLine, globalAvgPool2d: Sigma,
  relu: Activity, leakyRelu: Activity, sigmoid: Activity, tanh: Activity, softmax: Activity,
  flatten: Rows3, linear: Layers, normalize: Scaling, add: Plus, concat: Combine,
  logSoftmax: Activity, batchNorm2d: ChartColumn, localResponseNorm: AudioWaveform, dropout: Shuffle,
};
