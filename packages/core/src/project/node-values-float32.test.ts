import { describe, expect, it } from 'vitest';
import { createModel } from '../nn/model.js';
import { parsePipeline } from '../nn/parse-pipeline.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import { train } from '../nn/train.js';
import { Tensor } from '../tensor.js';
import { batchNormNet } from '../testing/batch-norm-net.js';
import { plainNodeValues, putNodeValues, takeNodeValues } from './node-values.js';
import { ProjectFileError } from './project-error.js';
import { readProject, writeProject } from './project-file.js';
import type { NamedTensors } from './weights-sidecar.js';

// Layers holding Float32Arrays (how the studio keeps trained and imported weights): put without a
// copy, taken without a copy, never changed by a model built from them, and never written to JSON
// as typed arrays.

/** conv [2,1,3,3] + bias [2], batch norm (weight, bias, running statistics [2]), relu, flatten, linear [2, 8] + bias. */
const net = (): Pipeline => batchNormNet({ size: 4, channels: 2, seed: 5 });

const ramp = (n: number, scale = 0.1) => Float32Array.from({ length: n }, (_, i) => (i - n / 2) * scale);
function tensors(): NamedTensors {
  return new Map([
    ['conv.weight', { shape: [2, 1, 3, 3], data: ramp(18) }],
    ['conv.bias', { shape: [2], data: Float32Array.of(0.25, -0.5) }],
    ['bn.weight', { shape: [2], data: Float32Array.of(1.5, 0.5) }],
    ['bn.bias', { shape: [2], data: Float32Array.of(0.1, 0.2) }],
    ['bn.runningMean', { shape: [2], data: Float32Array.of(0.5, -1) }],
    ['bn.runningVar', { shape: [2], data: Float32Array.of(2, 0.25) }],
    ['fc.weight', { shape: [2, 8], data: ramp(16, 0.05) }],
    ['fc.bias', { shape: [2], data: Float32Array.of(0, 1) }],
  ]);
}
const node = (p: Pipeline, id: string) => p.nodes.find((n) => n.id === id) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("putNodeValues({ as: 'float32' })", () => {
  it('puts the tensors\' own arrays into the layers (no copy); the default puts number arrays', () => {
    const given = tensors();
    const shared = putNodeValues(net(), given, { as: 'float32' });
    expect(node(shared, 'conv').weight.values).toBe(given.get('conv.weight')!.data);
    expect(node(shared, 'conv').biasValues).toBe(given.get('conv.bias')!.data);
    expect(node(shared, 'bn').bufferValues.runningVar).toBe(given.get('bn.runningVar')!.data);
    const numbers = putNodeValues(net(), given);
    expect(Array.isArray(node(numbers, 'conv').weight.values)).toBe(true);
    expect(Array.isArray(node(numbers, 'bn').bufferValues.runningMean)).toBe(true);
    expect(node(numbers, 'conv').weight.values).toEqual(Array.from(given.get('conv.weight')!.data));
  });

  it('round-trips through takeNodeValues with the same arrays, bit for bit', () => {
    const given = tensors();
    const taken = takeNodeValues(putNodeValues(net(), given, { as: 'float32' }));
    expect([...taken.tensors.keys()].sort()).toEqual([...given.keys()].sort());
    for (const [name, t] of given) {
      expect(taken.tensors.get(name)!.data, name).toBe(t.data);
      expect(taken.tensors.get(name)!.shape, name).toEqual(t.shape);
    }
    expect(taken.pipeline.nodes.every((n) => !('weight' in n) && !('biasValues' in n) && !('bufferValues' in n))).toBe(true);
  });
});

describe('a pipeline whose layers hold Float32Arrays', () => {
  it('passes parsePipeline, keeping the very arrays', () => {
    const shared = putNodeValues(net(), tensors(), { as: 'float32' });
    const parsed = parsePipeline(shared);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(node(parsed.pipeline, 'conv').weight.values).toBe(node(shared, 'conv').weight.values);
    expect(node(parsed.pipeline, 'bn').bufferValues.runningMean).toBe(node(shared, 'bn').bufferValues.runningMean);
  });

  it('is refused by parsePipeline for NaN or Infinity (naming the index), and for other typed arrays', () => {
    const bad = putNodeValues(net(), tensors(), { as: 'float32' });
    node(bad, 'conv').weight = { values: Float32Array.of(...ramp(16), NaN, Infinity) };
    node(bad, 'fc').biasValues = new Float64Array(2);
    const result = parsePipeline(bad);
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.issues.map((i) => i.message);
    expect(messages).toEqual([
      'node "conv" (conv2d): weight.values[16]: must fit in float32 (magnitude at most 3.4028235e38), got NaN',
      'node "conv" (conv2d): weight.values[17]: must fit in float32 (magnitude at most 3.4028235e38), got Infinity',
      expect.stringMatching(/^node "fc" \(linear\): biasValues: (Invalid input: )?expected array/),
    ]);
  });

  it('builds a model that computes with its values but owns copies: training leaves the layers\' arrays alone', async () => {
    const shared = putNodeValues(net(), tensors(), { as: 'float32' });
    const before = new Map([...tensors()].map(([name, t]) => [name, t.data.slice()]));
    const model = createModel(shared);
    const conv = model.parameters.get('conv')!;
    expect(Array.from(conv.weight!.data)).toEqual(Array.from(node(shared, 'conv').weight.values));
    expect(conv.weight!.data).not.toBe(node(shared, 'conv').weight.values);
    expect(model.buffers().get('bn')!.runningMean.data).not.toBe(node(shared, 'bn').bufferValues.runningMean);
    const images = new Tensor(ramp(2 * 16, 0.2), [2, 1, 4, 4]);
    await train(model, { train: { images, labels: Int32Array.of(0, 1) } }, { epochs: 2, batchSize: 2, optimizer: { kind: 'sgd', learningRate: 0.5 } });
    expect(Array.from(model.parameters.get('conv')!.weight!.data)).not.toEqual(Array.from(before.get('conv.weight')!));
    expect(node(shared, 'conv').weight.values).toEqual(before.get('conv.weight'));
    expect(node(shared, 'conv').biasValues).toEqual(before.get('conv.bias'));
    expect(node(shared, 'bn').bufferValues.runningMean).toEqual(before.get('bn.runningMean'));
    expect(node(shared, 'fc').weight.values).toEqual(before.get('fc.weight'));
  });
});

describe('plainNodeValues', () => {
  it('turns every Float32Array in the layers into numbers, and hands back the very pipeline when there is none', () => {
    const plain = plainNodeValues(putNodeValues(net(), tensors(), { as: 'float32' }));
    expect(JSON.parse(JSON.stringify(plain))).toEqual(plain);
    expect(node(plain, 'conv').weight.values).toEqual(Array.from(ramp(18)));
    expect(node(plain, 'bn').bufferValues).toEqual({ runningMean: [0.5, -1], runningVar: [2, 0.25] });
    const numbers = putNodeValues(net(), tensors());
    expect(plainNodeValues(numbers)).toBe(numbers);
  });

  it('converts a node with one typed array among plain ones, keeps other nodes as they are, and adds no value a node lacks', () => {
    const numbers = putNodeValues(net(), tensors());
    const swap = (id: string, change: (n: Record<string, unknown>) => Record<string, unknown>): Pipeline => ({ ...numbers, nodes: numbers.nodes.map((n) => (n.id === id ? (change({ ...n }) as typeof n) : n)) });
    // A typed weight beside a plain bias, and typed running statistics alone.
    const weightOnly = plainNodeValues(swap('conv', (n) => ({ ...n, weight: { values: ramp(18) } })));
    expect(node(weightOnly, 'conv').weight.values).toEqual(Array.from(ramp(18)));
    expect(node(weightOnly, 'bn')).toBe(node(numbers, 'bn'));
    const buffersOnly = plainNodeValues(swap('bn', (n) => ({ ...n, bufferValues: { runningMean: Float32Array.of(0.5, -1), runningVar: Float32Array.of(2, 0.25) } })));
    expect(node(buffersOnly, 'bn').bufferValues).toEqual({ runningMean: [0.5, -1], runningVar: [2, 0.25] });
    // A typed weight without bias values gets none.
    const noBias = plainNodeValues(swap('conv', (n) => { delete n.biasValues; return { ...n, weight: { values: ramp(18) } }; }));
    expect(node(noBias, 'conv')).not.toHaveProperty('biasValues');
  });
});

describe('writeProject never writes a typed array as JSON', () => {
  it('writes Float32Arrays held in the layers as numbers, and they read back bit for bit', async () => {
    const shared = putNodeValues(net(), tensors(), { as: 'float32' });
    const { text } = await writeProject({ title: 'Typed', pipeline: shared }, { fileName: 'typed.convstudio.json' });
    expect(text).not.toMatch(/"0":/);
    const { project } = await readProject(text, { fileName: 'typed.convstudio.json' });
    expect(Float32Array.from(node(project.pipeline, 'conv').weight.values)).toEqual(ramp(18));
    expect(Float32Array.from(node(project.pipeline, 'bn').bufferValues.runningVar)).toEqual(Float32Array.of(2, 0.25));
  });

  it('refuses a typed array anywhere else in the file, naming its field', async () => {
    const write = () => writeProject({ title: 'Typed', pipeline: net(), viewState: { view: 'maps', inputMatrix: { values: new Float32Array(4) } } }, { fileName: 'typed.convstudio.json' });
    await expect(write()).rejects.toThrow(ProjectFileError);
    await expect(write()).rejects.toThrow('typed.convstudio.json: viewState.inputMatrix.values: expected numbers, got a Float32Array');
  });

  it('names a typed array inside an array by its index, and writes null values through', async () => {
    const inArray = () => writeProject({ title: 'Typed', pipeline: net(), viewState: { view: 'maps', pinned: [{ id: 'a' }, { values: new Int8Array(2) }] } }, { fileName: 'typed.convstudio.json' });
    await expect(inArray()).rejects.toThrow('typed.convstudio.json: viewState.pinned[1].values: expected numbers, got a Int8Array');
    const { text } = await writeProject({ title: 'Typed', pipeline: net(), viewState: { view: 'maps', selected: null } }, { fileName: 'typed.convstudio.json' });
    expect(JSON.parse(text).viewState).toEqual({ view: 'maps', selected: null });
  });
});

describe('running statistics without a weight', () => {
  it('puts a file\'s running statistics into a layer whose weight the file lacks, and turns them into numbers', () => {
    const given = tensors();
    const statsOnly: NamedTensors = new Map([...given].filter(([name]) => name.startsWith('bn.running')));
    const put = putNodeValues(net(), statsOnly, { as: 'float32' });
    expect(node(put, 'bn').bufferValues.runningMean).toBe(given.get('bn.runningMean')!.data);
    expect(node(put, 'bn')).not.toHaveProperty('weight');
    const plain = plainNodeValues(put);
    expect(node(plain, 'bn').bufferValues).toEqual({ runningMean: [0.5, -1], runningVar: [2, 0.25] });
    expect(node(plain, 'bn')).not.toHaveProperty('weight');
  });

  it('leaves a buffer value the layer does not declare in its node instead of throwing', () => {
    const numbers = putNodeValues(net(), tensors());
    const odd: Pipeline = { ...numbers, nodes: numbers.nodes.map((n) => (n.id === 'conv' ? ({ ...n, bufferValues: { runningMean: [0, 0] } } as typeof n) : n)) };
    const taken = takeNodeValues(odd);
    expect(node(taken.pipeline, 'conv').bufferValues).toEqual({ runningMean: [0, 0] });
    expect(taken.tensors.has('conv.weight')).toBe(false);
    expect(taken.tensors.has('bn.runningMean')).toBe(true);
  });
});
