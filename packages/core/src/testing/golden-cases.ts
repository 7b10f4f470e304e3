import type { Backend } from '../backend.js';
import { withBackend } from '../backend-registry.js';
import { Tensor } from '../tensor.js';
import { FLOAT32_TOLERANCE, type Tolerance, mismatch } from './compare.js';
import { type FixtureTensor, type GoldenCase, goldenFiles } from './fixtures.js';
import { type TensorArgs, goldenAdapters } from './golden-adapters.js';

/** One runnable conformance check: throws with a precise message when the backend disagrees. */
export interface ConformanceCase {
  /** `op/case`, stable across runs, for test titles and exclusion lists. */
  name: string;
  run(backend: Backend, tolerance?: Tolerance): Promise<void>;
}

const toTensor = (f: FixtureTensor): Tensor => new Tensor(Float32Array.from(f.data), f.shape);

function toArgs(record: Record<string, FixtureTensor | FixtureTensor[]>): TensorArgs {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Array.isArray(v) ? v.map(toTensor) : toTensor(v)]));
}

async function expectClose(backend: Backend, what: string, actual: Tensor, expected: FixtureTensor, tolerance: Tolerance): Promise<void> {
  const values = await backend.read(actual);
  const problem = mismatch(what, values, actual.shape, expected.data, expected.shape, tolerance);
  if (problem) throw new Error(problem);
}

async function runGoldenCase(op: string, c: GoldenCase, backend: Backend, tolerance: Tolerance): Promise<void> {
  const adapter = goldenAdapters[op];
  if (!adapter) throw new Error(`no adapter for golden op ${op}`);
  const inputs = toArgs(c.inputs);
  await withBackend(backend, async () => {
    await expectClose(backend, `${op}/${c.name} output`, adapter.forward(inputs, c.params), c.output, tolerance);
    const grads = adapter.backward(toTensor(c.dy), inputs, c.params);
    for (const [name, expected] of Object.entries(c.grads)) {
      const actual = grads[name];
      if (actual === undefined) throw new Error(`${op}/${c.name}: gradient of ${name} is missing`);
      const pairs = Array.isArray(expected) ? expected.map((e, i) => [(actual as Tensor[])[i], e, `${name}[${i}]`] as const) : [[actual as Tensor, expected, name] as const];
      for (const [a, e, label] of pairs) await expectClose(backend, `${op}/${c.name} d${label}`, a, e, tolerance);
    }
  });
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
      run: (backend: Backend, tolerance: Tolerance = FLOAT32_TOLERANCE) => runGoldenCase(file.op, c, backend, tolerance),
    })),
  );
}
