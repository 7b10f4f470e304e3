import { describe, expect, it } from 'vitest';
import { inferShapesOrThrow } from '../nn/shape-inference.js';
import { cnnVsFcn, leNet5, tinyVgg } from '../nn/templates/index.js';
import { Tensor } from '../tensor.js';
import { applyDatasetFit } from './dataset-fit-apply.js';
import { datasetFit, imageInputGeometry } from './dataset-fit.js';

const mnist = { name: 'mnist', channels: 1, height: 28, width: 28, classes: 10 };
const logitsOf = (report: ReturnType<typeof inferShapesOrThrow>) => report.nodes.filter((n) => n.shapes.output.length === 1).at(-1)?.node.id;

describe('datasetFit', () => {
  const lenet = inferShapesOrThrow(leNet5()); // 1x32x32 in, 10 scores out
  const lenetLogits = logitsOf(lenet);

  it('resizes 28x28 digits to LeNet-5’s 32x32 where resizing is allowed, and refuses them where it is not', () => {
    expect(datasetFit(lenet, lenetLogits, mnist, { size: 'resize', scores: 'exact' })).toEqual({ ok: true, resizeTo: [32, 32], notices: ["mnist: 28x28 images resized to 32x32, the input's size"] });
    const exact = datasetFit(lenet, lenetLogits, mnist, { size: 'exact', scores: 'exact' });
    expect(exact.ok).toBe(false);
    expect(!exact.ok && exact.issues[0]).toMatchObject({ nodeId: 'input', field: 'params', detail: 'the mnist dataset has 1x28x28 images, this input takes 1x32x32' });
    expect(datasetFit(lenet, lenetLogits, { ...mnist, height: 32, width: 32 }, { size: 'exact', scores: 'exact' })).toEqual({ ok: true, notices: [] });
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

describe('datasetFit: padding, replicated channels, pixel labels', () => {
  const lenet = inferShapesOrThrow(leNet5());
  const vgg = inferShapesOrThrow(tinyVgg());

  it('pads digits to LeNet-5’s 32x32 when asked and the input is larger, and says so', () => {
    const fit = datasetFit(lenet, logitsOf(lenet), mnist, { size: 'resize', scores: 'exact', pad: true });
    expect(fit).toEqual({ ok: true, padTo: [32, 32], notices: ["mnist: 28x28 images padded with a zero border to 32x32, the input's size"] });
    // Far larger inputs are resized, not padded: the digit would shrink to a corner of the canvas.
    const vgg64 = datasetFit(vgg, logitsOf(vgg), mnist, { size: 'resize', scores: 'atLeast', channels: 'replicate', pad: true });
    expect(vgg64.ok && vgg64.resizeTo).toEqual([64, 64]);
    // An input smaller than the images cannot be padded to: it is resized.
    const small = datasetFit(lenet, logitsOf(lenet), { ...mnist, height: 40, width: 40 }, { size: 'resize', scores: 'exact', pad: true });
    expect(small.ok && small.resizeTo).toEqual([32, 32]);
  });

  it('feeds grayscale to an RGB net only with channels: replicate, with a notice; 2 channels never', () => {
    const refused = datasetFit(vgg, logitsOf(vgg), mnist, { size: 'resize', scores: 'atLeast' });
    expect(refused.ok).toBe(false);
    const fit = datasetFit(vgg, logitsOf(vgg), mnist, { size: 'resize', scores: 'atLeast', channels: 'replicate' });
    expect(fit.ok && fit.replicateTo).toBe(3);
    expect(fit.ok && fit.notices).toContain('mnist: grayscale images fed to a 3-channel input as 3 equal planes');
    const two = datasetFit(vgg, logitsOf(vgg), { ...mnist, channels: 2 }, { size: 'resize', scores: 'atLeast', channels: 'replicate' });
    expect(!two.ok && two.issues[0].detail).toBe('the mnist dataset has 2-channel images, this input takes 3 channels (grayscale images can feed 3 channels; other counts must match)');
  });

  it('asks pixel labels for a [classes, H, W] map of the input’s size', () => {
    const fcn = inferShapesOrThrow(cnnVsFcn().fcn); // head: 11x28x28
    const seg = { ...mnist, classes: 11, labels: 'pixel' as const };
    expect(datasetFit(fcn, 'head', seg, { size: 'exact', scores: 'exact' })).toEqual({ ok: true, notices: [] });
    const fewer = datasetFit(fcn, 'head', { ...seg, classes: 12 }, { size: 'exact', scores: 'atLeast' });
    expect(!fewer.ok && fewer.issues[0]).toMatchObject({ field: 'params.outChannels', detail: 'the mnist dataset has 12 classes, this node outputs 11 scores per pixel' });
    const flat = datasetFit(lenet, logitsOf(lenet), seg, { size: 'resize', scores: 'atLeast' });
    expect(!flat.ok && flat.issues[0].detail).toBe('mnist labels every pixel, so it needs a [classes, 32, 32] map of scores (the input\'s size), this node outputs 10');
  });
});

describe('applyDatasetFit', () => {
  const images = new Tensor(Float32Array.from({ length: 2 * 4 }, (_, i) => i + 1), [2, 1, 2, 2]);

  it('centres images and masks on a zero border', () => {
    const out = applyDatasetFit({ images, labels: Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8) }, { ok: true, padTo: [4, 4], notices: [] });
    expect(out.images.shape).toEqual([2, 1, 4, 4]);
    expect(Array.from(out.images.data.subarray(0, 16))).toEqual([0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0]);
    expect(Array.from(out.labels.subarray(16))).toEqual([0, 0, 0, 0, 0, 5, 6, 0, 0, 7, 8, 0, 0, 0, 0, 0]);
  });

  it('resizes masks by nearest neighbour (classes stay whole) and leaves image labels alone', () => {
    const masks = applyDatasetFit({ images, labels: Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8) }, { ok: true, resizeTo: [4, 4], notices: [] });
    expect(Array.from(masks.labels.subarray(0, 8))).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
    const perImage = applyDatasetFit({ images, labels: Int32Array.of(3, 7) }, { ok: true, resizeTo: [4, 4], notices: [] });
    expect(Array.from(perImage.labels)).toEqual([3, 7]);
  });

  it('repeats the gray plane into each RGB plane; an empty plan returns the data itself', () => {
    const data = { images, labels: Int32Array.of(0, 1) };
    const rgb = applyDatasetFit(data, { ok: true, replicateTo: 3, notices: [] });
    expect(rgb.images.shape).toEqual([2, 3, 2, 2]);
    expect(Array.from(rgb.images.data.subarray(12, 24))).toEqual([5, 6, 7, 8, 5, 6, 7, 8, 5, 6, 7, 8]);
    expect(applyDatasetFit(data, { ok: true, notices: [] })).toBe(data);
  });
});
