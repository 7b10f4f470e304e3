import { cpuBackend, Tensor, type Pipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { packLayerValues } from '../run/layer-values.js';
import { ModelCache, runPipeline } from '../run/run-pipeline.js';
import { explainPicked } from './unit-sources.js';

const image = { width: 1, height: 1, data: new Uint8ClampedArray(4) };

// A conv with typed-in weights and bias: the studio sends them beside the pipeline, not in it.
const withBias = {
  format: 'convstudio-pipeline',
  version: 1,
  seed: 3,
  nodes: [
    { id: 'x', kind: 'input', params: { channels: 1, height: 3, width: 3 } },
    { id: 'c', kind: 'conv2d', params: { outChannels: 2, kernelSize: 2 }, weight: { values: [1, 2, 3, 4, -1, 0, 0, 1] }, biasValues: [10, -0.5] },
  ],
  edges: [{ source: 'x', target: 'c' }],
} as Pipeline;

describe('explainPicked', () => {
  it("adds the run's bias, which the pipeline sent to the worker no longer carries", async () => {
    const packed = packLayerValues(withBias);
    expect(packed.pipeline.nodes[1]).not.toHaveProperty('biasValues');
    const result = await runPipeline(packed.pipeline, { image, scale: '0-1', backend: cpuBackend, matrix: { shape: [1, 3, 3], values: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, values: packed.values }, new ModelCache());
    const toMap = (list: typeof result.outputs) => new Map(list.map((o) => [o.id, new Tensor(o.data, o.shape)]));
    const run = { outputs: toMap(result.outputs), weights: toMap(result.weights), biases: toMap(result.biases) };
    // Channel 1, row 1, col 1: -1·5 + 0·6 + 0·8 + 1·9 = 4, plus bias -0.5.
    const unit = explainPicked(packed.pipeline, run, { nodeId: 'c', channel: 1, row: 1, col: 1 });
    if (!unit.ok || unit.unit.kind !== 'weightedSum') throw new Error(`not explained: ${JSON.stringify(unit)}`);
    expect([unit.unit.sum, unit.unit.bias, unit.unit.value, unit.shown]).toEqual([4, -0.5, 3.5, 3.5]);
    // Without the run's biases the same unit would read bias 0 and disagree with the map.
    const unbiased = explainPicked(packed.pipeline, { ...run, biases: new Map() }, { nodeId: 'c', channel: 1, row: 1, col: 1 });
    expect(unbiased.ok && unbiased.unit.value).toBe(4);
  });
});
