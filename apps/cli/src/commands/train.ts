import { evaluate, splitData, train, weightsOfModel, withBackend, type EpochMetrics, type Model, type OptimizerConfig, type TrainingProgress } from '@convstudio/core';
import { onePositional, Options, type Command, type CommandContext } from '../command.js';
import { inFile } from '../errors.js';
import { refuseOverwritingInputs } from '../files.js';
import { datasetNames, fitDataset, loadDataset, type CliDataset, type DatasetName } from '../datasets.js';
import { openGpu, type CliGpu } from '../gpu-backend.js';
import { historyOf } from './diagnose.js';
import { modelOf, readProjectFile, readWeightsOf, writeProjectFile } from '../pipeline-files.js';
import { formatDuration, ProgressBar } from '../ui/progress-bar.js';

const help = `Usage:
  convstudio train <project.json> --dataset <name> --out <trained.convstudio.json> [--resume <file>] [options]

Trains the pipeline with cross-entropy and writes a project with its pipeline and weights (the
one .convstudio.json format the studio opens too; above 100,000 values the weights go to a
<out>.weights-<hash>.bin file beside it). A share of the training set is held out for
validation; the test set is scored at the end. Progress goes to stderr, one line of metrics per
epoch to stdout. The project is rewritten after every epoch, and its weights' meta holds the
per-epoch history (convstudio diagnose reads it to find plateaus).
Ctrl-C stops after the current batch, saves a checkpoint (meta.cancelled: true) and exits 130;
a second Ctrl-C quits at once without saving.
--resume starts from saved weights (of this same pipeline: a trained project, or an older
weights file) instead of the initialisation: the new epochs are appended to the file's history
and numbered on from it. A trained project given as <project.json> starts from its weights too. The optimizer starts
afresh (its state, e.g. Adam's moments, is not saved).

Options:
  --dataset <name>     mnist (10 digits), six-vs-nine (MNIST's 6s and 9s), synthetic (the
                       document's 6 and 9, two images; no validation split), fashion-mnist,
                       mnist-segmentation (per-pixel masks: background, digit + 1; for FCNs)
                       or photo-patches (RGB 64x64 crops of the two bundled photographs,
                       8 classes: photo and quadrant; for Tiny VGG)
                       Images are fitted to the input (core's datasetFit) with a notice on
                       stderr: digits padded (LeNet-5's 32x32) or resized, grayscale repeated
                       into 3 channels for RGB nets.
  --out <file>         where to write the trained project (may be the --resume file)
  --resume <file>      continue from these weights and their history (a checkpoint too)
  --epochs <n>         default 3
  --batch-size <n>     default 32
  --optimizer <name>   adam (default) or sgd
  --lr <rate>          learning rate, default 0.001
  --momentum <m>       SGD momentum, default 0.9
  --validation <f>     share of the training set held out, default 0.1
  --limit <n>          use at most n images in all (train and test)
  --seed <s>           seed of the data split and shuffling, default 0
  --backend <name>     cpu (default) or gpu: WebGPU through the optional \`webgpu\` package
                       (Dawn; a Vulkan driver, or VK_ICD_FILENAMES set to SwiftShader's ICD).
                       Same results as the CPU within float rounding; the adapter is printed.
  -h, --help           show this help

Example:
  convstudio template mnist-cnn --out net.convstudio.json
  convstudio train net.convstudio.json --dataset mnist --epochs 3 --out trained.convstudio.json
  convstudio train net.convstudio.json --dataset mnist --epochs 3 --backend gpu --out trained.convstudio.json
  convstudio train net.convstudio.json --dataset mnist --epochs 2 --resume trained.convstudio.json --out trained.convstudio.json
  convstudio template lenet5 --out lenet.json && convstudio train lenet.json --dataset mnist --out lenet-trained.json
  convstudio template tiny-vgg --out vgg.json && convstudio train vgg.json --dataset photo-patches --limit 2400 --out vgg-trained.json`;

const percent = (x: number | undefined) => (x === undefined ? '-' : `${(100 * x).toFixed(2)}%`);

/** `epoch 1/3  train loss 0.4123 acc 87.50%  val loss 0.3012 acc 91.00%  12.3 s` */
export function epochLine(m: EpochMetrics, epochs: number): string {
  const validation = m.validationLoss === undefined ? '' : `  val loss ${m.validationLoss.toFixed(4)} acc ${percent(m.validationAccuracy)}`;
  return `epoch ${m.epoch}/${epochs}  train loss ${m.trainLoss.toFixed(4)} acc ${percent(m.trainAccuracy)}${validation}  ${(m.durationMs / 1000).toFixed(1)} s`;
}

/** `convstudio train`: train a pipeline on a dataset and save its weights. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a pipeline on MNIST or the synthetic 6 and 9, with checkpoints',
  help,
  options: {
    dataset: { type: 'string', short: 'd' },
    out: { type: 'string', short: 'o' },
    resume: { type: 'string' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    optimizer: { type: 'string' },
    lr: { type: 'string' },
    momentum: { type: 'string' },
    validation: { type: 'string' },
    limit: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
  },
  async run({ io, positionals, values }) {
    const file = onePositional('train', positionals, 'pipeline file');
    const o = new Options('train', values);
    o.requiredString('dataset', `<${datasetNames.join('|')}>: the data to train on`);
    const datasetName = o.choice('dataset', datasetNames, 'mnist');
    const out = o.requiredString('out', '<trained.convstudio.json>: where to write the trained project');
    const resume = o.string('resume');
    const epochs = o.integer('epochs', 3);
    const batchSize = o.integer('batch-size', 32);
    const kind = o.choice('optimizer', ['adam', 'sgd'] as const, 'adam');
    const learningRate = o.number('lr', 0.001, 0, 10);
    const momentum = o.number('momentum', 0.9, 0, 1, true);
    const validationFraction = o.number('validation', 0.1, 0, 0.9);
    const limit = o.optionalInteger('limit', 2);
    const seed = o.integer('seed', 0, 0);
    const backendName = o.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
    const optimizer: OptimizerConfig = kind === 'adam' ? { kind, learningRate } : { kind, learningRate, momentum };

    // Before any work: training for an hour and then overwriting the pipeline is the worst time to find out.
    await refuseOverwritingInputs(io.cwd, 'train', { option: '--out', file: out }, [{ file, role: 'the pipeline file' }]);
    // Before the data loads too: a missing driver should not cost the wait for MNIST.
    const gpu = backendName === 'gpu' ? await openGpu() : undefined;
    try {
      return await trainOn(gpu, { io, file, out, resume, datasetName, epochs, batchSize, kind, learningRate, optimizer, validationFraction, limit, seed });
    } finally {
      gpu?.backend.destroy();
    }
  },
};

interface TrainRequest {
  io: CommandContext['io'];
  file: string;
  out: string;
  resume?: string;
  datasetName: DatasetName;
  epochs: number;
  batchSize: number;
  kind: OptimizerConfig['kind'];
  learningRate: number;
  optimizer: OptimizerConfig;
  validationFraction: number;
  limit?: number;
  seed: number;
}

/** Trains on the CPU, or on `gpu` when given (training and the test score; checkpoints are read back to the CPU by core's train). */
async function trainOn(gpu: CliGpu | undefined, request: TrainRequest): Promise<number> {
  const { io, file, out, resume, datasetName, epochs, batchSize, kind, learningRate, optimizer, validationFraction, limit, seed } = request;
  const onBackend = <T>(work: () => Promise<T>): Promise<T> => (gpu ? withBackend(gpu.backend, work) : work());
  const { project } = await readProjectFile(io.cwd, file);
  // Resumed (or a trained project): start from the saved weights and number the new epochs on from the saved history.
  const saved = resume === undefined ? project.weights : await readWeightsOf(io.cwd, resume);
  const model = modelOf(project.pipeline, saved, file, resume ?? file);
  const previous: EpochMetrics[] = [...(historyOf(saved?.meta ?? {}) ?? [])];
  const done = previous.length;
  const total = done + epochs;
  const fitted = fitDataset(file, model, await loadDataset(datasetName, { seed, limit }));
  const dataset = fitted.dataset;
  for (const notice of fitted.notices) io.stderr(`${notice}\n`);
  const { train: trainSet, validation } = dataset.testIsTrain ? { train: dataset.train, validation: undefined } : splitData(dataset.train, validationFraction, seed);
  const count = (d?: { images: { shape: readonly number[] } }) => (d ? d.images.shape[0] : 0);
  io.stdout(
    `training ${model.pipeline.name ?? file} on ${datasetName}: ${count(trainSet)} train, ${count(validation)} validation, ${count(dataset.test)} test images` +
      `${dataset.testIsTrain ? ' (the same two)' : ''}, ${dataset.classes.length} classes; ${kind} lr ${learningRate}, batch ${batchSize}, ${epochs} epoch${epochs === 1 ? '' : 's'}` +
      `${resume === undefined ? '' : `; resuming ${resume} after ${done} epoch${done === 1 ? '' : 's'}`}\n`,
  );
  if (gpu) io.stdout(`on WebGPU: ${gpu.adapter}${gpu.software ? ' (a software adapter: same results, CPU speed)' : ''}\n`);

  const meta = {
    dataset: datasetName, classes: dataset.classes, epochs, batchSize, optimizer, seed, validationFraction: validation ? validationFraction : 0,
    ...(resume === undefined ? {} : { resumedFrom: resume }),
    backend: gpu ? { kind: 'webgpu', adapter: gpu.adapter } : { kind: 'cpu' },
  };
  const history: EpochMetrics[] = [...previous];
  const title = project.title || model.pipeline.name || file;
  const save = async (extra: Record<string, unknown>) => {
    const weights = weightsOfModel(model, { ...meta, epoch: history.length, history, ...extra });
    await writeProjectFile(io.cwd, out, { ...project, title, weights });
  };
  const controller = io.abortController ?? new AbortController();
  const bar = new ProgressBar({ write: (text) => io.stderr(text), isTTY: io.stderrIsTTY, columns: io.columns });
  let last: TrainingProgress | undefined;
  const uninstall = io.onInterrupt(() => {
    controller.abort();
    bar.clear();
    io.stderr('stopping after this batch to save a checkpoint (Ctrl-C again quits without saving)\n');
  });
  let cancelled: boolean;
  try {
    ({ cancelled } = await inFile(file, () => onBackend(() =>
      train(model, { train: trainSet, validation }, {
        epochs,
        batchSize,
        optimizer,
        seed,
        signal: controller.signal,
        onProgress: (p) => {
          last = p;
          bar.update({ ...p, epoch: p.epoch + done, epochs: total });
        },
        onEpochEnd: async (metrics) => {
          const m = { ...metrics, epoch: metrics.epoch + done };
          history.push(m);
          bar.clear();
          io.stdout(`${epochLine(m, total)}\n`);
          // A checkpoint per epoch, so a crash loses one epoch at most.
          await save({ cancelled: false, complete: false });
        },
      })),
    ));
  } finally {
    uninstall();
    bar.clear();
  }
  if (cancelled) {
    await save({ cancelled: true, complete: false });
    const epoch = last && last.epoch + done;
    const where = !last ? ' before the first batch' : last.batch === last.batches ? ` after epoch ${epoch}` : ` in epoch ${epoch} after batch ${last.batch} of ${last.batches}`;
    io.stderr(`cancelled${where}; checkpoint with ${history.length} completed epoch(s) saved to ${out}\n`);
    return 130;
  }
  return finish(model, dataset, file, out, history.slice(done), save, io.stdout, onBackend);
}

async function finish(
  model: Model,
  dataset: CliDataset,
  file: string,
  out: string,
  history: EpochMetrics[],
  save: (extra: Record<string, unknown>) => Promise<void>,
  print: (text: string) => void,
  onBackend: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<number> {
  const test = await inFile(file, () => onBackend(() => evaluate(model, dataset.test)));
  const images = dataset.test.images.shape[0];
  const total = history.reduce((sum, m) => sum + m.durationMs, 0);
  await save({ cancelled: false, complete: true, test: { ...test, images, sameAsTraining: dataset.testIsTrain } });
  print(`test loss ${test.loss.toFixed(4)}, accuracy ${percent(test.accuracy)} on ${images} images${dataset.testIsTrain ? ' (the training images)' : ''}; trained in ${formatDuration(total)}\n`);
  print(`saved the trained project to ${out}\n`);
  return 0;
}
