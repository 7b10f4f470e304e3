import { diagnose, formatDiagnosis, type EpochMetrics } from '@convstudio/core';
import { onePositional, Options, type Command } from '../command.js';
import { inFile } from '../errors.js';
import { datasetNames, firstSamples, fitDataset, loadDataset } from '../datasets.js';
import { readModel } from '../pipeline-files.js';

const help = `Usage:
  convstudio diagnose <project.json> [--weights <file>] [--dataset <name>] [--samples 512] [--json]

Measures the source document's indicators of saturation on a trained model: dead ReLU
units over a batch of test images, the singular values of every weight, near-duplicate
first-layer filters, and plateaus in the training history stored with the weights.

Options:
  --weights <file>    weights from convstudio train (a trained project, its .bin, or an older
                      weights file); default: the project's own weights, else the initialisation
  --dataset <name>    images to measure on, from the test split: mnist (default), six-vs-nine,
                      synthetic, fashion-mnist, mnist-segmentation, photo-patches (fitted to
                      the input as train fits them, with a notice)
  --samples <n>       how many images, default 512
  --seed <s>          seed of the MNIST split, default 0 (use the one you trained with)
  --json              machine-readable output
  -h, --help          show this help

Example:
  convstudio diagnose trained.convstudio.json --dataset mnist`;

/** `meta.history` of a weights file, when it is a list of epoch metrics. */
export function historyOf(meta: Record<string, unknown>): EpochMetrics[] | undefined {
  const history = meta.history;
  if (!Array.isArray(history) || history.length === 0) return undefined;
  const valid = history.every((m) => m !== null && typeof m === 'object' && typeof (m as EpochMetrics).trainLoss === 'number');
  return valid ? (history as EpochMetrics[]) : undefined;
}

/** JSON with typed arrays as arrays and non-finite numbers as strings ("Infinity", "NaN"). */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    2,
  );
}

/** `convstudio diagnose`: the saturation report of a model. */
export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: 'dead units, weight spectra, redundant filters and plateaus of a trained model',
  help,
  options: { weights: { type: 'string', short: 'w' }, dataset: { type: 'string', short: 'd' }, samples: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
  async run({ io, positionals, values }) {
    const file = onePositional('diagnose', positionals, 'pipeline file');
    const o = new Options('diagnose', values);
    const weightsFile = o.string('weights');
    const datasetName = o.choice('dataset', datasetNames, 'mnist');
    const samples = o.integer('samples', 512);
    const seed = o.integer('seed', 0, 0);

    const { model, meta, project } = await readModel(io.cwd, file, weightsFile);
    const weightsFrom = weightsFile ?? (project.weights ? file : undefined);
    const fitted = fitDataset(file, model, await loadDataset(datasetName, { seed }));
    const dataset = fitted.dataset;
    for (const notice of fitted.notices) io.stderr(`${notice}\n`);
    const batch = firstSamples(dataset.test, samples);
    const history = historyOf(meta);
    const report = await inFile(file, () => diagnose(model, batch.images, history ? { history } : {}));
    if (o.flag('json')) {
      io.stdout(`${toJson({ pipeline: file, weights: weightsFrom ?? null, dataset: datasetName, ...report })}\n`);
      return 0;
    }
    if (!weightsFrom) io.stdout(`no --weights and ${file} holds none: diagnosing the untrained initialisation\n`);
    else if (!history) io.stdout(`${weightsFrom} holds no training history; plateaus are not checked\n`);
    io.stdout(`${formatDiagnosis(report)}\n`);
    return 0;
  },
};
