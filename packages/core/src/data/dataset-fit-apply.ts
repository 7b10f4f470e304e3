import type { LabelledData } from '../nn/train.js';
import { Tensor } from '../tensor.js';
import type { DatasetFitPlan } from './dataset-fit.js';
import { resizePlanes } from './image-resize.js';

/** Copies each `h x w` plane of `source` into the centre of an `oh x ow` plane of `fill`. */
function padPlanes<T extends Float32Array | Int32Array>(source: T, planes: number, h: number, w: number, oh: number, ow: number, make: (n: number) => T): T {
  const out = make(planes * oh * ow);
  const top = Math.floor((oh - h) / 2);
  const left = Math.floor((ow - w) / 2);
  for (let p = 0; p < planes; p++) {
    for (let y = 0; y < h; y++) out.set(source.subarray((p * h + y) * w, (p * h + y + 1) * w), (p * oh + top + y) * ow + left);
  }
  return out;
}

/** Nearest-neighbour resize of class masks: a class index may not be averaged into another. */
function resizeMasks(masks: Int32Array, planes: number, h: number, w: number, oh: number, ow: number): Int32Array {
  const out = new Int32Array(planes * oh * ow);
  for (let p = 0; p < planes; p++) {
    for (let y = 0; y < oh; y++) {
      const sy = Math.min(h - 1, Math.floor(((y + 0.5) * h) / oh));
      for (let x = 0; x < ow; x++) out[(p * oh + y) * ow + x] = masks[(p * h + sy) * w + Math.min(w - 1, Math.floor(((x + 0.5) * w) / ow))];
    }
  }
  return out;
}

/**
 * Applies a {@link datasetFit} plan to labelled data: resize (area/bilinear, as images are read)
 * or pad with zeros, then repeat a single channel. Per-pixel labels (masks, one per pixel
 * rather than one per image) follow the images: nearest-neighbour resize, zero (background) padding.
 * An empty plan returns the data itself.
 *
 * @example
 * const fit = datasetFit(model.shapes, logitsId, geometry, { size: 'resize', scores: 'atLeast', pad: true });
 * if (fit.ok) train = applyDatasetFit(train, fit); // [N,1,28,28] -> [N,1,32,32]
 */
export function applyDatasetFit(data: LabelledData, plan: DatasetFitPlan): LabelledData {
  const n = data.images.shape[0];
  let [, c, h, w] = data.images.shape;
  let images = data.images.data as Float32Array;
  let labels = data.labels;
  const pixelLabels = labels.length === n * h * w && h * w > 1;
  const target = plan.padTo ?? plan.resizeTo;
  if (target) {
    const [oh, ow] = target;
    if (plan.padTo) {
      images = padPlanes(images, n * c, h, w, oh, ow, (k) => new Float32Array(k));
      if (pixelLabels) labels = padPlanes(labels, n, h, w, oh, ow, (k) => new Int32Array(k));
    } else {
      images = resizePlanes(images, n * c, h, w, oh, ow);
      if (pixelLabels) labels = resizeMasks(labels, n, h, w, oh, ow);
    }
    [h, w] = [oh, ow];
  }
  if (plan.replicateTo && plan.replicateTo !== c) {
    const plane = h * w;
    const out = new Float32Array(n * plan.replicateTo * plane);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < plan.replicateTo; k++) out.set(images.subarray(i * plane, (i + 1) * plane), (i * plan.replicateTo + k) * plane);
    }
    images = out;
    c = plan.replicateTo;
  }
  if (images === data.images.data) return data;
  return { images: new Tensor(images, [n, c, h, w]), labels };
}
