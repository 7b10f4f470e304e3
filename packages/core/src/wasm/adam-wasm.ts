import type { AdamStepOptions } from '../backend.js';
import { markChanged, type Tensor } from '../tensor.js';
import { arena } from './arena.js';
import { requireWasmKernels } from './gemm-wasm.js';

/**
 * One Adam update in WebAssembly SIMD, in place, with the same float64 arithmetic in the same
 * order as the CPU backend's adamStep (src/cpu/optimizers.ts): the same parameters and moments to
 * the bit. The scalar loop's two divisions and square root per weight run two to a vector here.
 *
 * @example
 * adamStepWasm(w, dw, m, v, { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, step: 1 });
 */
export function adamStepWasm(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, options: AdamStepOptions): void {
  const kernels = requireWasmKernels('adamStep');
  const { learningRate, beta1, beta2, epsilon, weightDecay, step } = options;
  const n = param.size;
  const a = arena(kernels, [n, n, n, n]);
  const [pPtr, gPtr, mPtr, vPtr] = a.ptrs;
  a.f32.set(param.data, pPtr >> 2);
  a.f32.set(grad.data, gPtr >> 2);
  a.f32.set(m.data, mPtr >> 2);
  a.f32.set(v.data, vPtr >> 2);
  kernels.exports.adamStep(pPtr, gPtr, mPtr, vPtr, n, learningRate, beta1, beta2, 1 - beta1, 1 - beta2, 1 - beta1 ** step, 1 - beta2 ** step, epsilon, weightDecay);
  param.data.set(a.f32.subarray(pPtr >> 2, (pPtr >> 2) + n));
  m.data.set(a.f32.subarray(mPtr >> 2, (mPtr >> 2) + n));
  v.data.set(a.f32.subarray(vPtr >> 2, (vPtr >> 2) + n));
  markChanged(param);
  markChanged(m);
  markChanged(v);
}
