/**
 * A small seeded generator (mulberry32) so that `rand`, `randn` and weight initialisation
 * give the same numbers in Node, browsers and workers for the same seed.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

/**
 * Creates a seeded generator.
 *
 * @example
 * const rng = createRandom(42); rng.next(); // 0.6011...
 */
export function createRandom(seed: number): Random {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  let spareNormal: number | undefined;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    // 1 - next() keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return { next, normal };
}

// Ziggurat tables (Marsaglia & Tsang, 2000) for the standard normal, 128 layers. Each layer's
// value comes from the top 25 bits of a draw and its index from the low 7, so the two never
// share bits (the original shares them, a known correlation).
const LAYERS = 128;
const TAIL = 3.442619855899;
const LAYER_AREA = 9.91256303526217e-3;
const SCALE = 2 ** 24;
const ZIG_K = new Uint32Array(LAYERS);
const ZIG_W = new Float64Array(LAYERS);
const ZIG_F = new Float64Array(LAYERS);
{
  let d = TAIL;
  let t = d;
  const q = LAYER_AREA / Math.exp(-0.5 * d * d);
  ZIG_K[0] = Math.floor((d / q) * SCALE);
  ZIG_K[1] = 0;
  ZIG_W[0] = q / SCALE;
  ZIG_W[LAYERS - 1] = d / SCALE;
  ZIG_F[0] = 1;
  ZIG_F[LAYERS - 1] = Math.exp(-0.5 * d * d);
  for (let i = LAYERS - 2; i >= 1; i--) {
    d = Math.sqrt(-2 * Math.log(LAYER_AREA / d + Math.exp(-0.5 * d * d)));
    ZIG_K[i + 1] = Math.floor((d / t) * SCALE);
    t = d;
    ZIG_F[i] = Math.exp(-0.5 * d * d);
    ZIG_W[i] = d / SCALE;
  }
}

/**
 * Fills `out` with `std` times standard normal values from a seeded generator, in bulk: the
 * ziggurat method on mulberry32 (the generator of {@link createRandom}, inlined), about ten times
 * faster than `createRandom(seed).normal()` per value, for initialising millions of weights (AlexNet's
 * 61M). The same seed gives the same values on every platform; they are not the values
 * `createRandom(seed).normal()` gives. This is the reference; weight initialisation uses
 * `fillNormalFast` (src/wasm/random-wasm.ts), which gives the same values, four at a time in
 * WebAssembly once its kernels are loaded.
 *
 * @example
 * const w = new Float32Array(9); fillNormal(w, 42, Math.sqrt(2 / 9)); // He init of a 3x3 kernel
 */
export function fillNormal(out: Float32Array, seed: number, std = 1): void {
  // The state lives in a local (not a closure) and the output mix is a pure function, so the
  // optimiser keeps the hot loop in registers.
  let state = initialState(seed);
  const width = zigguratWidths(std);
  for (let n = 0; n < out.length; n++) {
    state = (state + STEP) | 0;
    const bits = mulberryMix(state);
    const layer = bits & (LAYERS - 1);
    const value = bits >> 7; // signed, in [-2^24, 2^24)
    // Most draws (99%) fall inside their layer's rectangle: one comparison and one multiply.
    if (Math.abs(value) < ZIG_K[layer]) {
      out[n] = value * width[layer];
      continue;
    }
    out[n] = zigguratSlow(state, bits, std, width);
    state = slowState[0];
  }
}

/** mulberry32's increment: draw g of a fill mixes the state initialState(seed) + (g + 1)·STEP. */
export const STEP = 0x6d2b79f5;

/** The generator's state before a fill's first draw. */
export function initialState(seed: number): number {
  return (Math.floor(seed) ^ 0x9e3779b9) | 0;
}

/** The layers' rectangle widths times `std`, the fast path's multipliers. */
export function zigguratWidths(std: number): Float64Array {
  const width = new Float64Array(LAYERS);
  for (let i = 0; i < LAYERS; i++) width[i] = std * ZIG_W[i];
  return width;
}

/**
 * The 128 layers' tables, for the WebAssembly fill (src/wasm/random-wasm.ts): `bounds` (a draw whose
 * |value| is below its layer's bound is inside the rectangle), `x` (a draw's value times this is
 * its x) and `f` (the density at each layer's edge).
 */
export const ZIGGURAT_TABLES: { readonly bounds: Readonly<Uint32Array>; readonly x: Readonly<Float64Array>; readonly f: Readonly<Float64Array> } = { bounds: ZIG_K, x: ZIG_W, f: ZIG_F };

/**
 * What {@link zigguratSlow} leaves besides its output: [0] the state after its last draw, [1] how
 * many draws it took (slots, so the rare path returns three numbers without allocating).
 */
export const slowState = new Int32Array(2);

/**
 * The ziggurat's rare path (1% of draws): the draw `bits`, made at `state`, fell outside its
 * layer's rectangle. Draws more from the same generator until it accepts one; returns the output
 * and leaves the state after its last draw and the number of draws it took in `slowState`.
 */
export function zigguratSlow(state: number, bits: number, std: number, width: Float64Array): number {
  let layer = bits & (LAYERS - 1);
  let value = bits >> 7;
  let draws = 0;
  for (;;) {
    const x = value * ZIG_W[layer];
    if (layer === 0) {
      // The tail beyond TAIL, by Marsaglia's exponential rejection; uniforms in (0, 1), never 0.
      let tx: number;
      let ty: number;
      do {
        state = (state + STEP) | 0;
        draws++;
        tx = -Math.log(((mulberryMix(state) >>> 0) + 0.5) / 4294967296) / TAIL;
        state = (state + STEP) | 0;
        draws++;
        ty = -Math.log(((mulberryMix(state) >>> 0) + 0.5) / 4294967296);
      } while (ty + ty < tx * tx);
      slowState[0] = state;
      slowState[1] = draws;
      return std * (value > 0 ? TAIL + tx : -TAIL - tx);
    }
    state = (state + STEP) | 0;
    draws++;
    const u = ((mulberryMix(state) >>> 0) + 0.5) / 4294967296;
    if (ZIG_F[layer] + u * (ZIG_F[layer - 1] - ZIG_F[layer]) < Math.exp(-0.5 * x * x)) {
      slowState[0] = state;
      slowState[1] = draws;
      return std * x;
    }
    state = (state + STEP) | 0;
    draws++;
    bits = mulberryMix(state);
    layer = bits & (LAYERS - 1);
    value = bits >> 7;
    if (Math.abs(value) < ZIG_K[layer]) {
      slowState[0] = state;
      slowState[1] = draws;
      return value * width[layer];
    }
  }
}

/** mulberry32's output for a state, as a signed 32-bit integer (the bits of `createRandom`'s draws). */
export function mulberryMix(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return t ^ (t >>> 14);
}
