import type { Backend } from '../backend.js';
import { withBackend } from '../backend-registry.js';
import { createRandom } from '../random.js';
import { Tensor } from '../tensor.js';
import { type BackendFamily, type Tolerance, backendFamily, loosestOf } from './compare.js';
import type { OpAdapter, TensorArgs } from './golden-adapters.js';

/** Settings of a finite-difference check. */
export interface GradientCheckOptions {
  /** Step of the central difference; inputs are built so that no kink lies within it. */
  epsilon?: number;
  /**
   * Allowed |numeric - analytic|: `rtol * max(|numeric|, |analytic|) + floor * Σ|y_i · r_i| / ε`.
   * The floor is in units of what float32 rounding of the forward pass moves the central
   * difference by; rtol covers the ε² term of smooth ops. Default {@link gradientToleranceFor}
   * the backend.
   */
  rtol?: number;
  floor?: number;
  seed?: number;
  /** Sees every comparison before it is judged (the error survey measures the bounds with it). */
  observe?: (observation: GradientObservation) => void;
}

/** One directional derivative, both ways. */
export interface GradientObservation {
  label: string;
  input: string;
  numeric: number;
  analytic: number;
  /** Σ|dL/dx_i · v_i|: the size of the terms the directional derivative sums. */
  spread: number;
  /** Σ|y_i · r_i| / ε: what a relative rounding of the forward pass moves the central difference by, per unit. */
  noise: number;
}

/**
 * Bounds of the finite-difference checks per backend family: a floor of about 8 float32
 * roundings of the loss over ε (the central difference of a float32 forward pass cannot do
 * better), and an rtol 4x to 10x the worst measured on top of one rounding (the ε² term of tanh,
 * sigmoid, softmax…). Measured by bench/conformance-errors.ts; numbers in src/testing/README.md.
 * The sums (the loss, the dot products) are float64 already; the forward values cannot be.
 */
export const GRADIENT_TOLERANCES = {
  js: { rtol: 1e-3, floor: 5e-7 },
  wasm: { rtol: 1e-3, floor: 5e-7 },
  webgpu: { rtol: 1e-3, floor: 5e-7 },
} as const satisfies Record<BackendFamily, Tolerance>;

/**
 * The finite-difference bound of a backend, by its name as in {@link toleranceFor}.
 *
 * @example
 * gradientToleranceFor('webgpu'); // { rtol: …, floor: … }
 */
export function gradientToleranceFor(backendName: string): Tolerance {
  const family = backendFamily(backendName);
  if (family === undefined) return loosestOf(Object.values(GRADIENT_TOLERANCES));
  if (family === 'cpu') return loosestOf([GRADIENT_TOLERANCES.js, GRADIENT_TOLERANCES.wasm]);
  return GRADIENT_TOLERANCES[family];
}

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

function randomLike(shape: readonly number[], seed: number): Tensor {
  const rng = createRandom(seed);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = 2 * rng.next() - 1;
  return new Tensor(data, shape);
}

async function weightedSum(backend: Backend, y: Tensor, r: Tensor): Promise<number> {
  const values = await backend.read(y);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * r.data[i];
  return sum;
}

function shifted(inputs: TensorArgs, name: string, index: number | undefined, direction: Tensor, step: number): TensorArgs {
  const source = index === undefined ? (inputs[name] as Tensor) : (inputs[name] as Tensor[])[index];
  const data = source.data.slice();
  for (let i = 0; i < data.length; i++) data[i] += step * direction.data[i];
  const moved = new Tensor(data, source.shape);
  if (index === undefined) return { ...inputs, [name]: moved };
  const list = [...(inputs[name] as Tensor[])];
  list[index] = moved;
  return { ...inputs, [name]: list };
}

/**
 * Compares an op's analytic gradients with central differences of L = Σ y · r along random
 * directions v: (L(x + εv) - L(x - εv)) / 2ε must equal <dL/dx, v> for every input in `wrt`.
 * A directional check touches every element at once, so a wrong index anywhere shows up.
 * Throws a message naming the op, the input and both values when they disagree.
 */
export async function checkGradients(
  label: string,
  backend: Backend,
  adapter: OpAdapter,
  inputs: TensorArgs,
  params: Record<string, unknown>,
  wrt: readonly string[],
  options: GradientCheckOptions = {},
): Promise<void> {
  const { epsilon = 1e-2, seed = 1, observe } = options;
  const { rtol, floor } = { ...gradientToleranceFor(backend.name), ...definedOnly({ rtol: options.rtol, floor: options.floor }) };
  await withBackend(backend, async () => {
    const y = adapter.forward(inputs, params);
    const r = randomLike(y.shape, seed);
    const grads = adapter.backward(r, inputs, params);
    const loss = (args: TensorArgs) => weightedSum(backend, adapter.forward(args, params), r);
    // Float32 rounding of the forward pass moves L by about u·Σ|y_i·r_i|, the central difference by that over ε.
    const yValues = await backend.read(y);
    let lossMagnitude = 0;
    for (let i = 0; i < yValues.length; i++) lossMagnitude += Math.abs(yValues[i] * r.data[i]);
    const noise = lossMagnitude / epsilon;
    for (const name of wrt) {
      const value = inputs[name];
      const entries = Array.isArray(value) ? value.map((_, i) => i) : [undefined];
      for (const index of entries) {
        const source = index === undefined ? (value as Tensor) : (value as Tensor[])[index];
        const grad = index === undefined ? (grads[name] as Tensor) : (grads[name] as Tensor[])[index];
        if (!grad) throw new Error(`${label}: no gradient for ${name}`);
        const gradValues = await backend.read(grad);
        for (let trial = 0; trial < 2; trial++) {
          const direction = randomLike(source.shape, seed * 31 + trial + 7);
          const numeric = ((await loss(shifted(inputs, name, index, direction, epsilon))) - (await loss(shifted(inputs, name, index, direction, -epsilon)))) / (2 * epsilon);
          let analytic = 0;
          let spread = 0;
          for (let i = 0; i < gradValues.length; i++) {
            analytic += gradValues[i] * direction.data[i];
            spread += Math.abs(gradValues[i] * direction.data[i]);
          }
          const what = index === undefined ? name : `${name}[${index}]`;
          observe?.({ label, input: what, numeric, analytic, spread, noise });
          const limit = rtol * Math.max(Math.abs(numeric), Math.abs(analytic)) + floor * noise;
          if (!(Math.abs(numeric - analytic) <= limit)) {
            throw new Error(`${label}: d${what} disagrees with finite differences: analytic ${analytic}, numeric ${numeric} (error ${Math.abs(numeric - analytic).toExponential(2)} > ${limit.toExponential(2)} = rtol ${rtol} x max + floor ${floor} x Σ|y·r|/ε ${noise.toExponential(2)})`);
          }
        }
      }
    }
  });
}
