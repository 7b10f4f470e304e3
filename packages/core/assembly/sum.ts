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
