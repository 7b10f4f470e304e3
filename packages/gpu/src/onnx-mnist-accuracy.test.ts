import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { modelFromNamedTensors, type Tensor as TensorType, Tensor, tidy, withBackend } from '@convstudio/core';
import { importOnnx } from '@convstudio/core/onnx';
import { describe, expect, it } from 'vitest';
import { gpuForTests } from './gpu-setup.fixture.js';

// Issue 14's acceptance on WebGPU: the MNIST CNN trained in PyTorch (tools/onnx-fixtures,
// committed with core's ONNX fixtures) classifies the held-out digits at the accuracy PyTorch
// recorded for those very digits (reference.json), within 0.1 percentage points. Core's
// fixtures.test.ts checks the same on the CPU.

const setup = await gpuForTests();
const require = createRequire(import.meta.url);
const fixtures = join(dirname(require.resolve('@convstudio/core/package.json')), 'src', 'onnx', 'fixtures');
// The `mnist` package's digits, read as generate.py read them for PyTorch: 784 values (0..1) per sample.
const digitFile = (digit: number) => join(dirname(require.resolve('mnist/package.json')), 'src', 'digits', `${digit}.json`);
const digitValues = (digit: number) => (JSON.parse(readFileSync(digitFile(digit), 'utf8')) as { data: number[] }).data;
const reference = JSON.parse(readFileSync(join(fixtures, 'reference.json'), 'utf8')) as { 'mnist-cnn': { file: string; mnist: { testPerDigit: number; count: number; correct: number; accuracy: number } } };
const { file, mnist: pytorch } = reference['mnist-cnn'];
// The whole held-out set PyTorch scored (the last 200 of each digit, 2,000 digits), in batches
// small enough for SwiftShader's memory and time.
const BATCH = 200;

describe.skipIf(!setup.backend)(`imported ONNX MNIST CNN on webgpu${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  it(`classifies PyTorch's ${pytorch.count} held-out digits at PyTorch's accuracy (${(pytorch.accuracy * 100).toFixed(2)}% ± 0.1)`, async () => {
    const gpu = setup.backend;
    if (!gpu) throw new Error('unreachable: suite is skipped without a backend');
    const { pipeline, weights } = importOnnx(new Uint8Array(readFileSync(join(fixtures, file))));
    const model = modelFromNamedTensors(pipeline, weights);
    const per = pytorch.testPerDigit;
    let correct = 0;
    let seen = 0;
    for (let digit = 0; digit < 10; digit++) {
      const raw = digitValues(digit);
      const first = raw.length / 784 - per;
      for (let start = 0; start < per; start += BATCH) {
        const n = Math.min(BATCH, per - start);
        const x = new Tensor(Float32Array.from(raw.slice((first + start) * 784, (first + start + n) * 784)), [n, 1, 28, 28]);
        const scores: TensorType = withBackend(gpu, () => tidy(() => model.forward(x).get(model.outputId)!));
        // The scores really were computed on the device (no quiet CPU fallback).
        expect(scores.device).toBe(gpu.name);
        const values = await scores.read();
        scores.dispose();
        for (let i = 0; i < n; i++) {
          const row = values.subarray(i * 10, i * 10 + 10);
          if (row.indexOf(Math.max(...row)) === digit) correct++;
        }
        seen += n;
      }
    }
    const accuracy = correct / seen;
    console.info(`imported MNIST CNN on webgpu: ${correct}/${seen} = ${(accuracy * 100).toFixed(2)}%; PyTorch ${pytorch.correct}/${pytorch.count} = ${(pytorch.accuracy * 100).toFixed(2)}%`);
    expect(seen).toBe(pytorch.count);
    expect(pytorch.accuracy).toBeGreaterThan(0.9);
    expect(Math.abs(accuracy - pytorch.accuracy)).toBeLessThanOrEqual(0.001);
  });
});
