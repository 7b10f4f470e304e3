import { describe, expect, it } from 'vitest';
import { runWorkedExample } from '../analysis/worked-example.js';
import type { Backend } from '../backend.js';
import { withBackend } from '../backend-registry.js';
import { cpuBackend } from '../cpu/index.js';
import { syntheticSix } from '../data/synthetic-digits.js';
import { rand, Tensor } from '../tensor.js';
import { checkGradients } from '../testing/gradient-check.js';
import type { OpAdapter, TensorArgs } from '../testing/golden-adapters.js';
import { createModel, type Model, pipelineHash, run } from './model.js';
import type { Pipeline } from './pipeline-types.js';
import { chainPipeline } from './chain-pipeline.fixture.js';

/** A small FCN-style DAG: two branches joined by concat, and a residual add. */
function skipPipeline(): Pipeline {
  return {
    format: 'convstudio-pipeline',
    version: 1,
    seed: 3,
    nodes: [
      { id: 'in', kind: 'input', params: { channels: 2, height: 6, width: 6 } },
      { id: 'a', kind: 'conv2d', params: { outChannels: 3, kernelSize: 3, padding: 'same' } },
      { id: 'b', kind: 'conv2d', params: { outChannels: 2, kernelSize: 1 } },
      { id: 'act', kind: 'tanh', params: {} },
      { id: 'cat', kind: 'concat', params: {} },
      { id: 'mix', kind: 'conv2d', params: { outChannels: 2, kernelSize: 3, padding: 1 } },
      { id: 'res', kind: 'add', params: {} },
      { id: 'pool', kind: 'avgPool2d', params: { kernelSize: 2 } },
      { id: 'up', kind: 'convTranspose2d', params: { outChannels: 2, kernelSize: 2, stride: 2 } },
    ],
    edges: [
      { source: 'in', target: 'a' },
      { source: 'in', target: 'b' },
      { source: 'a', target: 'act' },
      { source: 'act', target: 'cat', port: 0 },
      { source: 'b', target: 'cat', port: 1 },
      { source: 'cat', target: 'mix' },
      { source: 'mix', target: 'res' },
      { source: 'in', target: 'res' },
      { source: 'res', target: 'pool' },
      { source: 'pool', target: 'up' },
    ],
  } as Pipeline;
}

/** Wraps a model as an op whose inputs are the image and one layer's weight, for finite differences. */
function modelAdapter(model: Model, layer: string): OpAdapter {
  const withWeight = (args: TensorArgs) => {
    const params = model.parameters.get(layer);
    if (params) params.weight = args.weight as Tensor;
  };
  return {
    forward(args) {
      withWeight(args);
      return model.forward(args.x as Tensor).get(model.outputId) as Tensor;
    },
    backward(dy, args) {
      withWeight(args);
      const grads = model.backward(model.forward(args.x as Tensor), dy);
      return { x: grads.input, weight: grads.parameters.get(layer)?.weight as Tensor };
    },
  };
}

describe('Model', () => {
  it('returns every node output with the inferred shapes', () => {
    const model = createModel(skipPipeline());
    const outputs = model.forward(rand([2, 2, 6, 6], { seed: 1 }));
    for (const { node, shapes } of model.shapes.nodes) expect(outputs.get(node.id)?.shape).toEqual([2, ...shapes.output]);
    expect(model.outputId).toBe('up');
  });

  it('back-propagates through branches, concat and a residual add (finite differences)', async () => {
    for (const layer of ['a', 'b', 'mix', 'up']) {
      const model = createModel(skipPipeline());
      const inputs = { x: rand([2, 2, 6, 6], { seed: 2, low: -1, high: 1 }), weight: model.parameters.get(layer)?.weight as Tensor };
      await checkGradients(`pipeline wrt ${layer}`, cpuBackend, modelAdapter(model, layer), inputs, {}, ['x', 'weight']);
    }
  });

  it('gives the same parameter gradients without the ones that only lead to the input, and skips the first convolutions\' input gradients', () => {
    const calls: string[] = [];
    const counting: Backend = {
      ...cpuBackend,
      conv2dBackwardInput: (dy, weight, info) => {
        calls.push(dy.shape.join('x'));
        return cpuBackend.conv2dBackwardInput(dy, weight, info);
      },
    };
    const model = createModel(skipPipeline());
    const activations = model.forward(rand([2, 2, 6, 6], { seed: 4 }));
    const dy = rand(activations.get('up')?.shape as number[], { seed: 5, low: -1, high: 1 });
    const full = withBackend(counting, () => model.backward(activations, dy));
    const fullCalls = calls.splice(0);
    const only = withBackend(counting, () => model.parameterGradients(activations, dy));
    expect([...only.keys()].sort()).toEqual([...full.parameters.keys()].sort());
    for (const [id, g] of full.parameters) {
      expect(only.get(id)?.weight?.data, id).toEqual(g.weight?.data);
      expect(only.get(id)?.bias?.data, id).toEqual(g.bias?.data);
    }
    // a (3 maps) and b (2 maps) read the input only: their input gradients are left out; mix's is not.
    expect(fullCalls.sort()).toEqual(['2x2x6x6', '2x2x6x6', '2x3x6x6'].sort());
    expect(calls).toEqual(['2x2x6x6']);
  });

  it('takes precomputed outputs as given, runs only the rest, and checks their shapes and the mode', () => {
    const model = createModel(skipPipeline());
    const x = rand([1, 2, 6, 6], { seed: 2 });
    const full = model.forward(x);
    // A marked output for "cat": what follows must be computed from it, not from a's and b's.
    const marked = full.get('cat') as Tensor;
    const doubled = new Tensor(Float32Array.from(marked.data, (v) => 2 * v), marked.shape);
    const partial = model.forward(x, { precomputed: new Map([['cat', doubled]]) });
    expect(partial.get('cat')).toBe(doubled);
    expect(Array.from(partial.get('a')?.data ?? [])).toEqual(Array.from(full.get('a')?.data ?? []));
    expect(partial.get('mix')?.data).not.toEqual(full.get('mix')?.data);
    const rerun = model.forward(x, { precomputed: new Map([['a', full.get('a') as Tensor], ['b', full.get('b') as Tensor]]) });
    expect(Array.from(rerun.get('up')?.data ?? [])).toEqual(Array.from(full.get('up')?.data ?? []));
    expect(() => model.forward(x, { precomputed: new Map([['a', rand([1, 3, 5, 5], { seed: 1 })]]) })).toThrow(/precomputed output of node "a".*\[1,3,6,6\].*\[1,3,5,5\]/);
    expect(() => model.forward(x, { mode: 'train', precomputed: new Map([['a', full.get('a') as Tensor]]) })).toThrow(/eval-mode/);
  });

  it('reports each output as it is set, in run order, precomputed ones included', () => {
    const model = createModel(skipPipeline());
    const x = rand([1, 2, 6, 6], { seed: 2 });
    const seen: { id: string; has: string[]; same: boolean }[] = [];
    const full = model.forward(x, { onOutput: (id, outputs) => seen.push({ id, has: [...outputs.keys()], same: outputs.get(id) !== undefined }) });
    const order = model.shapes.nodes.filter((n) => n.node.kind !== 'input').map((n) => n.node.id);
    expect(seen.map((s) => s.id)).toEqual(order);
    // When a node is reported, the outputs hold it and every node before it, not the ones after.
    seen.forEach((s, i) => expect(s.has).toEqual([model.inputId, ...order.slice(0, i + 1)]));
    expect(seen.every((s) => s.same)).toBe(true);
    const reported: string[] = [];
    model.forward(x, { precomputed: new Map([['a', full.get('a') as Tensor]]), onOutput: (id) => reported.push(id) });
    expect(reported).toEqual(order);
  });

  it('is deterministic for a seed, and a different seed changes the weights', () => {
    const x = rand([1, 2, 6, 6], { seed: 4 });
    const first = createModel(skipPipeline()).forward(x).get('up')?.data;
    expect(createModel(skipPipeline()).forward(x).get('up')?.data).toEqual(first);
    expect(createModel({ ...skipPipeline(), seed: 4 }).forward(x).get('up')?.data).not.toEqual(first);
  });

  it("runs the document's worked example from presets and matches the direct computation", () => {
    const pipeline = chainPipeline([1, 28, 28], [
      { kind: 'conv2d', params: { outChannels: 2, kernelSize: 5, bias: false }, weight: { presets: ['diagonalEdge', 'rotatedDiagonalEdge'] }, frozen: true },
      { kind: 'normalize', params: { min: 0, max: 255, scope: 'map' } },
      { kind: 'relu', params: {} },
      { kind: 'maxPool2d', params: { kernelSize: 3, stride: 3 } },
    ] as never);
    const pooled = run(pipeline, syntheticSix()).get('n4') as Tensor;
    const direct = runWorkedExample();
    expect(pooled.shape).toEqual([1, 2, 8, 8]);
    expect(Array.from(pooled.data.subarray(0, 64))).toEqual(Array.from(direct.diagonal.pooled.data));
    expect(Array.from(pooled.data.subarray(64))).toEqual(Array.from(direct.rotatedDiagonal.pooled.data));
  });

  it('refuses an input batch of the wrong shape, naming the input node', () => {
    expect(() => createModel(skipPipeline()).forward(rand([1, 3, 6, 6]))).toThrow('pipeline: input "in" expects a batch [N,2,6,6], got [1,3,6,6]');
  });

  it('refuses weights that do not fit, naming node and field', () => {
    const pipeline = chainPipeline([1, 8, 8], [{ kind: 'conv2d', params: { outChannels: 1, kernelSize: 3 }, weight: { values: [1, 2, 3] } }] as never);
    expect(() => createModel(pipeline)).toThrow('node "n1" (conv2d): weight.values: needs 9 values for shape [1,1,3,3], got 3');
    const presets = chainPipeline([1, 8, 8], [{ kind: 'conv2d', params: { outChannels: 1, kernelSize: 3 }, weight: { presets: ['diagonalEdge'] } }] as never);
    expect(() => createModel(presets)).toThrow("preset 'diagonalEdge' is 5x5 but the kernel is 3x3");
  });

  it('hashes structure, not layout', () => {
    const moved = skipPipeline();
    moved.nodes[1].position = { x: 10, y: 20 };
    moved.name = 'renamed';
    expect(pipelineHash(moved)).toBe(pipelineHash(skipPipeline()));
    const changed = skipPipeline();
    (changed.nodes[1].params as { outChannels: number }).outChannels = 4;
    expect(pipelineHash(changed)).not.toBe(pipelineHash(skipPipeline()));
  });
});
