import { getBackend } from '../backend-registry.js';
import { fail } from '../errors.js';
import { keep, Tensor, zeros } from '../tensor.js';
import type { LayerParameters } from './layers/index.js';
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

/**
 * What an optimizer carries between steps, read back to the CPU: its step count (Adam's bias
 * correction) and each parameter's buffers by `<node>.<weight|bias>` (SGD's velocity; Adam's
 * first and second moments). A run checkpointed with it continues as if never stopped.
 */
export interface OptimizerState {
  step: number;
  slots: Record<string, Float32Array[]>;
}

/**
 * Updates parameters in place from their gradients; keeps its own state (velocities, moments)
 * on the active backend, so a training step on a GPU reads nothing back.
 */
export interface Optimizer {
  step(parameters: ParameterStore, gradients: Map<string, LayerParameters>, frozen: ReadonlySet<string>): void;
  /** Frees the state's device memory (a no-op for CPU state). */
  dispose(): void;
  /** The state as CPU copies (device buffers read back), for a checkpoint. */
  exportState(): Promise<OptimizerState>;
}

type Slot = 'weight' | 'bias';
const slots: Slot[] = ['weight', 'bias'];

/** Calls `update` for every weight and bias that has a gradient and is not frozen; `key` names its optimizer state. */
function forEachTrainable(
  parameters: ParameterStore,
  gradients: Map<string, LayerParameters>,
  frozen: ReadonlySet<string>,
  update: (key: string, param: Tensor, gradient: Tensor) => void,
): void {
  for (const [id, grads] of gradients) {
    if (frozen.has(id)) continue;
    for (const slot of slots) {
      const param = parameters.get(id)?.[slot];
      const gradient = grads[slot];
      if (param && gradient) update(`${id}.${slot}`, param, gradient);
    }
  }
}

function checkRate(name: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !(value >= min && value <= max)) fail('optimizer', name, `must be a number in [${min}, ${max}], got ${String(value)}`);
}

/**
 * Creates an optimizer. Parameters are the model's own state, so updates happen in place, by
 * the active backend's `sgdStep` / `adamStep` kernels: parameters must live on that backend
 * (`model.toBackend(backend)`; CPU parameters need nothing).
 *
 * @example
 * const optimizer = createOptimizer({ kind: 'adam', learningRate: 1e-3 });
 * optimizer.step(model.parameters, grads.parameters, new Set());
 */
export function createOptimizer(config: OptimizerConfig, initial?: OptimizerState): Optimizer {
  const state = new Map<string, Tensor[]>();
  const buffers = (key: string, param: Tensor, count: number) => {
    let found = state.get(key);
    if (!found) {
      const backend = getBackend();
      const saved = initial?.slots[key];
      if (saved && (saved.length !== count || saved.some((v) => v.length !== param.size))) {
        fail('optimizer', `state of ${key}`, `must hold ${count} buffer(s) of ${param.size} values, got ${saved.length} of [${saved.map((v) => v.length).join(', ')}]`);
      }
      found = Array.from({ length: count }, (_, i) => keep(backend.upload(saved ? new Tensor(Float32Array.from(saved[i]), param.shape) : zeros(param.shape))));
      state.set(key, found);
    }
    if (found[0].device !== param.device) {
      fail('optimizer', key, `lives on ${param.device} but its optimizer state on ${found[0].device}; keep a model's parameters on one backend while it trains`);
    }
    return found;
  };
  const dispose = () => {
    for (const tensors of state.values()) for (const t of tensors) t.dispose();
    state.clear();
  };
  const slotsNow = async (): Promise<OptimizerState['slots']> => {
    const slots: OptimizerState['slots'] = {};
    for (const [key, tensors] of state) slots[key] = await Promise.all(tensors.map(async (t) => Float32Array.from(t.isOnDevice ? await t.read() : t.data)));
    // Slots never stepped yet (frozen, or no gradient so far) keep the state they were given.
    for (const [key, saved] of Object.entries(initial?.slots ?? {})) if (!(key in slots)) slots[key] = saved.map((v) => Float32Array.from(v));
    return slots;
  };
  if (config.kind === 'sgd') {
    const { learningRate, momentum = 0, weightDecay = 0 } = config;
    checkRate('learningRate', learningRate, 0, 1e3);
    checkRate('momentum', momentum, 0, 1);
    checkRate('weightDecay', weightDecay, 0, 1);
    return {
      step(parameters, gradients, frozen) {
        const backend = getBackend();
        forEachTrainable(parameters, gradients, frozen, (key, p, g) => {
          const [velocity] = buffers(key, p, 1);
          backend.sgdStep(p, g, velocity, { learningRate, momentum, weightDecay });
        });
      },
      dispose,
      exportState: async () => ({ step: 0, slots: await slotsNow() }),
    };
  }
  const { learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0 } = config;
  checkRate('learningRate', learningRate, 0, 1e3);
  checkRate('beta1', beta1, 0, 0.999999);
  checkRate('beta2', beta2, 0, 0.999999999);
  let step = initial?.step ?? 0;
  if (!Number.isInteger(step) || step < 0) fail('optimizer', 'state.step', `must be a whole number of steps, got ${String(step)}`);
  return {
    step(parameters, gradients, frozen) {
      step++;
      const backend = getBackend();
      forEachTrainable(parameters, gradients, frozen, (key, p, g) => {
        const [m, v] = buffers(key, p, 2);
        backend.adamStep(p, g, m, v, { learningRate, beta1, beta2, epsilon, weightDecay, step });
      });
    },
    dispose,
    exportState: async () => ({ step, slots: await slotsNow() }),
  };
}
