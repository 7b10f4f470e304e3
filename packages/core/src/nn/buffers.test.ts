import { describe, expect, it } from 'vitest';
import { add } from '../ops/combine.js';
import { Tensor } from '../tensor.js';
import { initBuffers } from './buffers.js';
import { type AnyLayerSpec, layerRegistry, layerSpec } from './layers/index.js';
import { Model } from './model.js';
import { createOptimizer } from './optimizers.js';
import { initParameters } from './parameters.js';
import { inferShapesOrThrow } from './shape-inference.js';
import { chain, node, pipelineOf } from './templates/index.js';

// A test-only kind in place of relu: identity forward that counts train-mode passes in a buffer
// and records the mode and first random draw it saw.
const seen: { mode: string; draw: number }[] = [];
const countingSpec: AnyLayerSpec = {
  ...(layerRegistry.relu as unknown as AnyLayerSpec),
  buffers: { passes: { initial: 0 } },
  infer: (_p, [shape]) => ({ output: [...shape], buffers: { passes: [1] } }),
  forward(_p, [x], _parameters, context) {
    seen.push({ mode: context.mode, draw: context.random.next() });
    if (context.mode === 'train') context.buffers.passes = add(context.buffers.passes, new Tensor(Float32Array.of(1), [1]));
    return x;
  },
  backward(_p, dy, _inputs, _y, _parameters, context) {
    seen.push({ mode: `backward-${context.mode}`, draw: context.random.next() });
    return { inputs: [dy] };
  },
};
const specOf = (kind: string) => (kind === 'relu' ? countingSpec : layerSpec(kind));

function countingModel() {
  const pipeline = pipelineOf({ name: 'tiny', description: 'counts passes', seed: 3 }, [
    chain([node('input', 'input', { channels: 1, height: 2, width: 2 }), node('flatten1', 'flatten'), node('fc1', 'linear', { outFeatures: 3 }), node('count1', 'relu')]),
  ]);
  const report = inferShapesOrThrow(pipeline);
  // Shapes as the test spec infers them: the relu node gains its buffer.
  for (const n of report.nodes) if (n.node.kind === 'relu') n.shapes = countingSpec.infer({}, n.inputShapes);
  return new Model(pipeline, report, initParameters(pipeline, report), { specOf });
}

describe('Model modes and buffers', () => {
  it('creates buffers from the spec and updates them only in train-mode forwards', () => {
    const model = countingModel();
    const reluId = model.outputId;
    const passes = () => Array.from(model.buffers().get(reluId)?.passes.data ?? []);
    expect(passes()).toEqual([0]);
    const x = new Tensor(Float32Array.of(1, 2, 3, 4), [1, 1, 2, 2]);
    model.forward(x);
    expect(model.mode).toBe('eval');
    expect(passes()).toEqual([0]);
    model.train().forward(x);
    model.forward(x, { mode: 'eval' });
    model.forward(x);
    expect(passes()).toEqual([2]);
    model.eval().forward(x);
    expect(passes()).toEqual([2]);
  });

  it('gives each forward a fresh random stream and backward the same stream as its forward', () => {
    const model = countingModel().train();
    const x = new Tensor(Float32Array.of(1, 2, 3, 4), [1, 1, 2, 2]);
    seen.length = 0;
    const first = model.forward(x);
    model.forward(x);
    model.backward(first, new Tensor(new Float32Array(3).fill(1), [1, 3]));
    expect(seen.map((s) => s.mode)).toEqual(['train', 'train', 'backward-train']);
    expect(seen[0].draw).not.toBe(seen[1].draw);
    expect(seen[2].draw).toBe(seen[0].draw);
  });

  it('leaves buffers alone in an optimizer step, while the weights move', () => {
    const model = countingModel().train();
    const x = new Tensor(Float32Array.of(1, 2, 3, 4), [1, 1, 2, 2]);
    const activations = model.forward(x);
    const grads = model.backward(activations, new Tensor(new Float32Array(3).fill(1), [1, 3]));
    const fc = [...model.parameters.keys()][0];
    const weightBefore = Array.from(model.parameters.get(fc)?.weight?.data ?? []);
    const buffer = model.buffers().get(model.outputId)?.passes;
    const bufferBefore = Array.from(buffer?.data ?? []);
    createOptimizer({ kind: 'sgd', learningRate: 0.5 }).step(model.parameters, grads.parameters, new Set());
    expect(Array.from(model.parameters.get(fc)?.weight?.data ?? [])).not.toEqual(weightBefore);
    expect(model.buffers().get(model.outputId)?.passes).toBe(buffer);
    expect(Array.from(buffer?.data ?? [])).toEqual(bufferBefore);
    expect(bufferBefore).toEqual([1]);
  });

  it('refuses a buffer shape the spec does not declare', () => {
    const report = inferShapesOrThrow(pipelineOf({ name: 't', description: 'relu', seed: 1 }, [chain([node('input', 'input', { channels: 1, height: 2, width: 2 }), node('relu1', 'relu')])]));
    report.nodes[1].shapes = { output: [1, 2, 2], buffers: { stray: [1] } };
    expect(() => initBuffers(report, layerSpec)).toThrow(/relu: buffer "stray" has a shape but no BufferSpec/);
  });
});
