import { afterEach, describe, expect, it } from 'vitest';
import { ConvStudioError } from '../errors.js';
import { getMaxTensorElements, setMaxTensorElements } from '../limits.js';
import { chainPipeline } from './chain-pipeline.fixture.js';
import { kernelPreset } from '../data/kernel-presets.js';
import { createModel } from './model.js';
import { countParameters, initParameters, nodeSeed } from './parameters.js';
import { inferShapes } from './shape-inference.js';
import { Tensor } from '../tensor.js';
import { PipelineError } from './pipeline-issues.js';

const defaultLimit = getMaxTensorElements();
afterEach(() => void setMaxTensorElements(defaultLimit));

/** Bytes held by ArrayBuffers and typed arrays now, garbage not yet collected included. */
const arrayBufferBytes = () => process.memoryUsage().arrayBuffers;

function refusal(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('size limits are checked from shapes before any allocation', () => {
  it('refuses a tiny pipeline declaring a huge layer without allocating it', () => {
    setMaxTensorElements(2 ** 20);
    // A 300-byte document whose linear layer has 2^26 weights (256 MiB as float32).
    const doc = chainPipeline([1, 1, 8192], [{ kind: 'flatten', params: {} }, { kind: 'linear', params: { outFeatures: 8192 } }] as never);
    const before = arrayBufferBytes();
    const error = refusal(() => createModel(doc));
    const grown = arrayBufferBytes() - before;
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).message).toBe(
      'node "n2" (linear): params: the weight would hold 67108864 elements (0.25 GiB as float32) with shape [8192,8192], above the limit of 1048576 elements; use a smaller input or raise it with setMaxTensorElements',
    );
    expect(grown).toBeLessThan(16 * 2 ** 20);
  });

  it('refuses layers beyond 2^32 elements with a typed error, never a RangeError', () => {
    const doc = chainPipeline([1, 1, 70_000], [{ kind: 'flatten', params: {} }, { kind: 'linear', params: { outFeatures: 70_000 } }] as never);
    const error = refusal(() => createModel(doc));
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).issues[0]).toMatchObject({ nodeId: 'n2', field: 'params' });
  });

  it('refuses layers that fit one by one but not together', () => {
    setMaxTensorElements(1000);
    const doc = chainPipeline([1, 1, 20], [{ kind: 'flatten', params: {} }, { kind: 'linear', params: { outFeatures: 40 } }, { kind: 'linear', params: { outFeatures: 20 } }] as never);
    expect(() => createModel(doc)).toThrow('nodes: hold 1660 learnable values in all, above the limit of 1000 elements');
  });

  it('refuses an activation above the limit from its shape, naming the node', () => {
    setMaxTensorElements(2 ** 16);
    const doc = chainPipeline([1, 64, 64], [{ kind: 'conv2d', params: { outChannels: 64, kernelSize: 1 } }] as never);
    expect(() => createModel(doc)).toThrow(/^node "n1" \(conv2d\): params: .*would hold 262144 elements/);
  });

  it('keeps the limit itself below 2^32 elements', () => {
    expect(() => setMaxTensorElements(2 ** 33)).toThrow(ConvStudioError);
    expect(() => setMaxTensorElements(2 ** 33)).toThrow('setMaxTensorElements: limit must be a positive integer of at most 2^32 (4294967296), got 8589934592');
    expect(getMaxTensorElements()).toBe(defaultLimit);
  });
});

describe('initial weights', () => {
  const weightOf = (layer: object, input: [number, number, number] = [3, 6, 6]) => createModel(chainPipeline(input, [layer] as never)).parameters.get('n1')!.weight!;

  it('draws Xavier-uniform weights within ±sqrt(6 / (fan-in + fan-out)), spread across that range, the same for the same seed', () => {
    // conv 3 → 4 channels, 3×3: fan-in 27, fan-out 36, bound sqrt(6 / 63) ≈ 0.3086.
    const layer = { kind: 'conv2d', params: { outChannels: 4, kernelSize: 3 }, weight: { init: 'xavier', seed: 7 } };
    const weight = weightOf(layer);
    const bound = Math.sqrt(6 / 63);
    const values = Array.from(weight.data);
    expect(values).toHaveLength(108);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...values)).toBeGreaterThan(0.8 * bound);
    expect(Math.min(...values)).toBeLessThan(-0.8 * bound);
    expect(Array.from(weightOf(layer).data)).toEqual(values);
  });

  it('fills ones with 1, and draws He-normal weights with standard deviation sqrt(2 / fan-in) by default', () => {
    expect(new Set(weightOf({ kind: 'conv2d', params: { outChannels: 4, kernelSize: 3 }, weight: { init: 'ones' } }).data)).toEqual(new Set([1]));
    // conv 3 → 64 channels, 3×3: fan-in 27, std sqrt(2 / 27) ≈ 0.272 over 1728 draws (±5% is 3 standard errors).
    const he = Array.from(weightOf({ kind: 'conv2d', params: { outChannels: 64, kernelSize: 3 } }).data);
    const std = Math.sqrt(he.reduce((a, v) => a + v * v, 0) / he.length);
    expect(std).toBeGreaterThan(0.95 * Math.sqrt(2 / 27));
    expect(std).toBeLessThan(1.05 * Math.sqrt(2 / 27));
  });

  it('refuses presets for a layer that is not a convolution, or fewer presets than output channels, naming the field', () => {
    expect(() => createModel(chainPipeline([1, 8, 8], [{ kind: 'flatten', params: {} }, { kind: 'linear', params: { outFeatures: 2 }, weight: { presets: ['diagonalEdge'] } }] as never))).toThrow('kernel presets apply to convolutions, not to linear');
    expect(() => createModel(chainPipeline([1, 8, 8], [{ kind: 'conv2d', params: { outChannels: 2, kernelSize: 5 }, weight: { presets: ['diagonalEdge'] } }] as never))).toThrow('needs one preset per output channel (2), got 1');
  });
});

describe('weights and biases given in the pipeline', () => {
  const modelOf = (layers: object[], input: [number, number, number] = [2, 6, 6], seed = 1) => createModel(chainPipeline(input, layers as never, seed));

  it('writes each output channel\'s preset into every one of its input channels', () => {
    const weight = modelOf([{ kind: 'conv2d', params: { outChannels: 2, kernelSize: 3 }, weight: { presets: ['sobelX', 'sobelY'] } }]).parameters.get('n1')!.weight!;
    const { values: x } = kernelPreset('sobelX');
    const { values: y } = kernelPreset('sobelY');
    expect(Array.from(weight.data)).toEqual([...x, ...x, ...y, ...y]);
  });

  it('refuses a preset of another size than the kernel, in either direction, naming the preset and both sizes', () => {
    expect(() => modelOf([{ kind: 'conv2d', params: { outChannels: 1, kernelSize: 5 }, weight: { presets: ['sobelX'] } }])).toThrow(
      'node "n1" (conv2d): weight.presets: preset \'sobelX\' is 3x3 but the kernel is 5x5',
    );
    expect(() => modelOf([{ kind: 'conv2d', params: { outChannels: 1, kernelSize: [3, 5] }, weight: { presets: ['sobelX'] } }])).toThrow("preset 'sobelX' is 3x3 but the kernel is 3x5");
    expect(() => modelOf([{ kind: 'conv2d', params: { outChannels: 1, kernelSize: [5, 3] }, weight: { presets: ['sobelX'] } }])).toThrow("preset 'sobelX' is 3x3 but the kernel is 5x3");
  });

  it('takes typed-in weight and bias values as they are, and refuses counts that do not fit, naming the field', () => {
    const layer = { kind: 'conv2d', params: { outChannels: 2, kernelSize: 1 }, weight: { values: [1, 2, 3, 4] }, biasValues: [0.5, -0.5] };
    const parameters = modelOf([layer]).parameters.get('n1')!;
    expect(Array.from(parameters.weight!.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(parameters.bias!.data)).toEqual([0.5, -0.5]);
    expect(() => modelOf([{ ...layer, weight: { values: [1, 2, 3] } }])).toThrow('node "n1" (conv2d): weight.values: needs 4 values for shape [2,2,1,1], got 3');
    expect(() => modelOf([{ ...layer, biasValues: [1] }])).toThrow('node "n1" (conv2d): biasValues: needs 2 values (one per output channel), got 1');
    // Without values, the bias starts at zero.
    expect(Array.from(modelOf([{ kind: 'conv2d', params: { outChannels: 2, kernelSize: 1 } }]).parameters.get('n1')!.bias!.data)).toEqual([0, 0]);
  });

  it("starts a batch norm's scale at ones, its layer's default, and a node's seed from the pipeline's", () => {
    const bn = modelOf([{ kind: 'batchNorm2d', params: {} }]).parameters.get('n1')!;
    expect(Array.from(bn.weight!.data)).toEqual([1, 1]);
    const conv = [{ kind: 'conv2d', params: { outChannels: 2, kernelSize: 3 } }];
    expect(modelOf(conv, [2, 6, 6], 1).parameters.get('n1')!.weight!.data).not.toEqual(modelOf(conv, [2, 6, 6], 2).parameters.get('n1')!.weight!.data);
    expect(modelOf(conv, [2, 6, 6], 1).parameters.get('n1')!.weight!.data).toEqual(modelOf(conv, [2, 6, 6], 1).parameters.get('n1')!.weight!.data);
    // An explicit seed replaces the node's own.
    const seeded = [{ ...conv[0], weight: { init: 'he', seed: 9 } }];
    expect(modelOf(seeded, [2, 6, 6], 1).parameters.get('n1')!.weight!.data).toEqual(modelOf(seeded, [2, 6, 6], 2).parameters.get('n1')!.weight!.data);
  });

  it('counts every weight and bias of a store', () => {
    const model = modelOf([{ kind: 'conv2d', params: { outChannels: 3, kernelSize: 3 } }, { kind: 'conv2d', params: { outChannels: 1, kernelSize: 1, bias: false } }]);
    expect(countParameters(model.parameters)).toBe(3 * 2 * 9 + 3 + 3);
  });
});

describe('size limits name the slot that is too big', () => {
  it("names a weight over the limit as the node's params, from its shape", () => {
    setMaxTensorElements(10);
    // The input holds 10 values (at the limit) and the output 1x1x2; only the 1x10x1x2 weight is above it.
    // (A bias over the limit cannot be reached: it has one value per output channel, and the
    // output, checked first, has at least as many.)
    const error = refusal(() => createModel(chainPipeline([10, 1, 1], [{ kind: 'conv2d', params: { outChannels: 1, kernelSize: [1, 2], padding: [0, 1] } }] as never))) as PipelineError;
    expect(error).toBeInstanceOf(PipelineError);
    expect(error.issues).toEqual([expect.objectContaining({ nodeId: 'n1', field: 'params' })]);
    expect(error.issues[0].detail).toBe('the weight would hold 20 elements (0.00 GiB as float32) with shape [1,10,1,2], above the limit of 10 elements; use a smaller input or raise it with setMaxTensorElements');
  });

  it('says the total limit in GiB of float32', () => {
    setMaxTensorElements(2 ** 28);
    // Two layers of 2^27 + 2^14 weights each, refused from their shapes before either is allocated.
    const doc = chainPipeline([1, 1, 2 ** 14], [{ kind: 'flatten', params: {} }, { kind: 'linear', params: { outFeatures: 2 ** 13 + 1, bias: false } }, { kind: 'linear', params: { outFeatures: 2 ** 14, bias: false } }] as never);
    expect(() => createModel(doc)).toThrow(
      'nodes: hold 268468224 learnable values in all, above the limit of 268435456 elements (1.00 GiB as float32); make the layers smaller or raise it with setMaxTensorElements',
    );
  });
});

describe('initParameters, called directly', () => {
  const shapesOf = (pipeline: ReturnType<typeof chainPipeline>) => inferShapes(pipeline);

  it('names weight.presets as the field of a preset refusal', () => {
    const count = refusal(() => createModel(chainPipeline([1, 8, 8], [{ kind: 'conv2d', params: { outChannels: 2, kernelSize: 5 }, weight: { presets: ['diagonalEdge'] } }] as never))) as PipelineError;
    expect(count.issues.map((i) => [i.nodeId, i.field])).toEqual([['n1', 'weight.presets']]);
    const linear = refusal(() => createModel(chainPipeline([1, 8, 8], [{ kind: 'flatten', params: {} }, { kind: 'linear', params: { outFeatures: 2 }, weight: { presets: ['diagonalEdge'] } }] as never))) as PipelineError;
    expect(linear.issues.map((i) => [i.nodeId, i.field])).toEqual([['n2', 'weight.presets']]);
  });

  it("fills 'zeros' with zeros, not ones", () => {
    const pipeline = chainPipeline([1, 4, 4], [{ kind: 'conv2d', params: { outChannels: 2, kernelSize: 3 }, weight: { init: 'zeros' } }] as never);
    expect(new Set(initParameters(pipeline, shapesOf(pipeline)).get('n1')!.weight!.data)).toEqual(new Set([0]));
  });

  it('takes the parameters reuse gives for a node instead of building them, and builds the others', () => {
    const pipeline = chainPipeline([1, 4, 4], [{ kind: 'conv2d', params: { outChannels: 1, kernelSize: 1 } }, { kind: 'conv2d', params: { outChannels: 1, kernelSize: 1 } }] as never);
    const given = { weight: new Tensor(Float32Array.of(7), [1, 1, 1, 1]) };
    const store = initParameters(pipeline, shapesOf(pipeline), { reuse: (node) => (node.id === 'n1' ? given : undefined) });
    expect(store.get('n1')).toBe(given);
    expect(store.get('n2')?.weight?.shape).toEqual([1, 1, 1, 1]);
    expect(store.get('n2')?.bias?.shape).toEqual([1]);
  });

  it('reports the total only when no single layer is already too big, and accepts a total exactly at the limit', () => {
    setMaxTensorElements(10);
    // n1's 1x10x1x2 weight is over the limit; n2 (5 + 5) and n3 (5 + 1) would add up past it too.
    const layers = [
      { kind: 'conv2d', params: { outChannels: 1, kernelSize: [1, 2], padding: [0, 1] } },
      { kind: 'conv2d', params: { outChannels: 5, kernelSize: 1 } },
      { kind: 'conv2d', params: { outChannels: 1, kernelSize: 1 } },
    ];
    const error = refusal(() => createModel(chainPipeline([10, 1, 1], layers as never))) as PipelineError;
    expect(error.issues.map((i) => i.field)).toEqual(['params']);
    // 5 weights and 5 biases: exactly the limit of 10, which is allowed.
    expect(() => createModel(chainPipeline([1, 1, 1], [{ kind: 'conv2d', params: { outChannels: 5, kernelSize: 1 } }] as never))).not.toThrow();
  });

  it('counts a store entry that holds only a bias', () => {
    expect(countParameters(new Map([['bn', { bias: new Tensor(new Float32Array(3), [3]) }]]))).toBe(3);
  });

  it("gives every node a 32-bit seed of its own", () => {
    const seeds = ['conv1', 'conv2', 'fc', 'a-much-longer-node-id'].map((id) => nodeSeed(1, id));
    for (const seed of seeds) expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32, String(seed)).toBe(true);
    expect(new Set(seeds).size).toBe(seeds.length);
  });
});
