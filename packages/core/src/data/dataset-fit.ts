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
  /** `'image'` (default): one class per image; `'pixel'`: one class per pixel (segmentation masks), so the logits must be a `[classes, H, W]` map. */
  labels?: 'image' | 'pixel';
}

/** How strictly {@link datasetFit} matches. */
export interface DatasetFitOptions {
  /** `'resize'`: images of another height and width are resized (or padded, see `pad`) to the input's; `'exact'`: they must match. */
  size: 'exact' | 'resize';
  /** `'exact'`: the logits hold one score per class; `'atLeast'`: extra scores are allowed. */
  scores: 'exact' | 'atLeast';
  /** `'replicate'`: 1-channel (grayscale) images feed a 3-channel input as three equal planes; `'exact'` (default): channels must match. */
  channels?: 'exact' | 'replicate';
  /**
   * With `size: 'resize'`: images a little smaller than the input (by at most a quarter in each
   * dimension) are centred on a zero border instead of stretched (LeNet-5's paper padded 28x28
   * MNIST to 32x32 this way; the digits keep their stroke width). Much larger inputs are resized:
   * a digit lost in a wide border would not be the data the net was designed for. Only for data
   * whose background is 0. Default false.
   */
  pad?: boolean;
}

/** Padding stops here: beyond a quarter larger, images are resized (see {@link DatasetFitOptions.pad}). */
const MAX_PAD_RATIO = 1.25;

/** How to bring a dataset to a model: the steps {@link applyDatasetFit} takes, and a notice for each. */
export interface DatasetFitPlan {
  ok: true;
  /** Resize images (and masks, by nearest neighbour) to this [height, width]. */
  resizeTo?: [number, number];
  /** Centre images (and masks) on a zero border of this [height, width]. */
  padTo?: [number, number];
  /** Repeat the single channel this many times. */
  replicateTo?: number;
  /** One sentence per change, for the user: the data the model sees is not the data as stored. */
  notices: string[];
}

/** {@link datasetFit}'s answer: the changes to make (maybe none), or what to change in the model. */
export type DatasetFit = DatasetFitPlan | { ok: false; issues: PipelineIssue[] };

function channelsFit(ic: number, data: DatasetGeometry, options: DatasetFitOptions): { ok: boolean; replicate: boolean } {
  if (ic === data.channels) return { ok: true, replicate: false };
  const replicate = options.channels === 'replicate' && data.channels === 1 && ic === 3;
  return { ok: replicate, replicate };
}

/**
 * Whether a model (its shape report) can train on a dataset, and how the data must be changed
 * for it: the input node's channels (grayscale may be replicated to RGB), its size (resized or
 * padded, unless exact), and the logits node's output: one score per class, or for pixel labels
 * a `[classes, H, W]` map of the input's size. This is the one rule every host (CLI, studio, lab)
 * applies; each problem names the node and field to change, in words.
 *
 * @example
 * const fit = datasetFit(model.shapes, 'fc3', { name: 'mnist', channels: 1, height: 28, width: 28, classes: 10 }, { size: 'resize', scores: 'exact', pad: true });
 * if (fit.ok) { data = applyDatasetFit(data, fit); fit.notices; } // ['mnist: 28x28 images padded with a zero border to 32x32 …']
 */
export function datasetFit(report: ShapeReport, logitsId: string | undefined, data: DatasetGeometry, options: DatasetFitOptions): DatasetFit {
  const issues: PipelineIssue[] = [];
  const input = report.nodes.find((n) => n.node.kind === 'input');
  const [ic, ih, iw] = input?.shapes.output ?? [];
  const sizeDiffers = ih !== data.height || iw !== data.width;
  const channels = channelsFit(ic, data, options);
  if (!channels.ok && options.size === 'resize') {
    const hint = options.channels === 'replicate' ? ' (grayscale images can feed 3 channels; other counts must match)' : '';
    issues.push(issue('params.channels', `the ${data.name} dataset has ${data.channels}-channel images, this input takes ${ic} channels${hint}`, input?.node));
  } else if (!channels.ok || (sizeDiffers && options.size === 'exact')) {
    issues.push(issue('params', `the ${data.name} dataset has ${data.channels}x${data.height}x${data.width} images, this input takes ${ic}x${ih}x${iw}`, input?.node));
  }
  const logits = logitsId === undefined ? undefined : report.byId.get(logitsId);
  if (logits) {
    const shape = logits.shapes.output;
    const pixel = data.labels === 'pixel';
    const count = pixel ? shape[0] : shape.reduce((a, b) => a * b, 1);
    if (!pixel && shape.length !== 1) {
      issues.push(issue('output', `training on ${data.name} needs one score per class ([F], e.g. a linear layer), this node outputs ${shape.join('x')}`, logits.node));
    } else if (pixel && (shape.length !== 3 || shape[1] !== ih || shape[2] !== iw)) {
      issues.push(issue('output', `${data.name} labels every pixel, so it needs a [classes, ${ih}, ${iw}] map of scores (the input's size), this node outputs ${shape.join('x')}`, logits.node));
    } else if (options.scores === 'exact' ? count !== data.classes : count < data.classes) {
      const field = logits.node.kind === 'linear' ? 'params.outFeatures' : logits.node.kind === 'conv2d' ? 'params.outChannels' : 'output';
      issues.push(issue(field, `the ${data.name} dataset has ${data.classes} classes, this node outputs ${count} scores${pixel ? ' per pixel' : ''}`, logits.node));
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const plan: DatasetFitPlan = { ok: true, notices: [] };
  if (sizeDiffers) {
    const from = `${data.height}x${data.width}`;
    if (options.pad && ih >= data.height && iw >= data.width && ih <= MAX_PAD_RATIO * data.height && iw <= MAX_PAD_RATIO * data.width) {
      plan.padTo = [ih, iw];
      plan.notices.push(`${data.name}: ${from} images padded with a zero border to ${ih}x${iw}, the input's size`);
    } else {
      plan.resizeTo = [ih, iw];
      plan.notices.push(`${data.name}: ${from} images resized to ${ih}x${iw}, the input's size`);
    }
  }
  if (channels.replicate) {
    plan.replicateTo = ic;
    plan.notices.push(`${data.name}: grayscale images fed to a ${ic}-channel input as ${ic} equal planes`);
  }
  return plan;
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
