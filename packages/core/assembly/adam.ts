// Adam's update, two parameters per float64x2 pair, with src/cpu/optimizers.ts's arithmetic (the
// reference) in the same order: each step below is one IEEE float64 operation there too (no fused
// multiply-add, sqrt and division correctly rounded), and the new moments are rounded to float32
// before use as Math.fround does there, so every value equals the reference's to the bit.

/**
 * In place for `count` floats: g' = g + wd·p; m = f32(b1·m + k1·g'); v = f32(b2·v + k2·g'·g');
 * p = p − (lr·(m / c1)) / (sqrt(v / c2) + eps).
 */
export function adamStep(
  p: usize, g: usize, m: usize, v: usize, count: i32,
  lr: f64, beta1: f64, beta2: f64, keep1: f64, keep2: f64, c1: f64, c2: f64, eps: f64, wd: f64,
): void {
  const LR = f64x2.splat(lr);
  const B1 = f64x2.splat(beta1);
  const B2 = f64x2.splat(beta2);
  const K1 = f64x2.splat(keep1);
  const K2 = f64x2.splat(keep2);
  const C1 = f64x2.splat(c1);
  const C2 = f64x2.splat(c2);
  const EPS = f64x2.splat(eps);
  const WD = f64x2.splat(wd);
  let i = 0;
  for (; i + 2 <= count; i += 2) {
    const offset = <usize>i << 2;
    const pi = f64x2.promote_low_f32x4(v128.load64_zero(p + offset));
    const gi = f64x2.add(f64x2.promote_low_f32x4(v128.load64_zero(g + offset)), f64x2.mul(WD, pi));
    const m32 = f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(B1, f64x2.promote_low_f32x4(v128.load64_zero(m + offset))), f64x2.mul(K1, gi)));
    const v32 = f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(B2, f64x2.promote_low_f32x4(v128.load64_zero(v + offset))), f64x2.mul(f64x2.mul(K2, gi), gi)));
    v128.store64_lane(m + offset, m32, 0);
    v128.store64_lane(v + offset, v32, 0);
    const mi = f64x2.promote_low_f32x4(m32);
    const vi = f64x2.promote_low_f32x4(v32);
    const step = f64x2.div(f64x2.mul(LR, f64x2.div(mi, C1)), f64x2.add(f64x2.sqrt(f64x2.div(vi, C2)), EPS));
    v128.store64_lane(p + offset, f32x4.demote_f64x2_zero(f64x2.sub(pi, step)), 0);
  }
  for (; i < count; i++) {
    const offset = <usize>i << 2;
    const pi = <f64>load<f32>(p + offset);
    const gi = <f64>load<f32>(g + offset) + wd * pi;
    const mi = <f64><f32>(beta1 * <f64>load<f32>(m + offset) + keep1 * gi);
    const vi = <f64><f32>(beta2 * <f64>load<f32>(v + offset) + keep2 * gi * gi);
    store<f32>(m + offset, <f32>mi);
    store<f32>(v + offset, <f32>vi);
    store<f32>(p + offset, <f32>(pi - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps)));
  }
}
