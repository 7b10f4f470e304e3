import { describe, expect, it } from 'vitest';
import { createModel } from '../nn/model.js';
import { chain, node, pipelineOf } from '../nn/templates/index.js';
import { Tensor } from '../tensor.js';
import { denseScores, predictClassMaps } from './dense-scores.js';

describe('denseScores', () => {
  it('counts pixel accuracy and IoU per class, mean over classes present', () => {
    const s = denseScores(Int32Array.of(0, 1, 1, 0, 2), Int32Array.of(0, 1, 0, 0, 1), 4);
    expect(s.pixelAccuracy).toBeCloseTo(3 / 5);
    // class 0: inter 2, union 3; class 1: inter 1, union 3; class 2: inter 0, union 1; class 3 absent.
    expect(s.iou.slice(0, 3)).toEqual([2 / 3, 1 / 3, 0]);
    expect(s.iou[3]).toBeNaN();
    expect(s.meanIoU).toBeCloseTo((2 / 3 + 1 / 3 + 0) / 3);
  });

  it('scores calling everything background low on mean IoU though high on pixel accuracy', () => {
    const truth = Int32Array.from({ length: 100 }, (_, i) => (i < 20 ? 5 : 0));
    const s = denseScores(new Int32Array(100), truth, 11);
    expect(s.pixelAccuracy).toBeCloseTo(0.8);
    expect(s.meanIoU).toBeCloseTo(0.4);
  });
});

describe('predictClassMaps', () => {
  const images = new Tensor(Float32Array.of(0, 0.9, 0.2, 1), [1, 1, 2, 2]);

  it('takes a dense model’s argmax per pixel', () => {
    // A 1x1 conv with weights [-1, +1] and biases [0.5, 0]: class 1 where the pixel exceeds 0.5.
    const fcn = createModel(pipelineOf({ name: 'fcn', description: 'per pixel', seed: 1 }, [chain([node('input', 'input', { channels: 1, height: 2, width: 2 }), node('head', 'conv2d', { outChannels: 2, kernelSize: 1 })])]));
    fcn.parameters.set('head', { weight: new Tensor(Float32Array.of(-1, 1), [2, 1, 1, 1]), bias: new Tensor(Float32Array.of(0.5, 0), [2]) });
    return predictClassMaps(fcn, { images, labels: new Int32Array(4) }).then((maps) => expect(Array.from(maps)).toEqual([0, 1, 0, 1]));
  });

  it('paints a whole-image classifier’s class + 1 on the ink (post-processing), background elsewhere', async () => {
    const cnn = createModel(pipelineOf({ name: 'cnn', description: 'per image', seed: 1 }, [chain([node('input', 'input', { channels: 1, height: 2, width: 2 }), node('flatten', 'flatten'), node('fc', 'linear', { outFeatures: 3 })])]));
    cnn.parameters.set('fc', { weight: new Tensor(new Float32Array(12), [3, 4]), bias: new Tensor(Float32Array.of(0, 0, 5), [3]) });
    expect(Array.from(await predictClassMaps(cnn, { images, labels: Int32Array.of(2) }))).toEqual([0, 3, 0, 3]);
  });
});
