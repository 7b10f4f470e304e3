import { DEFAULT_INK_THRESHOLD } from '../data/mnist-segmentation.js';
import type { Model } from '../nn/model.js';
import { logitsNodeOf, type LabelledData } from '../nn/train.js';
import { Tensor, tidy } from '../tensor.js';

/** How well per-pixel predictions match the masks. */
export interface DenseScores {
  /** Share of pixels whose predicted class is the mask's. */
  pixelAccuracy: number;
  /** Mean over classes of |predicted ∩ true| / |predicted ∪ true|, over the classes present in either. */
  meanIoU: number;
  /** Per class; NaN where the class is neither predicted nor present. */
  iou: number[];
}

/**
 * Pixel accuracy and intersection over union of predicted class maps against true ones. Mean IoU
 * weighs every class the same however few pixels it covers, so a model that calls everything
 * background (about 80 % pixel accuracy on MNIST) scores near 1/11 there.
 *
 * @example
 * denseScores(Int32Array.of(0, 1, 1), Int32Array.of(0, 1, 0), 2); // { pixelAccuracy: 2/3, meanIoU: (1/2 + 1/2) / 2, iou: [0.5, 0.5] }
 */
export function denseScores(predicted: Int32Array, truth: Int32Array, classes: number): DenseScores {
  if (predicted.length !== truth.length) throw new Error(`denseScores: predicted has ${predicted.length} pixels, truth ${truth.length}`);
  const inter = new Float64Array(classes);
  const union = new Float64Array(classes);
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    const p = predicted[i];
    const t = truth[i];
    if (p === t) {
      correct++;
      inter[t]++;
      union[t]++;
    } else {
      union[t]++;
      union[p]++;
    }
  }
  const iou = Array.from(union, (u, c) => (u > 0 ? inter[c] / u : Number.NaN));
  const present = iou.filter((v) => !Number.isNaN(v));
  return { pixelAccuracy: truth.length ? correct / truth.length : Number.NaN, meanIoU: present.length ? present.reduce((a, b) => a + b, 0) / present.length : Number.NaN, iou };
}

function argmaxMaps(values: Float32Array, shape: readonly number[]): Int32Array {
  const [n, classes] = shape;
  const inner = values.length / (n * classes);
  const out = new Int32Array(n * inner);
  for (let s = 0; s < n; s++) {
    for (let p = 0; p < inner; p++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (values[(s * classes + c) * inner + p] > values[(s * classes + best) * inner + p]) best = c;
      out[s * inner + p] = best;
    }
  }
  return out;
}

/**
 * A model's class maps for segmentation data (labels one per pixel). A model with a dense output
 * (an FCN) predicts each pixel. A whole-image classifier (a CNN) needs the post-processing the
 * document names: here its class (digit + 1) is painted on the pixels whose ink exceeds the mask
 * threshold, background elsewhere: its best case, since the masks were drawn by that very rule.
 *
 * @example
 * const maps = await predictClassMaps(model, seg.test); // Int32Array, one class per pixel
 * denseScores(maps, seg.test.labels, 11).meanIoU;
 */
export async function predictClassMaps(model: Model, data: LabelledData, batchSize = 256): Promise<Int32Array> {
  const logitsId = logitsNodeOf(model);
  const [n, c, h, w] = data.images.shape;
  const plane = h * w;
  const out = new Int32Array(n * plane);
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const slice = data.images.data.subarray(start * c * plane, (start + count) * c * plane);
    const logits = tidy(() => {
      const batch = new Tensor(Float32Array.from(slice), [count, c, h, w]);
      return model.forward(batch, { mode: 'eval' }).get(logitsId) as Tensor;
    });
    try {
      const values = await logits.read();
      const maps = argmaxMaps(values, logits.shape);
      if (logits.rank > 2) {
        out.set(maps, start * plane);
      } else {
        for (let i = 0; i < count; i++) {
          for (let p = 0; p < plane; p++) out[(start + i) * plane + p] = slice[i * c * plane + p] > DEFAULT_INK_THRESHOLD ? maps[i] + 1 : 0;
        }
      }
    } finally {
      logits.dispose();
    }
  }
  return out;
}
