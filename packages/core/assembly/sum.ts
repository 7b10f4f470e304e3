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
