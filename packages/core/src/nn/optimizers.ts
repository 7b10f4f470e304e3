import { fail } from '../errors.js';
import type { LayerParameters } from './layers.js';
import type { ParameterStore } from './parameters.js';

/** SGD with (optional) momentum, as PyTorch's `torch.optim.SGD`. */
export interface SgdConfig {
  kind: 'sgd';
  learningRate: number;
  momentum?: number;
  weightDecay?: number;
}

/** Adam, as PyTorch's `torch.optim.Adam` (bias-corrected moments). */
export interface AdamConfig {
  kind: 'adam';
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}

export type OptimizerConfig = SgdConfig | AdamConfig;

/** Updates parameters in place from their gradients; keeps its own state (velocities, moments). */
export interface Optimizer {
  step(parameters: ParameterStore, gradients: Map<string, LayerParameters>, frozen: ReadonlySet<string>): void;
}

type Slot = 'weight' | 'bias';
const slots: Slot[] = ['weight', 'bias'];

/** Calls `update` for every weight and bias that has a gradient and is not frozen; `key` names its optimizer state. */
function forEachTrainable(
  parameters: ParameterStore,
  gradients: Map<string, LayerParameters>,
  frozen: ReadonlySet<string>,
  update: (key: string, values: Float32Array, gradient: Float32Array) => void,
): void {
  for (const [id, grads] of gradients) {
    if (frozen.has(id)) continue;
    for (const slot of slots) {
      const values = parameters.get(id)?.[slot]?.data;
      const gradient = grads[slot]?.data;
      if (values && gradient) update(`${id}.${slot}`, values, gradient);
    }
  }
}

function checkRate(name: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !(value >= min && value <= max)) fail('optimizer', name, `must be a number in [${min}, ${max}], got ${String(value)}`);
}

/**
 * Creates an optimizer. Parameters are the model's own state, so updates happen in place.
 *
 * @example
 * const optimizer = createOptimizer({ kind: 'adam', learningRate: 1e-3 });
 * optimizer.step(model.parameters, grads.parameters, new Set());
 */
export function createOptimizer(config: OptimizerConfig): Optimizer {
  const state = new Map<string, Float32Array[]>();
  const buffers = (key: string, size: number, count: number) => {
    let found = state.get(key);
    if (!found) {
      found = Array.from({ length: count }, () => new Float32Array(size));
      state.set(key, found);
    }
    return found;
  };
  if (config.kind === 'sgd') {
    const { learningRate: lr, momentum = 0, weightDecay = 0 } = config;
    checkRate('learningRate', lr, 0, 1e3);
    checkRate('momentum', momentum, 0, 1);
    checkRate('weightDecay', weightDecay, 0, 1);
    return {
      step(parameters, gradients, frozen) {
        forEachTrainable(parameters, gradients, frozen, (key, p, g) => {
          const [velocity] = buffers(key, p.length, 1);
          for (let i = 0; i < p.length; i++) {
            const gi = g[i] + weightDecay * p[i];
            velocity[i] = momentum * velocity[i] + gi;
            p[i] -= lr * velocity[i];
          }
        });
      },
    };
  }
  const { learningRate: lr = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0 } = config;
  checkRate('learningRate', lr, 0, 1e3);
  checkRate('beta1', beta1, 0, 0.999999);
  checkRate('beta2', beta2, 0, 0.999999999);
  let t = 0;
  return {
    step(parameters, gradients, frozen) {
      t++;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      forEachTrainable(parameters, gradients, frozen, (key, p, g) => {
        const [m, v] = buffers(key, p.length, 2);
        for (let i = 0; i < p.length; i++) {
          const gi = g[i] + weightDecay * p[i];
          m[i] = beta1 * m[i] + (1 - beta1) * gi;
          v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
          p[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
        }
      });
    },
  };
}
