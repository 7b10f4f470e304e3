import fc from 'fast-check';
import type { Backend } from '../backend.js';
import { createRandom } from '../random.js';
import { Tensor } from '../tensor.js';
import type { ConformanceCase } from './golden-cases.js';
import { goldenAdapters, type TensorArgs } from './golden-adapters.js';
import { type GradientCheckOptions, checkGradients } from './gradient-check.js';

/** A random problem: inputs, op params and the inputs to differentiate. */
interface Problem {
  inputs: TensorArgs;
  params: Record<string, unknown>;
  wrt: string[];
}

type Values = 'uniform' | 'awayFromZero' | 'distinct' | 'spread';

/**
 * Seeded input values; 'distinct' spaces values 0.05 apart so no max/min tie sits within ε;
 * 'spread' spaces them 0.5 apart, so that a range (normalize divides by max - min) is wide
 * against ε and the central difference's ε² term stays below float32 rounding (at 0.05 it
 * reached 2% of the derivative).
 */
function values(shape: number[], seed: number, kind: Values = 'uniform'): Tensor {
  const rng = createRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  if (kind === 'distinct' || kind === 'spread') {
    const spacing = kind === 'distinct' ? 0.05 : 0.5;
    const order = Array.from({ length: size }, (_, i) => i);
    for (let i = size - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let i = 0; i < size; i++) data[i] = (order[i] - size / 2) * spacing;
  } else {
    for (let i = 0; i < size; i++) {
      const u = 2 * rng.next() - 1;
      data[i] = kind === 'awayFromZero' ? Math.sign(u || 1) * (0.1 + Math.abs(u)) : u;
    }
  }
  return new Tensor(data, shape);
}

const small = (max: number) => fc.integer({ min: 1, max });
const seed = fc.integer({ min: 1, max: 1_000_000 });

const conv2dProblem = fc
  .record({ n: small(2), g: small(2), cin: small(3), cout: small(3), kh: small(3), kw: small(3), s: small(3), d: small(2), pad: fc.integer({ min: 0, max: 2 }), extraH: fc.integer({ min: 0, max: 4 }), extraW: fc.integer({ min: 0, max: 4 }), bias: fc.boolean(), same: fc.boolean(), seed })
  .map(({ n, g, cin, cout, kh, kw, s, d, pad, extraH, extraW, bias, same, seed: sd }): Problem => {
    const h = d * (kh - 1) + 1 + extraH;
    const w = d * (kw - 1) + 1 + extraW;
    const inputs: TensorArgs = { x: values([n, g * cin, h, w], sd), weight: values([g * cout, cin, kh, kw], sd + 1) };
    if (bias) inputs.bias = values([g * cout], sd + 2);
    const padding = same ? 'same' : [pad, (pad + 1) % 3, (pad + 2) % 3, pad];
    return { inputs, params: { stride: [s, 1 + (s % 2)], dilation: d, groups: g, padding }, wrt: Object.keys(inputs) };
  });

const convTransposeProblem = fc
  .record({ n: small(2), g: small(2), cin: small(3), cout: small(3), k: small(3), s: small(3), d: small(2), h: small(4), w: small(4), bias: fc.boolean(), seed })
  .map(({ n, g, cin, cout, k, s, d, h, w, bias, seed: sd }): Problem => {
    const inputs: TensorArgs = { x: values([n, g * cin, h, w], sd), weight: values([g * cin, cout, k, k], sd + 1) };
    if (bias) inputs.bias = values([g * cout], sd + 2);
    const outputPadding = Math.max(s, d) - 1;
    // Padding may remove at most what leaves one output row/column on each axis.
    const padding = Math.min(1, Math.floor(((Math.min(h, w) - 1) * s + d * (k - 1)) / 2));
    return { inputs, params: { stride: s, dilation: d, groups: g, outputPadding, padding }, wrt: Object.keys(inputs) };
  });

const upConvolutionProblem = fc
  .record({ n: small(2), cin: small(2), cout: small(2), kh: small(3), kw: small(3), factor: small(3), h: small(3), w: small(3), bias: fc.boolean(), seed })
  .map(({ n, cin, cout, kh, kw, factor, h, w, bias, seed: sd }): Problem => {
    const inputs: TensorArgs = { x: values([n, cin, h, w], sd), weight: values([cout, cin, kh, kw], sd + 1) };
    if (bias) inputs.bias = values([cout], sd + 2);
    return { inputs, params: { factor, padding: [kh - 1, Math.floor(kw / 2)] }, wrt: Object.keys(inputs) };
  });

const poolProblem = (max: boolean) =>
  fc
    .record({ n: small(2), c: small(2), k: small(3), s: small(3), d: small(2), extra: fc.integer({ min: 0, max: 4 }), padding: fc.boolean(), ceilMode: fc.boolean(), countIncludePad: fc.boolean(), seed })
    .map(({ n, c, k, s, d, extra, padding, ceilMode, countIncludePad, seed: sd }): Problem => {
      const dilation = max ? d : 1;
      const size = dilation * (k - 1) + 1 + extra;
      const params: Record<string, unknown> = { kernelSize: k, stride: s, padding: padding ? Math.floor(k / 2) : 0, ceilMode };
      if (max) params.dilation = dilation;
      else params.countIncludePad = countIncludePad;
      return { inputs: { x: values([n, c, size, size + 1], sd, max ? 'distinct' : 'uniform') }, params, wrt: ['x'] };
    });

const nchw = (kind: Values = 'uniform') =>
  fc.record({ n: small(2), c: small(3), h: small(4), w: small(4), seed }).map(({ n, c, h, w, seed: sd }): Problem => ({
    inputs: { x: values([n, c, h, w], sd, kind) },
    params: {},
    wrt: ['x'],
  }));

const withParams = (arb: fc.Arbitrary<Problem>, params: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(arb, params).map(([p, extra]): Problem => ({ ...p, params: { ...p.params, ...extra } }));

const linearProblem = fc.record({ n: small(3), fin: small(5), fout: small(4), bias: fc.boolean(), seed }).map(({ n, fin, fout, bias, seed: sd }): Problem => {
  const inputs: TensorArgs = { x: values([n, fin], sd), weight: values([fout, fin], sd + 1) };
  if (bias) inputs.bias = values([fout], sd + 2);
  return { inputs, params: {}, wrt: Object.keys(inputs) };
});

const reductions = fc.constantFrom('mean', 'sum', 'none');

const classLossProblem = (fromLogits: boolean) =>
  fc
    .record({ n: small(3), c: fc.integer({ min: 2, max: 5 }), h: small(3), dense: fc.boolean(), reduction: reductions, labelSmoothing: fc.constantFrom(0, 0, 0.1, 0.4), seed })
    .map(({ n, c, h, dense, reduction, labelSmoothing, seed: sd }): Problem => {
      const rng = createRandom(sd);
      const targetShape = dense ? [n, h, h] : [n];
      const count = targetShape.reduce((a, b) => a * b, 1);
      const targets = new Tensor(Float32Array.from({ length: count }, () => Math.floor(rng.next() * c)), targetShape);
      const name = fromLogits ? 'logits' : 'input';
      const params = fromLogits ? { reduction, labelSmoothing } : { reduction };
      return { inputs: { [name]: values(dense ? [n, c, h, h] : [n, c], sd + 1), targets }, params, wrt: [name] };
    });

// 'spread' values keep every channel's variance far from 0 against ε, where 1/sqrt(var + eps)
// would curve within the central difference.
const batchNormProblem = fc
  .record({ n: small(3), c: small(3), h: fc.integer({ min: 2, max: 4 }), w: fc.integer({ min: 2, max: 4 }), affine: fc.boolean(), running: fc.boolean(), training: fc.boolean(), eps: fc.constantFrom(1e-5, 1e-3), seed })
  .map(({ n, c, h, w, affine, running, training, eps, seed: sd }): Problem => {
    const inputs: TensorArgs = { x: values([n, c, h, w], sd, 'spread') };
    if (affine) {
      inputs.weight = values([c], sd + 1);
      inputs.bias = values([c], sd + 2);
    }
    if (running || !training) {
      inputs.runningMean = values([c], sd + 3);
      inputs.runningVar = new Tensor(values([c], sd + 4).data.map((v) => 1 + v / 2), [c]);
    }
    return { inputs, params: { training, momentum: 0.1, eps }, wrt: ['x', ...(affine ? ['weight', 'bias'] : [])] };
  });

const dropoutProblem = withParams(nchw(), fc.record({ p: fc.constantFrom(0.1, 0.5, 0.8), training: fc.constantFrom(true, true, false), seed: fc.integer({ min: 0, max: 0xffffffff }) }));

const localResponseNormProblem = withParams(
  nchw(),
  fc.record({ size: fc.integer({ min: 1, max: 5 }), alpha: fc.constantFrom(1e-4, 0.5, 2), beta: fc.constantFrom(0.75, 1.5), k: fc.constantFrom(1, 2) }),
);

const combineProblem = (op: 'add' | 'concat') =>
  fc.record({ n: small(2), c1: small(3), c2: small(3), h: small(3), seed }).map(({ n, c1, c2, h, seed: sd }): Problem =>
    op === 'add'
      ? { inputs: { a: values([n, c1, h, h], sd), b: values([n, c1, h, h], sd + 1) }, params: {}, wrt: ['a', 'b'] }
      : { inputs: { xs: [values([n, c1, h, h], sd), values([n, c2, h, h], sd + 1)] }, params: { axis: 1 }, wrt: ['xs'] },
  );

/** The random problem generator of every op with a backward pass. */
export const gradientProblems: Record<string, fc.Arbitrary<Problem>> = {
  conv2d: conv2dProblem,
  convTranspose2d: convTransposeProblem,
  upConvolution: upConvolutionProblem,
  maxPool2d: poolProblem(true),
  avgPool2d: poolProblem(false),
  globalAvgPool2d: nchw(),
  flatten: nchw(),
  relu: nchw('awayFromZero'),
  leakyRelu: withParams(nchw('awayFromZero'), fc.record({ negativeSlope: fc.constantFrom(0.01, 0.2, -0.5) })),
  sigmoid: nchw(),
  tanh: nchw(),
  linear: linearProblem,
  softmax: withParams(nchw(), fc.record({ dim: fc.constantFrom(1, -1) })),
  logSoftmax: withParams(nchw(), fc.record({ dim: fc.constantFrom(1, -1) })),
  crossEntropy: classLossProblem(true),
  nllLoss: classLossProblem(false),
  batchNorm2d: batchNormProblem,
  dropout: dropoutProblem,
  localResponseNorm: localResponseNormProblem,
  normalize: withParams(nchw('spread'), fc.record({ min: fc.constantFrom(0, -1), max: fc.constantFrom(1, 255), scope: fc.constantFrom('tensor', 'sample', 'map') })),
  add: combineProblem('add'),
  concat: combineProblem('concat'),
};

/** Settings of the property-based gradient checks. */
export interface GradientCaseOptions {
  /** Random problems per op; default 12. */
  numRuns?: number;
  /** fast-check seed; fixed by default so a failure reproduces. */
  seed?: number;
  /** Bounds and observer of each check; see {@link GradientCheckOptions}. */
  check?: Pick<GradientCheckOptions, 'epsilon' | 'rtol' | 'floor' | 'observe'>;
}

/**
 * A finite-difference gradient check per op, over random shapes and options (property-based):
 * every input with a gradient is checked along random directions.
 *
 * @example
 * for (const c of gradientCases()) it(c.name, () => c.run(myBackend));
 */
export function gradientCases(options: GradientCaseOptions = {}): ConformanceCase[] {
  const { numRuns = 12, seed: runSeed = 20261125, check = {} } = options;
  return Object.entries(gradientProblems).map(([op, arbitrary]) => ({
    name: `${op}/finite-differences`,
    run: async (backend: Backend) => {
      await fc.assert(
        fc.asyncProperty(arbitrary, (problem) =>
          checkGradients(`${op} ${JSON.stringify(problem.params)}`, backend, goldenAdapters[op], problem.inputs, problem.params, problem.wrt, check),
        ),
        { numRuns, seed: runSeed },
      );
    },
  }));
}
