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
  let o = out;
  for (let p = 0; p < planes; p++) {
    const plane = x + ((<usize>p * <usize>H * <usize>W) << 2);
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * SH - PH;
      for (let ow = 0; ow < OW; ow++, o += 4) {
        const index = argMax(plane, H, W, h0, ow * SW - PW, KH, KW, DH, DW);
        store<f32>(o, index < 0 ? -Infinity : load<f32>(plane + (<usize>index << 2)));
      }
    }
  }
}

/** dx[first argmax of each window] += dy; `dx` must start at zero. */
export function maxPoolBackward(
  dy: usize, x: usize, dx: usize, planes: i32, H: i32, W: i32, OH: i32, OW: i32,
  KH: i32, KW: i32, SH: i32, SW: i32, PH: i32, PW: i32, DH: i32, DW: i32,
): void {
  let o = dy;
  for (let p = 0; p < planes; p++) {
    const offset = (<usize>p * <usize>H * <usize>W) << 2;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * SH - PH;
      for (let ow = 0; ow < OW; ow++, o += 4) {
        const index = argMax(x + offset, H, W, h0, ow * SW - PW, KH, KW, DH, DW);
        if (index >= 0) {
          const at = dx + offset + (<usize>index << 2);
          store<f32>(at, load<f32>(at) + load<f32>(o));
        }
      }
    }
  }
}
