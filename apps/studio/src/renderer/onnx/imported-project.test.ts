import { readFileSync } from 'node:fs';
import { importOnnx } from '@convstudio/core/onnx';
import { describe, expect, it } from 'vitest';
import { packLayerValues } from '../run/layer-values.js';
import { importedProject } from './imported-project.js';
import type { ImportedModel } from './onnx-import-protocol.js';
import { summaryRows } from './summary-rows.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../../../packages/core/src/onnx/fixtures/${name}`, import.meta.url)));
const modelOf = (file: string): ImportedModel => {
  const { pipeline, weights, summary } = importOnnx(fixture(file));
  return { name: file, pipeline, summary, tensors: [...weights].map(([name, t]) => ({ name, shape: t.shape, data: t.data })) };
};

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

  it('says when running statistics cannot be kept, and picks a photograph for RGB input', () => {
    const { warnings, sampleId } = importedProject(modelOf('batchnorm-dropout.onnx'), 'cpu');
    expect(sampleId).toBe('chelsea');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^The running statistics of bn_BatchNormalization, bn1d_BatchNormalization are not kept/);
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
