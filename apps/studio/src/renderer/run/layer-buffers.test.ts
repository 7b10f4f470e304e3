import { cpuBackend, createModel, putNodeValues, randn, Tensor, type NamedTensors, type Pipeline } from '@convstudio/core';
import { describe, expect, it } from 'vitest';
import { packLayerValues } from './layer-values.js';
import { ModelCache, runPipeline } from './run-pipeline.js';

const bnNet = (): Pipeline => ({
  format: 'convstudio-pipeline',
  version: 1,
  seed: 7,
  nodes: [
    { id: 'input', kind: 'input', params: { channels: 1, height: 8, width: 8 } },
    { id: 'conv', kind: 'conv2d', params: { outChannels: 3, kernelSize: 3 } },
    { id: 'bn', kind: 'batchNorm2d', params: {} },
    { id: 'relu', kind: 'relu', params: {} },
  ],
  edges: [['input', 'conv'], ['conv', 'bn'], ['bn', 'relu']].map(([source, target]) => ({ source, target })),
});

/** A trained (or imported) batch norm's values with running statistics far from mean 0 / variance 1. */
function tensors(mean = [0.5, -1.25, 2]): NamedTensors {
  const model = createModel(bnNet());
  const out: NamedTensors = new Map();
  for (const [id, { weight, bias }] of model.parameters) {
    out.set(`${id}.weight`, { shape: [...weight!.shape], data: weight!.data.slice() });
    out.set(`${id}.bias`, { shape: [...bias!.shape], data: bias!.data.map((_, i) => 0.1 * (i + 1)) });
  }
  out.set('bn.runningMean', { shape: [3], data: Float32Array.from(mean) });
  out.set('bn.runningVar', { shape: [3], data: Float32Array.of(4, 0.25, 9) });
  return out;
}

const matrix = { shape: [1, 8, 8] as [number, number, number], values: Array.from(randn([64], { seed: 4 }).data) };
const x = () => new Tensor(Float32Array.from(matrix.values), [1, 1, 8, 8]);

/** Core's model with the named tensors as its parameters and buffer store, in eval mode: the reference. */
function coreOutput(named: NamedTensors): Float32Array {
  const model = createModel(bnNet());
  for (const [id, p] of model.parameters) model.parameters.set(id, { weight: new Tensor(named.get(`${id}.weight`)!.data, p.weight!.shape), bias: new Tensor(named.get(`${id}.bias`)!.data, p.bias!.shape) });
  const bn = model.buffers().get('bn')!;
  bn.runningMean = new Tensor(named.get('bn.runningMean')!.data, [3]);
  bn.runningVar = new Tensor(named.get('bn.runningVar')!.data, [3]);
  return model.forward(x(), { mode: 'eval' }).get('bn')!.data;
}

describe('batch-norm buffers in the run worker', () => {
  it('travel beside the weights as Float32Arrays, and the run normalises with them as core does', async () => {
    const named = tensors();
    const pipeline = putNodeValues(bnNet(), named);
    const packed = packLayerValues(pipeline);
    expect(packed.pipeline.nodes.some((n) => 'bufferValues' in n)).toBe(false);
    const bn = packed.values.find((v) => v.id === 'bn')!;
    expect(bn.buffers?.runningMean).toEqual(Float32Array.of(0.5, -1.25, 2));
    const arrived = structuredClone({ values: packed.values }, { transfer: packed.transfer });
    expect(bn.buffers!.runningVar.byteLength).toBe(0); // moved, not copied
    const result = await runPipeline(packed.pipeline, { image: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, scale: '0-1', backend: cpuBackend, matrix, values: arrived.values }, new ModelCache());
    const ran = result.outputs.find((o) => o.id === 'bn')!.data;
    const expected = coreOutput(named);
    expect(Array.from(ran)).toEqual(Array.from(expected));
    // Not what mean 0 / variance 1 gives.
    const plain = createModel(putNodeValues(bnNet(), new Map([...named].filter(([name]) => !name.includes('running')))));
    expect(Array.from(plain.forward(x(), { mode: 'eval' }).get('bn')!.data)).not.toEqual(Array.from(ran));
  });

  it('a change of the running statistics alone rebuilds the model the cache keeps', async () => {
    const cache = new ModelCache();
    const run = async (named: NamedTensors) => {
      const packed = packLayerValues(putNodeValues(bnNet(), named));
      const result = await runPipeline(packed.pipeline, { image: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, scale: '0-1', backend: cpuBackend, matrix, values: packed.values }, cache);
      return Array.from(result.outputs.find((o) => o.id === 'bn')!.data);
    };
    const first = await run(tensors());
    const moved = tensors([3, 3, 3]);
    expect(await run(moved)).toEqual(Array.from(coreOutput(moved)));
    expect(await run(moved)).not.toEqual(first);
  });

  it('refuses running statistics that do not fit the layer, naming the node and field', async () => {
    const packed = packLayerValues(putNodeValues(bnNet(), tensors()));
    packed.values.find((v) => v.id === 'bn')!.buffers!.runningMean = new Float32Array(2);
    await expect(runPipeline(packed.pipeline, { image: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, scale: '0-1', backend: cpuBackend, matrix, values: packed.values }, new ModelCache())).rejects.toThrow(
      /node "bn" \(batchNorm2d\): bufferValues\.runningMean: needs 3 values for shape \[3\], got 2/,
    );
  });
});
