import { issue } from '../nn/pipeline-issues.js';
import type { PipelineIssue } from '../nn/pipeline-types.js';
import type { ShapeReport } from '../nn/shape-inference.js';

/** What a dataset offers a model: its images' geometry and how many classes it labels. */
export interface DatasetGeometry {
  /** The name people know it by, used in messages ("mnist", "synthetic"). */
  name: string;
  channels: number;
  height: number;
  width: number;
  classes: number;
}

/** How strictly {@link datasetFit} matches. */
export interface DatasetFitOptions {
  /** `'resize'`: images of another height and width are resized to the input's (the studio); `'exact'`: they must match (the CLI). */
  size: 'exact' | 'resize';
  /** `'exact'`: the logits hold one score per class; `'atLeast'`: extra scores are allowed. */
  scores: 'exact' | 'atLeast';
}

/** {@link datasetFit}'s answer: the size to resize images to (when needed), or what to change. */
export type DatasetFit = { ok: true; resizeTo?: [number, number] } | { ok: false; issues: PipelineIssue[] };

/**
 * Whether a model (its shape report) can train on a dataset: the input node's channels (and
 * size, unless resizing), and the logits node's output, one score per class. Each problem names
 * the node and field to change, in words.
 *
 * @example
 * const fit = datasetFit(model.shapes, 'fc3', { name: 'mnist', channels: 1, height: 28, width: 28, classes: 10 }, { size: 'resize', scores: 'exact' });
 * if (fit.ok && fit.resizeTo) images = resizePlanes(...);
 */
export function datasetFit(report: ShapeReport, logitsId: string | undefined, data: DatasetGeometry, options: DatasetFitOptions): DatasetFit {
  const issues: PipelineIssue[] = [];
  const input = report.nodes.find((n) => n.node.kind === 'input');
  const [ic, ih, iw] = input?.shapes.output ?? [];
  const sizeDiffers = ih !== data.height || iw !== data.width;
  if (ic !== data.channels && options.size === 'resize') {
    issues.push(issue('params.channels', `the ${data.name} dataset has ${data.channels}-channel images, this input takes ${ic} channels`, input?.node));
  } else if (ic !== data.channels || (sizeDiffers && options.size === 'exact')) {
    issues.push(issue('params', `the ${data.name} dataset has ${data.channels}x${data.height}x${data.width} images, this input takes ${ic}x${ih}x${iw}`, input?.node));
  }
  const logits = logitsId === undefined ? undefined : report.byId.get(logitsId);
  if (logits) {
    const shape = logits.shapes.output;
    const count = shape.reduce((a, b) => a * b, 1);
    if (shape.length !== 1) {
      issues.push(issue('output', `training on ${data.name} needs one score per class ([F], e.g. a linear layer), this node outputs ${shape.join('x')}`, logits.node));
    } else if (options.scores === 'exact' ? count !== data.classes : count < data.classes) {
      issues.push(issue(logits.node.kind === 'linear' ? 'params.outFeatures' : 'output', `the ${data.name} dataset has ${data.classes} classes, this node outputs ${count} scores`, logits.node));
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return sizeDiffers ? { ok: true, resizeTo: [ih, iw] } : { ok: true };
}

/**
 * How an image is read for a model's input node: grayscale for 1 channel, RGB for 3, at the
 * node's height and width; anything else is an issue naming the input's channels.
 *
 * @example
 * const geometry = imageInputGeometry(model.shapes); // { ok: true, mode: 'rgb', size: [224, 224] }
 */
export function imageInputGeometry(report: ShapeReport): { ok: true; mode: 'grayscale' | 'rgb'; size: [number, number] } | { ok: false; issues: PipelineIssue[] } {
  const input = report.nodes.find((n) => n.node.kind === 'input');
  const [channels, height, width] = input?.shapes.output ?? [];
  if (channels !== 1 && channels !== 3) {
    return { ok: false, issues: [issue('params.channels', `an image gives 1 (grayscale) or 3 (RGB) channels, got ${String(channels)}`, input?.node)] };
  }
  return { ok: true, mode: channels === 1 ? 'grayscale' : 'rgb', size: [height, width] };
}
