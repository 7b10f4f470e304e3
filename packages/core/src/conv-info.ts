import { fail, formatShape } from './errors.js';
import { checkedSize } from './limits.js';
import { type Conv2dInfo, type Padding, type Pair, expectRank, nonNegativePair, positivePair, resolvePadding, windowCount } from './shape.js';

/** Options of {@link conv2d} that shape the computation (bias is passed apart). */
export interface Conv2dGeometry {
  stride?: Pair;
  padding?: Padding;
  dilation?: Pair;
  groups?: number;
}

/** Options of {@link convTranspose2d} that shape the computation. */
export interface ConvTranspose2dGeometry {
  stride?: Pair;
  /** Rows/columns removed from each side of the full transposed output (PyTorch's meaning). */
  padding?: Pair;
  /** Extra rows/columns added at the bottom/right, to pick among the sizes a stride allows. */
  outputPadding?: Pair;
  dilation?: Pair;
  groups?: number;
}

function checkGroups(op: string, groups: number | undefined, inChannels: number, outChannels: number): number {
  const g = groups ?? 1;
  if (!Number.isSafeInteger(g) || g <= 0) fail(op, 'groups', `must be a positive integer, got ${g}`);
  if (inChannels % g !== 0) fail(op, 'groups', `(${g}) must divide the input channels (${inChannels})`);
  if (outChannels % g !== 0) fail(op, 'groups', `(${g}) must divide the output channels (${outChannels})`);
  return g;
}

/**
 * Validates a convolution's shapes and options and computes its geometry.
 * `xShape` is `[N, Cin, H, W]`, `wShape` is `[Cout, Cin / groups, kH, kW]`.
 */
export function computeConv2dInfo(op: string, xShape: readonly number[], wShape: readonly number[], options: Conv2dGeometry = {}): Conv2dInfo {
  expectRank(op, 'input', xShape, 4, 'N,C,H,W');
  expectRank(op, 'weight', wShape, 4, 'Cout,Cin/groups,kH,kW');
  const [batch, inChannels, inHeight, inWidth] = xShape;
  const [outChannels, weightInChannels, kernelHeight, kernelWidth] = wShape;
  const groups = checkGroups(op, options.groups, inChannels, outChannels);
  if (weightInChannels * groups !== inChannels) {
    fail(
      op,
      'weight',
      `shape ${formatShape(wShape)} expects ${weightInChannels * groups} input channels (Cin/groups = ${weightInChannels}, groups = ${groups}), but the input ${formatShape(xShape)} has ${inChannels}`,
    );
  }
  const stride = positivePair(op, 'stride', options.stride, 1);
  const dilation = positivePair(op, 'dilation', options.dilation, 1);
  const pad = resolvePadding(op, options.padding, [inHeight, inWidth], [kernelHeight, kernelWidth], stride, dilation);
  const effectiveH = dilation[0] * (kernelHeight - 1) + 1;
  const effectiveW = dilation[1] * (kernelWidth - 1) + 1;
  const paddedH = inHeight + pad.top + pad.bottom;
  const paddedW = inWidth + pad.left + pad.right;
  if (effectiveH > paddedH || effectiveW > paddedW) {
    fail(
      op,
      'weight',
      `kernel ${kernelHeight}x${kernelWidth} (dilated to ${effectiveH}x${effectiveW}) is larger than the padded input ${paddedH}x${paddedW} (input ${formatShape(xShape)})`,
    );
  }
  const outHeight = windowCount(inHeight, pad.top, pad.bottom, kernelHeight, stride[0], dilation[0]);
  const outWidth = windowCount(inWidth, pad.left, pad.right, kernelWidth, stride[1], dilation[1]);
  checkedSize(op, 'output', [batch, outChannels, outHeight, outWidth]);
  return {
    batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, kernelHeight, kernelWidth,
    strideHeight: stride[0], strideWidth: stride[1], dilationHeight: dilation[0], dilationWidth: dilation[1], pad, groups,
  };
}

/**
 * Geometry of a transposed convolution, expressed as the convolution whose input gradient it is:
 * the returned record's `in*` fields describe the transposed conv's output `[N, Cout, Hout, Wout]`
 * and its `out*` fields the transposed conv's input `[N, Cin, H, W]`.
 * `xShape` is `[N, Cin, H, W]`, `wShape` is `[Cin, Cout / groups, kH, kW]` (PyTorch's layout).
 */
export function computeConvTranspose2dInfo(
  op: string,
  xShape: readonly number[],
  wShape: readonly number[],
  options: ConvTranspose2dGeometry = {},
): Conv2dInfo {
  expectRank(op, 'input', xShape, 4, 'N,C,H,W');
  expectRank(op, 'weight', wShape, 4, 'Cin,Cout/groups,kH,kW');
  const [batch, inChannels, inHeight, inWidth] = xShape;
  const [weightInChannels, weightOutPerGroup, kernelHeight, kernelWidth] = wShape;
  if (weightInChannels !== inChannels) {
    fail(op, 'weight', `shape ${formatShape(wShape)} expects ${weightInChannels} input channels, but the input ${formatShape(xShape)} has ${inChannels}`);
  }
  const groupsRaw = options.groups ?? 1;
  const outChannels = weightOutPerGroup * (Number.isSafeInteger(groupsRaw) ? groupsRaw : 1);
  const groups = checkGroups(op, options.groups, inChannels, outChannels);
  const stride = positivePair(op, 'stride', options.stride, 1);
  const dilation = positivePair(op, 'dilation', options.dilation, 1);
  const [padH, padW] = nonNegativePair(op, 'padding', options.padding);
  const [outPadH, outPadW] = nonNegativePair(op, 'outputPadding', options.outputPadding);
  if (outPadH >= Math.max(stride[0], dilation[0]) || outPadW >= Math.max(stride[1], dilation[1])) {
    fail(op, 'outputPadding', `must be smaller than stride or dilation on each axis, got outputPadding [${outPadH},${outPadW}] with stride [${stride}] and dilation [${dilation}]`);
  }
  const outHeight = (inHeight - 1) * stride[0] - 2 * padH + dilation[0] * (kernelHeight - 1) + outPadH + 1;
  const outWidth = (inWidth - 1) * stride[1] - 2 * padW + dilation[1] * (kernelWidth - 1) + outPadW + 1;
  if (outHeight <= 0 || outWidth <= 0) {
    fail(op, 'padding', `[${padH},${padW}] leaves no output: the output would be ${outHeight}x${outWidth} for input ${formatShape(xShape)} and kernel ${kernelHeight}x${kernelWidth}`);
  }
  checkedSize(op, 'output', [batch, outChannels, outHeight, outWidth]);
  // The equivalent convolution reads the transposed output padded by `padding` on every side;
  // output padding only adds rows that no input position reaches (besides the bias).
  return {
    batch, inChannels: outChannels, inHeight: outHeight, inWidth: outWidth,
    outChannels: inChannels, outHeight: inHeight, outWidth: inWidth, kernelHeight, kernelWidth,
    strideHeight: stride[0], strideWidth: stride[1], dilationHeight: dilation[0], dilationWidth: dilation[1],
    pad: { top: padH, bottom: padH, left: padW, right: padW }, groups,
  };
}
