/**
 * Trains @convstudio/core's MNIST CNN template with the core's own `train` loop and measures each
 * epoch's wall-clock time; test accuracy is taken after every epoch, outside the timing.
 */
import { performance } from 'node:perf_hooks';

import { countParameters, createCpuBackend, createModel, evaluate, mnistCnn, train, withBackend } from '../../../src/index.ts';
import type { MnistData, TrainRun, TrainSettings } from './types.ts';

/** Trains on the default CPU kernels (WebAssembly SIMD) with at most `threads` threads per call. */
export async function trainOurs(data: MnistData, settings: TrainSettings, log: (line: string) => void, threads: number): Promise<TrainRun & { parameters: number }> {
  return withBackend(createCpuBackend({ threads }), () => trainOn(data, settings, log, `ours (@convstudio/core, cpu, ${threads} thread${threads === 1 ? '' : 's'})`));
}

async function trainOn(data: MnistData, settings: TrainSettings, log: (line: string) => void, name: string): Promise<TrainRun & { parameters: number }> {
  const model = createModel(mnistCnn());
  const run: TrainRun = { name, epochMs: [], testAccuracy: [], trainLoss: [] };
  let epochStart = performance.now();
  await train(
    model,
    { train: data.train },
    {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      optimizer: { kind: 'adam', learningRate: settings.learningRate },
      onEpochEnd: async (metrics) => {
        const ms = performance.now() - epochStart;
        const { accuracy } = await evaluate(model, data.test);
        run.epochMs.push(ms);
        run.testAccuracy.push(accuracy);
        run.trainLoss.push(metrics.trainLoss);
        log(`  epoch ${metrics.epoch}: ${(ms / 1000).toFixed(2)} s, train loss ${metrics.trainLoss.toFixed(4)}, test accuracy ${(accuracy * 100).toFixed(2)}%`);
        epochStart = performance.now();
      },
    },
  );
  return { ...run, parameters: countParameters(model.parameters) };
}
