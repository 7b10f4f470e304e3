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
