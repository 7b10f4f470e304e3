import type { Conv2dInfo } from '../shape.js';
import { formatCount } from './format-count.js';

/** The source document's cost formula for one convolution, beside the exact count. */
export interface DocumentEstimate {
  /** `K*K * (IM*IN)/(s*s) * Cin * Cout`: may be fractional when the stride does not divide the image. */
  macs: number;
  /** The formula with this layer's numbers. */
  formula: string;
  /** Why it differs from the exact count (positions per side, groups, dilation), in words. */
  explanation: string;
}

interface AxisGeometry {
  size: number;
  stride: number;
  kernel: number;
  dilation: number;
  before: number;
  after: number;
  out: number;
}

/** One axis's window count both ways, as text: `224/4 = 56` and `floor((224 + 2 + 2 - 11) / 4) + 1 = 55`. */
function windows({ size, stride, kernel, dilation, before, after, out }: AxisGeometry): { document: string; exact: string; agree: boolean } {
  const extent = dilation * (kernel - 1) + 1;
  return {
    document: `${size}/${stride} = ${formatCount(size / stride)}`,
    exact: `floor((${size} + ${before} + ${after} - ${extent}) / ${stride}) + 1 = ${out}`,
    agree: size / stride === out,
  };
}

function windowReason(rows: ReturnType<typeof windows>, cols: ReturnType<typeof windows>): string {
  const why = " Padding and the kernel's extent change the count.";
  if (rows.document === cols.document && rows.exact === cols.exact) {
    return rows.agree
      ? `Here the two agree: ${rows.document} windows per side, and exactly ${rows.exact}.`
      : `The document divides the image by the stride: ${rows.document} windows per side; the exact count is ${rows.exact}.${why}`;
  }
  const agree = rows.agree && cols.agree;
  return `The document divides the image by the stride: ${rows.document} rows and ${cols.document} columns of windows; exactly, ${rows.exact} rows and ${cols.exact} columns.${agree ? '' : why}`;
}

/**
 * The document's "Typical Computation Cost" for a convolution, `K*K * (IM*IN)/(s*s) * Cin *
 * Cout`, with the reasons it differs from `exactMacs`. The document divides the image by the
 * stride (224/4 = 56 windows per side for AlexNet's conv1); the exact count of windows is
 * `floor((size + padding - extent) / stride) + 1` (55 there): padding and the kernel's extent
 * change it. The formula also ignores groups (each filter reads Cin/groups channels).
 *
 * @example
 * const info = computeConv2dInfo('conv2d', [1, 3, 224, 224], [64, 3, 11, 11], { stride: 4, padding: 2 });
 * documentEstimate(info, 70_276_800).macs; // 72,855,552 (11*11 * 224*224/(4*4) * 3 * 64)
 */
export function documentEstimate(info: Conv2dInfo, exactMacs: number): DocumentEstimate {
  const { kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w, inChannels: cin, outChannels: cout } = info;
  const macs = ((kh * kw * (h * w)) / (sh * sw)) * cin * cout;
  const formula = `${kh}*${kw} * (${h}*${w})/(${sh}*${sw}) * ${cin} * ${cout} = ${formatCount(macs)}`;
  const rows = windows({ size: h, stride: sh, kernel: kh, dilation: info.dilationHeight, before: info.pad.top, after: info.pad.bottom, out: info.outHeight });
  const cols = windows({ size: w, stride: sw, kernel: kw, dilation: info.dilationWidth, before: info.pad.left, after: info.pad.right, out: info.outWidth });
  const reasons = [windowReason(rows, cols)];
  if (info.groups > 1) {
    reasons.push(`The formula ignores groups: each filter reads Cin/groups = ${cin / info.groups} of the ${cin} input channels, so it counts ${info.groups} times the work.`);
  }
  if (info.dilationHeight > 1 || info.dilationWidth > 1) {
    reasons.push(`Dilation (${info.dilationHeight}x${info.dilationWidth}) widens the kernel's extent without adding taps: it changes only the window count.`);
  }
  const ratio = macs / exactMacs - 1;
  reasons.push(
    ratio === 0 ? `The estimate equals the exact ${formatCount(exactMacs)} MACs.` : `The estimate is ${(Math.abs(ratio) * 100).toFixed(1)}% ${ratio > 0 ? 'above' : 'below'} the exact ${formatCount(exactMacs)} MACs.`,
  );
  return { macs, formula, explanation: reasons.join(' ') };
}
