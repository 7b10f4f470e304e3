import type { ProjectDocument } from '../project-schema.js';

/** How {@link weightedProject} builds its one convolution. */
export interface WeightedProjectOptions {
  /** The convolution's node id (a rename changes it). Default `conv1`. */
  id?: string;
  title?: string;
  inChannels?: number;
  outChannels?: number;
  kernelSize?: number;
  /** The i-th weight value; biases take `value(-1 - channel)`. Default `i / 1024` (exact in float32). */
  value?: (i: number) => number;
}

/**
 * A valid project whose one convolution holds `inChannels·outChannels·kernelSize²` weight values
 * and `outChannels` biases, for tests of large weights: defaults give 16·32·5² = 12,800.
 *
 * @example
 * const big = weightedProject({ inChannels: 16, outChannels: 256, kernelSize: 23 }); // 2,166,784 weights
 */
export function weightedProject(options: WeightedProjectOptions = {}): ProjectDocument {
  const { id = 'conv1', title = 'Weighted', inChannels = 16, outChannels = 32, kernelSize = 5, value = (i) => (i % 4096) / 1024 } = options;
  const weights = Array.from({ length: inChannels * outChannels * kernelSize * kernelSize }, (_, i) => value(i));
  const biases = Array.from({ length: outChannels }, (_, c) => value(-1 - c));
  const size = kernelSize + 8;
  return {
    format: 'convstudio-project', version: 1, projectId: 'weighted', title,
    pipeline: {
      format: 'convstudio-pipeline', version: 1,
      nodes: [
        { id: 'input', kind: 'input', params: { channels: inChannels, height: size, width: size } },
        { id, kind: 'conv2d', params: { outChannels, kernelSize }, weight: { values: weights }, biasValues: biases },
        { id: 'relu1', kind: 'relu', params: {} },
      ],
      edges: [{ source: 'input', target: id }, { source: id, target: 'relu1' }],
    } as ProjectDocument['pipeline'],
    viewState: { view: 'figure', scale: '0-255', backend: 'cpu' },
  };
}
