import { describe, expect, it } from 'vitest';
import { inferShapesOrThrow } from '../nn/shape-inference.js';
import { leNet5, tinyVgg } from '../nn/templates/index.js';
import { datasetFit, imageInputGeometry } from './dataset-fit.js';

const mnist = { name: 'mnist', channels: 1, height: 28, width: 28, classes: 10 };
const logitsOf = (report: ReturnType<typeof inferShapesOrThrow>) => report.nodes.filter((n) => n.shapes.output.length === 1).at(-1)?.node.id;

describe('datasetFit', () => {
  const lenet = inferShapesOrThrow(leNet5()); // 1x32x32 in, 10 scores out
  const lenetLogits = logitsOf(lenet);

  it('resizes 28x28 digits to LeNet-5’s 32x32 where resizing is allowed, and refuses them where it is not', () => {
    expect(datasetFit(lenet, lenetLogits, mnist, { size: 'resize', scores: 'exact' })).toEqual({ ok: true, resizeTo: [32, 32] });
    const exact = datasetFit(lenet, lenetLogits, mnist, { size: 'exact', scores: 'exact' });
    expect(exact.ok).toBe(false);
    expect(!exact.ok && exact.issues[0]).toMatchObject({ nodeId: 'input', field: 'params', detail: 'the mnist dataset has 1x28x28 images, this input takes 1x32x32' });
    expect(datasetFit(lenet, lenetLogits, { ...mnist, height: 32, width: 32 }, { size: 'exact', scores: 'exact' })).toEqual({ ok: true });
  });

  it('names the input’s channels, and the logits’ count against the classes', () => {
    const vgg = inferShapesOrThrow(tinyVgg());
    const fit = datasetFit(vgg, logitsOf(vgg), { ...mnist, classes: 2 }, { size: 'resize', scores: 'exact' });
    expect(!fit.ok && fit.issues[0].field).toBe('params.channels');
    expect(!fit.ok && fit.issues[1].detail).toMatch(/^the mnist dataset has 2 classes, this node outputs \d+ scores$/);
    const lenetTwo = datasetFit(lenet, lenetLogits, { ...mnist, classes: 2 }, { size: 'resize', scores: 'exact' });
    expect(!lenetTwo.ok && lenetTwo.issues[0].field).toBe('params.outFeatures');
    expect(datasetFit(lenet, lenetLogits, { ...mnist, classes: 2 }, { size: 'resize', scores: 'atLeast' }).ok).toBe(true);
    const tooFew = datasetFit(lenet, lenetLogits, { ...mnist, classes: 12 }, { size: 'resize', scores: 'atLeast' });
    expect(!tooFew.ok && tooFew.issues[0].detail).toBe('the mnist dataset has 12 classes, this node outputs 10 scores');
  });

  it('refuses logits that are maps, not one score per class', () => {
    const conv1 = lenet.nodes[1].node.id;
    const fit = datasetFit(lenet, conv1, mnist, { size: 'resize', scores: 'atLeast' });
    expect(!fit.ok && fit.issues[0]).toMatchObject({ nodeId: conv1, field: 'output' });
  });
});

describe('imageInputGeometry', () => {
  it('reads 1 channel as grayscale and 3 as RGB at the input’s size; 2 channels is an issue', () => {
    expect(imageInputGeometry(inferShapesOrThrow(leNet5()))).toEqual({ ok: true, mode: 'grayscale', size: [32, 32] });
    const vgg = imageInputGeometry(inferShapesOrThrow(tinyVgg()));
    expect(vgg.ok && vgg.mode).toBe('rgb');
    const two = leNet5();
    two.nodes = two.nodes.map((n) => (n.kind === 'input' ? { ...n, params: { ...n.params, channels: 2 } } : n));
    const bad = imageInputGeometry(inferShapesOrThrow(two));
    expect(!bad.ok && bad.issues[0].message).toBe('node "input" (input): params.channels: an image gives 1 (grayscale) or 3 (RGB) channels, got 2');
  });
});
