// The common case of core's seeded normal fill (src/random.ts's fillNormal, the reference), four
// draws at a time. The generator is mulberry32: draw g of a fill whose initial state is s0 mixes
// the state s0 + (g + 1)·C, so draws are independent of each other and vectorise. A draw whose
// value falls inside its ziggurat layer's rectangle (99% of them) gives its output directly; at
// the first one that does not, this returns and the host runs the rare path (it needs exp and
// log, which must be the host's own so the values stay the reference's to the bit).

const STEP: i32 = 0x6d2b79f5;

/** mulberry32's output mix of four states (src/random.ts's mulberryMix, lane by lane). */
function mix4(s: v128): v128 {
  let t = i32x4.mul(v128.xor(s, i32x4.shr_u(s, 15)), v128.or(s, i32x4.splat(1)));
  t = v128.xor(t, i32x4.add(t, i32x4.mul(v128.xor(t, i32x4.shr_u(t, 7)), v128.or(t, i32x4.splat(61)))));
  return v128.xor(t, i32x4.shr_u(t, 14));
}

function mix(s: i32): i32 {
  let t = (s ^ (s >>> 15)) * (s | 1);
  t ^= t + (t ^ (t >>> 7)) * (t | 61);
  return t ^ (t >>> 14);
}

/**
 * Writes outputs to out[0..count) from draws `first`, `first + 1`, … of the fill whose initial
 * state is `state0`, while each draw lands inside its layer's rectangle; returns how many it wrote
 * (count when all did). `kTable`: the 128 layers' bounds (i32); `wTable`: their widths times the
 * fill's standard deviation (f64). Output = f32(value · width), as the reference rounds it.
 */
export function zigguratFast(out: usize, count: i32, state0: i32, first: i32, kTable: usize, wTable: usize): i32 {
  let i = 0;
  const step4 = i32x4.splat(STEP * 4);
  const base = state0 + (first + 1) * STEP;
  let states = i32x4.splat(base);
  states = i32x4.replace_lane(states, 1, base + STEP);
  states = i32x4.replace_lane(states, 2, base + 2 * STEP);
  states = i32x4.replace_lane(states, 3, base + 3 * STEP);
  for (; i + 4 <= count; i += 4) {
    const bits = mix4(states);
    states = i32x4.add(states, step4);
    const layer = v128.and(bits, i32x4.splat(127));
    const value = i32x4.shr_s(bits, 7);
    const l0 = i32x4.extract_lane(layer, 0);
    const l1 = i32x4.extract_lane(layer, 1);
    const l2 = i32x4.extract_lane(layer, 2);
    const l3 = i32x4.extract_lane(layer, 3);
    let bound = i32x4.splat(load<i32>(kTable + (<usize>l0 << 2)));
    bound = i32x4.replace_lane(bound, 1, load<i32>(kTable + (<usize>l1 << 2)));
    bound = i32x4.replace_lane(bound, 2, load<i32>(kTable + (<usize>l2 << 2)));
    bound = i32x4.replace_lane(bound, 3, load<i32>(kTable + (<usize>l3 << 2)));
    if (!i32x4.all_true(i32x4.lt_s(i32x4.abs(value), bound))) break;
    let w01 = f64x2.splat(load<f64>(wTable + (<usize>l0 << 3)));
    w01 = f64x2.replace_lane(w01, 1, load<f64>(wTable + (<usize>l1 << 3)));
    let w23 = f64x2.splat(load<f64>(wTable + (<usize>l2 << 3)));
    w23 = f64x2.replace_lane(w23, 1, load<f64>(wTable + (<usize>l3 << 3)));
    const low = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.convert_low_i32x4_s(value), w01));
    const high = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.convert_low_i32x4_s(v128.shuffle<i32>(value, value, 2, 3, 0, 1)), w23));
    v128.store(out + (<usize>i << 2), v128.shuffle<f32>(low, high, 0, 1, 4, 5));
  }
  // The last few, and the group holding the first draw outside its rectangle, one at a time.
  for (; i < count; i++) {
    const bits = mix(state0 + (first + i + 1) * STEP);
    const layer = bits & 127;
    const value = bits >> 7;
    if (abs<i32>(value) >= load<i32>(kTable + (<usize>layer << 2))) return i;
    store<f32>(out + (<usize>i << 2), <f32>(<f64>value * load<f64>(wTable + (<usize>layer << 3))));
  }
  return count;
}
