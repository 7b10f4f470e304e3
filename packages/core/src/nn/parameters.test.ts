import { afterEach, describe, expect, it } from 'vitest';
import { ConvStudioError } from '../errors.js';
import { getMaxTensorElements, setMaxTensorElements } from '../limits.js';
import { chainPipeline } from './chain-pipeline.fixture.js';
import { createModel } from './model.js';
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
