import { elementwiseMain } from './common.js';

/**
 * Index (in its H·W plane) of the first maximum of a max-pooling window, -1 when every tap is
 * padding. PyTorch's comparison as in core's cpu/pool.ts: strict '>' keeps the first maximum, a
 * NaN always takes over. Forward and backward both call it, so they cannot disagree.
 */
const windowArgMax = /* wgsl */ `
fn windowArgMax(offset: i32, h0: i32, w0: i32) -> i32 {
  var best = 0.0;
  var bestIndex = -1;
  for (var kh = 0; kh < u.kH; kh = kh + 1) {
    let ih = h0 + kh * u.dH;
    if (ih < 0 || ih >= u.inH) { continue; }
    for (var kw = 0; kw < u.kW; kw = kw + 1) {
      let iw = w0 + kw * u.dW;
      if (iw < 0 || iw >= u.inW) { continue; }
      let index = ih * u.inW + iw;
      let v = x[offset + index];
      if (bestIndex < 0 || v > best || isNan(v)) {
        best = v;
        bestIndex = index;
      }
    }
  }
  return bestIndex;
}
`;

export const maxPoolBody = windowArgMax + elementwiseMain(`  let outPlane = u.outH * u.outW;
  let plane = i / outPlane;
  let o = i % outPlane;
  let offset = plane * u.inH * u.inW;
  let index = windowArgMax(offset, (o / u.outW) * u.sH - u.padH, (o % u.outW) * u.sW - u.padW);
  // -Infinity through a var: a constant expression that evaluates to infinity is a WGSL error.
  var negativeInfinity = 0xff800000u;
  if (index < 0) { out[i] = bitcast<f32>(negativeInfinity); } else { out[i] = x[offset + index]; }`);

/** First and last window (output index) along one axis whose taps may reach input position p. */
const candidates = /* wgsl */ `
fn firstWindow(p: i32, pad: i32, stride: i32, reach: i32) -> i32 {
  // Smallest o with o·stride - pad + reach >= p.
  let t = p + pad - reach;
  if (t <= 0) { return 0; }
  return (t + stride - 1) / stride;
}
`;

/**
 * Gathers instead of scattering (no atomics): each input element sums dy of the windows that
 * picked it, recomputing each window's argmax with the forward's function.
 */
export const maxPoolBackwardBody = windowArgMax + candidates + elementwiseMain(`  let inPlane = u.inH * u.inW;
  let plane = i / inPlane;
  let p = i % inPlane;
  let ih = p / u.inW;
  let iw = p % u.inW;
  let offset = plane * inPlane;
  var sum = 0.0;
  let lastH = min(u.outH - 1, (ih + u.padH) / u.sH);
  let lastW = min(u.outW - 1, (iw + u.padW) / u.sW);
  for (var oh = firstWindow(ih, u.padH, u.sH, (u.kH - 1) * u.dH); oh <= lastH; oh = oh + 1) {
    for (var ow = firstWindow(iw, u.padW, u.sW, (u.kW - 1) * u.dW); ow <= lastW; ow = ow + 1) {
      if (windowArgMax(offset, oh * u.sH - u.padH, ow * u.sW - u.padW) == p) {
        sum = sum + dy[(plane * u.outH + oh) * u.outW + ow];
      }
    }
  }
  dx[i] = sum;`);

/**
 * PyTorch's average-pooling windows along one axis: start/end clipped to the input, and the
 * span that counts padding (but not beyond the right padding a ceil-mode window may reach).
 */
const avgWindow = /* wgsl */ `
struct Window { start: i32, end: i32, span: i32 }
fn avgWindow(o: i32, stride: i32, pad: i32, kernel: i32, size: i32) -> Window {
  let s = o * stride - pad;
  let e = min(s + kernel, size + pad);
  return Window(max(s, 0), min(e, size), e - s);
}
fn divisor(rows: Window, cols: Window) -> f32 {
  if (u.countIncludePad != 0) { return f32(rows.span * cols.span); }
  return f32((rows.end - rows.start) * (cols.end - cols.start));
}
`;

export const avgPoolBody = avgWindow + elementwiseMain(`  let outPlane = u.outH * u.outW;
  let plane = i / outPlane;
  let o = i % outPlane;
  let rows = avgWindow(o / u.outW, u.sH, u.padH, u.kH, u.inH);
  let cols = avgWindow(o % u.outW, u.sW, u.padW, u.kW, u.inW);
  let offset = plane * u.inH * u.inW;
  var sum = 0.0;
  for (var ih = rows.start; ih < rows.end; ih = ih + 1) {
    for (var iw = cols.start; iw < cols.end; iw = iw + 1) { sum = sum + x[offset + ih * u.inW + iw]; }
  }
  out[i] = sum / divisor(rows, cols);`);

export const avgPoolBackwardBody = avgWindow + candidates + elementwiseMain(`  let inPlane = u.inH * u.inW;
  let plane = i / inPlane;
  let p = i % inPlane;
  let ih = p / u.inW;
  let iw = p % u.inW;
  var sum = 0.0;
  let lastH = min(u.outH - 1, (ih + u.padH) / u.sH);
  let lastW = min(u.outW - 1, (iw + u.padW) / u.sW);
  for (var oh = firstWindow(ih, u.padH, u.sH, u.kH - 1); oh <= lastH; oh = oh + 1) {
    let rows = avgWindow(oh, u.sH, u.padH, u.kH, u.inH);
    if (ih < rows.start || ih >= rows.end) { continue; }
    for (var ow = firstWindow(iw, u.padW, u.sW, u.kW - 1); ow <= lastW; ow = ow + 1) {
      let cols = avgWindow(ow, u.sW, u.padW, u.kW, u.inW);
      if (iw < cols.start || iw >= cols.end) { continue; }
      sum = sum + dy[(plane * u.outH + oh) * u.outW + ow] / divisor(rows, cols);
    }
  }
  dx[i] = sum;`);
