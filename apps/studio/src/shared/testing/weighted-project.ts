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
    format: 'convstudio-project', version: 2, projectId: 'weighted', title,
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

/**
 * A project in a form `toEqual` compares fast: its weight and bias values as one string of
 * their float64 bytes (a deep comparison of millions of numbers takes seconds), the rest as is.
 *
 * @example
 * expect(comparable(result.project)).toEqual(comparable(project));
 */
export function comparable(project: ProjectDocument): unknown {
  const values: number[] = [];
  const nodes = project.pipeline.nodes.map((node) => {
    const { weight, biasValues, ...rest } = node as typeof node & { weight?: { values?: number[] }; biasValues?: number[] };
    const weights = weight?.values ?? [];
    for (const v of weights) values.push(v);
    for (const v of biasValues ?? []) values.push(v);
    return { ...rest, weight: weight?.values ? { values: weights.length } : weight, biasValues: biasValues?.length };
  });
  // windows-1252 decoding (what 'latin1' names) maps each byte to its own character: exact, and native-fast.
  return { ...project, pipeline: { ...project.pipeline, nodes }, values: new TextDecoder('latin1').decode(Float64Array.from(values)) };
}
