/**
 * A tiled matrix multiply C[M,N] (+ per batch z) = Σ_k A[m,k]·B[k,n] in workgroup memory: each
 * workgroup of 8x8 threads computes a 32x32 tile of C, every thread a 4x4 block kept in
 * registers; K advances 16 at a time through tiles of A and B staged in workgroup memory, so
 * each value read from global memory serves 32 multiply-adds instead of one.
 *
 * The operands are never materialised: the program supplies `loadA(m, k, z)` and
 * `loadB(k, n, z)` (returning 0 outside the matrix) and `store(m, n, z, value)`. Convolutions
 * use this as an implicit GEMM, computing im2col indices inside `loadB`.
 * Uniforms `M`, `N`, `K` give the sizes. With `paired`, the operands supply `prepare(m, n, z)`,
 * `stepOf(k0, prep)` and `loadPair(k, step)` instead of `loadA` and `loadB` (see pairedLoads),
 * and `colOf(n, z)` and `storeAt(m, col, z, value)` instead of `store` (see pairedStores).
 */
const R = [0, 1, 2, 3];
// The 4x4 block is unrolled into scalars: with arrays indexed in loops, some compilers
// (SwiftShader's among them) keep the accumulators in memory instead of registers.
const declare = R.flatMap((r) => R.map((c) => `  var acc${r}${c} = 0.0;`)).join('\n');
const multiply = R.map((r) => `      let a${r} = tileA[kk][ty * 4 + ${r}];\n      let b${r} = tileB[kk][tx * 4 + ${r}];`).join('\n') +
  '\n' + R.flatMap((r) => R.map((c) => `      acc${r}${c} = fma(a${r}, b${c}, acc${r}${c});`)).join('\n');
const scalarLoadsA = Array.from({ length: 8 }, (_, i) =>
  `    tileA[(t + ${i * 64}) / TM][(t + ${i * 64}) % TM] = loadA(m0 + (t + ${i * 64}) % TM, k0 + (t + ${i * 64}) / TM, z);`).join('\n');
const scalarLoadsB = Array.from({ length: 8 }, (_, i) =>
  `    tileB[(t + ${i * 64}) / TN][(t + ${i * 64}) % TN] = loadB(k0 + (t + ${i * 64}) / TN, n0 + (t + ${i * 64}) % TN, z);`).join('\n');

/**
 * Which operands move four floats a load or store (16 bytes, one instruction where scalars take
 * four): A four consecutive k (`'k'`) or m (`'m'`) of its storage order, B four k or n, C four n
 * of a row. A program may set one only where that dimension is a multiple of 4, so a vec4 lies
 * wholly inside or wholly outside the matrix; the operands then supply `loadA4(m, k, z)` (the
 * four values from (m, k) along the axis), `loadB4(k, n, z)`, `store4(m, n, z, v)`.
 */
export interface Vec4Layout {
  a?: 'k' | 'm';
  b?: 'k' | 'n';
  c?: boolean;
}

const E = [0, 1, 2, 3];
// 128 vec4s a 512-value tile, 2 a thread. Along the tile's inner axis (m of A, n of B), 8 vec4s
// span its 32 columns; along k, 4 vec4s span the 16-deep step.
const vec4LoadsA = (axis: 'k' | 'm') => [0, 64].map((j) => axis === 'k'
  ? `    let ia${j} = t + ${j};\n    let va${j} = loadA4(m0 + ia${j} % TM, k0 + (ia${j} / TM) * 4, z);\n` +
    E.map((e) => `    tileA[(ia${j} / TM) * 4 + ${e}][ia${j} % TM] = va${j}[${e}];`).join('\n')
  : `    let ia${j} = t + ${j};\n    let va${j} = loadA4(m0 + (ia${j} % 8) * 4, k0 + ia${j} / 8, z);\n` +
    E.map((e) => `    tileA[ia${j} / 8][(ia${j} % 8) * 4 + ${e}] = va${j}[${e}];`).join('\n')).join('\n');
const vec4LoadsB = (axis: 'k' | 'n') => [0, 64].map((j) => axis === 'k'
  ? `    let ib${j} = t + ${j};\n    let vb${j} = loadB4(k0 + (ib${j} / TN) * 4, n0 + ib${j} % TN, z);\n` +
    E.map((e) => `    tileB[(ib${j} / TN) * 4 + ${e}][ib${j} % TN] = vb${j}[${e}];`).join('\n')
  : `    let ib${j} = t + ${j};\n    let vb${j} = loadB4(k0 + ib${j} / 8, n0 + (ib${j} % 8) * 4, z);\n` +
    E.map((e) => `    tileB[ib${j} / 8][(ib${j} % 8) * 4 + ${e}] = vb${j}[${e}];`).join('\n')).join('\n');
const loadsOf = (v: Vec4Layout) => `${v.a ? vec4LoadsA(v.a) : scalarLoadsA}\n${v.b ? vec4LoadsB(v.b) : scalarLoadsB}`;
// Paired loads: a thread's 8 loads of a step share its row of A and column of B (t % 32, as 64
// is a multiple of TM = TN), so `prepare` decomposes them once before the K loop and
// `loadPair(k, step)` returns (A[m,k], B[k,n]) decomposing k once for both operands; `stepOf(k0,
// prep)` may add what holds for a whole 16-deep step. This takes the integer divisions (a
// scalar divide per lane on SwiftShader) out of the K loop.
const pairedLoads = Array.from({ length: 8 }, (_, i) => `    let ab${i} = loadPair(k0 + (t + ${i * 64}) / TM, step);
    tileA[(t + ${i * 64}) / TM][(t + ${i * 64}) % TM] = ab${i}.x;
    tileB[(t + ${i * 64}) / TN][(t + ${i * 64}) % TN] = ab${i}.y;`).join('\n');
const stores = R.flatMap((r) => R.map((c) => `  if (m0 + ty * 4 + ${r} < u.M && n0 + tx * 4 + ${c} < u.N) { store(m0 + ty * 4 + ${r}, n0 + tx * 4 + ${c}, z, acc${r}${c}); }`)).join('\n');
// A row of a thread's 4x4 block is 4 consecutive n: one vec4 store (N a multiple of 4, so the 4
// lie inside C together).
const vec4Stores = R.map((r) => `  if (m0 + ty * 4 + ${r} < u.M && n0 + tx * 4 < u.N) { store4(m0 + ty * 4 + ${r}, n0 + tx * 4, z, vec4<f32>(${R.map((c) => `acc${r}${c}`).join(', ')})); }`).join('\n');
// Paired stores: a thread's 4x4 block has 4 columns, so `colOf` decomposes each column once (the
// output offset of column n) and `storeAt(m, col, z, v)` adds the row: 4 decompositions, not 16.
const pairedStores = R.map((c) => `  let col${c} = colOf(n0 + tx * 4 + ${c}, z);\n` + R.map((r) =>
  `  if (m0 + ty * 4 + ${r} < u.M && n0 + tx * 4 + ${c} < u.N) { storeAt(m0 + ty * 4 + ${r}, col${c}, z, acc${r}${c}); }`).join('\n')).join('\n');

/**
 * With `splitK`, workgroup z = batch · splits + split: each split sums its own `u.chunk` of K (a
 * multiple of 16) and writes a partial C to `out` at [split][batch][m][n]; a second pass adds
 * the partials (see splitKSumBody). That keeps every core busy when C is small and K is long,
 * as for filter gradients (K = samples x output pixels).
 */
export const gemm = (operands: string, splitK?: { out: string }, paired = false, vec4: Vec4Layout = {}): string => /* wgsl */ `
const TM: i32 = 32;
const TN: i32 = 32;
const TK: i32 = 16;
var<workgroup> tileA: array<array<f32, 32>, 16>;
var<workgroup> tileB: array<array<f32, 32>, 16>;

${operands}

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles of C are numbered row by row and spread over x and y of the dispatch (at most 65,535
  // workgroups an axis), so a batch of large images still fits. The test is per workgroup, so
  // the early return keeps the barriers below in uniform control flow.
  let tilesN = (u.N + TN - 1) / TN;
  let tile = i32(wid.y * nwg.x + wid.x);
  if (tile >= tilesN * ((u.M + TM - 1) / TM)) { return; }
  ${splitK ? 'let split = i32(wid.z) % u.splits;\n  let z = i32(wid.z) / u.splits;\n  let kFirst = split * u.chunk;\n  let kLast = min(u.K, kFirst + u.chunk);' : 'let z = i32(wid.z);\n  let kFirst = 0;\n  let kLast = u.K;'}
  let m0 = (tile / tilesN) * TM;
  let n0 = (tile % tilesN) * TN;
  let tx = i32(lid.x);
  let ty = i32(lid.y);
  let t = i32(li);
${declare}
${paired ? '  let prep = prepare(m0 + t % TM, n0 + t % TN, z);' : ''}
  for (var k0 = kFirst; k0 < kLast; k0 = k0 + TK) {
    // 512 values per tile, 8 per thread; neighbouring threads take neighbouring m (n).
${paired ? `    let step = stepOf(k0, prep);
${pairedLoads}` : loadsOf(vec4)}
    workgroupBarrier();
    for (var kk = 0; kk < TK; kk = kk + 1) {
${multiply}
    }
    workgroupBarrier();
  }
${splitK ? splitStores(splitK.out) : paired ? pairedStores : vec4.c ? vec4Stores : stores}
}
`;

const splitStores = (out: string) =>
  R.flatMap((r) => R.map((c) => `  if (m0 + ty * 4 + ${r} < u.M && n0 + tx * 4 + ${c} < u.N) { ${out}[((split * u.batches + z) * u.M + m0 + ty * 4 + ${r}) * u.N + n0 + tx * 4 + ${c}] = acc${r}${c}; }`)).join('\n');

/** Adds the `u.splits` partial results of a split-K GEMM: out[i] = Σ_s partial[s · size + i]. */
export const splitKSumBody = /* wgsl */ `
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(wid, lid, nwg);
  if (i >= u.size) { return; }
  var sum = 0.0;
  for (var s = 0; s < u.splits; s = s + 1) { sum = sum + partial[s * u.size + i]; }
  out[i] = sum;
}
`;
