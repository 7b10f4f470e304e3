import { cpuBackend, isExplainable, Tensor } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { explainPicked } from '../inspector/unit-sources.js';
import { ModelCache, runPipeline } from '../run/run-pipeline.js';
import { documentExamples } from './document-examples.js';

// Any image: a matrix input replaces it.
const image = { width: 1, height: 1, data: new Uint8ClampedArray(4) };

async function run(id: string) {
  const project = documentExamples.find((p) => p.id === id)!;
  const pipeline = project.build();
  const result = await runPipeline(pipeline, { image, scale: '0-1', backend: cpuBackend, matrix: project.matrix }, new ModelCache());
  const toMap = (list: typeof result.outputs) => new Map(list.map((o) => [o.id, new Tensor(o.data, o.shape)]));
  return { pipeline, outputs: toMap(result.outputs), weights: toMap(result.weights), biases: toMap(result.biases) };
}

describe("the document's examples", () => {
  it('2x2 expansion: O = [[37, 47], [67, 77]] and O11 = 1·1 + 2·2 + 4·3 + 5·4', async () => {
    const { pipeline, ...tensors } = await run('doc-conv-2x2');
    const { outputs } = tensors;
    expect(Array.from(outputs.get('O')!.data)).toEqual([37, 47, 67, 77]);
    const unit = explainPicked(pipeline, tensors, { nodeId: 'O', channel: 0, row: 0, col: 0 });
    expect(unit.ok && unit.unit.terms.map((t) => [t.input, t.weight])).toEqual([[1, 1], [2, 2], [4, 3], [5, 4]]);
  });

  it('back-propagation example: the same forward numbers, a trainable F without bias', async () => {
    const { pipeline, outputs } = await run('doc-backprop');
    expect(Array.from(outputs.get('O')!.data)).toEqual([37, 47, 67, 77]);
    const conv = pipeline.nodes.find((n) => n.id === 'O')!;
    expect(conv.kind === 'conv2d' && conv.params.bias).toBe(false);
  });

  it('up-convolution: K ⊗ P = [[1,0,2],[0,10,0],[3,0,4]], the centre from 1+2+3+4', async () => {
    const { pipeline, ...tensors } = await run('doc-up-convolution');
    const { outputs } = tensors;
    expect(Array.from(outputs.get('KP')!.data)).toEqual([1, 0, 2, 0, 10, 0, 3, 0, 4]);
    const unit = explainPicked(pipeline, tensors, { nodeId: 'KP', channel: 0, row: 1, col: 1 });
    expect(unit.ok && unit.unit.terms.filter((t) => t.source === 'input').map((t) => t.input)).toEqual([1, 2, 3, 4]);
    expect(isExplainable('upConvolution')).toBe(true);
  });

  it('refuses a matrix of another shape than the input node, naming both', async () => {
    const project = documentExamples[0];
    await expect(runPipeline(project.build(), { image, scale: '0-1', backend: cpuBackend, matrix: { shape: [1, 2, 2], values: [1, 2, 3, 4] } }, new ModelCache())).rejects.toThrow(/1x2x2.*expects 1x3x3/);
  });
});
