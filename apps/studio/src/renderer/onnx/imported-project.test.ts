import { readFileSync } from 'node:fs';
import { cpuBackend, modelFromNamedTensors, randn, type NamedTensors } from '@convstudio/core';
import { importOnnx } from '@convstudio/core/onnx';
import { describe, expect, it } from 'vitest';
import { packLayerValues } from '../run/layer-values.js';
import { ModelCache, runPipeline } from '../run/run-pipeline.js';
import { importedProject } from './imported-project.js';
import type { ImportedModel } from './onnx-import-protocol.js';
import { summaryRows } from './summary-rows.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../../../packages/core/src/onnx/fixtures/${name}`, import.meta.url)));
const modelOf = (file: string): ImportedModel => {
  const { pipeline, weights, summary } = importOnnx(fixture(file));
  return { name: file, pipeline, summary, tensors: [...weights].map(([name, t]) => ({ name, shape: t.shape, data: t.data })) };
};
/** As the worker replies (import-reply.ts): each tensor with its spare copy. */
const withSpares = (model: ImportedModel): ImportedModel => ({ ...model, tensors: model.tensors.map((t) => ({ ...t, spare: t.data.slice() })) });

describe('importedProject', () => {
  it('writes the file\'s weights into the layers, where runs take them as Float32Arrays', () => {
    const model = modelOf('mnist-cnn.onnx');
    const { project, sampleId, warnings } = importedProject(model, 'webgpu');
    expect(project).toMatchObject({ title: 'mnist-cnn', projectId: 'onnx-mnist-cnn', viewState: { view: 'maps', scale: '0-1', backend: 'webgpu', selectedNodeId: 'conv1_Conv' } });
    expect(sampleId).toBe('mnist-3');
    expect(warnings).toEqual([]);
    const { values } = packLayerValues(project.pipeline);
    const conv1 = values.find((v) => v.id === 'conv1_Conv');
    const file = model.tensors.find((t) => t.name === 'conv1_Conv.weight')!;
    expect(conv1?.weight).toEqual(file.data);
    expect(conv1?.bias).toEqual(model.tensors.find((t) => t.name === 'conv1_Conv.bias')!.data);
    expect(values.map((v) => v.id).sort()).toEqual(['conv1_Conv', 'conv2_Conv', 'fc1_Gemm', 'fc2_Gemm']);
  });

  it('keeps the running statistics, so the studio\'s run is the file\'s model in eval mode, and picks a photograph for RGB input', async () => {
    const model = modelOf('batchnorm-dropout.onnx');
    const { project, warnings, sampleId } = importedProject(model, 'cpu');
    expect(sampleId).toBe('chelsea');
    expect(warnings).toEqual([]);
    const bn = project.pipeline.nodes.find((n) => n.id === 'bn_BatchNormalization')!;
    const mean = model.tensors.find((t) => t.name === 'bn_BatchNormalization.runningMean')!;
    expect(mean.data.some((v) => Math.abs(v) > 1e-3)).toBe(true); // far from the default 0
    expect(bn.bufferValues?.runningMean).toBe(mean.data);
    // The run worker's path (packed values, ModelCache) against core's model of the file's tensors.
    const packed = packLayerValues(project.pipeline);
    expect(packed.values.find((v) => v.id === 'bn_BatchNormalization')?.buffers?.runningVar).toBeInstanceOf(Float32Array);
    const input = project.pipeline.nodes.find((n) => n.kind === 'input')!;
    const { channels, height, width } = input.params as { channels: number; height: number; width: number };
    const values = Array.from(randn([channels * height * width], { seed: 3 }).data);
    const ran = await runPipeline(packed.pipeline, { image: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, scale: '0-1', backend: cpuBackend, matrix: { shape: [channels, height, width], values }, values: packed.values }, new ModelCache());
    const named: NamedTensors = new Map(modelOf('batchnorm-dropout.onnx').tensors.map((t) => [t.name, { shape: t.shape, data: t.data }]));
    const reference = modelFromNamedTensors(model.pipeline, named);
    const expected = reference.forward(randn([1, channels, height, width], { seed: 3 }), { mode: 'eval' });
    expect(ran.outputs.find((o) => o.id === reference.outputId)!.data).toEqual(expected.get(reference.outputId)!.data);
    expect(Array.from(ran.outputs.find((o) => o.id === 'bn_BatchNormalization')!.data)).toEqual(Array.from(expected.get('bn_BatchNormalization')!.data));
  });
});

describe('importedProject and the first run', () => {
  it('holds the worker\'s arrays and sends the run worker their spare copies, moved: nothing copied on the page', () => {
    const model = withSpares(modelOf('batchnorm-dropout.onnx'));
    const { project } = importedProject(model, 'cpu');
    const packed = packLayerValues(project.pipeline);
    const sent = packed.values.flatMap((v): [string, Float32Array | undefined][] => [[`${v.id}.weight`, v.weight], [`${v.id}.bias`, v.bias], ...Object.entries(v.buffers ?? {}).map(([name, data]): [string, Float32Array] => [`${v.id}.${name}`, data])]).filter(([, data]) => data !== undefined);
    expect(sent.map(([name]) => name).sort()).toEqual(model.tensors.map((t) => t.name).sort());
    for (const [name, data] of sent) expect(data).toBe(model.tensors.find((t) => t.name === name)!.spare);
    expect(new Set(packed.transfer)).toEqual(new Set(model.tensors.map((t) => t.spare!.buffer)));
    structuredClone(packed.values, { transfer: packed.transfer });
    // The document still holds the file's values, whole.
    const bn = project.pipeline.nodes.find((n) => n.id === 'bn_BatchNormalization')!;
    expect(bn.bufferValues?.runningMean).toBe(model.tensors.find((t) => t.name === 'bn_BatchNormalization.runningMean')!.data);
    expect(bn.bufferValues!.runningMean.length).toBeGreaterThan(0);
  });

  it('opens the same project with or without spares', () => {
    const plain = importedProject(modelOf('mnist-cnn.onnx'), 'cpu');
    const spared = importedProject(withSpares(modelOf('mnist-cnn.onnx')), 'cpu');
    expect(spared).toEqual(plain);
  });
});

describe('summaryRows', () => {
  it('lists producer, opset, layers by kind, parameters and shapes', () => {
    const rows = Object.fromEntries(summaryRows(modelOf('mnist-cnn.onnx').summary).map((r) => [r.label, r.value]));
    expect(rows).toMatchObject({ Producer: 'pytorch 1.13.0', Parameters: '52,138', Input: '1 × 28 × 28', Output: '10' });
    expect(rows.ONNX).toMatch(/^opset 12, IR version 7, 11 nodes, 205 KB$/);
    expect(rows.Layers).toMatch(/^10: 3 ReLU, 2 Conv 2D, 2 /);
  });
});
