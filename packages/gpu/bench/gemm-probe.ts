/**
 * Where our conv time goes: each conv direction against a plain matMul with the same M, N, K on
 * the same tiled GEMM kernel (so the same tiles, workgroup size and FMAs; only the operand index
 * math differs). A direction much slower than its matMul spends its time in loadA/loadB.
 *
 *   cd packages/gpu/bench && npm run probe:gemm        (BENCH_SHAPES as in conv-bench.ts)
 */
import { computeConv2dInfo, randn, type Tensor } from '@convstudio/core';

import { shapeLabel } from './lib/conv-cases.ts';
import { measureTogether } from './lib/gpu-timing.ts';
import { fmtMs, fmtRatio } from './lib/report.ts';
import { backend, probedShapes, runOf } from './lib/probe.ts';

for (const [, s] of probedShapes) {
  const up = (shape: number[], seed: number) => backend.upload(randn(shape, { seed }));
  const x = up([1, s.cin, s.h, s.w], 1);
  const w = up([s.cout, s.cin, s.k, s.k], 2);
  const info = computeConv2dInfo('probe', x.shape, w.shape, { stride: s.stride, padding: s.pad });
  const pixels = info.outHeight * info.outWidth;
  const dy = up([1, s.cout, info.outHeight, info.outWidth], 3);
  const taps = s.k * s.k;
  // [M, K] · [K, N] with the M, N, K of each direction (see src/kernels/conv2d.ts).
  const dims: [string, () => Tensor, number, number, number][] = [
    ['forward', () => backend.conv2d(x, w, undefined, info), s.cout, pixels, s.cin * taps],
    ['input grad', () => backend.conv2dBackwardInput(dy, w, info), s.cin, s.h * s.w, s.cout * taps],
    ['weight grad', () => backend.conv2dBackwardFilter(x, dy, info), s.cout, s.cin * taps, pixels],
  ];
  for (const [op, conv, m, n, k] of dims) {
    const a = up([m, k], 4);
    const b = up([k, n], 5);
    const [tc, tm] = await measureTogether([runOf(conv), runOf(() => backend.matMul(a, b, false, false))]);
    console.log(`${op.padEnd(11)} ${shapeLabel(s).padEnd(30)} M=${m} N=${n} K=${k}: conv ${fmtMs(tc.ms)} ms, matMul ${fmtMs(tm.ms)} ms, conv takes ${fmtRatio(tc.ms / tm.ms)} the matMul's time`);
    a.dispose();
    b.dispose();
  }
  for (const t of [x, w, dy]) t.dispose();
}
backend.destroy();
process.exit();
