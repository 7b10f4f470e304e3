import {
  type Backend, avgPool2d, avgPool2dBackward, concat, concatBackward, conv2d, conv2dBackward, convTranspose2d, convTranspose2dBackward, cpuBackend, crossEntropy,
  crossEntropyBackward, linear, linearBackward, logSoftmax, logSoftmaxBackward, maxPool2d, maxPool2dBackward, normalize, normalizeBackward, rand,
  sigmoid, softmax, softmaxBackward, tanh, type Tensor, tidy, withBackend, batchNorm2d, batchNorm2dBackward, dropout, dropoutBackward, dropoutKeeps,
  localResponseNorm, localResponseNormBackward, nllLoss, nllLossBackward,
} from '@convstudio/core';
import { mismatch } from '@convstudio/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gpuForTests } from './gpu-setup.fixture.js';

const setup = await gpuForTests();
/** 1e-4 of the largest expected magnitude: two float32 backends summing in different orders. */
const TOLERANCE = { rtol: 0, floor: 1e-4 };
const RUNS = 25;

type Outputs = Record<string, Tensor>;

/** Runs `work` on the CPU and on the GPU with the same CPU inputs and compares every output. */
async function sameOnBoth(label: string, gpu: Backend, work: () => Outputs): Promise<void> {
  const expected = withBackend(cpuBackend, work);
  const actual = withBackend(gpu, () => tidy(work));
  try {
    for (const [name, want] of Object.entries(expected)) {
      const got = actual[name];
      const problem = mismatch(`${label} ${name}`, await got.read(), got.shape, want.data, want.shape, TOLERANCE);
      if (problem) throw new Error(problem);
    }
  } finally {
    for (const t of Object.values(actual)) t.dispose();
  }
}

const seed = fc.integer({ min: 1, max: 1_000_000 });
const values = (shape: readonly number[], s: number) => rand(shape, { seed: s, low: -1, high: 1 });
const settings = { numRuns: RUNS, seed: 4242 };

describe.skipIf(!setup.backend)(`CPU vs webgpu on random shapes${setup.skipReason ? ` (skipped: ${setup.skipReason})` : ''}`, () => {
  const gpu = setup.backend as Backend;

  it('conv2d and its gradients: groups, stride, dilation, asymmetric padding, tiles of 32 crossed', async () => {
    const problem = fc.record({
      n: fc.integer({ min: 1, max: 3 }), g: fc.integer({ min: 1, max: 3 }), cin: fc.integer({ min: 1, max: 12 }), cout: fc.integer({ min: 1, max: 40 }),
      kh: fc.integer({ min: 1, max: 5 }), kw: fc.integer({ min: 1, max: 5 }), sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }),
      d: fc.integer({ min: 1, max: 2 }), pads: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }), extra: fc.integer({ min: 0, max: 14 }),
      bias: fc.boolean(), seed,
    });
    await fc.assert(
      fc.asyncProperty(problem, async (p) => {
        const h = p.d * (p.kh - 1) + 1 + p.extra;
        const w = p.d * (p.kw - 1) + 1 + ((p.extra * 7) % 15);
        const x = values([p.n, p.g * p.cin, h, w], p.seed);
        const weight = values([p.g * p.cout, p.cin, p.kh, p.kw], p.seed + 1);
        const bias = p.bias ? values([p.g * p.cout], p.seed + 2) : undefined;
        const options = { stride: [p.sh, p.sw] as [number, number], dilation: p.d, groups: p.g, padding: p.pads as [number, number, number, number], bias };
        await sameOnBoth(`conv2d ${JSON.stringify(p)}`, gpu, () => {
          const y = conv2d(x, weight, options);
          const grads = conv2dBackward(values(y.shape, p.seed + 3), x, weight, options);
          return { y, dx: grads.dx, dweight: grads.dweight, ...(grads.dbias ? { dbias: grads.dbias } : {}) };
        });
      }),
      settings,
    );
  });

  it('convTranspose2d and its gradients', async () => {
    const problem = fc.record({
      n: fc.integer({ min: 1, max: 2 }), g: fc.integer({ min: 1, max: 2 }), cin: fc.integer({ min: 1, max: 20 }), cout: fc.integer({ min: 1, max: 20 }),
      k: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 3 }), h: fc.integer({ min: 1, max: 9 }), bias: fc.boolean(), seed,
    });
    await fc.assert(
      fc.asyncProperty(problem, async (p) => {
        const x = values([p.n, p.g * p.cin, p.h, p.h + 1], p.seed);
        const weight = values([p.g * p.cin, p.cout, p.k, p.k], p.seed + 1);
        const options = { stride: p.s, groups: p.g, outputPadding: p.s - 1, bias: p.bias ? values([p.g * p.cout], p.seed + 2) : undefined };
        await sameOnBoth(`convTranspose2d ${JSON.stringify(p)}`, gpu, () => {
          const y = convTranspose2d(x, weight, options);
          const grads = convTranspose2dBackward(values(y.shape, p.seed + 3), x, weight, options);
          return { y, dx: grads.dx, dweight: grads.dweight, ...(grads.dbias ? { dbias: grads.dbias } : {}) };
        });
      }),
      settings,
    );
  });

  it('max and average pooling with their gradients (ceil mode, padding, dilation, countIncludePad)', async () => {
    const problem = fc.record({
      n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 5 }), k: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 3 }),
      d: fc.integer({ min: 1, max: 2 }), extra: fc.integer({ min: 0, max: 12 }), pad: fc.boolean(), ceilMode: fc.boolean(), countIncludePad: fc.boolean(), seed,
    });
    await fc.assert(
      fc.asyncProperty(problem, async (p) => {
        const size = p.d * (p.k - 1) + 1 + p.extra;
        const x = values([p.n, p.c, size, size + 2], p.seed);
        const padding = p.pad ? Math.floor(p.k / 2) : 0;
        const maxOptions = { kernelSize: p.k, stride: p.s, padding, dilation: p.d, ceilMode: p.ceilMode };
        const avgOptions = { kernelSize: p.k, stride: p.s, padding, ceilMode: p.ceilMode, countIncludePad: p.countIncludePad };
        await sameOnBoth(`pooling ${JSON.stringify(p)}`, gpu, () => {
          const max = maxPool2d(x, maxOptions);
          const avg = avgPool2d(x, avgOptions);
          return {
            max, avg,
            dmax: maxPool2dBackward(values(max.shape, p.seed + 1), x, maxOptions),
            davg: avgPool2dBackward(values(avg.shape, p.seed + 2), x, avgOptions),
          };
        });
      }),
      settings,
    );
  });

  it('linear, softmax, log-softmax, cross-entropy and activations with their gradients', async () => {
    const problem = fc.record({ n: fc.integer({ min: 1, max: 40 }), fin: fc.integer({ min: 1, max: 700 }), fout: fc.integer({ min: 2, max: 40 }), seed });
    await fc.assert(
      fc.asyncProperty(problem, async (p) => {
        const x = values([p.n, p.fin], p.seed);
        const weight = values([p.fout, p.fin], p.seed + 1);
        const bias = values([p.fout], p.seed + 2);
        const targets = Array.from({ length: p.n }, (_, i) => (i * 7 + p.seed) % p.fout);
        await sameOnBoth(`linear ${JSON.stringify(p)}`, gpu, () => {
          const y = linear(x, weight, bias);
          const dy = values(y.shape, p.seed + 3);
          const grads = linearBackward(dy, x, weight, bias);
          const probabilities = softmax(y);
          const logProbabilities = logSoftmax(y, { dim: -1 });
          return {
            y, dx: grads.dx, dweight: grads.dweight, dbias: grads.dbias as Tensor, probabilities, logProbabilities,
            dsoftmax: softmaxBackward(dy, probabilities), dlogSoftmax: logSoftmaxBackward(dy, logProbabilities, { dim: -1 }),
            loss: crossEntropy(y, targets), dlogits: crossEntropyBackward(y, targets, 0.5), sigmoid: sigmoid(y), tanh: tanh(y),
          };
        });
      }),
      settings,
    );
  });

  it('normalize (every scope) with its gradient, concat and split', async () => {
    const problem = fc.record({ n: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 1, max: 4 }), h: fc.integer({ min: 1, max: 20 }), scope: fc.constantFrom('tensor', 'sample', 'map') as fc.Arbitrary<'tensor' | 'sample' | 'map'>, seed });
    await fc.assert(
      fc.asyncProperty(problem, async (p) => {
        const x = values([p.n, p.c, p.h, p.h + 3], p.seed);
        const options = { min: -1, max: 255, scope: p.scope };
        await sameOnBoth(`normalize ${JSON.stringify(p)}`, gpu, () => ({
          y: normalize(x, options),
          dx: normalizeBackward(values(x.shape, p.seed + 1), x, options),
          joined: concat([x, values([p.n, 2, p.h, p.h + 3], p.seed + 2)]),
          ...Object.fromEntries(
            concatBackward(values([p.n, p.c, p.h + 2, p.h + 3], p.seed + 3), [x, values([p.n, p.c, 2, p.h + 3], p.seed + 4)], { axis: 2 }).map((t, i) => [`split${i}`, t]),
          ),
        }));
      }),
      settings,
    );
  });

  it('batch norm (train and eval, channels over 256 values), local response norm and the losses with their options', async () => {
    const problem = fc.record({
      n: fc.integer({ min: 1, max: 4 }), c: fc.integer({ min: 1, max: 9 }), h: fc.integer({ min: 2, max: 24 }), training: fc.boolean(), affine: fc.boolean(),
      size: fc.integer({ min: 1, max: 6 }), reduction: fc.constantFrom('mean', 'sum', 'none') as fc.Arbitrary<'mean' | 'sum' | 'none'>, smoothing: fc.constantFrom(0, 0.1), seed,
    });
    await fc.assert(
      fc.asyncProperty(problem, async (p) => {
        const x = values([p.n, p.c, p.h, p.h + 1], p.seed);
        const dy = values(x.shape, p.seed + 1);
        const c = p.c;
        const options = {
          training: p.training, runningMean: values([c], p.seed + 2), runningVar: rand([c], { seed: p.seed + 3, low: 0.5, high: 1.5 }),
          ...(p.affine ? { weight: values([c], p.seed + 4), bias: values([c], p.seed + 5) } : {}),
        };
        const targets = Array.from({ length: p.n * p.h * (p.h + 1) }, (_, i) => (i * 5 + p.seed) % c);
        const lossOptions = { reduction: p.reduction };
        const dLoss = p.reduction === 'none' ? values([p.n, p.h, p.h + 1], p.seed + 6) : 0.5;
        await sameOnBoth(`batchNorm2d ${JSON.stringify(p)}`, gpu, () => {
          const bn = batchNorm2d(x, options);
          const grads = batchNorm2dBackward(dy, x, options);
          const lrn = { size: p.size, alpha: 0.5, beta: 0.75, k: 2 };
          const logp = logSoftmax(x);
          return {
            y: bn.output, runningMean: bn.runningMean as Tensor, runningVar: bn.runningVar as Tensor, dx: grads.dx,
            ...(grads.dweight ? { dweight: grads.dweight, dbias: grads.dbias as Tensor } : {}),
            lrn: localResponseNorm(x, lrn), dlrn: localResponseNormBackward(dy, x, lrn),
            loss: crossEntropy(x, targets, { ...lossOptions, labelSmoothing: p.smoothing }), dlogits: crossEntropyBackward(x, targets, dLoss, { ...lossOptions, labelSmoothing: p.smoothing }),
            nll: nllLoss(logp, targets, lossOptions), dlogp: nllLossBackward(logp, targets, dLoss, lossOptions),
          };
        });
      }),
      { ...settings, numRuns: 12 },
    );
  });

  it('dropout drops exactly the elements the CPU drops, for the same seed (up to 300k elements, 2D dispatch)', async () => {
    const problem = fc.record({ size: fc.integer({ min: 1, max: 300_000 }), p: fc.constantFrom(0.1, 0.5, 0.9), seed: fc.integer({ min: 0, max: 0xffffffff }) });
    await fc.assert(
      fc.asyncProperty(problem, async ({ size, p, seed: s }) => {
        const x = rand([size], { seed: 5, low: 1, high: 2 });
        const dy = rand([size], { seed: 6, low: -1, high: 1 });
        const cpu = withBackend(cpuBackend, () => [dropout(x, { p, seed: s }), dropoutBackward(dy, { p, seed: s })]);
        const onGpu = withBackend(gpu, () => [dropout(x, { p, seed: s }), dropoutBackward(dy, { p, seed: s })]);
        const [y, dx] = await Promise.all(onGpu.map((t) => t.read()));
        onGpu.forEach((t) => t.dispose());
        // Bit for bit: the same hash decides, and one float32 multiply scales.
        const differing = (a: Float32Array, b: Float32Array) => a.reduce((count, v, i) => count + (Object.is(v, b[i]) ? 0 : 1), 0);
        expect(y.length).toBe(size);
        expect(differing(y, cpu[0].data)).toBe(0);
        expect(differing(dx, cpu[1].data)).toBe(0);
        expect(y[size - 1] !== 0).toBe(dropoutKeeps(p, s, size - 1));
      }),
      { ...settings, numRuns: 8 },
    );
  });

  it('compiles one pipeline per program and attributes, none per shape', async () => {
    const backend = setup.backend;
    if (!backend) throw new Error('unreachable: suite is skipped without a backend');
    const run = (size: number) => withBackend(backend, () => tidy(() => conv2d(values([1, 3, size, size], size), values([4, 3, 3, 3], 1))));
    run(9).dispose();
    const compiled = backend.pipelineCount();
    for (const size of [5, 12, 31, 40]) run(size).dispose();
    expect(backend.pipelineCount()).toBe(compiled);
  });
});
