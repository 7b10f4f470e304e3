import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpu/index.js';
import { goldenFiles } from './fixtures.js';
import { conformanceCases } from './index.js';

describe('conformance: cpu backend', () => {
  it('has golden fixtures for every op with a backward pass', () => {
    const ops = goldenFiles.map((f) => f.op);
    for (const op of ['conv2d', 'convTranspose2d', 'upConvolution', 'maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear', 'softmax', 'logSoftmax', 'crossEntropy', 'normalize']) {
      expect(ops).toContain(op);
    }
  });

});

// Both forward convolution paths run the whole suite: 'auto' picks one per shape, so each
// path is forced once to keep the other from hiding behind it.
for (const backend of [createCpuBackend({ convStrategy: 'gemm' }), createCpuBackend({ convStrategy: 'direct' })]) {
  describe(`conformance: ${backend.name} backend`, () => {
    for (const c of conformanceCases()) {
      it(c.name, () => c.run(backend));
    }
  });
}
