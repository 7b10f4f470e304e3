import { convTranspose2d, cpuBackend, Tensor, upConvolution, type Pipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { documentExamples } from '../projects/document-examples.js';
import { packLayerValues } from '../run/layer-values.js';
import { ModelCache, runPipeline } from '../run/run-pipeline.js';
import { stepsOfNode, upsamplingNodes } from './upconv-source.js';

const image = { width: 1, height: 1, data: new Uint8ClampedArray(4) };

// As the studio runs a pipeline: its layer values taken out of the nodes and sent beside them.
async function run(pipeline: Pipeline, matrix: { shape: [number, number, number]; values: number[] }) {
  const packed = packLayerValues(pipeline);
  const result = await runPipeline(packed.pipeline, { image, scale: '0-1', backend: cpuBackend, matrix, values: packed.values }, new ModelCache());
  const toMap = (list: typeof result.outputs) => new Map(list.map((o) => [o.id, new Tensor(o.data, o.shape)]));
  return { outputs: toMap(result.outputs), weights: toMap(result.weights), biases: toMap(result.biases), sent: packed.pipeline };
}

// An up-convolution and a transposed convolution with bias, channels and every geometry option.
const twoUpsamplers: Pipeline = {
  format: 'convstudio-pipeline',
  version: 1,
  seed: 5,
  nodes: [
    { id: 'A', kind: 'input', params: { channels: 2, height: 3, width: 4 } },
    { id: 'up', kind: 'upConvolution', params: { outChannels: 3, kernelSize: [3, 2], factor: 3, padding: [1, 1] }, biasValues: [0.5, -1, 2] },
    { id: 'tc', kind: 'convTranspose2d', params: { outChannels: 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, groups: 1 } },
  ],
  edges: [{ source: 'A', target: 'up' }, { source: 'up', target: 'tc' }],
} as Pipeline;

describe('stepsOfNode', () => {
  it("spells out the document's up-convolution example from a run", async () => {
    const project = documentExamples.find((p) => p.id === 'doc-up-convolution')!;
    const pipeline = project.build();
    const { outputs, weights, biases } = await run(pipeline, project.matrix!);
    expect(upsamplingNodes(pipeline).map((n) => n.id)).toEqual(['KP']);
    const result = stepsOfNode(pipeline, 'KP', outputs, weights, biases);
    if (!result.ok) throw new Error(result.message);
    expect(Array.from(result.steps.output.data)).toEqual([1, 0, 2, 0, 10, 0, 3, 0, 4]);
    expect(Array.from(result.steps.transposedOutput!.data)).toEqual([1, 0, 2, 0, 10, 0, 3, 0, 4]);
    expect(result.steps.inserted.shape).toEqual([1, 1, 5, 5]);
  });

  it("both readings equal the run's own output for any node, with the run's bias", async () => {
    const values = Array.from({ length: 24 }, (_, i) => ((i * 7) % 11) - 5);
    const { outputs, weights, biases, sent } = await run(twoUpsamplers, { shape: [2, 3, 4], values });
    // The pipeline the worker saw carries no bias: it came only with the layer values.
    expect(sent.nodes.find((n) => n.id === 'up')).not.toHaveProperty('biasValues');
    for (const id of ['up', 'tc']) {
      const result = stepsOfNode(sent, id, outputs, weights, biases);
      if (!result.ok) throw new Error(result.message);
      const shown = outputs.get(id)!;
      expect(result.steps.output.shape).toEqual(shown.shape);
      result.steps.output.data.forEach((v, i) => expect(v).toBeCloseTo(shown.data[i], 4));
      expect(result.steps.maxDifference).toBeLessThan(1e-4);
    }
    const up = stepsOfNode(sent, 'up', outputs, weights, biases);
    expect(up.ok && Array.from(up.steps.bias)).toEqual([0.5, -1, 2]);
    // Core's ops on the same numbers, independently of the explorer's helper.
    const reference = upConvolution(outputs.get('A')!, weights.get('up')!, { factor: 3, padding: [1, 1], bias: new Tensor(Float32Array.from([0.5, -1, 2]), [3]) });
    reference.data.forEach((v, i) => expect(outputs.get('up')!.data[i]).toBeCloseTo(v, 4));
    const tc = convTranspose2d(outputs.get('up')!, weights.get('tc')!, { stride: 2, padding: 1, outputPadding: 1 });
    expect(tc.shape).toEqual(outputs.get('tc')!.shape);
  });

  it('says why when a node cannot be spelled out', async () => {
    const { outputs, weights, biases } = await run(twoUpsamplers, { shape: [2, 3, 4], values: new Array(24).fill(1) });
    expect(stepsOfNode(twoUpsamplers, 'A', outputs, weights, biases)).toEqual({ ok: false, message: '"A" is not an up-convolution or transposed convolution of this pipeline.' });
    expect(stepsOfNode(twoUpsamplers, 'up', new Map(), weights, biases)).toMatchObject({ ok: false, message: expect.stringMatching(/Not computed yet/) });
    expect(stepsOfNode(twoUpsamplers, 'up', outputs, new Map(), biases)).toMatchObject({ ok: false, message: expect.stringMatching(/too many weights/) });
  });
});
