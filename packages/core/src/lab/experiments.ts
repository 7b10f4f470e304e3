import { concludeDeeperOrWider, concludeDenseLayers, concludeKernelSize, concludeStride, type Conclusion, type ExperimentEvidence } from './conclusions.js';
import { concludeCnnVsFcn } from './conclude-dense.js';
import type { SweepAxis, SweepDataset, SweepSpecInput } from './sweep-spec.js';

/** How much to spend on an experiment; the defaults finish in minutes on two CPU cores. */
export interface ExperimentBudget {
  dataset?: SweepDataset;
  /** Images in all (train + test). Default 3,000. */
  limit?: number;
  /** Default 3. */
  epochs?: number;
  /** Default [0, 1]: two seeds, so the conclusion can weigh the spread. */
  seeds?: number[];
}

/** A built-in experiment: one of the source document's empirical claims, as a sweep and a conclusion. */
export interface Experiment {
  id: string;
  title: string;
  /** The document's words this experiment tests. */
  claim: string;
  /** The one data set the claim needs, when it needs one (the budget's `dataset` must then be absent or this). */
  dataset?: SweepDataset;
  /** The sweep that produces the evidence. */
  spec(budget?: ExperimentBudget): SweepSpecInput;
  /** The answer, computed from the finished runs. */
  conclude(evidence: ExperimentEvidence): Conclusion;
}

function specOf(id: string, title: string, axes: SweepAxis[], mode: 'cross' | 'oneAtATime', budget: ExperimentBudget = {}, base = 'mnist-cnn', dataset: SweepDataset = 'mnist'): SweepSpecInput {
  return {
    format: 'convstudio-sweep',
    version: 1,
    name: title,
    description: `Built-in experiment "${id}" on the ${base === 'mnist-cnn' ? 'MNIST CNN template' : `"${base}" template`}.`,
    base,
    axes,
    mode,
    seeds: budget.seeds ?? [0, 1],
    data: { dataset: budget.dataset ?? dataset, limit: budget.limit ?? 3000 },
    training: { epochs: budget.epochs ?? 3, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.0015 } },
  };
}

/**
 * The document's empirical indicators of saturation as runnable experiments, each on the MNIST CNN
 * template: more dense layers, bigger kernels, deeper against wider, and stride; and its CNN vs
 * FCN table tested on MNIST segmentation masks.
 *
 * @example
 * const experiment = experiments.find((e) => e.id === 'dense-layers');
 * const spec = experiment.spec({ epochs: 2 }); // then run it as any sweep, and experiment.conclude(...)
 */
export const experiments: readonly Experiment[] = [
  {
    id: 'dense-layers',
    title: 'Are two dense layers enough?',
    claim: 'More dense layers can see ReLU saturation that many activation values tend to get very large or zero, signaled redundancy in containing too many neurons (two layers are enough).',
    spec: (b) => specOf('dense-layers', 'Are two dense layers enough?', [{ axis: 'denseLayers', values: [0, 1, 2, 3, 4] }], 'cross', b),
    conclude: concludeDenseLayers,
  },
  {
    id: 'kernel-size',
    title: 'Do bigger kernels help?',
    claim: 'Larger/more convolution kernels do not yield better results.',
    spec: (b) => specOf('kernel-size', 'Do bigger kernels help?', [{ axis: 'kernelSize', values: [3, 5, 7] }], 'cross', b),
    conclude: concludeKernelSize,
  },
  {
    id: 'deeper-or-wider',
    title: 'Deeper or wider?',
    claim: 'Getting deeper/more layers does not give better results. Getting wider/larger weight matrix/more neuron per layer does not give better results.',
    spec: (b) => specOf('deeper-or-wider', 'Deeper or wider?', [{ axis: 'depth', values: [3, 4] }, { axis: 'kernels', values: [2, 4] }], 'oneAtATime', b),
    conclude: concludeDeeperOrWider,
  },
  {
    id: 'stride',
    title: 'What does stride cost?',
    claim: 'Having small/even no stride does not give better results.',
    spec: (b) => specOf('stride', 'What does stride cost?', [{ axis: 'stride', values: [1, 2] }], 'cross', b),
    conclude: concludeStride,
  },
  {
    id: 'cnn-vs-fcn',
    title: 'CNN vs FCN on dense prediction',
    claim: 'CNN: image classification, object detection (with post-processing). FCN: semantic segmentation, dense prediction.',
    // The claim is about per-pixel labels, so it runs on the MNIST masks whatever the budget says.
    dataset: 'mnist-segmentation',
    spec: (b) => specOf('cnn-vs-fcn', 'CNN vs FCN on dense prediction', [{ axis: 'template', values: ['cnn', 'fcn'] }], 'cross', { ...b, dataset: 'mnist-segmentation' }, 'fcn', 'mnist-segmentation'),
    conclude: concludeCnnVsFcn,
  },
];

/** The built-in experiment with this id, or undefined. */
export function experimentById(id: string): Experiment | undefined {
  return experiments.find((e) => e.id === id);
}
