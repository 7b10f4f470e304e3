import { z } from 'zod';
import { issue } from '../nn/pipeline-issues.js';
import type { Pipeline, PipelineIssue } from '../nn/pipeline-types.js';
import { templates } from '../nn/templates/index.js';

// A sweep document ("convstudio-sweep" v1): a base pipeline, the axes to vary, and one training
// recipe (data, optimizer, budget) every variant shares. Only the seeds differ between the runs of
// a variant, so differences between variants come from the architecture alone.

const positiveInt = z.number().int().positive();
const nodeIds = z.array(z.string().min(1)).min(1).optional();
const scaleMode = z.enum(['scale', 'absolute']).optional();

/**
 * One axis of a sweep. The named axes are the source document's saturation experiments:
 * - `kernelSize`: every conv2d's kernel (or those in `nodes`).
 * - `kernels`: every conv2d's number of kernels (outChannels); `mode` 'scale' (default) multiplies
 *   each layer's own count and rounds, 'absolute' sets it.
 * - `depth`: the number of conv2d layers of a chain pipeline; extra ones are 3x3 'same' conv +
 *   activation pairs after the last one, fewer drop whole trailing conv blocks.
 * - `denseWidth`: every hidden linear layer's outFeatures (not the logits layer); `mode` as kernels.
 * - `stride`: every conv2d's stride (or those in `nodes`).
 * - `denseLayers`: how many hidden dense layers stand before the output layer (0 = flatten feeds
 *   the logits directly).
 * - `param`: any parameter, `path` = `<nodeId>.<field>[.<field>…]`, e.g. `conv1.params.padding`.
 * - `template`: a whole architecture, by template id (`cnn`, `fcn`): the base is replaced, so
 *   different families compare on the same data (CNN vs FCN on dense prediction).
 */
export const sweepAxisSchema = z.discriminatedUnion('axis', [
  z.strictObject({ axis: z.literal('kernelSize'), values: z.array(positiveInt).min(1), nodes: nodeIds }),
  z.strictObject({ axis: z.literal('kernels'), values: z.array(z.number().positive()).min(1), mode: scaleMode, nodes: nodeIds }),
  z.strictObject({ axis: z.literal('depth'), values: z.array(positiveInt).min(1) }),
  z.strictObject({ axis: z.literal('denseWidth'), values: z.array(z.number().positive()).min(1), mode: scaleMode, nodes: nodeIds }),
  z.strictObject({ axis: z.literal('stride'), values: z.array(positiveInt).min(1), nodes: nodeIds }),
  z.strictObject({ axis: z.literal('denseLayers'), values: z.array(z.number().int().nonnegative()).min(1), width: positiveInt.optional() }),
  z.strictObject({ axis: z.literal('template'), values: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ axis: z.literal('param'), path: z.string().regex(/^[A-Za-z0-9_.-]+\.[A-Za-z0-9_.]+$/, 'expected <nodeId>.<field>, e.g. conv1.params.kernelSize'), values: z.array(z.unknown()).min(1) }),
]);
export type SweepAxis = z.infer<typeof sweepAxisSchema>;

/**
 * The data sets a sweep can train on (the CLI and the studio load them). `mnist-segmentation`:
 * MNIST digits with per-pixel masks (background, digit + 1; core's mnistSegmentation).
 * `photo-patches`: 3x64x64 RGB crops of the two bundled photographs, one class per photo quadrant
 * (core's photoPatches).
 */
export const sweepDatasets = ['mnist', 'six-vs-nine', 'fashion-mnist', 'synthetic', 'mnist-segmentation', 'photo-patches'] as const;
export type SweepDataset = (typeof sweepDatasets)[number];

const optimizerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('adam'), learningRate: z.number().positive().max(10).optional() }),
  z.strictObject({ kind: z.literal('sgd'), learningRate: z.number().positive().max(10), momentum: z.number().min(0).max(1).optional() }),
]);

/** The schema of a sweep document; {@link parseSweepSpec} applies it and fills defaults. */
export const sweepSpecSchema = z.strictObject({
  format: z.literal('convstudio-sweep'),
  version: z.literal(1),
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  /** A template id (`mnist-cnn`) or a whole pipeline document. */
  base: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  axes: z.array(sweepAxisSchema).min(1).max(8),
  /** 'cross': every combination of values; 'oneAtATime': the base plus each value of each axis alone. */
  mode: z.enum(['cross', 'oneAtATime']).default('cross'),
  /** One run per variant and seed; the seed sets the initialisation and the batch order. */
  seeds: z.array(z.number().int().nonnegative()).min(1).max(20).default([0]),
  data: z
    .strictObject({
      dataset: z.enum(sweepDatasets),
      /** Use at most this many images in all (train + test), drawn from every class in proportion. */
      limit: positiveInt.optional(),
      testFraction: z.number().min(0.05).max(0.5).default(0.2),
      validationFraction: z.number().min(0.05).max(0.5).default(0.1),
      /** Seed of the data split: the same for every run, so every variant sees the same images. */
      seed: z.number().int().nonnegative().default(0),
    }),
  training: z.strictObject({
    epochs: positiveInt.max(1000),
    batchSize: positiveInt.max(4096).default(32),
    optimizer: optimizerSchema.default({ kind: 'adam', learningRate: 0.001 }),
  }),
  /** Images of the validation set that indicator snapshots (dead units, gradients) run on. */
  probeSize: positiveInt.max(1024).default(128),
});
export type SweepSpec = z.infer<typeof sweepSpecSchema>;
/** A sweep document as written, before defaults. */
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;

/** {@link parseSweepSpec}'s answer. */
export type SweepSpecResult = { ok: true; spec: SweepSpec; base: unknown } | { ok: false; issues: PipelineIssue[] };

/** Most runs one sweep may ask for: a cross of 8 axes explodes, and each run trains a network. */
export const MAX_SWEEP_RUNS = 2000;

/**
 * Checks a sweep document and resolves its base pipeline (a template id becomes the template's
 * pipeline). Every problem comes back as an issue naming the field, none thrown.
 *
 * @example
 * const r = parseSweepSpec({ format: 'convstudio-sweep', version: 1, name: 'kernels', base: 'mnist-cnn',
 *   axes: [{ axis: 'kernelSize', values: [3, 5] }], data: { dataset: 'mnist' }, training: { epochs: 2 } });
 * if (r.ok) r.spec.seeds; // [0]
 */
export function parseSweepSpec(document: unknown): SweepSpecResult {
  const parsed = sweepSpecSchema.safeParse(document);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => issue(i.path.length ? i.path.join('.') : 'sweep', i.message.replace(/^Invalid input: /, ''))),
    };
  }
  const spec = parsed.data;
  let base: unknown = spec.base;
  if (typeof spec.base === 'string') {
    const template = templates.find((t) => t.id === spec.base);
    if (!template) return { ok: false, issues: [issue('base', `no template "${spec.base}"; templates: ${templates.map((t) => t.id).join(', ')}`)] };
    base = template.build() satisfies Pipeline;
  }
  const runs = estimateVariantCount(spec) * spec.seeds.length;
  if (runs > MAX_SWEEP_RUNS) {
    return { ok: false, issues: [issue('axes', `ask for ${runs} runs (variants x seeds), above the limit of ${MAX_SWEEP_RUNS}; use mode "oneAtATime" or fewer values`)] };
  }
  return { ok: true, spec, base };
}

/** How many variants the axes make before validation (the base counts once in 'oneAtATime'). */
export function estimateVariantCount(spec: Pick<SweepSpec, 'axes' | 'mode'>): number {
  return spec.mode === 'cross' ? spec.axes.reduce((n, a) => n * a.values.length, 1) : 1 + spec.axes.reduce((n, a) => n + a.values.length, 0);
}
