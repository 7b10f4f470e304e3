import type { Backend } from '../backend.js';
import { withBackend } from '../backend-registry.js';
import { Tensor } from '../tensor.js';
import { type Tolerance, mismatch, toleranceFor } from './compare.js';
import { type FixtureTensor, type GoldenCase, goldenFiles } from './fixtures.js';
import { type TensorArgs, goldenAdapters } from './golden-adapters.js';

/** One runnable conformance check: throws with a precise message when the backend disagrees. */
export interface ConformanceCase {
  /** `op/case`, stable across runs, for test titles and exclusion lists. */
  name: string;
  /** Default tolerance: {@link toleranceFor} the backend's name. */
  run(backend: Backend, tolerance?: Tolerance): Promise<void>;
}

const toTensor = (f: FixtureTensor): Tensor => new Tensor(Float32Array.from(f.data), f.shape);

function toArgs(record: Record<string, FixtureTensor | FixtureTensor[]>): TensorArgs {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Array.isArray(v) ? v.map(toTensor) : toTensor(v)]));
}

/** One tensor a case checks: what the backend gave and what PyTorch computed in float64. */
export interface Comparison {
  what: string;
  actual: Float32Array;
  actualShape: readonly number[];
  expected: ArrayLike<number>;
  expectedShape: readonly number[];
}

/** Runs one golden case on `backend`: its forward output and every gradient, as comparisons. */
async function goldenComparisons(op: string, c: GoldenCase, backend: Backend): Promise<Comparison[]> {
  const adapter = goldenAdapters[op];
  if (!adapter) throw new Error(`no adapter for golden op ${op}`);
  const inputs = toArgs(c.inputs);
  const comparisons: Comparison[] = [];
  const compare = async (what: string, actual: Tensor, expected: FixtureTensor) =>
    comparisons.push({ what, actual: await backend.read(actual), actualShape: actual.shape, expected: expected.data, expectedShape: expected.shape });
  await withBackend(backend, async () => {
    await compare(`${op}/${c.name} output`, adapter.forward(inputs, c.params), c.output);
    if (c.state) {
      if (!adapter.state) throw new Error(`${op}/${c.name}: the fixture has state but the adapter returns none`);
      const state = adapter.state(inputs, c.params);
      for (const [name, expected] of Object.entries(c.state)) {
        if (!state[name]) throw new Error(`${op}/${c.name}: ${name} is missing from the op's result`);
        await compare(`${op}/${c.name} ${name}`, state[name], expected);
      }
    }
    const grads = adapter.backward(toTensor(c.dy), inputs, c.params);
    for (const [name, expected] of Object.entries(c.grads)) {
      const actual = grads[name];
      if (actual === undefined) throw new Error(`${op}/${c.name}: gradient of ${name} is missing`);
      const pairs = Array.isArray(expected) ? expected.map((e, i) => [(actual as Tensor[])[i], e, `${name}[${i}]`] as const) : [[actual as Tensor, expected, name] as const];
      for (const [a, e, label] of pairs) await compare(`${op}/${c.name} d${label}`, a, e);
    }
  });
  return comparisons;
}

/** Throws the first comparison's mismatch, if any. */
export function assertClose(comparisons: readonly Comparison[], tolerance: Tolerance): void {
  for (const c of comparisons) {
    const problem = mismatch(c.what, c.actual, c.actualShape, c.expected, c.expectedShape, tolerance);
    if (problem) throw new Error(problem);
  }
}

/**
 * Every golden case's comparisons on `backend`, without judging them: what the error survey
 * (bench/conformance-errors.ts) measures the bounds from.
 *
 * @example
 * const all = await goldenComparisonsOf(createCpuBackend({ kernels: 'js' }));
 */
export async function goldenComparisonsOf(backend: Backend): Promise<Comparison[]> {
  const all: Comparison[] = [];
  for (const file of goldenFiles) for (const c of file.cases) all.push(...(await goldenComparisons(file.op, c, backend)));
  return all;
}

/**
 * Every PyTorch golden case (forward output and every gradient) as a conformance check.
 *
 * @example
 * for (const c of goldenCases()) it(c.name, () => c.run(myBackend));
 */
export function goldenCases(): ConformanceCase[] {
  return goldenFiles.flatMap((file) =>
    file.cases.map((c) => ({
      name: `${file.op}/${c.name}`,
      run: async (backend: Backend, tolerance: Tolerance = toleranceFor(backend.name)) => assertClose(await goldenComparisons(file.op, c, backend), tolerance),
    })),
  );
}
