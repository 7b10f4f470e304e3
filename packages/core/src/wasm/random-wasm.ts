import { fillNormal, initialState, mulberryMix, STEP, slowState, ZIGGURAT_BOUNDS, zigguratSlow, zigguratWidths } from '../random.js';
import { arena } from './arena.js';
import { wasmKernels } from './load.js';

/** Below this many values the JavaScript loop is as quick as laying out the tables. */
const MIN_VALUES = 4096;
/** Outputs per pass through the module's memory: 256 KB, which stays in the core's cache until copied out. */
const CHUNK = 1 << 16;

/**
 * {@link fillNormal}'s values, bit for bit, four at a time in WebAssembly SIMD once core's kernels
 * are loaded (`wasmKernelsReady()`), else by `fillNormal` itself. Its draws are independent of each
 * other (draw g mixes the state initialState(seed) + (g + 1)·STEP), so the module computes runs of
 * common-case outputs in bulk and stops at the first draw outside its ziggurat layer (1%), which
 * this side finishes with the reference's own rare path (its exp and log are JavaScript's, so the
 * values cannot drift by an ulp). AlexNet's 61M weights are most of `createModel(alexNet())`.
 *
 * @example
 * const w = new Float32Array(1 << 20); fillNormalFast(w, 42, Math.sqrt(2 / 9)); // same values as fillNormal(w, 42, …)
 */
export function fillNormalFast(out: Float32Array, seed: number, std = 1): void {
  const kernels = wasmKernels();
  if (!kernels || out.length < MIN_VALUES) {
    fillNormal(out, seed, std);
    return;
  }
  const width = zigguratWidths(std);
  const chunk = Math.min(CHUNK, out.length);
  // Bounds (128 i32) and widths (128 f64, 8-byte aligned: the arena aligns every buffer to 16).
  const { ptrs: [boundsPtr, widthsPtr, bufferPtr], f32 } = arena(kernels, [128, 256, chunk]);
  new Int32Array(f32.buffer, boundsPtr, 128).set(ZIGGURAT_BOUNDS);
  new Float64Array(f32.buffer, widthsPtr, 128).set(width);
  const buffer = bufferPtr >> 2;
  const state0 = initialState(seed);
  const zigguratFast = kernels.exports.zigguratFast;
  let draw = 0;
  for (let start = 0; start < out.length; start += chunk) {
    const length = Math.min(chunk, out.length - start);
    let i = 0;
    while (i < length) {
      const written = zigguratFast(bufferPtr + i * 4, length - i, state0, draw, boundsPtr, widthsPtr);
      i += written;
      draw += written;
      if (i === length) break;
      // Draw `draw` fell outside its layer: the rare path, from the state that made it.
      const state = (state0 + Math.imul(draw + 1, STEP)) | 0;
      f32[buffer + i] = zigguratSlow(state, mulberryMix(state), std, width);
      // The rare path drew (slowState[0] - state) / STEP more times, modulo 2^32; STEP is odd, so
      // count its draws by stepping instead of dividing.
      draw += 1 + drawsBetween(state, slowState[0]);
      i++;
    }
    out.set(f32.subarray(buffer, buffer + length), start);
  }
}

/** How many STEPs lead from state `from` to state `to` (the rare path takes a handful). */
function drawsBetween(from: number, to: number): number {
  let draws = 0;
  for (let state = from; state !== to; state = (state + STEP) | 0) draws++;
  return draws;
}
