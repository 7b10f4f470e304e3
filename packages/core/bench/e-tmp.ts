import * as here from '../src/index.ts';
const base = (await import('/tmp/hp-base/packages/core/src/index.ts')) as typeof here;
for (const core of [here, base]) await core.wasmKernelsReady();
for (const [cin, cout, hw, groups] of [[1, 8, 28, 1], [3, 6, 9, 1], [4, 6, 10, 2], [8, 16, 14, 1]]) {
  const r: Float32Array[] = [];
  for (const core of [here, base]) {
    const b = core.createCpuBackend({ kernels: 'wasm', threads: 1 });
    const x = core.randn([5, cin, hw, hw], { seed: 1 }); const dy = core.randn([5, cout, hw, hw], { seed: 3 });
    const info = core.computeConv2dInfo('conv2d', x.shape, [cout, cin / groups, 3, 3], { padding: 'same', groups });
    r.push(b.conv2dBackwardFilter(x, dy, info).data);
  }
  console.log(cin, cout, groups, r[0].every((v, i) => Object.is(v, r[1][i])));
}
