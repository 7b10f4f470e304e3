// Core's seeded normal fill (src/random.ts's fillNormal, the reference) in bulk. The generator is
// mulberry32: draw g of a fill whose initial state is s0 mixes the state s0 + (g + 1)·STEP, so
// draws are independent of each other and vectorise. A draw whose value falls inside its ziggurat
// layer's rectangle (99% of them) gives its output directly, four at a time. The wedge test of the
// others compares against exp, and this module's exp may differ from the host's (the reference's)
// by an ulp: a comparison closer than `margin` (relative, far above an ulp) is handed back to the
// host, as is the tail beyond the base layer (it needs log too), so every output stays the
// reference's to the bit.

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
 * Writes out[0..count) from draw `first` on of the fill whose initial state is `state0`; returns
 * how many outputs it wrote (count unless it handed back) and stores at `drawSlot` (i32) the next
 * draw: after the last one used, or, when it handed back, the draw outside its rectangle that the
 * host must finish with the reference's rare path. Tables of the 128 layers: `bounds` (i32),
 * `widths` (f64, times the fill's standard deviation), `layerX` and `layerF` (f64: the
 * reference's ZIG_W and ZIG_F). Outputs are f32 of the reference's f64 products, rounded alike.
 */
export function zigguratFill(
  out: usize, count: i32, state0: i32, first: i32,
  bounds: usize, widths: usize, layerX: usize, layerF: usize,
  std: f64, margin: f64, drawSlot: usize,
): i32 {
  let i = 0;
  let draw = first;
  const lanes = i32x4.replace_lane(i32x4.replace_lane(i32x4.replace_lane(i32x4.splat(0), 1, STEP), 2, 2 * STEP), 3, 3 * STEP);
  while (i < count) {
    if (i + 4 <= count) {
      const bits = mix4(i32x4.add(i32x4.splat(state0 + (draw + 1) * STEP), lanes));
      const layer = v128.and(bits, i32x4.splat(127));
      const value = i32x4.shr_s(bits, 7);
      const l0 = i32x4.extract_lane(layer, 0);
      const l1 = i32x4.extract_lane(layer, 1);
      const l2 = i32x4.extract_lane(layer, 2);
      const l3 = i32x4.extract_lane(layer, 3);
      let bound = i32x4.splat(load<i32>(bounds + (<usize>l0 << 2)));
      bound = i32x4.replace_lane(bound, 1, load<i32>(bounds + (<usize>l1 << 2)));
      bound = i32x4.replace_lane(bound, 2, load<i32>(bounds + (<usize>l2 << 2)));
      bound = i32x4.replace_lane(bound, 3, load<i32>(bounds + (<usize>l3 << 2)));
      if (i32x4.all_true(i32x4.lt_s(i32x4.abs(value), bound))) {
        let w01 = f64x2.splat(load<f64>(widths + (<usize>l0 << 3)));
        w01 = f64x2.replace_lane(w01, 1, load<f64>(widths + (<usize>l1 << 3)));
        let w23 = f64x2.splat(load<f64>(widths + (<usize>l2 << 3)));
        w23 = f64x2.replace_lane(w23, 1, load<f64>(widths + (<usize>l3 << 3)));
        const low = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.convert_low_i32x4_s(value), w01));
        const high = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.convert_low_i32x4_s(v128.shuffle<i32>(value, value, 2, 3, 0, 1)), w23));
        v128.store(out + (<usize>i << 2), v128.shuffle<f32>(low, high, 0, 1, 4, 5));
        i += 4;
        draw += 4;
        continue;
      }
    }
    // One output at a time: the group holds a draw outside its rectangle, or fewer than 4 are left.
    let bits = mix(state0 + (draw + 1) * STEP);
    let rare = draw;
    draw++;
    let layer = bits & 127;
    let value = bits >> 7;
    if (abs<i32>(value) < load<i32>(bounds + (<usize>layer << 2))) {
      store<f32>(out + (<usize>i << 2), <f32>(<f64>value * load<f64>(widths + (<usize>layer << 3))));
      i++;
      continue;
    }
    // The reference's rare path (random.ts's zigguratSlow), step for step.
    for (;;) {
      if (layer == 0) {
        store<i32>(drawSlot, rare);
        return i;
      }
      const x = <f64>value * load<f64>(layerX + (<usize>layer << 3));
      const u = (<f64>(<u32>mix(state0 + (draw + 1) * STEP)) + 0.5) / 4294967296;
      const fHere = load<f64>(layerF + (<usize>layer << 3));
      const lhs = fHere + u * (load<f64>(layerF + (<usize>(layer - 1) << 3)) - fHere);
      const e = Math.exp(-0.5 * x * x);
      if (Math.abs(lhs - e) <= margin * e) {
        store<i32>(drawSlot, rare);
        return i;
      }
      draw++;
      if (lhs < e) {
        store<f32>(out + (<usize>i << 2), <f32>(std * x));
        break;
      }
      bits = mix(state0 + (draw + 1) * STEP);
      rare = draw;
      draw++;
      layer = bits & 127;
      value = bits >> 7;
      if (abs<i32>(value) < load<i32>(bounds + (<usize>layer << 2))) {
        store<f32>(out + (<usize>i << 2), <f32>(<f64>value * load<f64>(widths + (<usize>layer << 3))));
        break;
      }
    }
    i++;
  }
  store<i32>(drawSlot, draw);
  return count;
}
