// ReLU and leaky ReLU, forward and backward, four lanes at a time, with src/cpu/activation.ts's
// rules (the reference): forward keeps v unless v < 0, so NaN and -0 pass through as in PyTorch;
// backward passes dy where x > 0 (the derivative at exactly 0 is 0). A compare and a bitselect
// instead of a branch per element, which mispredicts on data whose sign is random.

/** out = x < 0 ? 0 : x for `count` floats (+0, never x·0, which is -0 or NaN). */
export function relu(x: usize, out: usize, count: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const offset = <usize>i << 2;
    const v = v128.load(x + offset);
    v128.store(out + offset, v128.bitselect(zero, v, f32x4.lt(v, zero)));
  }
  for (; i < count; i++) {
    const offset = <usize>i << 2;
    const v = load<f32>(x + offset);
    store<f32>(out + offset, v < 0 ? 0 : v);
  }
}

/** out = x > 0 ? dy : 0 for `count` floats. */
export function reluBackward(dy: usize, x: usize, out: usize, count: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const offset = <usize>i << 2;
    v128.store(out + offset, v128.and(v128.load(dy + offset), f32x4.gt(v128.load(x + offset), zero)));
  }
  for (; i < count; i++) {
    const offset = <usize>i << 2;
    store<f32>(out + offset, load<f32>(x + offset) > 0 ? load<f32>(dy + offset) : 0);
  }
}

/** out = x < 0 ? x·alpha : x for `count` floats. */
export function leakyRelu(x: usize, out: usize, count: i32, alpha: f32): void {
  const zero = f32x4.splat(0);
  const slope = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const offset = <usize>i << 2;
    const v = v128.load(x + offset);
    v128.store(out + offset, v128.bitselect(f32x4.mul(v, slope), v, f32x4.lt(v, zero)));
  }
  for (; i < count; i++) {
    const offset = <usize>i << 2;
    const v = load<f32>(x + offset);
    store<f32>(out + offset, v < 0 ? v * alpha : v);
  }
}

/** out = x > 0 ? dy : dy·alpha for `count` floats. */
export function leakyReluBackward(dy: usize, x: usize, out: usize, count: i32, alpha: f32): void {
  const zero = f32x4.splat(0);
  const slope = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const offset = <usize>i << 2;
    const g = v128.load(dy + offset);
    v128.store(out + offset, v128.bitselect(g, f32x4.mul(g, slope), f32x4.gt(v128.load(x + offset), zero)));
  }
  for (; i < count; i++) {
    const offset = <usize>i << 2;
    const g = load<f32>(dy + offset);
    store<f32>(out + offset, load<f32>(x + offset) > 0 ? g : g * alpha);
  }
}
