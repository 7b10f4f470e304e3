import { cpuBackend, runWorkedExample, syntheticSix, workedExamplePipeline, type Pipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { describeFailure, ModelCache, runPipeline } from './run-pipeline.js';

/** The synthetic 6 as the gray RGBA pixels the studio's image loader gives. */
function sixImage() {
  const values = syntheticSix().data;
  const data = new Uint8ClampedArray(values.length * 4);
  values.forEach((v, i) => data.set([v, v, v, 255], i * 4));
  return { width: 28, height: 28, data };
}

describe('runPipeline', () => {
  it("reproduces the document's worked example from the 6's pixels", async () => {
    const outputs = await runPipeline(workedExamplePipeline(), { image: sixImage(), scale: '0-255', backend: cpuBackend }, new ModelCache());
    const byId = new Map(outputs.map((o) => [o.id, o]));
    expect(outputs.map((o) => o.id)).toEqual(['input', 'conv1', 'normalize1', 'relu1', 'pool1']);
    expect(byId.get('pool1')?.shape).toEqual([1, 2, 8, 8]);
    const reference = runWorkedExample();
    const pooled = byId.get('pool1')?.data ?? new Float32Array();
    // Channel 0 is the diagonal kernel's branch, channel 1 the rotated one's; the document
    // normalises each convolution on its own, as the pipeline's per-map scope does.
    const close = (actual: Float32Array, expected: Float32Array) => actual.every((v, i) => Math.abs(v - expected[i]) <= 1e-3 * Math.max(1, Math.abs(expected[i])));
    expect(close(pooled.subarray(0, 64), reference.diagonal.pooled.data)).toBe(true);
    expect(close(pooled.subarray(64), reference.rotatedDiagonal.pooled.data)).toBe(true);
    expect(Math.max(...pooled)).toBeGreaterThan(100);
  });

  it('reuses the model while the pipeline is unchanged and rebuilds it after an edit', () => {
    const cache = new ModelCache();
    const pipeline = workedExamplePipeline();
    const first = cache.get(pipeline);
    expect(cache.get(structuredClone(pipeline))).toBe(first);
    const edited: Pipeline = { ...pipeline, nodes: pipeline.nodes.map((n) => (n.id === 'pool1' ? { ...n, params: { kernelSize: 2 } } : n)) };
    expect(cache.get(edited)).not.toBe(first);
  });

  it('names the node and field when the pipeline is invalid or the input cannot come from an image', async () => {
    const bad = workedExamplePipeline();
    const conv = bad.nodes.find((n) => n.id === 'conv1');
    if (conv) conv.params = { ...conv.params, stride: 0 };
    const failure = await runPipeline(bad, { image: sixImage(), scale: '0-255', backend: cpuBackend }, new ModelCache()).catch(describeFailure);
    expect(failure).toMatchObject({ issues: [{ nodeId: 'conv1', field: 'params.stride' }] });

    const twoChannels = workedExamplePipeline();
    twoChannels.nodes[0].params = { channels: 2, height: 28, width: 28 };
    const channelFailure = await runPipeline(twoChannels, { image: sixImage(), scale: '0-255', backend: cpuBackend }, new ModelCache()).catch(describeFailure);
    expect(channelFailure.issues[0]).toMatchObject({ nodeId: 'input', field: 'params.channels' });
  });
});
