import { Tensor } from '../tensor.js';

/** a + b for equal shapes. */
export function add(a: Tensor, b: Tensor): Tensor {
  const out = new Float32Array(a.size);
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < out.length; i++) out[i] = x[i] + y[i];
  return new Tensor(out, a.shape);
}

/**
 * Sums a [N, C, ...] tensor over every axis but 1, in float64 for accuracy. Four running sums
 * per plane: one chain of dependent adds ran at a quarter of the speed (a conv layer's bias
 * gradient in training). In float64 a sum of float32 values is exact unless they span more than
 * 2^29 or so, so the order rarely shows even in the last float64 bit, let alone after the
 * rounding to float32.
 */
export function sumToChannels(dy: Tensor): Tensor {
  const [batch, channels] = dy.shape;
  const inner = dy.size / (batch * channels);
  const sums = new Float64Array(channels);
  const src = dy.data;
  const quads = inner - (inner % 4);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const start = (n * channels + c) * inner;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = start; i < start + quads; i += 4) {
        s0 += src[i];
        s1 += src[i + 1];
        s2 += src[i + 2];
        s3 += src[i + 3];
      }
      for (let i = start + quads; i < start + inner; i++) s0 += src[i];
      sums[c] += s0 + s1 + (s2 + s3);
    }
  }
  return new Tensor(Float32Array.from(sums), [channels]);
}

/** Adds bias[c] along axis 1 of a [N, C, ...] tensor. */
export function addChannelBias(x: Tensor, bias: Tensor): Tensor {
  const [batch, channels] = x.shape;
  const inner = x.size / (batch * channels);
  const out = x.data.slice();
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const b = bias.data[c];
      const start = (n * channels + c) * inner;
      for (let i = start; i < start + inner; i++) out[i] += b;
    }
  }
  return new Tensor(out, x.shape);
}

/** Splits a shape around `axis` into (outer, size along axis, inner) for axis-wise loops. */
export function axisExtent(shape: readonly number[], axis: number): { outer: number; size: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, size: shape[axis], inner };
}

/** Joins tensors along `axis` (all other dimensions equal, checked by the op). */
export function concat(xs: readonly Tensor[], axis: number): Tensor {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((sum, t) => sum + t.shape[axis], 0);
  const { outer, inner } = axisExtent(shape, axis);
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  const rowLength = shape[axis] * inner;
  let at = 0;
  for (const t of xs) {
    const chunk = t.shape[axis] * inner;
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * chunk, (o + 1) * chunk), o * rowLength + at);
    at += chunk;
  }
  return new Tensor(out, shape);
}

/** Cuts `x` along `axis` into pieces of the given sizes. */
export function split(x: Tensor, sizes: readonly number[], axis: number): Tensor[] {
  const { outer, inner } = axisExtent(x.shape, axis);
  const rowLength = x.shape[axis] * inner;
  let at = 0;
  return sizes.map((size) => {
    const chunk = size * inner;
    const out = new Float32Array(outer * chunk);
    for (let o = 0; o < outer; o++) out.set(x.data.subarray(o * rowLength + at, o * rowLength + at + chunk), o * chunk);
    at += chunk;
    const shape = [...x.shape];
    shape[axis] = size;
    return new Tensor(out, shape);
  });
}

/** alpha·a + beta·b for equal shapes, each element in float64. */
export function scaleAdd(a: Tensor, b: Tensor, alpha: number, beta: number): Tensor {
  const out = new Float32Array(a.size);
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < out.length; i++) out[i] = alpha * x[i] + beta * y[i];
  return new Tensor(out, a.shape);
}
