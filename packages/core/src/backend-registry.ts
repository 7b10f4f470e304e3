import type { Backend } from './backend.js';
import { cpuBackend } from './cpu/index.js';

let active: Backend = cpuBackend;

/** The backend public ops dispatch to; the CPU backend unless {@link setBackend} chose another. */
export function getBackend(): Backend {
  return active;
}

/**
 * Makes `backend` the one every op uses; returns the previous one.
 *
 * @example
 * const previous = setBackend(gpu); try { run() } finally { setBackend(previous) }
 */
export function setBackend(backend: Backend): Backend {
  const previous = active;
  active = backend;
  return previous;
}

/**
 * Runs `work` (synchronous) as one batch of the active backend's device work (see
 * {@link Backend.batch}); on a backend without batching, simply runs it.
 *
 * @example
 * const activations = batched(() => model.forward(x));
 */
export function batched<T>(work: () => T): T {
  const backend = active;
  return backend.batch ? backend.batch(work) : work();
}

/** Runs `work` with `backend` active and restores the previous backend afterwards, even on error. */
export function withBackend<T>(backend: Backend, work: () => T): T {
  const previous = setBackend(backend);
  try {
    const result = work();
    if (result instanceof Promise) {
      return result.finally(() => setBackend(previous)) as T;
    }
    setBackend(previous);
    return result;
  } catch (error) {
    setBackend(previous);
    throw error;
  }
}
