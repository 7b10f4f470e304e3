/**
 * Whole-model benchmark of @convstudio/gpu's command batching: the MNIST CNN's forward pass and
 * training step (forward, cross-entropy, backward, Adam; then the loss and logits read back, as
 * core's `train` does), each timed with one submit per dispatch (`submitMode: 'dispatch'`, the
 * behaviour before batching) and with one command buffer per pass or step (`scope`, the
 * default), in turns in one process on one adapter. Before any timing, both modes' logits and
 * losses must be equal; a difference makes the process exit non-zero.
 *
 *   cd packages/gpu/bench && npx tsx --conditions=@convstudio/source step-bench.ts
 *
 * Needs only the repository's root node_modules (no peers). Without VK_ICD_FILENAMES the adapter
 * is SwiftShader. Knobs: STEP_ROUNDS (default 15), STEP_CASES (0-based list), BENCH_OUT (default results/step-latest.md).
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startBenchRun, writeReport } from '@convstudio/bench-meta';
import { batched, createModel, createOptimizer, crossEntropy, crossEntropyBackward, keep, mnistCnn, type Model, randn, type Tensor, tidy, withBackend } from '@convstudio/core';
import { createGpuBackend, type GpuBackend, type SubmitMode } from '@convstudio/gpu';

import { installNodeWebGpu } from './lib/webgpu-node.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.STEP_ROUNDS ?? 15);
const MODES: readonly SubmitMode[] = ['dispatch', 'scope'];

interface Case {
  name: string;
  /** One call, awaited to completion (its reads resolve, or the queue drains); returns its result values. */
  call(backend: GpuBackend): Promise<Float32Array>;
}

/** Counts `queue.submit` on a device while `work` runs. */
async function countSubmits<T>(device: GPUDevice, work: () => Promise<T>): Promise<{ result: T; submits: number }> {
  const queue = device.queue;
  const original = queue.submit;
  let submits = 0;
  queue.submit = function (this: GPUQueue, buffers: Iterable<GPUCommandBuffer>) {
    submits++;
    return original.call(this, buffers);
  };
  try {
    return { result: await work(), submits };
  } finally {
    queue.submit = original;
  }
}

function forwardCase(batch: number, models: Map<GpuBackend, Model>): Case {
  const x = randn([batch, 1, 28, 28], { seed: batch });
  return {
    name: `MNIST CNN forward, batch ${batch}`,
    async call(backend) {
      const model = models.get(backend) as Model;
      const logits = withBackend(backend, () => tidy(() => model.forward(x, { mode: 'eval' }).get(model.outputId) as Tensor));
      try {
        return await logits.read();
      } finally {
        logits.dispose();
      }
    },
  };
}

function trainCase(batch: number, models: Map<GpuBackend, Model>): Case {
  const x = randn([batch, 1, 28, 28], { seed: 100 + batch });
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10);
  const optimizers = new Map<GpuBackend, ReturnType<typeof createOptimizer>>();
  return {
    name: `MNIST CNN training step (Adam), batch ${batch}`,
    async call(backend) {
      const model = models.get(backend) as Model;
      let optimizer = optimizers.get(backend);
      if (!optimizer) optimizers.set(backend, (optimizer = createOptimizer({ kind: 'adam', learningRate: 1e-4 })));
      const step = optimizer;
      // As core's train(): one batch for forward, loss, backward and update, then two reads.
      const [loss, logits] = withBackend(backend, () => batched(() => tidy(() => {
        const activations = model.forward(x, { mode: 'train' });
        const out = activations.get(model.outputId) as Tensor;
        const value = crossEntropy(out, labels);
        step.step(model.parameters, model.backward(activations, crossEntropyBackward(out, labels), model.outputId).parameters, new Set());
        return [keep(value), keep(out)];
      })));
      try {
        const [lossValue] = await loss.read();
        await logits.read();
        return Float32Array.of(lossValue);
      } finally {
        loss.dispose();
        logits.dispose();
      }
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const benchRun = startBenchRun({ code: ['packages/gpu/src', 'packages/core/src'] });
  const { gpu } = installNodeWebGpu();
  const backends = new Map<SubmitMode, GpuBackend>();
  for (const mode of MODES) backends.set(mode, await createGpuBackend({ gpu, submitMode: mode }));
  const a = (backends.get('scope') as GpuBackend).adapter;
  const adapterLine = `${a.vendor} ${a.architecture}, ${a.device} (${a.description})${a.isFallbackAdapter ? ', a fallback (software) adapter' : ''}`;
  console.log(`Adapter: ${adapterLine}`);
  // Same initial weights on both backends (createModel is seeded), parameters on the device.
  const models = new Map<GpuBackend, Model>();
  for (const backend of backends.values()) {
    const model = createModel(mnistCnn());
    model.toBackend(backend);
    models.set(backend, model);
  }
  const cases = [forwardCase(1, models), forwardCase(32, models), trainCase(32, models)];
  // STEP_CASES=0,1: only those cases (0-based), for a closer look at one.
  const only = process.env.STEP_CASES?.split(',').map(Number);
  const rows: string[] = [];
  let failed = false;
  for (const [index, c] of cases.entries()) {
    if (only && !only.includes(index)) continue;
    const times = new Map<SubmitMode, number[]>(MODES.map((m) => [m, []]));
    // The process's CPU time too: SwiftShader's threads run in this process, so it counts the
    // work a call caused, and suffers less than wall time from other programs on a loaded machine.
    const cpuTimes = new Map<SubmitMode, number[]>(MODES.map((m) => [m, []]));
    const submits = new Map<SubmitMode, number>();
    // Checked call (also the warm-up): both modes must give the same values.
    const results = new Map<SubmitMode, Float32Array>();
    for (const mode of MODES) {
      const backend = backends.get(mode) as GpuBackend;
      const { result, submits: n } = await countSubmits(backend.device, () => c.call(backend));
      results.set(mode, result);
      submits.set(mode, n);
    }
    const [one, two] = MODES.map((m) => Array.from(results.get(m) as Float32Array));
    const same = one.length === two.length && one.every((v, i) => v === two[i]);
    if (!same) failed = true;
    for (let round = 0; round < ROUNDS; round++) {
      // In turns, so load changes touch both modes alike.
      for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
        const backend = backends.get(mode) as GpuBackend;
        const cpu = process.cpuUsage();
        const start = performance.now();
        await c.call(backend);
        (times.get(mode) as number[]).push(performance.now() - start);
        const used = process.cpuUsage(cpu);
        (cpuTimes.get(mode) as number[]).push((used.user + used.system) / 1000);
      }
    }
    const [before, after] = MODES.map((m) => median(times.get(m) as number[]));
    const [fastBefore, fastAfter] = MODES.map((m) => Math.min(...(times.get(m) as number[])));
    const [cpuBefore, cpuAfter] = MODES.map((m) => median(cpuTimes.get(m) as number[]));
    const ms = (med: number, min: number) => `${med.toFixed(1)} (${min.toFixed(1)})`;
    rows.push(
      `| ${c.name} | ${submits.get('dispatch')} | ${ms(before, fastBefore)} | ${cpuBefore.toFixed(1)} | ${submits.get('scope')} | ${ms(after, fastAfter)} | ${cpuAfter.toFixed(1)} | ` +
        `${(before / after).toFixed(2)}x (${(fastBefore / fastAfter).toFixed(2)}x) | ${(cpuBefore / cpuAfter).toFixed(2)}x | ${same ? 'equal' : '**differ**'} |`,
    );
    console.log(rows[rows.length - 1]);
  }
  const markdown = [
    `Run of ${benchRun.startedAt.toISOString()}, command \`npx tsx --conditions=@convstudio/source step-bench.ts\` in packages/gpu/bench.`,
    '',
    ...benchRun.headerLines(),
    `- WebGPU: Dawn for Node, VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES || '(unset)'}; adapter: **${adapterLine}**`,
    `- Each case: one checked call per mode (submits counted by wrapping \`queue.submit\`; values compared), then ${ROUNDS} rounds in turns (the order flipped every round); median (and fastest) wall time per call, including the read-back that ends it, and the median CPU time of the process (all threads, SwiftShader's included) per call; ratios = one-per-dispatch / batched`,
    '',
    '| case | one per dispatch: submits | wall ms, median (min) | CPU ms | batched: submits | wall ms, median (min) | CPU ms | wall speed-up, median (min) | CPU-time ratio | results |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    benchRun.loadLine(),
    '',
  ].join('\n');
  writeReport(markdown, here, 'step-latest.md');
  for (const backend of backends.values()) backend.destroy();
  if (failed) {
    console.error('FAILED: the two submit modes gave different values.');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
