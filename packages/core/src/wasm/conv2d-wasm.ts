import { isPointwise, prefersDirect } from '../conv-plan.js';
import type { Conv2dInfo } from '../shape.js';
import { copyOut } from '../step-buffers.js';
import { Tensor } from '../tensor.js';
import { type Arena, arena, gemmScratchEnd } from './arena.js';
import { requireWasmKernels } from './gemm-wasm.js';
import type { WasmKernels } from './load.js';
import { type KernelCall, type ScratchRef, type Task, cachedTasks, call, chunks, scratch } from './tasks.js';
import { runTasks } from './thread-pool.js';

/**
 * conv2d forward and both gradients with every step in WebAssembly: the operands are copied into
 * the module's memory once, then im2col (or col2im), the SIMD GEMM per band of output rows, and
 * the result copied out. The same plan as src/cpu/conv2d.ts (the reference): per image, group and
 * band, y[co, p] = W[co, k] · col[k, p] with k = (ci, ky, kx).
 */

/** Floats one call lays out; callers keep it under {@link WASM_MAX_FLOATS} to stay in wasm32 memory. */
export function convWasmFloats(info: Conv2dInfo): number {
  const { batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, groups, kernelHeight, kernelWidth } = info;
  const cin = inChannels / groups;
  const col = isPointwise(info) ? 0 : cin * kernelHeight * kernelWidth * bandRows(info, cin * kernelHeight * kernelWidth) * outWidth;
  return batch * (inChannels * inHeight * inWidth + outChannels * outHeight * outWidth) + outChannels * cin * kernelHeight * kernelWidth + col;
}

/** 1 GiB of floats: beyond it the TypeScript kernels run instead (wasm32 memory stops at 4 GiB, some hosts at 2). */
export const WASM_MAX_FLOATS = 1 << 28;

interface Plan {
  cin: number;
  cout: number;
  K: number;
  P: number;
  pointwise: boolean;
  /** The bands of output rows every image and group is cut into, in order. */
  bands: readonly (readonly [rowStart: number, rowEnd: number])[];
  /** Floats of the widest band's column matrix (0 for pointwise: the input is its own). */
  colFloats: number;
  /** Blocks of output channels [first, end) per group that are separate tasks (one block unless split for threads). */
  rowBlocks: readonly (readonly [number, number])[];
}

/**
 * Output planes up to this many positions are split between threads by channels, larger ones by
 * rows: on 14x14 and 28x28 outputs row bands would leave each thread a GEMM a few panels wide
 * (measured: 256x14x14 → 256 went from 41 to 49 GFLOP/s on two threads), while on 56x56 each
 * thread's copy of the whole unfolded input (7 MB at 64 channels) falls out of cache (49 → 43).
 */
const NARROW_OUTPUT = 1024;

/**
 * A band's column matrix is kept to about 1 MiB so that im2col writes it into, and the GEMM's
 * packing reads it back from, the L2 cache (measured on 64x56x56 → 64: 25.2 → 26.6 GFLOP/s
 * forward, 24.8 → 26.7 for the input gradient, against a 16 MiB band); but a band keeps at least
 * 256 columns, or the GEMM runs on panels too few to pay for packing A (256x14x14 → 256 dropped
 * from 27.4 to 25.0 GFLOP/s with 98-column bands).
 */
const BAND_FLOATS = 1 << 18;
const MIN_BAND_COLUMNS = 256;

function bandRows(info: Conv2dInfo, K: number): number {
  const byCache = Math.floor(BAND_FLOATS / (K * info.outWidth));
  return Math.max(1, Math.min(info.outHeight, Math.max(byCache, Math.ceil(MIN_BAND_COLUMNS / info.outWidth))));
}

/**
 * Bands of output rows: as many as keep a band's column matrix within bandRows' cache budget;
 * rows are spread evenly over them. With `threads` > 1 and too few bands across the images and
 * groups for every thread to have two, `rowBlocks` instead cuts the output channels (the GEMM's
 * rows) into one block per thread when there are enough of them and the output is narrow: each
 * thread then unfolds the same band (a copy, cheap beside the GEMM) and multiplies it by its own
 * rows of W, keeping the GEMM wide; otherwise the rows of the output are cut into more, narrower
 * bands.
 */
function planOf(info: Conv2dInfo, threads: number, splitChannels = false): Plan {
  const cin = info.inChannels / info.groups;
  const cout = info.outChannels / info.groups;
  const pointwise = isPointwise(info);
  const K = cin * info.kernelHeight * info.kernelWidth;
  const OH = info.outHeight;
  let count = pointwise ? 1 : Math.ceil(OH / bandRows(info, K));
  let rowBlocks = 1;
  const planes = info.batch * info.groups;
  if (threads > 1 && count * planes < 2 * threads) {
    if (splitChannels && cout >= 16 * threads && OH * info.outWidth <= NARROW_OUTPUT) rowBlocks = threads;
    else count = Math.min(OH, Math.ceil((2 * threads) / planes));
  }
  // One image: a whole number of bands per thread, or the last band leaves one thread idle.
  if (threads > 1 && rowBlocks === 1 && planes === 1) count = Math.min(OH, Math.ceil(count / threads) * threads);
  const bands = Array.from({ length: count }, (_, i) => [Math.floor((i * OH) / count), Math.floor(((i + 1) * OH) / count)] as const);
  return {
    cin,
    cout,
    K,
    P: OH * info.outWidth,
    pointwise,
    bands,
    colFloats: pointwise ? 0 : K * Math.ceil(OH / count) * info.outWidth,
    rowBlocks: chunks(Math.ceil(cout / 4), rowBlocks).map(([a, b]) => [4 * a, Math.min(cout, 4 * b)] as const),
  };
}

/** One band of one image and group: byte offsets of the group's planes and the band's rows. */
interface Band {
  group: number;
  inOffset: number;
  outOffset: number;
  rowStart: number;
  rowEnd: number;
}

/** Every band of every image and group, in order. */
function bandsOf(info: Conv2dInfo, plan: Plan): Band[] {
  const { batch, inChannels, inHeight, inWidth, outChannels, groups } = info;
  const out: Band[] = [];
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      const inOffset = 4 * (n * inChannels + g * plan.cin) * inHeight * inWidth;
      const outOffset = 4 * (n * outChannels + g * plan.cout) * plan.P;
      for (const [rowStart, rowEnd] of plan.bands) out.push({ group: g, inOffset, outOffset, rowStart, rowEnd });
    }
  }
  return out;
}

/** The scratch layout of one thread: the GEMM's scratch, then its band's column matrix. */
interface Scratch {
  gemm: ScratchRef;
  col: ScratchRef;
}

function scratchOf(kernels: WasmKernels): Scratch {
  return { gemm: scratch(0), col: scratch(gemmScratchEnd(kernels)) };
}

function unfold(info: Conv2dInfo, plan: Plan, x: number, col: ScratchRef, band: Band): KernelCall {
  const { inHeight, inWidth, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, pad } = info;
  return call('im2col', [x, inHeight, inWidth, plan.cin, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, pad.top, pad.left, band.rowStart, band.rowEnd, col]);
}

function fold(info: Conv2dInfo, plan: Plan, col: ScratchRef, dx: number, band: Band): KernelCall {
  const { inHeight, inWidth, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, pad } = info;
  return call('col2im', [col, inHeight, inWidth, plan.cin, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, pad.top, pad.left, band.rowStart, band.rowEnd, dx]);
}

/**
 * The column matrix of one band, as a pointer and row stride, and the call that fills it: for a
 * pointwise convolution the input itself (its rows are already the columns, P apart; no call),
 * else the band unfolded into the thread's scratch.
 */
function bandColumns(info: Conv2dInfo, plan: Plan, x: number, s: Scratch, band: Band): { ptr: number | ScratchRef; rowStride: number; unfold: KernelCall[] } {
  if (plan.pointwise) return { ptr: x + band.inOffset + 4 * band.rowStart * info.outWidth, rowStride: plan.P, unfold: [] };
  return { ptr: s.col, rowStride: (band.rowEnd - band.rowStart) * info.outWidth, unfold: [unfold(info, plan, x + band.inOffset, s.col, band)] };
}

/**
 * Everything a forward or weight-gradient call's task list depends on: the geometry, the thread
 * count (which sets the plan), the buffers' places (which the arena derives from the sizes) and the
 * scratch layout. Equal keys give equal lists, so a training step's calls reuse them.
 */
function taskKey(kind: string, info: Conv2dInfo, threads: number, a: Arena, kernels: WasmKernels): string {
  const { pad } = info;
  return [
    kind, threads, a.scratch, a.scratchStride, gemmScratchEnd(kernels), a.ptrs.join(' '),
    info.batch, info.inChannels, info.inHeight, info.inWidth, info.outChannels, info.outHeight, info.outWidth,
    info.kernelHeight, info.kernelWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    pad.top, pad.bottom, pad.left, pad.right, info.groups,
  ].join(',');
}

/** Copies `data` into the arena at byte offset `ptr`. */
function put(a: Arena, ptr: number, data: Float32Array): void {
  a.f32.set(data, ptr >> 2);
}

/**
 * y = x ⊗ weight (+ bias) in WebAssembly; same contract as the CPU backend's conv2d. Bands run
 * as independent tasks on up to `threads` threads (src/wasm/thread-pool.ts).
 *
 * @example
 * const y = conv2dForwardWasm(x, w, undefined, computeConv2dInfo('conv2d', x.shape, w.shape, { padding: 1 }));
 */
export function conv2dForwardWasm(x: Tensor, weight: Tensor, bias: Tensor | undefined, info: Conv2dInfo, threads = 1): Tensor {
  const kernels = requireWasmKernels('conv2d');
  const plan = planOf(info, threads, true);
  const { cout, K, P } = plan;
  const { batch, outChannels, outHeight, outWidth } = info;
  const ySize = batch * outChannels * P;
  const a = arena(kernels, [x.size, weight.size, ySize, bias?.size ?? 0], { threads, extraScratchBytes: 4 * plan.colFloats });
  const [xPtr, wPtr, yPtr, biasPtr] = a.ptrs;
  put(a, xPtr, x.data);
  put(a, wPtr, weight.data);
  if (bias) put(a, biasPtr, bias.data);
  const s = scratchOf(kernels);
  const tasks = cachedTasks(taskKey('forward', info, threads, a, kernels), () =>
    bandsOf(info, plan).flatMap((band) =>
      plan.rowBlocks.map(([m0, m1]): Task => {
        const width = (band.rowEnd - band.rowStart) * outWidth;
        const col = bandColumns(info, plan, xPtr, s, band);
        const w = wPtr + 4 * (band.group * cout + m0) * K;
        const y = yPtr + band.outOffset + 4 * (m0 * P + band.rowStart * outWidth);
        return [...col.unfold, call('gemm', [m1 - m0, width, K, w, K, 1, col.ptr, col.rowStride, 1, y, P, 0, s.gemm])];
      }),
    ),
  );
  runTasks(kernels, tasks, a.scratch, a.scratchStride, threads);
  if (bias) kernels.exports.addChannelBias(yPtr, biasPtr, batch, outChannels, P);
  return new Tensor(copyOut(a.f32, yPtr >> 2, ySize), [batch, outChannels, outHeight, outWidth]);
}

/**
 * Direct convolution in WebAssembly for the small problems `prefersDirect` picks (no im2col, no
 * packing); same contract as the CPU backend's conv2d. With `threads` > 1 the images are shared
 * out between threads.
 *
 * @example
 * const y = conv2dDirectWasm(syntheticSix(), diagonalEdgeKernel(), undefined, info);
 */
export function conv2dDirectWasm(x: Tensor, weight: Tensor, bias: Tensor | undefined, info: Conv2dInfo, threads = 1): Tensor {
  const kernels = requireWasmKernels('conv2d');
  const { batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, groups, pad } = info;
  const ySize = batch * outChannels * outHeight * outWidth;
  const a = arena(kernels, [x.size, weight.size, ySize, bias?.size ?? 0], { threads });
  const [xPtr, wPtr, yPtr, biasPtr] = a.ptrs;
  put(a, xPtr, x.data);
  put(a, wPtr, weight.data);
  if (bias) put(a, biasPtr, bias.data);
  const tasks = chunks(batch, threads).map(([n0, n1]): Task => [
    call('convDirect', [
      xPtr + 4 * n0 * inChannels * inHeight * inWidth, wPtr, yPtr + 4 * n0 * outChannels * outHeight * outWidth, n1 - n0,
      inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, groups,
      info.kernelHeight, info.kernelWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, pad.top, pad.left,
    ]),
  ]);
  runTasks(kernels, tasks, a.scratch, a.scratchStride, threads);
  if (bias) kernels.exports.addChannelBias(yPtr, biasPtr, batch, outChannels, outHeight * outWidth);
  return new Tensor(copyOut(a.f32, yPtr >> 2, ySize), [batch, outChannels, outHeight, outWidth]);
}

/**
 * With stride 1 the input gradient is itself a convolution: dy, padded by d·(k−1) − p on each
 * side, correlated with the weights rotated 180° and with their channel axes swapped per group.
 * Run as a forward pass it is a GEMM with the forward's shape (K = Cout/g · kH · kW) instead of a
 * thin one (K = Cout/g) followed by col2im's scattered adds: about the forward's speed. Returns
 * undefined where that does not apply (a stride, or padding beyond d·(k−1)).
 */
function inputGradientAsForward(info: Conv2dInfo): Conv2dInfo | undefined {
  const { strideHeight, strideWidth, dilationHeight: DH, dilationWidth: DW, kernelHeight: KH, kernelWidth: KW, pad } = info;
  if (strideHeight !== 1 || strideWidth !== 1) return undefined;
  const flipped = {
    top: DH * (KH - 1) - pad.top,
    bottom: DH * (KH - 1) - pad.bottom,
    left: DW * (KW - 1) - pad.left,
    right: DW * (KW - 1) - pad.right,
  };
  if (flipped.top < 0 || flipped.bottom < 0 || flipped.left < 0 || flipped.right < 0) return undefined;
  return {
    ...info,
    inChannels: info.outChannels,
    inHeight: info.outHeight,
    inWidth: info.outWidth,
    outChannels: info.inChannels,
    outHeight: info.inHeight,
    outWidth: info.inWidth,
    pad: flipped,
  };
}

/** W'[g·cin + ci, o, kH−1−ky, kW−1−kx] = W[g·cout + o, ci, ky, kx]: the weights of that convolution. */
function rotatedTransposed(weight: Tensor, info: Conv2dInfo): Tensor {
  const { groups, kernelHeight: KH, kernelWidth: KW } = info;
  const cin = info.inChannels / groups;
  const cout = info.outChannels / groups;
  const taps = KH * KW;
  const out = new Float32Array(weight.size);
  const w = weight.data;
  for (let g = 0; g < groups; g++) {
    for (let o = 0; o < cout; o++) {
      for (let ci = 0; ci < cin; ci++) {
        const src = ((g * cout + o) * cin + ci) * taps;
        const dst = ((g * cin + ci) * cout + o) * taps;
        for (let t = 0; t < taps; t++) out[dst + taps - 1 - t] = w[src + t];
      }
    }
  }
  return new Tensor(out, [info.inChannels, cout, KH, KW]);
}

/**
 * dL/dx in WebAssembly: for stride 1, the forward convolution described at
 * `inputGradientAsForward`; otherwise dcol = Wᵀ · dy per band, folded back by col2im.
 *
 * @example
 * const dx = conv2dBackwardInputWasm(dy, w, info);
 */
export function conv2dBackwardInputWasm(dy: Tensor, weight: Tensor, info: Conv2dInfo, threads = 1): Tensor {
  const forward = inputGradientAsForward(info);
  if (forward) {
    // A first layer's gradient toward a 1- or 3-channel image is a forward conv with 1–3 output
    // channels: too thin for the GEMM's 4-row blocks, which the direct loop does not need.
    const rotated = rotatedTransposed(weight, info);
    if (prefersDirect(forward)) return conv2dDirectWasm(dy, rotated, undefined, forward, threads);
    return conv2dForwardWasm(dy, rotated, undefined, forward, threads);
  }
  return conv2dBackwardInputByCol2im(dy, weight, info, threads);
}

/**
 * dL/dx in WebAssembly for any geometry: dcol = Wᵀ · dy per band, folded back by col2im. Bands of
 * one image and group add into overlapping rows of dx, so they stay together in one task; threads
 * share out the images and groups (and the bands of a pointwise convolution, which do not overlap).
 *
 * @example
 * const dx = conv2dBackwardInputByCol2im(dy, w, info);
 */
export function conv2dBackwardInputByCol2im(dy: Tensor, weight: Tensor, info: Conv2dInfo, threads = 1): Tensor {
  const kernels = requireWasmKernels('conv2dBackward');
  // Only a pointwise convolution's bands become tasks of their own; elsewhere the bands are as on
  // one thread, so col2im adds in the same order and the result is the same to the last bit.
  const plan = planOf(info, isPointwise(info) ? threads : 1);
  const { cout, K, P } = plan;
  const { batch, inChannels, inHeight, inWidth, outWidth } = info;
  const dxSize = batch * inChannels * inHeight * inWidth;
  const a = arena(kernels, [dy.size, weight.size, dxSize], { threads, extraScratchBytes: 4 * plan.colFloats });
  const [dyPtr, wPtr, dxPtr] = a.ptrs;
  put(a, dyPtr, dy.data);
  put(a, wPtr, weight.data);
  // col2im adds into dx, and the pointwise GEMM overwrites only its own rows: start from zero.
  a.f32.fill(0, dxPtr >> 2, (dxPtr >> 2) + dxSize);
  const s = scratchOf(kernels);
  const calls = bandsOf(info, plan).map((band): KernelCall[] => {
    const width = (band.rowEnd - band.rowStart) * outWidth;
    const w = wPtr + 4 * band.group * cout * K;
    const dyBand = dyPtr + band.outOffset + 4 * band.rowStart * outWidth;
    if (plan.pointwise) return [call('gemm', [K, width, cout, w, 1, K, dyBand, P, 1, dxPtr + band.inOffset + 4 * band.rowStart * outWidth, P, 0, s.gemm])];
    return [call('gemm', [K, width, cout, w, 1, K, dyBand, P, 1, s.col, width, 0, s.gemm]), fold(info, plan, s.col, dxPtr + band.inOffset, band)];
  });
  const perPlane = plan.bands.length;
  const tasks: Task[] = plan.pointwise
    ? calls
    : Array.from({ length: calls.length / perPlane }, (_, i) => calls.slice(i * perPlane, (i + 1) * perPlane).flat());
  runTasks(kernels, tasks, a.scratch, a.scratchStride, threads);
  return new Tensor(copyOut(a.f32, dxPtr >> 2, dxSize), [batch, inChannels, inHeight, inWidth]);
}

/**
 * dL/dweight in WebAssembly: dW += dy · colᵀ over images and bands. With `threads` > 1 the bands
 * are cut into one run per thread, each summing into its own copy of dW, and the copies are added
 * in a fixed order, so the result does not depend on which thread ran which run.
 *
 * @example
 * const dw = conv2dBackwardFilterWasm(x, dy, info);
 */
export function conv2dBackwardFilterWasm(x: Tensor, dy: Tensor, info: Conv2dInfo, threads = 1): Tensor {
  const kernels = requireWasmKernels('conv2dBackward');
  const plan = planOf(info, threads);
  const { cin, cout, K, P } = plan;
  const { outChannels, outWidth } = info;
  const dwSize = outChannels * K;
  const runs = chunks(info.batch * info.groups * plan.bands.length, threads);
  const a = arena(kernels, [x.size, dy.size, ...runs.map(() => dwSize)], { threads, extraScratchBytes: 4 * plan.colFloats });
  const [xPtr, dyPtr, ...sums] = a.ptrs;
  put(a, xPtr, x.data);
  put(a, dyPtr, dy.data);
  a.f32.fill(0, sums[0] >> 2, (sums[sums.length - 1] >> 2) + dwSize);
  const s = scratchOf(kernels);
  const transposed = paddedWork(K, cout) < paddedWork(cout, K);
  const tasks = cachedTasks(taskKey('filter', info, threads, a, kernels), () => {
    const bands = bandsOf(info, plan);
    return runs.map(([b0, b1], r): Task =>
      bands.slice(b0, b1).flatMap((band) => {
        const width = (band.rowEnd - band.rowStart) * outWidth;
        const col = bandColumns(info, plan, xPtr, s, band);
        const dyBand = dyPtr + band.outOffset + 4 * band.rowStart * outWidth;
        const dw = sums[r] + 4 * band.group * cout * K;
        // dWᵀ = col · dyᵀ (dy read with its strides swapped), or dW = dy · colᵀ.
        if (transposed) return [...col.unfold, call('gemm', [K, cout, width, col.ptr, col.rowStride, 1, dyBand, 1, P, dw, cout, 1, s.gemm])];
        return [...col.unfold, call('gemm', [cout, K, width, dyBand, P, 1, col.ptr, 1, col.rowStride, dw, K, 1, s.gemm])];
      }),
    );
  });
  runTasks(kernels, tasks, a.scratch, a.scratchStride, threads);
  for (let r = 1; r < sums.length; r++) kernels.exports.addInto(sums[0], sums[r], dwSize);
  const dw = a.f32.slice(sums[0] >> 2, (sums[0] >> 2) + dwSize);
  return new Tensor(transposed ? transposeBlocks(dw, info.groups, K, cout) : dw, [outChannels, cin, info.kernelHeight, info.kernelWidth]);
}

/**
 * Multiply-adds the GEMM's 4x8 register blocks do for an M x N result, padding included: edge
 * blocks are computed whole. The first layer's weight gradient (8 channels x 9 taps) wastes 7 of
 * 16 columns as dW but only 3 of 12 rows as dWᵀ. Either way each entry sums the same products in
 * the same order, so the values are the same.
 */
function paddedWork(M: number, N: number): number {
  return Math.ceil(M / 4) * 4 * Math.ceil(N / 8) * 8;
}

/** Each group's [rows x cols] block of `data`, transposed to [cols x rows]. */
function transposeBlocks(data: Float32Array, groups: number, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let g = 0; g < groups; g++) {
    const base = g * rows * cols;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[base + j * rows + i] = data[base + i * cols + j];
  }
  return out;
}
