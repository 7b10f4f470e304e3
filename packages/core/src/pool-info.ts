import { fail, formatShape } from './errors.js';
import { type Pair, describe, expectRank, nonNegativePair, positivePair } from './shape.js';

/** Options of {@link maxPool2d} and {@link avgPool2d}, named as in PyTorch. */
export interface Pool2dOptions {
  /** Window size. */
  kernelSize: Pair;
  /** Step between windows; defaults to the kernel size. */
  stride?: Pair;
  /** Implicit padding on both sides (at most half the kernel): -Infinity for max, 0 for average. */
  padding?: Pair;
  /** Spacing of the window's taps (max pooling only). */
  dilation?: Pair;
  /** Round the output size up, so a last partial window is kept when it starts inside the input or left padding. */
  ceilMode?: boolean;
  /** Average pooling only: divide by the window size including padding (true, PyTorch's default) or by the valid count. */
  countIncludePad?: boolean;
}

/** Geometry of a 2D pooling, computed once in core and shared by every backend. */
export interface Pool2dInfo {
  batch: number;
  channels: number;
  inHeight: number;
  inWidth: number;
  outHeight: number;
  outWidth: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  strideWidth: number;
  padHeight: number;
  padWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  countIncludePad: boolean;
}

// 'yes' or 1 would pass a truthiness test and silently change the output size.
function expectOptionalBoolean(op: string, name: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') fail(op, name, `must be true or false, got ${describe(value)}`);
  return value as boolean | undefined;
}

function pooledSize(op: string, shape: readonly number[], size: number, kernel: number, stride: number, pad: number, dilation: number, ceilMode: boolean): number {
  const span = size + 2 * pad - dilation * (kernel - 1) - 1;
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // PyTorch drops a last window that would start entirely in the right padding.
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  if (out <= 0) fail(op, 'kernelSize', `${kernel} (dilation ${dilation}) is larger than the padded input (${size} + 2 x ${pad}) of input ${formatShape(shape)}`);
  return out;
}

/** Validates a pooling's input shape and options and computes its geometry. */
export function computePool2dInfo(op: string, xShape: readonly number[], options: Pool2dOptions): Pool2dInfo {
  expectRank(op, 'input', xShape, 4, 'N,C,H,W');
  if (options === undefined || options === null || options.kernelSize === undefined) {
    fail(op, 'kernelSize', `is required, got ${describe(options?.kernelSize)}`);
  }
  const [batch, channels, inHeight, inWidth] = xShape;
  const kernel = positivePair(op, 'kernelSize', options.kernelSize, 1);
  const stride = positivePair(op, 'stride', options.stride ?? options.kernelSize, 1);
  const dilation = positivePair(op, 'dilation', options.dilation, 1);
  const padding = nonNegativePair(op, 'padding', options.padding);
  if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1]) {
    fail(op, 'padding', `must be at most half the kernel size, got padding [${padding}] for kernel [${kernel}] (input ${formatShape(xShape)})`);
  }
  const ceilMode = expectOptionalBoolean(op, 'ceilMode', options.ceilMode) ?? false;
  const countIncludePad = expectOptionalBoolean(op, 'countIncludePad', options.countIncludePad) ?? true;
  return {
    batch, channels, inHeight, inWidth,
    outHeight: pooledSize(op, xShape, inHeight, kernel[0], stride[0], padding[0], dilation[0], ceilMode),
    outWidth: pooledSize(op, xShape, inWidth, kernel[1], stride[1], padding[1], dilation[1], ceilMode),
    kernelHeight: kernel[0], kernelWidth: kernel[1], strideHeight: stride[0], strideWidth: stride[1],
    padHeight: padding[0], padWidth: padding[1], dilationHeight: dilation[0], dilationWidth: dilation[1],
    countIncludePad,
  };
}
