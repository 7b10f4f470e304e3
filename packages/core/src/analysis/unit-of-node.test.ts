import { describe, expect, it } from 'vitest';
import { Model } from '../nn/model.js';
import { initParameters } from '../nn/parameters.js';
import { inferShapesOrThrow } from '../nn/shape-inference.js';
import type { Pipeline } from '../nn/pipeline-types.js';
import { rand } from '../tensor.js';
import { unitOfNode } from './unit-of-node.js';

const pipeline: Pipeline = {
  format: 'convstudio-pipeline',
  version: 1,
  seed: 3,
  nodes: [
    { id: 'in', kind: 'input', params: { channels: 2, height: 9, width: 8 } },
    { id: 'conv', kind: 'conv2d', params: { outChannels: 4, kernelSize: 3, stride: 2, padding: 1, groups: 2 }, biasValues: [0.5, -1, 2, 0] },
    { id: 'pool', kind: 'maxPool2d', params: { kernelSize: 2, ceilMode: true } },
    { id: 'up', kind: 'convTranspose2d', params: { outChannels: 3, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1 } },
    { id: 'avg', kind: 'avgPool2d', params: { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false } },
    { id: 'uc', kind: 'upConvolution', params: { outChannels: 2, kernelSize: 3, factor: 2 } },
    { id: 'gap', kind: 'globalAvgPool2d', params: {} },
    { id: 'flat', kind: 'flatten', params: {} },
    { id: 'fc', kind: 'linear', params: { outFeatures: 3 }, biasValues: [1, 2, 3] },
  ],
  edges: [['in', 'conv'], ['conv', 'pool'], ['pool', 'up'], ['up', 'avg'], ['avg', 'uc'], ['uc', 'gap'], ['gap', 'flat'], ['flat', 'fc']].map(([source, target]) => ({ source, target })),
};

describe('unitOfNode', () => {
  it("explains every unit of every explainable node of a model's forward pass", () => {
    const report = inferShapesOrThrow(pipeline);
    const parameters = initParameters(pipeline, report);
    const outputs = new Model(pipeline, report, parameters).forward(rand([1, 2, 9, 8], { seed: 4 }));
    let explained = 0;
    for (const node of pipeline.nodes.slice(1).filter((n) => n.kind !== 'flatten')) {
      const source = pipeline.edges.find((e) => e.target === node.id)!.source;
      const input = outputs.get(source)!;
      const y = outputs.get(node.id)!;
      const p = parameters.get(node.id);
      const shape = y.rank === 2 ? [y.shape[0], y.shape[1], 1, 1] : y.shape;
      for (let i = 0; i < y.size; i++) {
        const at = { channel: Math.floor(i / (shape[2] * shape[3])) % shape[1], row: Math.floor(i / shape[3]) % shape[2], col: i % shape[3] };
        const unit = unitOfNode(node, { input, weight: p?.weight, bias: p?.bias?.data }, at);
        expect(unit?.value, `${node.id} ${JSON.stringify(at)}`).toBeCloseTo(y.data[i], 4);
        explained++;
      }
    }
    expect(explained).toBeGreaterThan(100);
  });

  it('says which node lacks its weight, and passes over activations', () => {
    const conv = pipeline.nodes[1];
    expect(() => unitOfNode(conv, { input: rand([1, 2, 9, 8]) }, { channel: 0, row: 0, col: 0 })).toThrow(/node "conv" \(conv2d\) needs its weight/);
    expect(unitOfNode({ id: 'r', kind: 'relu', params: {} }, { input: rand([1, 1, 2, 2]) }, { channel: 0, row: 0, col: 0 })).toBeUndefined();
  });
});
