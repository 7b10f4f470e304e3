// dst[i] += src[i] for `count` floats: sums the weight gradient's per-slice partial results after
// a multi-threaded run (src/wasm/conv2d-wasm.ts), four lanes at a time.

/** Adds `count` floats at `src` into those at `dst`; both 16-byte aligned. */
export function addInto(dst: usize, src: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const offset = <usize>i << 2;
    v128.store(dst + offset, f32x4.add(v128.load(dst + offset), v128.load(src + offset)));
  }
  for (; i < count; i++) {
    const offset = <usize>i << 2;
    store<f32>(dst + offset, load<f32>(dst + offset) + load<f32>(src + offset));
  }
}

/**
 * out[n, c, i] += bias[c] over `batch` images of `channels` planes of `plane` floats: a
 * convolution's bias, added before its output is copied out (in JavaScript this pass cost about
 * as much as the MNIST CNN's first convolution itself). The same float32 sums as the reference.
 */
export function addChannelBias(out: usize, bias: usize, batch: i32, channels: i32, plane: i32): void {
  let o = out;
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const b = load<f32>(bias + (<usize>c << 2));
      const v = f32x4.splat(b);
      let i = 0;
      for (; i + 4 <= plane; i += 4, o += 16) v128.store(o, f32x4.add(v128.load(o), v));
      for (; i < plane; i++, o += 4) store<f32>(o, load<f32>(o) + b);
    }
  }
}

/**
 * sums[c] = Σ over images and the plane of dy[n, c, i], in float64, the bias gradient. The same
 * sums in the same order as the TypeScript reference (src/cpu/elementwise.ts): per image and
 * channel four running sums, lane j taking elements 4k + j (f64x2 pairs (s0, s1) and (s2, s3)),
 * the tail into s0, then (s0 + s1) + (s2 + s3) added to sums[c]. `sums` holds `channels` f64s,
 * zeroed here.
 */
export function sumToChannels(dy: usize, sums: usize, batch: i32, channels: i32, inner: i32): void {
  for (let c = 0; c < channels; c++) store<f64>(sums + (<usize>c << 3), 0);
  let p = dy;
  const quads = inner - (inner % 4);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      let s01 = f64x2.splat(0);
      let s23 = f64x2.splat(0);
      let i = 0;
      for (; i < quads; i += 4, p += 16) {
        const v = v128.load(p);
        s01 = f64x2.add(s01, f64x2.promote_low_f32x4(v));
        s23 = f64x2.add(s23, f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 0, 1)));
      }
      let s0 = f64x2.extract_lane(s01, 0);
      for (; i < inner; i++, p += 4) s0 += <f64>load<f32>(p);
      const total = s0 + f64x2.extract_lane(s01, 1) + (f64x2.extract_lane(s23, 0) + f64x2.extract_lane(s23, 1));
      const at = sums + (<usize>c << 3);
      store<f64>(at, load<f64>(at) + total);
    }
  }
}
