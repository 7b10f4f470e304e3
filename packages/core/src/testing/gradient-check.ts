import type { Backend } from '../backend.js';
import { withBackend } from '../backend-registry.js';
import { createRandom } from '../random.js';
import { Tensor } from '../tensor.js';
import type { OpAdapter, TensorArgs } from './golden-adapters.js';

/** Settings of a finite-difference check. */
export interface GradientCheckOptions {
  /** Step of the central difference; inputs are built so that no kink lies within it. */
  epsilon?: number;
  /** Allowed |numeric - analytic| relative to the larger of the two (with a small floor). */
  rtol?: number;
  seed?: number;
}

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
  const { epsilon = 1e-2, rtol = 1e-2, seed = 1 } = options;
  await withBackend(backend, async () => {
    const y = adapter.forward(inputs, params);
    const r = randomLike(y.shape, seed);
    const grads = adapter.backward(r, inputs, params);
    const loss = (args: TensorArgs) => weightedSum(backend, adapter.forward(args, params), r);
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
          for (let i = 0; i < gradValues.length; i++) analytic += gradValues[i] * direction.data[i];
          const scale = Math.max(Math.abs(numeric), Math.abs(analytic), 1e-1);
          if (!(Math.abs(numeric - analytic) <= rtol * scale)) {
            const what = index === undefined ? name : `${name}[${index}]`;
            throw new Error(`${label}: d${what} disagrees with finite differences: analytic ${analytic}, numeric ${numeric}`);
          }
        }
      }
    }
  });
}
