import { fillNormal, initialState, mulberryMix, STEP, slowState, ZIGGURAT_TABLES, zigguratSlow, zigguratWidths } from '../random.js';
import { arena } from './arena.js';
import { wasmKernels } from './load.js';

/** Below this many values the JavaScript loop is as quick as laying out the tables. */
const MIN_VALUES = 4096;
/** Outputs per pass through the module's memory: 256 KB, which stays in the core's cache until copied out. */
const CHUNK = 1 << 16;
/**
 * How close (relative) the module's exp may bring a wedge test before it hands the draw back:
 * its exp and JavaScript's agree to an ulp (2^-52 relative), so a gap wider than 2^-40 decides
 * the same way with either, and a closer one (never seen in practice) goes to the reference.
 */
const EXP_MARGIN = 2 ** -40;

/**
 * {@link fillNormal}'s values, bit for bit, in WebAssembly once core's kernels are loaded
 * (`wasmKernelsReady()`), else by `fillNormal` itself. Its draws are independent of each other
 * (draw g mixes the state initialState(seed) + (g + 1)·STEP), so the module computes the common
 * case four at a time and the wedge tests one at a time; the tail beyond the base layer (it needs
 * log) and any wedge test closer than an exp's rounding could tip are handed back and finished
 * with the reference's own rare path. AlexNet's 61M weights are most of `createModel(alexNet())`.
 * `margin` is for tests (1 hands every wedge test back).
 *
 * @example
 * const w = new Float32Array(1 << 20); fillNormalFast(w, 42, Math.sqrt(2 / 9)); // same values as fillNormal(w, 42, …)
 */
export function fillNormalFast(out: Float32Array, seed: number, std = 1, margin = EXP_MARGIN): void {
  const kernels = wasmKernels();
  if (!kernels || out.length < MIN_VALUES) {
    fillNormal(out, seed, std);
    return;
  }
  const width = zigguratWidths(std);
  const chunk = Math.min(CHUNK, out.length);
  // Tables: bounds (128 i32), widths, x and f (128 f64 each, 8-byte aligned: the arena aligns to
  // 16), one i32 for the next draw, then the chunk.
  const { ptrs: [boundsPtr, widthsPtr, xPtr, fPtr, slotPtr, bufferPtr], f32 } = arena(kernels, [128, 256, 256, 256, 4, chunk]);
  new Int32Array(f32.buffer, boundsPtr, 128).set(ZIGGURAT_TABLES.bounds);
  new Float64Array(f32.buffer, widthsPtr, 128).set(width);
  new Float64Array(f32.buffer, xPtr, 128).set(ZIGGURAT_TABLES.x);
  new Float64Array(f32.buffer, fPtr, 128).set(ZIGGURAT_TABLES.f);
  const slot = new Int32Array(f32.buffer, slotPtr, 1);
  const buffer = bufferPtr >> 2;
  const state0 = initialState(seed);
  const fill = kernels.exports.zigguratFill;
  let draw = 0;
  for (let start = 0; start < out.length; start += chunk) {
    const length = Math.min(chunk, out.length - start);
    let i = 0;
    for (;;) {
      i += fill(bufferPtr + i * 4, length - i, state0, draw, boundsPtr, widthsPtr, xPtr, fPtr, std, margin, slotPtr);
      draw = slot[0];
      if (i === length) break;
      // Handed back: draw `draw` is outside its rectangle; the reference's rare path, from its state.
      const state = (state0 + Math.imul(draw + 1, STEP)) | 0;
      f32[buffer + i] = zigguratSlow(state, mulberryMix(state), std, width);
      // This draw, and the ones the rare path took after it.
      draw += 1 + slowState[1];
      i++;
    }
    out.set(f32.subarray(buffer, buffer + length), start);
  }
}
