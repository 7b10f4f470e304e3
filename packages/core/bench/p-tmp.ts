import * as here from '../src/index.ts';
const base = (await import('/tmp/hp-base/packages/core/src/index.ts')) as typeof here;
function best(run: () => unknown): number { for (let i = 0; i < 5; i++) run(); let b = 1e9; for (let r = 0; r < 30; r++) { const s = performance.now(); for (let i = 0; i < 5; i++) run(); b = Math.min(b, (performance.now() - s) / 5); } return b; }
for (const core of [here, base]) await core.wasmKernelsReady();
for (const shape of [[32, 8, 28, 28], [32, 16, 14, 14]]) {
  for (const name of ['maxPool', 'maxPoolBackward']) {
    const ms: number[] = [];
    for (const core of [here, base, here, base]) {
      const b = core.createCpuBackend({ kernels: 'wasm', threads: 1 });
      const x = core.randn(shape, { seed: 1 });
      const info = core.computePool2dInfo('maxPool2d', x.shape, { kernelSize: 2 });
      const dy = core.randn([shape[0], shape[1], shape[2] / 2, shape[3] / 2], { seed: 2 });
      ms.push(best(name === 'maxPool' ? () => b.maxPool2d(x, info) : () => b.maxPool2dBackward(dy, x, info)));
    }
    const t = Math.min(ms[0], ms[2]); const bb = Math.min(ms[1], ms[3]);
    console.log(`${shape.join('x')} ${name}: this ${t.toFixed(3)} ms, base ${bb.toFixed(3)} ms, base/this ${(bb / t).toFixed(2)}`);
  }
}
