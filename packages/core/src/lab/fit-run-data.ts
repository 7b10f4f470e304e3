import { applyDatasetFit } from '../data/dataset-fit-apply.js';
import { datasetFit, type DatasetFitPlan, type DatasetGeometry } from '../data/dataset-fit.js';
import { imageLabelsFromMasks } from '../data/mnist-segmentation.js';
import type { PipelineIssue } from '../nn/pipeline-types.js';
import type { ShapeReport } from '../nn/shape-inference.js';
import type { LabelledData } from '../nn/train.js';
import type { RunData } from './run-variant.js';

/** What a run's data set is, beyond its tensors: the name and class count messages need. */
export interface RunDataInfo {
  /** `mnist`, `mnist-segmentation`, `photo-patches`… */
  name: string;
  /** Classes of the labels (per pixel for segmentation: background included). */
  classes: number;
  /** The background is 0 (digits), so smaller images may be centred on a zero border instead of stretched. */
  zeroBackground?: boolean;
}

/** How a run's data meets its model: the plan, and whether masks become whole-image labels. */
export interface RunDataPlan {
  plan: DatasetFitPlan;
  /** Segmentation data for a whole-image classifier: it trains on each image's digit (mask classes - 1). */
  imageLabels: boolean;
}

/** Whether labelled data holds one class per pixel (masks) rather than one per image. */
export function hasPixelLabels(data: LabelledData): boolean {
  const [n, , h, w] = data.images.shape;
  return h * w > 1 && data.labels.length === n * h * w;
}

/**
 * How a sweep's data must change for one model, by core's {@link datasetFit}: resized or (on a
 * zero background) padded to the input's size, grayscale replicated for RGB inputs, extra scores
 * allowed. Segmentation masks train a dense model per pixel; a whole-image model (its logits a
 * vector) trains on each image's digit instead, and is scored on the masks by post-processing.
 *
 * @example
 * const r = runDataPlan(model.shapes, 'fc2', data.train, { name: 'mnist', classes: 10, zeroBackground: true });
 * if (r.ok) r.plan.notices; // ['mnist: 28x28 images padded with a zero border to 32x32, the input's size']
 */
export function runDataPlan(report: ShapeReport, logitsId: string, sample: LabelledData, info: RunDataInfo): ({ ok: true } & RunDataPlan) | { ok: false; issues: PipelineIssue[] } {
  const [, channels, height, width] = sample.images.shape;
  const pixel = hasPixelLabels(sample);
  const imageLabels = pixel && (report.byId.get(logitsId)?.shapes.output.length ?? 0) === 1;
  const geometry: DatasetGeometry = { name: info.name, channels, height, width, classes: imageLabels ? info.classes - 1 : info.classes, labels: pixel && !imageLabels ? 'pixel' : 'image' };
  const fit = datasetFit(report, logitsId, geometry, { size: 'resize', scores: 'atLeast', channels: 'replicate', pad: info.zeroBackground ?? false });
  if (!fit.ok) return fit;
  if (imageLabels) fit.notices.push(`${info.name}: a whole-image classifier trains on each image's digit; its per-pixel map paints that digit on the ink (post-processing)`);
  return { ok: true, plan: fit, imageLabels };
}

/** Applies a {@link runDataPlan} to one labelled set; `masks` keeps the fitted per-pixel labels for scoring. */
export function applyRunDataPlan(data: LabelledData, { plan, imageLabels }: RunDataPlan): LabelledData & { masks?: Int32Array } {
  const fitted = applyDatasetFit(data, plan);
  if (!hasPixelLabels(fitted)) return fitted;
  return { images: fitted.images, labels: imageLabels ? imageLabelsFromMasks(fitted.labels, fitted.images.shape[0]) : fitted.labels, masks: fitted.labels };
}

/** Every set of a run's data through {@link applyRunDataPlan}. */
export function applyRunDataPlanAll(data: RunData, plan: RunDataPlan): RunData & { testMasks?: Int32Array } {
  const test = applyRunDataPlan(data.test, plan);
  const strip = (d: LabelledData & { masks?: Int32Array }): LabelledData => ({ images: d.images, labels: d.labels });
  return {
    ...data,
    train: strip(applyRunDataPlan(data.train, plan)),
    validation: strip(applyRunDataPlan(data.validation, plan)),
    test: strip(test),
    probe: strip(applyRunDataPlan(data.probe, plan)),
    ...(test.masks ? { testMasks: test.masks } : {}),
  };
}
