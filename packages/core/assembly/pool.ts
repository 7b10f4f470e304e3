// Max pooling forward and backward, as src/cpu/pool.ts (the reference) does them: the window's
// first maximum in row-major order wins, a NaN always takes over (so NaN propagates and the last
// NaN gets the gradient), padding counts as -Infinity. Forward and backward share `argMax`, so
// the value returned and the place its gradient goes cannot disagree. Pointers are byte offsets.

/** Index within the plane of the window's maximum, or -1 when every tap is padding. */
function argMax(plane: usize, H: i32, W: i32, h0: i32, w0: i32, KH: i32, KW: i32, DH: i32, DW: i32): i32 {
  let best = -Infinity;
  let bestIndex = -1;
  for (let kh = 0; kh < KH; kh++) {
    const ih = h0 + kh * DH;
    if (ih < 0 || ih >= H) continue;
    for (let kw = 0; kw < KW; kw++) {
      const iw = w0 + kw * DW;
      if (iw < 0 || iw >= W) continue;
      const index = ih * W + iw;
      const value = load<f32>(plane + (<usize>index << 2));
      if (bestIndex < 0 || value > best || value != value) {
        best = value;
        bestIndex = index;
      }
    }
  }
  return bestIndex;
}

/** y[p, oh, ow] = max of its window, for `planes` planes of H x W. */
export function maxPool(
  x: usize, out: usize, planes: i32, H: i32, W: i32, OH: i32, OW: i32,
  KH: i32, KW: i32, SH: i32, SW: i32, PH: i32, PW: i32, DH: i32, DW: i32,
): void {
  // Output columns [ow0, ow1) and rows [oh0, oh1) have every tap inside the input.
  const ow0 = firstInside(OW, SW, PW);
  const ow1 = endInside(W, OW, KW, SW, PW, DW, ow0);
  const oh0 = firstInside(OH, SH, PH);
  const oh1 = endInside(H, OH, KH, SH, PH, DH, oh0);
  let o = out;
  for (let p = 0; p < planes; p++) {
    const plane = x + ((<usize>p * <usize>H * <usize>W) << 2);
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * SH - PH;
      const inner = oh >= oh0 && oh < oh1;
      for (let ow = 0; ow < OW; ow++, o += 4) {
        if (inner && ow >= ow0 && ow + 4 <= ow1) {
          // Four neighbouring windows at once, one lane each.
          v128.store(o, innerMax4(plane + ((<usize>(h0 * W + ow * SW - PW)) << 2), <usize>SW << 2, W, KH, KW, DH, DW));
          ow += 3;
          o += 12;
          continue;
        }
        if (inner && ow >= ow0 && ow < ow1 && ow1 - ow0 >= 4) {
          // The last one to three inner windows: the four ending at ow1, stored over outputs
          // already written with the same values (a 7-wide output would else run 3 of 7 scalar).
          const start = ow1 - 4;
          v128.store(o - (<usize>(ow - start) << 2), innerMax4(plane + ((<usize>(h0 * W + start * SW - PW)) << 2), <usize>SW << 2, W, KH, KW, DH, DW));
          o += <usize>(ow1 - 1 - ow) << 2;
          ow = ow1 - 1;
          continue;
        }
        if (inner && ow >= ow0 && ow < ow1) {
          store<f32>(o, innerMax(plane + ((<usize>(h0 * W + ow * SW - PW)) << 2), W, KH, KW, DH, DW));
          continue;
        }
        const index = argMax(plane, H, W, h0, ow * SW - PW, KH, KW, DH, DW);
        store<f32>(o, index < 0 ? -Infinity : load<f32>(plane + (<usize>index << 2)));
      }
    }
  }
}

/**
 * The maximum of a window wholly inside the input, starting at `at`: no bounds tests and no index
 * (the forward pass needs only the value). Same rule as `argMax`: strict `>` keeps the first
 * maximum (which matters for -0 against +0) and a NaN takes over.
 */
function innerMax(at: usize, W: i32, KH: i32, KW: i32, DH: i32, DW: i32): f32 {
  let best = load<f32>(at);
  const rowStep = <usize>(DH * W) << 2;
  const tapStep = <usize>DW << 2;
  let row = at;
  for (let kh = 0; kh < KH; kh++, row += rowStep) {
    let tap = row;
    for (let kw = 0; kw < KW; kw++, tap += tapStep) {
      const value = load<f32>(tap);
      best = select<f32>(value, best, (value > best) | (value != value));
    }
  }
  return best;
}

/**
 * `innerMax` for the four windows starting at `at`, `at + step`, ... in the lanes of one vector:
 * compare and select are vector ops (a bitselect, so no branch to mispredict on data that rises
 * and falls at random), and the inputs are gathered lane by lane, which works for any stride.
 */
function innerMax4(at: usize, step: usize, W: i32, KH: i32, KW: i32, DH: i32, DW: i32): v128 {
  let best = gather(at, step);
  const rowStep = <usize>(DH * W) << 2;
  const tapStep = <usize>DW << 2;
  let row = at;
  for (let kh = 0; kh < KH; kh++, row += rowStep) {
    let tap = row;
    for (let kw = 0; kw < KW; kw++, tap += tapStep) {
      const value = gather(tap, step);
      best = v128.bitselect(value, best, v128.or(f32x4.gt(value, best), f32x4.ne(value, value)));
    }
  }
  return best;
}

/**
 * Four floats `step` bytes apart, one per lane. Strides 1 and 2 (2x2/2 pooling) are one or two
 * vector loads and a shuffle; stride 2 reads one float past the last lane, which is still inside
 * the arena (the input is never its last buffer).
 */
function gather(at: usize, step: usize): v128 {
  if (step == 4) return v128.load(at);
  if (step == 8) return v128.shuffle<f32>(v128.load(at), v128.load(at, 16), 0, 2, 4, 6);
  let v = f32x4.splat(load<f32>(at));
  v = f32x4.replace_lane(v, 1, load<f32>(at + step));
  v = f32x4.replace_lane(v, 2, load<f32>(at + 2 * step));
  return f32x4.replace_lane(v, 3, load<f32>(at + 3 * step));
}

/** Along one axis, the first output whose window starts inside the input (not in the padding). */
function firstInside(outSize: i32, stride: i32, pad: i32): i32 {
  return min(outSize, (pad + stride - 1) / stride);
}

/** Along one axis, one past the last output whose window ends inside the input; at least `first`. */
function endInside(size: i32, outSize: i32, kernel: i32, stride: i32, pad: i32, dilation: i32, first: i32): i32 {
  return max(first, min(outSize, floorDiv(size - 1 + pad - (kernel - 1) * dilation, stride) + 1));
}

/** floor(a / b) for b > 0 and any sign of a. */
function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/** dx[first argmax of each window] += dy; `dx` must start at zero. */
export function maxPoolBackward(
  dy: usize, x: usize, dx: usize, planes: i32, H: i32, W: i32, OH: i32, OW: i32,
  KH: i32, KW: i32, SH: i32, SW: i32, PH: i32, PW: i32, DH: i32, DW: i32,
): void {
  // Windows with every tap inside the input (rows [oh0, oh1), columns [ow0, ow1)) go four at a
  // time through innerArgMax4; the border ones one by one through argMax.
  const ow0 = firstInside(OW, SW, PW);
  const ow1 = endInside(W, OW, KW, SW, PW, DW, ow0);
  const oh0 = firstInside(OH, SH, PH);
  const oh1 = endInside(H, OH, KH, SH, PH, DH, oh0);
  let o = dy;
  for (let p = 0; p < planes; p++) {
    const offset = (<usize>p * <usize>H * <usize>W) << 2;
    const plane = x + offset;
    const grad = dx + offset;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * SH - PH;
      const inner = oh >= oh0 && oh < oh1;
      for (let ow = 0; ow < OW; ow++, o += 4) {
        if (inner && ow >= ow0 && ow + 4 <= ow1) {
          const at = innerArgMax4(plane, h0 * W + ow * SW - PW, SW, W, KH, KW, DH, DW);
          // Four windows may share a tap (stride below the kernel), so the adds stay one by one.
          addAt(grad, i32x4.extract_lane(at, 0), load<f32>(o));
          addAt(grad, i32x4.extract_lane(at, 1), load<f32>(o, 4));
          addAt(grad, i32x4.extract_lane(at, 2), load<f32>(o, 8));
          addAt(grad, i32x4.extract_lane(at, 3), load<f32>(o, 12));
          ow += 3;
          o += 12;
          continue;
        }
        if (inner && ow >= ow0 && ow < ow1 && ow1 - ow0 >= 4) {
          // The last one to three inner windows: the four ending at ow1, adding only the lanes
          // not added yet, in the same order as one by one.
          const start = ow1 - 4;
          const at = innerArgMax4(plane, h0 * W + start * SW - PW, SW, W, KH, KW, DH, DW);
          const first = ow - start;
          if (first <= 0) addAt(grad, i32x4.extract_lane(at, 0), load<f32>(o - (<usize>first << 2)));
          if (first <= 1) addAt(grad, i32x4.extract_lane(at, 1), load<f32>(o + 4 - (<usize>first << 2)));
          if (first <= 2) addAt(grad, i32x4.extract_lane(at, 2), load<f32>(o + 8 - (<usize>first << 2)));
          addAt(grad, i32x4.extract_lane(at, 3), load<f32>(o + 12 - (<usize>first << 2)));
          o += <usize>(ow1 - 1 - ow) << 2;
          ow = ow1 - 1;
          continue;
        }
        const index = argMax(plane, H, W, h0, ow * SW - PW, KH, KW, DH, DW);
        if (index >= 0) addAt(grad, index, load<f32>(o));
      }
    }
  }
}

function addAt(grad: usize, index: i32, value: f32): void {
  const at = grad + (<usize>index << 2);
  store<f32>(at, load<f32>(at) + value);
}

/**
 * `argMax` for the four windows starting at plane index `start`, `start + SW`, ... (all inside
 * the input), one per lane: compares and bitselects instead of branches, whose outcome is random
 * on real data (scalar, this search cost 24 ns a 2x2 window; V8 turns float selects into
 * branches). Same rule: strict > keeps the first maximum, a NaN takes over.
 */
function innerArgMax4(plane: usize, start: i32, SW: i32, W: i32, KH: i32, KW: i32, DH: i32, DW: i32): v128 {
  const lanes = i32x4(0, SW, 2 * SW, 3 * SW);
  const step = <usize>SW << 2;
  let bestIndex = i32x4.add(i32x4.splat(start), lanes);
  let best = gather(plane + (<usize>start << 2), step);
  for (let kh = 0; kh < KH; kh++) {
    let tap = start + kh * DH * W;
    for (let kw = 0; kw < KW; kw++, tap += DW) {
      const value = gather(plane + (<usize>tap << 2), step);
      const take = v128.or(f32x4.gt(value, best), f32x4.ne(value, value));
      best = v128.bitselect(value, best, take);
      bestIndex = v128.bitselect(i32x4.add(i32x4.splat(tap), lanes), bestIndex, take);
    }
  }
  return bestIndex;
}

/**
 * maxPoolBackward for 2x2 windows at stride 2 with no padding or dilation on planes of exactly
 * 2·OH x 2·OW: the windows tile the plane, so every dx entry is written once, four windows at a
 * time, and `dx` need not start at zero. Same rule as innerArgMax4 (taps in row-major order,
 * strict > keeps the first maximum, a NaN takes over) and the same values as adding dy into a
 * zeroed dx (0 + dy, which turns -0 into +0 as that add does).
 */
export function maxPool2x2Backward(dy: usize, x: usize, dx: usize, planes: i32, OH: i32, OW: i32): void {
  const W = <usize>(2 * OW);
  const zero = f32x4.splat(0);
  const one = i32x4.splat(1);
  const two = i32x4.splat(2);
  const three = i32x4.splat(3);
  let o = dy;
  let row0 = x;
  let out0 = dx;
  for (let r = 0; r < planes * OH; r++) {
    const row1 = row0 + (W << 2);
    const out1 = out0 + (W << 2);
    let ow = 0;
    for (; ow + 4 <= OW; ow += 4, o += 16) {
      const c = <usize>(2 * ow) << 2;
      const a0 = v128.load(row0 + c);
      const a1 = v128.load(row0 + c + 16);
      const b0 = v128.load(row1 + c);
      const b1 = v128.load(row1 + c + 16);
      let best = v128.shuffle<i32>(a0, a1, 0, 2, 4, 6);
      let index = i32x4.splat(0);
      const t1 = v128.shuffle<i32>(a0, a1, 1, 3, 5, 7);
      let take = v128.or(f32x4.gt(t1, best), f32x4.ne(t1, t1));
      best = v128.bitselect(t1, best, take);
      index = v128.bitselect(one, index, take);
      const t2 = v128.shuffle<i32>(b0, b1, 0, 2, 4, 6);
      take = v128.or(f32x4.gt(t2, best), f32x4.ne(t2, t2));
      best = v128.bitselect(t2, best, take);
      index = v128.bitselect(two, index, take);
      const t3 = v128.shuffle<i32>(b0, b1, 1, 3, 5, 7);
      take = v128.or(f32x4.gt(t3, best), f32x4.ne(t3, t3));
      index = v128.bitselect(three, index, take);
      const g = f32x4.add(zero, v128.load(o));
      const g0 = v128.and(g, i32x4.eq(index, i32x4.splat(0)));
      const g1 = v128.and(g, i32x4.eq(index, one));
      const g2 = v128.and(g, i32x4.eq(index, two));
      const g3 = v128.and(g, i32x4.eq(index, three));
      v128.store(out0 + c, v128.shuffle<i32>(g0, g1, 0, 4, 1, 5));
      v128.store(out0 + c + 16, v128.shuffle<i32>(g0, g1, 2, 6, 3, 7));
      v128.store(out1 + c, v128.shuffle<i32>(g2, g3, 0, 4, 1, 5));
      v128.store(out1 + c + 16, v128.shuffle<i32>(g2, g3, 2, 6, 3, 7));
    }
    for (; ow < OW; ow++, o += 4) {
      const c = <usize>(2 * ow) << 2;
      let best = load<f32>(row0 + c);
      let index = 0;
      const t1 = load<f32>(row0 + c + 4);
      if (t1 > best || t1 != t1) { best = t1; index = 1; }
      const t2 = load<f32>(row1 + c);
      if (t2 > best || t2 != t2) { best = t2; index = 2; }
      const t3 = load<f32>(row1 + c + 4);
      if (t3 > best || t3 != t3) index = 3;
      const g: f32 = 0 + load<f32>(o);
      store<f32>(out0 + c, index == 0 ? g : 0);
      store<f32>(out0 + c + 4, index == 1 ? g : 0);
      store<f32>(out1 + c, index == 2 ? g : 0);
      store<f32>(out1 + c + 4, index == 3 ? g : 0);
    }
    row0 += W << 3;
    out0 += W << 3;
  }
}

/**
 * maxPool for 2x2 windows at stride 2 with no padding or dilation on planes of exactly
 * 2·OH x 2·OW (the case maxPool2x2Backward takes): two rows of eight floats give four windows,
 * their taps split into lanes by shuffles. Same rule as innerMax4 (taps in row-major order,
 * strict > keeps the first maximum, a NaN takes over), so the same values.
 */
export function maxPool2x2(x: usize, out: usize, planes: i32, OH: i32, OW: i32): void {
  const W = <usize>(2 * OW);
  let o = out;
  let row0 = x;
  for (let r = 0; r < planes * OH; r++) {
    const row1 = row0 + (W << 2);
    let ow = 0;
    for (; ow + 4 <= OW; ow += 4, o += 16) {
      const c = <usize>(2 * ow) << 2;
      const a0 = v128.load(row0 + c);
      const a1 = v128.load(row0 + c + 16);
      const b0 = v128.load(row1 + c);
      const b1 = v128.load(row1 + c + 16);
      let best = v128.shuffle<i32>(a0, a1, 0, 2, 4, 6);
      const t1 = v128.shuffle<i32>(a0, a1, 1, 3, 5, 7);
      best = v128.bitselect(t1, best, v128.or(f32x4.gt(t1, best), f32x4.ne(t1, t1)));
      const t2 = v128.shuffle<i32>(b0, b1, 0, 2, 4, 6);
      best = v128.bitselect(t2, best, v128.or(f32x4.gt(t2, best), f32x4.ne(t2, t2)));
      const t3 = v128.shuffle<i32>(b0, b1, 1, 3, 5, 7);
      v128.store(o, v128.bitselect(t3, best, v128.or(f32x4.gt(t3, best), f32x4.ne(t3, t3))));
    }
    for (; ow < OW; ow++, o += 4) {
      const c = <usize>(2 * ow) << 2;
      let best = load<f32>(row0 + c);
      const t1 = load<f32>(row0 + c + 4);
      best = select<f32>(t1, best, (t1 > best) | (t1 != t1));
      const t2 = load<f32>(row1 + c);
      best = select<f32>(t2, best, (t2 > best) | (t2 != t2));
      const t3 = load<f32>(row1 + c + 4);
      store<f32>(o, select<f32>(t3, best, (t3 > best) | (t3 != t3)));
    }
    row0 += W << 3;
  }
}
