/**
 * Ours only: the input gradient (conv2dBackwardInput) of each shape, timed alone, with its
 * agreement with core's CPU backend. For quick before/after checks of that one kernel.
 *
 *   cd packages/gpu/bench && BENCH_SHAPES=1,2 npx tsx --conditions=@convstudio/source ig-probe.ts
 */
import { computeConv2dInfo, cpuBackend, randn } from '@convstudio/core';

import { shapeLabel } from './lib/conv-cases.ts';
import { measureTogether } from './lib/gpu-timing.ts';
import { fmtMs } from './lib/report.ts';
import { backend, probedShapes, runOf } from './lib/probe.ts';

for (const [, s] of probedShapes) {
  const w = randn([s.cout, s.cin, s.k, s.k], { seed: 2 });
  const info = computeConv2dInfo('probe', [1, s.cin, s.h, s.w], w.shape, { stride: s.stride, padding: s.pad });
  const dy = randn([1, s.cout, info.outHeight, info.outWidth], { seed: 3 });
  const expected = cpuBackend.conv2dBackwardInput(dy, w, info).data;
  const [gw, gdy] = [backend.upload(w), backend.upload(dy)];
  const got = backend.conv2dBackwardInput(gdy, gw, info);
  const data = await got.read();
  got.dispose();
  let diff = 0;
  let scale = 0;
  for (let j = 0; j < data.length; j++) {
    diff = Math.max(diff, Math.abs(data[j] - expected[j]));
    scale = Math.max(scale, Math.abs(expected[j]));
  }
  const [t] = await measureTogether([runOf(() => backend.conv2dBackwardInput(gdy, gw, info))]);
  console.log(`input grad ${shapeLabel(s).padEnd(34)} ${fmtMs(t.ms)} ms (max relative difference to the CPU ${(diff / scale).toExponential(1)})`);
  gw.dispose();
  gdy.dispose();
}
backend.destroy();
process.exit();
