import type { AdamStepOptions, Backend, SgdStepOptions } from '../backend.js';
import { createRandom } from '../random.js';
import { Tensor, zeros } from '../tensor.js';
import { type Tolerance, mismatch, toleranceFor } from './compare.js';
import { type Comparison, type ConformanceCase, assertClose } from './golden-cases.js';

function randomValues(size: number, seed: number, scale = 1): Float64Array {
  const rng = createRandom(seed);
  return Float64Array.from({ length: size }, () => scale * (2 * rng.next() - 1));
}

const shapes = [[7], [3, 5], [2, 3, 3, 3]];
const STEPS = 3;

/** float64 reference of PyTorch's SGD (momentum, weight decay), the formula `Backend.sgdStep` documents. */
function referenceSgd(p: Float64Array, grads: Float64Array[], o: SgdStepOptions): Float64Array {
  const w = p.slice();
  const v = new Float64Array(p.length);
  for (const g of grads) {
    for (let i = 0; i < w.length; i++) {
      v[i] = o.momentum * v[i] + g[i] + o.weightDecay * w[i];
      w[i] -= o.learningRate * v[i];
    }
  }
  return w;
}

/** float64 reference of PyTorch's Adam with bias correction. */
function referenceAdam(p: Float64Array, grads: Float64Array[], o: Omit<AdamStepOptions, 'step'>): Float64Array {
  const w = p.slice();
  const m = new Float64Array(p.length);
  const v = new Float64Array(p.length);
  grads.forEach((g, t) => {
    const c1 = 1 - o.beta1 ** (t + 1);
    const c2 = 1 - o.beta2 ** (t + 1);
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] + o.weightDecay * w[i];
      m[i] = o.beta1 * m[i] + (1 - o.beta1) * gi;
      v[i] = o.beta2 * v[i] + (1 - o.beta2) * gi * gi;
      w[i] -= (o.learningRate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + o.epsilon);
    }
  });
  return w;
}

async function optimizerComparison(backend: Backend, kind: 'sgd' | 'adam', shape: number[], seed: number): Promise<Comparison> {
  const size = shape.reduce((a, b) => a * b, 1);
  const initial = randomValues(size, seed);
  const grads = Array.from({ length: STEPS }, (_, t) => randomValues(size, seed * 7 + t, 2));
  const sgd: SgdStepOptions = { learningRate: 0.1, momentum: 0.9, weightDecay: 0.01 };
  const adam = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 };
  // Uploads of fresh copies: the CPU backend updates in place and must not change the inputs above.
  const param = backend.upload(new Tensor(Float32Array.from(initial), shape));
  const state = Array.from({ length: kind === 'sgd' ? 1 : 2 }, () => backend.upload(zeros(shape)));
  const uploadedGrads = grads.map((g) => backend.upload(new Tensor(Float32Array.from(g), shape)));
  try {
    uploadedGrads.forEach((g, t) => {
      if (kind === 'sgd') backend.sgdStep(param, g, state[0], sgd);
      else backend.adamStep(param, g, state[0], state[1], { ...adam, step: t + 1 });
    });
    const expected = kind === 'sgd' ? referenceSgd(initial, grads, sgd) : referenceAdam(initial, grads, adam);
    return { what: `${kind}Step ${JSON.stringify(shape)} after ${STEPS} steps`, actual: await backend.read(param), actualShape: param.shape, expected, expectedShape: shape };
  } finally {
    for (const t of [param, ...state, ...uploadedGrads]) t.dispose();
  }
}

async function runUpload(backend: Backend): Promise<void> {
  const values = Float32Array.from(randomValues(24, 5));
  const source = new Tensor(values.slice(), [2, 3, 4]);
  const uploaded = backend.upload(source);
  try {
    const problem = mismatch('upload then read', await backend.read(uploaded), uploaded.shape, values, [2, 3, 4], { rtol: 0, floor: 0 });
    if (problem) throw new Error(problem);
    const reshaped = await backend.read(uploaded.reshape([6, 4]));
    if (reshaped.length !== 24 || reshaped[23] !== values[23]) throw new Error(`upload: a reshape reads ${reshaped.length} values, last ${reshaped[23]}, expected 24 ending in ${values[23]}`);
  } finally {
    uploaded.dispose();
  }
}

/**
 * The optimizer kernels (`sgdStep`, `adamStep`: three steps against a float64 reference of
 * PyTorch's formulas) and `upload` (values survive the round trip bit for bit).
 *
 * @example
 * for (const c of optimizerCases()) it(c.name, () => c.run(myBackend));
 */
export function optimizerCases(): ConformanceCase[] {
  return [
    ...(['sgd', 'adam'] as const).flatMap((kind) =>
      shapes.map((shape, i) => ({
        name: `${kind}Step/${shape.join('x')}`,
        run: async (backend: Backend, tolerance: Tolerance = toleranceFor(backend.name)) => assertClose([await optimizerComparison(backend, kind, shape, 11 + i)], tolerance),
      })),
    ),
    { name: 'upload/round-trip', run: (backend: Backend) => runUpload(backend) },
  ];
}

/**
 * Every optimizer case's result on `backend` beside its float64 reference, unjudged (for the
 * error survey).
 *
 * @example
 * const all = await optimizerComparisonsOf(createCpuBackend({ kernels: 'js' }));
 */
export async function optimizerComparisonsOf(backend: Backend): Promise<Comparison[]> {
  const all: Comparison[] = [];
  for (const kind of ['sgd', 'adam'] as const) for (const [i, shape] of shapes.entries()) all.push(await optimizerComparison(backend, kind, shape, 11 + i));
  return all;
}
