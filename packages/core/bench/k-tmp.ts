import * as here from '../src/index.ts';
const base = (await import('/tmp/hp-base/packages/core/src/index.ts')) as typeof here;
function meanMs(run: () => unknown): number { for (let i = 0; i < 5; i++) run(); let best = 1e9; for (let r = 0; r < 30; r++) { const s = performance.now(); for (let i = 0; i < 5; i++) run(); best = Math.min(best, (performance.now() - s) / 5); } return best; }
for (const core of [here, base]) await core.wasmKernelsReady();
for (const [cin, cout, hw] of [[1, 8, 28], [8, 16, 14]]) {
  for (const name of ['fwd', 'dw']) {
    const ms: number[] = [];
    for (const core of [here, base, here, base, here, base]) {
      const b = core.createCpuBackend({ kernels: 'wasm', threads: 1 });
      const x = core.randn([32, cin, hw, hw], { seed: 1 }); const w = core.randn([cout, cin, 3, 3], { seed: 2 }); const dy = core.randn([32, cout, hw, hw], { seed: 3 });
      const info = core.computeConv2dInfo('conv2d', x.shape, w.shape, { padding: 'same' });
      const run = name === 'fwd' ? () => b.conv2d(x, w, undefined, info) : name === 'dx' ? () => b.conv2dBackwardInput(dy, w, info) : () => b.conv2dBackwardFilter(x, dy, info);
      ms.push(meanMs(run));
    }
    const t = Math.min(ms[0], ms[2], ms[4]); const bb = Math.min(ms[1], ms[3], ms[5]); console.log(`${cin}->${cout} ${hw}x${hw} ${name}: this ${t.toFixed(3)} ms, base ${bb.toFixed(3)} ms, base/this ${(bb / t).toFixed(2)}`);
  }
}
