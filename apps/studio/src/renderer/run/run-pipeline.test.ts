import { cpuBackend, createModel, Tensor, mnistCnn, runWorkedExample, syntheticSix, workedExamplePipeline, type NodeOf, type Pipeline, type PipelineNode } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { grayToRgba } from '../images/load-image.js';
import { packLayerValues } from './layer-values.js';
import { describeFailure, ModelCache, PROGRESSIVE_RUN_MS, runPipeline } from './run-pipeline.js';

const sixImage = () => grayToRgba(syntheticSix().data, 28, 28);

describe('runPipeline', () => {
  it("reproduces the document's worked example from the 6's pixels", async () => {
    const { outputs, weights } = await runPipeline(workedExamplePipeline(), { image: sixImage(), scale: '0-255', backend: cpuBackend }, new ModelCache());
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
    // The frozen diagonal kernels come back for the figure and the kernel editor.
    expect(weights).toHaveLength(1);
    expect(weights[0]).toMatchObject({ id: 'conv1', shape: [2, 1, 5, 5] });
    expect(close(weights[0].data.subarray(0, 25), reference.diagonal.kernel.data)).toBe(true);
  });

  it('reuses the model while the pipeline is unchanged and rebuilds it after an edit', () => {
    const cache = new ModelCache();
    const pipeline = workedExamplePipeline();
    const first = cache.get(pipeline);
    expect(cache.get(structuredClone(pipeline))).toBe(first);
    const edited: Pipeline = { ...pipeline, nodes: pipeline.nodes.map((n) => (n.id === 'pool1' ? ({ ...n, params: { kernelSize: 2 } } as PipelineNode) : n)) };
    expect(cache.get(edited)).not.toBe(first);
  });

  it('rebuilds only the parameters an edit touched, and the same values as a fresh model', () => {
    const cache = new ModelCache();
    const pipeline = mnistCnn();
    const first = cache.get(pipeline);
    const conv1 = pipeline.nodes.find((n) => n.id === 'conv1') as NodeOf<'conv2d'>;
    const values = Array.from(first.parameters.get('conv1')?.weight?.data ?? []);
    values[0] = 7;
    const edited: Pipeline = { ...pipeline, nodes: pipeline.nodes.map((n) => (n === conv1 ? { ...conv1, weight: { values } } : n)) };
    const second = cache.get(edited);
    expect(second).not.toBe(first);
    expect(second.parameters.get('conv1')?.weight?.data[0]).toBe(7);
    for (const [id, parameters] of first.parameters) if (id !== 'conv1') expect(second.parameters.get(id)).toBe(parameters);
    // A seed change touches every initialised layer; the values match a model built from scratch.
    const reseeded = cache.get({ ...edited, seed: 99 });
    const fresh = createModel({ ...edited, seed: 99 });
    for (const [id, { weight, bias }] of fresh.parameters) {
      expect(reseeded.parameters.get(id)?.weight?.data).toEqual(weight?.data);
      expect(reseeded.parameters.get(id)?.bias?.data).toEqual(bias?.data);
    }
    expect(reseeded.parameters.get('conv2')).not.toBe(second.parameters.get('conv2'));
  });

  it('converts an image once per image and geometry, and never serves a stale input', async () => {
    const cache = new ModelCache();
    const six = sixImage();
    const options = { mode: 'grayscale', scale: '0-255', size: [28, 28], fit: 'stretch' } as const;
    const first = cache.imageInput(six, options);
    expect(cache.imageInput(six, { ...options })).toBe(first);
    expect(cache.imageInput(six, { ...options, scale: '0-1' })).not.toBe(first);
    expect(cache.imageInput(six, { ...options, size: [14, 14] }).shape).toEqual([1, 1, 14, 14]);
    // A new image object (the worker gets one per loaded image) is converted again, even with
    // the same size: the run must follow the new pixels.
    const inverted = { ...six, data: six.data.map((v, i) => (i % 4 === 3 ? v : 255 - v)) };
    const pipeline = workedExamplePipeline();
    const before = await runPipeline(pipeline, { image: six, scale: '0-255', backend: cpuBackend }, cache);
    const after = await runPipeline(pipeline, { image: inverted, scale: '0-255', backend: cpuBackend }, cache);
    const input = (r: typeof before) => r.outputs.find((o) => o.id === 'input')?.data ?? new Float32Array();
    expect(input(after)[0]).toBeCloseTo(255 - input(before)[0], 3);
    const again = await runPipeline(pipeline, { image: six, scale: '0-255', backend: cpuBackend }, cache);
    expect(Array.from(input(again))).toEqual(Array.from(input(before)));
  });

  it("shows a big net's leading layers first when it is built cold, with the same values as one whole run", async () => {
    // 256 x 20,000 dense weights: over the progressive threshold, unlike the conv before them.
    const big = {
      format: 'convstudio-pipeline', version: 1, seed: 5,
      nodes: [
        { id: 'input', kind: 'input', params: { channels: 1, height: 28, width: 28 } },
        { id: 'conv1', kind: 'conv2d', params: { outChannels: 4, kernelSize: 5, stride: 3 } },
        { id: 'relu1', kind: 'relu', params: {} },
        { id: 'flat', kind: 'flatten', params: {} },
        { id: 'fc', kind: 'linear', params: { outFeatures: 20_000 } },
      ],
      edges: [{ source: 'input', target: 'conv1' }, { source: 'conv1', target: 'relu1' }, { source: 'relu1', target: 'flat' }, { source: 'flat', target: 'fc' }],
    } as Pipeline;
    const cache = new ModelCache();
    const leading: string[][] = [];
    const progressive = await runPipeline(big, { image: sixImage(), scale: '0-1', backend: cpuBackend }, cache, (outputs) => leading.push(outputs.map((o) => o.id)));
    expect(leading).toEqual([['conv1', 'relu1', 'flat']]);
    const whole = await runPipeline(big, { image: sixImage(), scale: '0-1', backend: cpuBackend }, new ModelCache());
    for (const output of whole.outputs) {
      expect(Array.from(progressive.outputs.find((o) => o.id === output.id)?.data ?? []), output.id).toEqual(Array.from(output.data));
    }
    // Warm (the model is cached) or after a small edit (only conv1 is rebuilt) of a pass that
    // takes less than PROGRESSIVE_RUN_MS: one whole run.
    cache.lastForwardMs = 0;
    await runPipeline(big, { image: sixImage(), scale: '0-1', backend: cpuBackend }, cache, () => leading.push(['again']));
    const edited = { ...big, nodes: big.nodes.map((n) => (n.id === 'conv1' ? ({ ...n, weight: { init: 'he', seed: 9 } } as PipelineNode) : n)) };
    await runPipeline(edited, { image: sixImage(), scale: '0-1', backend: cpuBackend }, cache, () => leading.push(['edited']));
    expect(leading).toHaveLength(1);
  });

  it("keeps a layer's seeded weights when only its bias is typed in, as core builds them", async () => {
    const pipeline = {
      format: 'convstudio-pipeline',
      version: 1,
      seed: 11,
      nodes: [
        { id: 'x', kind: 'input', params: { channels: 2, height: 4, width: 5 } },
        { id: 'up', kind: 'upConvolution', params: { outChannels: 2, kernelSize: [2, 3], factor: 3, padding: [1, 0] }, biasValues: [0.25, -0.5] },
      ],
      edges: [{ source: 'x', target: 'up' }],
    } as Pipeline;
    const matrix = { shape: [2, 4, 5] as [number, number, number], values: Array.from({ length: 40 }, (_, i) => ((i * 37) % 17) / 4 - 2) };
    // The studio sends the bias beside the pipeline; the weight has no values and is built from the seed.
    const packed = packLayerValues(pipeline);
    expect(packed.values.map((v) => [v.id, v.weight, Array.from(v.bias ?? [])])).toEqual([['up', undefined, [0.25, -0.5]]]);
    const { outputs, weights, biases } = await runPipeline(packed.pipeline, { image: sixImage(), scale: '0-1', backend: cpuBackend, matrix, values: packed.values }, new ModelCache());
    const model = createModel(pipeline);
    expect(Array.from(weights.find((w) => w.id === 'up')!.data)).toEqual(Array.from(model.parameters.get('up')!.weight!.data));
    expect(Array.from(biases.find((b) => b.id === 'up')!.data)).toEqual([0.25, -0.5]);
    const expected = model.forward(new Tensor(Float32Array.from(matrix.values), [1, 2, 4, 5])).get('up')!;
    expect(Array.from(outputs.find((o) => o.id === 'up')!.data)).toEqual(Array.from(expected.data));
  });

  it('shows the layer an edit changed first when the last pass was slow, with the values of the whole run', async () => {
    const pipeline = mnistCnn();
    const cache = new ModelCache();
    const input = { image: sixImage(), scale: '0-1', backend: cpuBackend } as const;
    const early: { id: string; data: Float32Array }[][] = [];
    const first = await runPipeline(pipeline, input, cache, (outputs) => early.push(outputs));
    expect(early).toEqual([]);
    // A pass slower than PROGRESSIVE_RUN_MS (AlexNet's) makes the next run send its first changed layer early.
    cache.lastForwardMs = PROGRESSIVE_RUN_MS + 1;
    const order = first.outputs.map((o) => o.id);
    const values = Array.from(first.weights.find((w) => w.id === 'conv2')?.data ?? []);
    values[0] = 7;
    const edited: Pipeline = { ...pipeline, nodes: pipeline.nodes.map((n) => (n.id === 'conv2' ? ({ ...n, weight: { values } } as PipelineNode) : n)) };
    const result = await runPipeline(edited, input, cache, (outputs) => early.push(outputs));
    expect(early).toHaveLength(1);
    // Every layer up to the edited one, in run order, without the input.
    expect(early[0].map((o) => o.id)).toEqual(order.slice(1, order.indexOf('conv2') + 1));
    for (const o of early[0]) expect(Array.from(o.data), o.id).toEqual(Array.from(result.outputs.find((r) => r.id === o.id)?.data ?? []));
    expect(result.outputs.find((o) => o.id === 'conv2')?.data).not.toEqual(first.outputs.find((o) => o.id === 'conv2')?.data);
    // A new image (nothing rebuilt): the first layer comes early. Gradient mode never sends early outputs.
    cache.lastForwardMs = PROGRESSIVE_RUN_MS + 1;
    await runPipeline(edited, { ...input, scale: '0-255' }, cache, (outputs) => early.push(outputs));
    expect(early[1].map((o) => o.id)).toEqual([order[1]]);
  });

  it('names the node and field when the pipeline is invalid or the input cannot come from an image', async () => {
    const bad = workedExamplePipeline();
    const conv = bad.nodes.find((n) => n.id === 'conv1') as NodeOf<'conv2d'>;
    conv.params = { ...conv.params, stride: 0 };
    const failure = await runPipeline(bad, { image: sixImage(), scale: '0-255', backend: cpuBackend }, new ModelCache()).then(() => undefined, describeFailure);
    expect(failure).toMatchObject({ issues: [{ nodeId: 'conv1', field: 'params.stride' }] });

    const twoChannels = workedExamplePipeline();
    (twoChannels.nodes[0] as NodeOf<'input'>).params = { channels: 2, height: 28, width: 28 };
    const channelFailure = await runPipeline(twoChannels, { image: sixImage(), scale: '0-255', backend: cpuBackend }, new ModelCache()).then(() => undefined, describeFailure);
    expect(channelFailure?.issues[0]).toMatchObject({ nodeId: 'input', field: 'params.channels' });
  });
});
