import { describe, expect, it } from 'vitest';
import { createModel } from '../nn/model.js';
import { chain, node, pipelineOf } from '../nn/templates/index.js';
import { createRandom } from '../random.js';
import { Tensor } from '../tensor.js';
import { clusterFilters } from './filter-clusters.js';

const pipeline = pipelineOf({ name: 'review', description: 'four 3x3 filters', seed: 1 }, [
  chain([node('input', 'input', { channels: 1, height: 8, width: 8 }), node('conv1', 'conv2d', { outChannels: 4, kernelSize: 3 }), node('relu1', 'relu')]),
]);
const horizontal = [-1, -1, -1, 0, 0, 0, 1, 1, 1];
const vertical = [-1, 0, 1, -1, 0, 1, -1, 0, 1];
const centre = [0, 0, 0, 0, 1, 0, 0, 0, 0];

function modelWith(kernels: number[][]) {
  const model = createModel(pipeline);
  model.parameters.set('conv1', { weight: new Tensor(Float32Array.from(kernels.flat()), [kernels.length, 1, 3, 3]), bias: new Tensor(new Float32Array(kernels.length), [kernels.length]) });
  return model;
}
const rng = createRandom(7);
const noise = new Tensor(Float32Array.from({ length: 16 * 64 }, () => rng.next()), [16, 1, 8, 8]);

describe('clusterFilters', () => {
  it('groups filters whose maps correlate (a filter, its double, its copy) and leaves a different one alone', () => {
    const review = clusterFilters(modelWith([horizontal, vertical, horizontal.map((v) => 2 * v), horizontal]), noise, { threshold: 0.9 });
    expect(review.nodeId).toBe('conv1');
    expect(review.clusters.map((c) => c.filters)).toEqual([[0, 2, 3], [1]]);
    expect(review.clusters[0].cohesion).toBeCloseTo(1, 5);
    expect(review.correlation[0][2]).toBeCloseTo(1, 5);
    expect(Math.abs(review.correlation[0][1])).toBeLessThan(0.5);
  });

  it('merges nothing above a threshold no pair reaches', () => {
    const review = clusterFilters(modelWith([horizontal, vertical, centre]), noise, { threshold: 0.95 });
    expect(review.clusters.map((c) => c.filters)).toEqual([[0], [1], [2]]);
  });

  it('points each peak at the input pixels its unit sees, and carries those images', () => {
    // One bright pixel at row 5, column 2 of image 1; the centre filter fires on it there.
    const images = new Float32Array(3 * 64);
    images[64 + 5 * 8 + 2] = 1;
    const review = clusterFilters(modelWith([centre]), new Tensor(images, [3, 1, 8, 8]), { peaks: 1 });
    const [peak] = review.clusters[0].peaks;
    expect(peak).toMatchObject({ image: 1, y: 4, x: 1, region: { top: 4, left: 1, bottom: 6, right: 3 } });
    expect(review.images).toHaveLength(1);
    expect(review.images[0]).toMatchObject({ index: 1, channels: 1, height: 8, width: 8 });
    expect(review.images[0].values[5 * 8 + 2]).toBe(1);
  });

  it('refuses a model without convolutions and a node that is not one', () => {
    const flat = createModel(pipelineOf({ name: 'flat', description: 'no conv', seed: 1 }, [chain([node('input', 'input', { channels: 1, height: 2, width: 2 }), node('flatten', 'flatten')])]));
    expect(() => clusterFilters(flat, new Tensor(new Float32Array(4), [1, 1, 2, 2]))).toThrow('clusterFilters: model has no conv2d layer whose filters could be reviewed');
    expect(() => clusterFilters(modelWith([centre]), noise, { nodeId: 'relu1' })).toThrow('clusterFilters: nodeId must name a conv2d node, got "relu1"');
  });
});
