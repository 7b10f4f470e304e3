import { describe, expect, it } from 'vitest';
import { crossEntropy, crossEntropyBackward } from '../ops/cross-entropy.js';
import { softmax } from '../ops/softmax.js';
import { rand, Tensor } from '../tensor.js';
import { classifierHeadOf, gradientSeed, gradientTargetValue, parseGradientTarget, resolveGradientTarget } from './gradient-target.js';
import { createModel } from './model.js';
import { inferShapes } from './shape-inference.js';
import { mnistCnn, workedExamplePipeline } from './templates/index.js';

describe('parseGradientTarget', () => {
  it('reads class, label and sum targets', () => {
    expect(parseGradientTarget('class=3')).toEqual({ kind: 'class', index: 3 });
    expect(parseGradientTarget('class')).toEqual({ kind: 'class' });
    expect(parseGradientTarget(' label=0 ')).toEqual({ kind: 'label', index: 0 });
    expect(parseGradientTarget('sum')).toEqual({ kind: 'sum' });
    expect(parseGradientTarget('sum=conv1')).toEqual({ kind: 'sum', nodeId: 'conv1' });
  });

  it('says what it expected and what came', () => {
    expect(() => parseGradientTarget('klass=3')).toThrow('gradient: target must be one of class=<index>, class, label=<index>, sum or sum=<node>, got "klass=3"');
    expect(() => parseGradientTarget('label')).toThrow(/label needs a class index .* got "label"/);
    expect(() => parseGradientTarget('class=-1')).toThrow(/class needs a class index/);
    expect(() => parseGradientTarget('class=2.5')).toThrow(/class needs a class index/);
  });
});

describe('resolveGradientTarget', () => {
  const model = createModel(mnistCnn());

  it('finds the logits of a classifier and checks the index against its classes', () => {
    expect(classifierHeadOf(model.pipeline, model.shapes)).toEqual({ logitsId: 'fc2', classes: 10 });
    expect(resolveGradientTarget(model, { kind: 'label', index: 3 })).toMatchObject({ kind: 'label', index: 3, nodeId: 'fc2' });
    expect(resolveGradientTarget(model, { kind: 'class' }, 7)).toMatchObject({ kind: 'class', index: 7 });
    expect(() => resolveGradientTarget(model, { kind: 'class', index: 10 })).toThrow('gradient: target.index must be a class in 0..9, got 10');
  });

  it('refuses class targets on a pipeline without a classifier and reads sums at any node', () => {
    const maps = createModel(workedExamplePipeline());
    expect(classifierHeadOf(maps.pipeline, inferShapes(maps.pipeline))).toBeUndefined();
    expect(() => resolveGradientTarget(maps, { kind: 'label', index: 1 })).toThrow(/needs a classifier/);
    expect(resolveGradientTarget(maps, { kind: 'sum', nodeId: 'conv1' }).nodeId).toBe('conv1');
    expect(() => resolveGradientTarget(maps, { kind: 'sum', nodeId: 'nope' })).toThrow(/must name a node of the pipeline, got "nope"/);
  });

  it('seeds one-hot, softmax − one-hot and ones, and reads L to match', async () => {
    const logits = rand([1, 10], { seed: 4, low: -2, high: 2 });
    const label = resolveGradientTarget(model, { kind: 'label', index: 2 });
    const seed = gradientSeed(label, logits);
    const p = softmax(logits);
    p.data.forEach((v, i) => expect(seed.data[i]).toBeCloseTo(v - (i === 2 ? 1 : 0), 6));
    expect([...seed.data]).toEqual([...crossEntropyBackward(logits, [2]).data]);
    expect(await gradientTargetValue(label, logits)).toBeCloseTo(crossEntropy(logits, [2]).data[0], 6);
    const score = resolveGradientTarget(model, { kind: 'class', index: 5 });
    expect([...gradientSeed(score, logits).data]).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(await gradientTargetValue(score, logits)).toBe(logits.data[5]);
    const sum = resolveGradientTarget(model, { kind: 'sum' });
    expect([...gradientSeed(sum, new Tensor(new Float32Array(3), [1, 3])).data]).toEqual([1, 1, 1]);
    expect(await gradientTargetValue(sum, new Tensor(Float32Array.from([1, 2, 3.5]), [1, 3]))).toBe(6.5);
  });
});
